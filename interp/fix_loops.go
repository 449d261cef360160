package interp

import (
	"go/ast"
	"go/token"
	"go/types"
)

// The fixes of loops: range-int and loopvar (see the table in fixes.go).

// fixRangeInt makes for i := range n, n an integer, a range over
// make([]struct{}, max(n, 0)): yaegi v0.16.1 cannot range over an
// integer. The checker says what n is; i is then an int, or of n's type
// when the loop declares it (for i := range MyInt(3) ranges over MyInt).
func fixRangeInt(f *fixer, n ast.Node) {
	r, ok := n.(*ast.RangeStmt)
	if !ok || r.X == nil {
		return
	}
	t := f.typeOf(r.X)
	if t == nil {
		return
	}
	b, ok := t.Underlying().(*types.Basic)
	if !ok || b.Info()&types.IsInteger == 0 {
		return
	}
	p, end := r.X.Pos(), r.X.End()
	x := r.X
	if b.Info()&types.IsUntyped != 0 {
		// range 5: the loop variable is an int.
		x = &ast.CallExpr{Fun: &ast.Ident{NamePos: p, Name: "int"}, Lparen: p, Args: []ast.Expr{x}, Rparen: end}
	}
	r.X = &ast.CallExpr{Fun: &ast.Ident{NamePos: p, Name: "make"}, Lparen: p, Rparen: end, Args: []ast.Expr{
		&ast.ArrayType{Lbrack: p, Elt: &ast.StructType{Struct: p, Fields: &ast.FieldList{}}},
		&ast.CallExpr{Fun: &ast.Ident{NamePos: p, Name: "_methodicNonNeg"}, Lparen: p, Rparen: end, Args: []ast.Expr{x}},
	}}
	if r.Key != nil && r.Tok == token.DEFINE && b.Info()&types.IsUntyped == 0 && b.Kind() != types.Int {
		// The index of a slice is an int: the loop variable takes n's
		// type through a variable of the body.
		if id, ok := r.Key.(*ast.Ident); ok && id.Name != "_" {
			idx := f.temp("_methodicK")
			r.Key = &ast.Ident{NamePos: id.NamePos, Name: idx}
			typ := ast.Expr(&ast.Ident{NamePos: p, Name: b.Name()})
			if named, ok := t.(*types.Named); ok {
				if src, ok := f.s.typeSource(named, p); ok {
					typ = src
				}
			}
			conv := &ast.AssignStmt{Lhs: []ast.Expr{&ast.Ident{NamePos: id.NamePos, Name: id.Name}}, TokPos: p, Tok: token.DEFINE,
				Rhs: []ast.Expr{&ast.CallExpr{Fun: typ, Lparen: p, Args: []ast.Expr{&ast.Ident{NamePos: id.NamePos, Name: idx}}, Rparen: end}}}
			use := &ast.AssignStmt{Lhs: []ast.Expr{&ast.Ident{NamePos: p, Name: "_"}}, TokPos: p, Tok: token.ASSIGN,
				Rhs: []ast.Expr{&ast.Ident{NamePos: id.NamePos, Name: id.Name}}}
			r.Body.List = append([]ast.Stmt{conv, use}, r.Body.List...)
		}
	}
}

// loopVarNames returns the names an init statement or range clause
// declares, blank names left out.
func loopVarNames(exprs ...ast.Expr) []string {
	var names []string
	for _, e := range exprs {
		if id, ok := e.(*ast.Ident); ok && id.Name != "_" {
			names = append(names, id.Name)
		}
	}
	return names
}

// captures reports whether body captures one of names: a function
// literal, go statement or defer statement in it names one, or it takes
// the address of one (&v, &v.f, &v[i]).
func captures(body ast.Node, names []string) bool {
	if len(names) == 0 {
		return false
	}
	is := map[string]bool{}
	for _, n := range names {
		is[n] = true
	}
	names2 := func(n ast.Node) bool {
		found := false
		ast.Inspect(n, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && is[id.Name] {
				found = true
			}
			return !found
		})
		return found
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			// Inspect goes on to the siblings: a later one must not
			// clear it (g := func() { ... i ... } then go g()).
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit, *ast.GoStmt, *ast.DeferStmt:
			found = names2(n)
			return false
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				if id := rootIdent(n.X); id != nil && is[id.Name] {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// fixLoopVar gives a loop that declares its variables, and whose body
// captures one of them, a variable per iteration, as Go has since 1.22.
// for k, v := range x { body } becomes
// for k1, v1 := range x { k, v := k1, v1; body }, and
// for i := a; cond; post { body } becomes
// { i0 := a; p := &i0; for first := true; ; first = false { i := *p; p =
// &i; if !first { post }; if !cond { break }; body } }: each iteration
// starts from the value the previous one ended with, continue included,
// and post runs on the new iteration's variable, as the language says. A
// label of the loop moves to the inner for.
func fixLoopVar(f *fixer, st ast.Stmt) []ast.Stmt {
	switch l := st.(type) {
	case *ast.ForStmt:
		if r := f.forStmt(l, nil); r != nil {
			return []ast.Stmt{r}
		}
	case *ast.RangeStmt:
		f.rangeStmt(l)
	case *ast.LabeledStmt:
		switch s := l.Stmt.(type) {
		case *ast.ForStmt:
			if r := f.forStmt(s, l); r != nil {
				return []ast.Stmt{r}
			}
		case *ast.RangeStmt:
			f.rangeStmt(s)
		}
	}
	return nil
}

// rangeStmt gives a range loop that declares its variables and whose body
// captures them a variable per iteration, in place.
func (f *fixer) rangeStmt(st *ast.RangeStmt) {
	if st.Tok != token.DEFINE || st.Body == nil {
		return
	}
	names := loopVarNames(st.Key, st.Value)
	if !captures(st.Body, names) {
		return
	}
	p := st.Body.Lbrace
	copyStmt := &ast.AssignStmt{TokPos: p, Tok: token.DEFINE}
	use := &ast.AssignStmt{TokPos: p, Tok: token.ASSIGN}
	for _, e := range []*ast.Expr{&st.Key, &st.Value} {
		id, ok := (*e).(*ast.Ident)
		if !ok || id.Name == "_" {
			continue
		}
		outer := f.temp("_methodicL")
		*e = &ast.Ident{NamePos: id.NamePos, Name: outer}
		copyStmt.Lhs = append(copyStmt.Lhs, &ast.Ident{NamePos: id.NamePos, Name: id.Name})
		copyStmt.Rhs = append(copyStmt.Rhs, &ast.Ident{NamePos: id.NamePos, Name: outer})
		use.Lhs = append(use.Lhs, &ast.Ident{NamePos: p, Name: "_"})
		use.Rhs = append(use.Rhs, &ast.Ident{NamePos: id.NamePos, Name: id.Name})
	}
	st.Body.List = append([]ast.Stmt{copyStmt, use}, st.Body.List...)
}

// forStmt rewrites a three-clause loop that declares its variables and
// whose body captures them, or returns nil. label is the loop's label
// statement, or nil; the result replaces it.
func (f *fixer) forStmt(st *ast.ForStmt, label *ast.LabeledStmt) ast.Stmt {
	init, ok := st.Init.(*ast.AssignStmt)
	if !ok || init.Tok != token.DEFINE || len(init.Lhs) != len(init.Rhs) {
		return nil
	}
	names := loopVarNames(init.Lhs...)
	if len(names) != len(init.Lhs) || !captures(st.Body, names) {
		return nil
	}
	p := st.For
	ident := func(name string) *ast.Ident { return &ast.Ident{NamePos: p, Name: name} }
	first := f.temp("_methodicFirst")
	// i0 := a (all at once, as the init statement does)
	start := &ast.AssignStmt{TokPos: p, Tok: token.DEFINE, Rhs: init.Rhs}
	ptrs := &ast.AssignStmt{TokPos: p, Tok: token.DEFINE}
	carry := &ast.AssignStmt{TokPos: p, Tok: token.DEFINE}
	point := &ast.AssignStmt{TokPos: p, Tok: token.ASSIGN}
	for _, name := range names {
		v0, ptr := f.temp("_methodicV"), f.temp("_methodicP")
		start.Lhs = append(start.Lhs, ident(v0))
		ptrs.Lhs = append(ptrs.Lhs, ident(ptr))
		ptrs.Rhs = append(ptrs.Rhs, &ast.UnaryExpr{OpPos: p, Op: token.AND, X: ident(v0)})
		carry.Lhs = append(carry.Lhs, ident(name))
		carry.Rhs = append(carry.Rhs, &ast.StarExpr{Star: p, X: ident(ptr)})
		point.Lhs = append(point.Lhs, ident(ptr))
		point.Rhs = append(point.Rhs, &ast.UnaryExpr{OpPos: p, Op: token.AND, X: ident(name)})
	}
	head := []ast.Stmt{carry, point}
	if st.Post != nil {
		head = append(head, &ast.IfStmt{If: p, Cond: &ast.UnaryExpr{OpPos: p, Op: token.NOT, X: ident(first)},
			Body: &ast.BlockStmt{Lbrace: p, List: []ast.Stmt{st.Post}, Rbrace: p}})
	}
	if st.Cond != nil {
		head = append(head, &ast.IfStmt{If: p, Cond: &ast.UnaryExpr{OpPos: p, Op: token.NOT, X: &ast.ParenExpr{Lparen: p, X: st.Cond, Rparen: p}},
			Body: &ast.BlockStmt{Lbrace: p, List: []ast.Stmt{&ast.BranchStmt{TokPos: p, Tok: token.BREAK}}, Rbrace: p}})
	}
	loop := &ast.ForStmt{
		For:  p,
		Init: &ast.AssignStmt{TokPos: p, Tok: token.DEFINE, Lhs: []ast.Expr{ident(first)}, Rhs: []ast.Expr{ident("true")}},
		Post: &ast.AssignStmt{TokPos: p, Tok: token.ASSIGN, Lhs: []ast.Expr{ident(first)}, Rhs: []ast.Expr{ident("false")}},
		Body: &ast.BlockStmt{Lbrace: st.Body.Lbrace, List: append(head, st.Body.List...), Rbrace: st.Body.Rbrace},
	}
	var inner ast.Stmt = loop
	if label != nil {
		inner = &ast.LabeledStmt{Label: label.Label, Colon: label.Colon, Stmt: loop}
	}
	return &ast.BlockStmt{Lbrace: p, List: []ast.Stmt{start, ptrs, inner}, Rbrace: st.Body.Rbrace}
}
