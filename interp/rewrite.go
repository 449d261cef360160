package interp

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"
)

// Rewrites applied to the syntax of every cell before yaegi sees it:
//
//   - go f(x) becomes { t := x; go func() { defer _methodicRecover(); f(t) }() }
//     so that a panic in the goroutine is reported on stderr and the
//     kernel lives (YAEGI.md item 7). Arguments are still evaluated by the
//     go statement, as Go does.
//   - for i := range n, with n an integer, becomes
//     for i := range make([]struct{}, _methodicNonNeg(n)), since yaegi
//     v0.16.1 cannot range over an integer (item 5). The kernel must know
//     n is an integer without a type checker: a literal, len or cap, a
//     conversion to an integer type, a parameter, variable or constant
//     declared with an integer type or value in the cell, a global
//     integer of the session, or arithmetic on those. i is then an int.
//   - a, b = nil, x, a tuple assignment with an untyped nil on its right,
//     becomes a = x; b = nil (the pairs without nil as one tuple
//     assignment, then each nil alone): yaegi v0.16.1 fails on it with
//     "reflect: New(nil)", since it makes a temporary of the type of each
//     right-hand value and nil has none. The order of evaluation is kept:
//     the rewrite is made only when the targets of the nils call nothing
//     and name no variable the other pairs assign.
//   - a loop that declares its variables (for i := ...; ...; ... and
//     for k, v := range x) gets a variable per iteration, as since Go
//     1.22, when its body captures one of them (a function literal or a
//     go or defer statement that names it, or &v): yaegi v0.16.1 shares
//     one variable across the iterations, so that go func() { r[i] =
//     f(i) }() in a loop saw the last i. for k, v := range x { body }
//     becomes for k1, v1 := range x { k, v := k1, v1; body }, and
//     for i := a; cond; post { body } becomes
//     { i0 := a; p := &i0; for first := true; ; first = false {
//     i := *p; p = &i; if !first { post }; if !cond { break }; body } }:
//     each iteration starts from the value the previous one ended with,
//     continue included, and post runs on the new iteration's variable,
//     as the language says. A label of the loop moves to the inner for.
//   - defer f(a, b) becomes { t1, t2 := a, b; defer f(t1, t2) }: yaegi
//     v0.16.1 reads a deferred call's arguments when it runs the call,
//     so x := 1; defer fmt.Println(x); x = 2 printed 2. Calls of
//     builtins and calls with a function literal among their arguments
//     are left alone, as are the receiver and the function itself (a
//     deferred call that runs a closure made in the same function hangs
//     in yaegi whatever its form; see doc.go).
//     (A deferred function literal still reads the variables it uses
//     when it runs, as in Go, but in a loop it sees those of the last
//     iteration: yaegi makes the closure only then.)
func rewrite(n ast.Node, globalInt func(string) bool) {
	r := &rewriter{globalInt: globalInt}
	r.walk(n)
}

type rewriter struct {
	globalInt func(string) bool
	tmp       int
}

func (r *rewriter) walk(n ast.Node) {
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BlockStmt:
			n.List = r.stmts(n.List)
		case *ast.CaseClause:
			n.Body = r.stmts(n.Body)
		case *ast.CommClause:
			n.Body = r.stmts(n.Body)
		case *ast.RangeStmt:
			if n.X != nil && r.isInt(n.X, 0) {
				p := n.X.Pos()
				n.X = &ast.CallExpr{Fun: &ast.Ident{NamePos: p, Name: "make"}, Lparen: p, Rparen: n.X.End(), Args: []ast.Expr{
					&ast.ArrayType{Lbrack: p, Elt: &ast.StructType{Struct: p, Fields: &ast.FieldList{}}},
					&ast.CallExpr{Fun: &ast.Ident{NamePos: p, Name: "_methodicNonNeg"}, Lparen: p, Rparen: n.X.End(), Args: []ast.Expr{n.X}},
				}}
			}
		}
		return true
	})
}

// stmts rewrites the go and defer statements, tuple assignments with nil
// and loops of a statement list.
func (r *rewriter) stmts(list []ast.Stmt) []ast.Stmt {
	for i := 0; i < len(list); i++ {
		switch st := list[i].(type) {
		case *ast.ForStmt:
			list[i] = r.forStmt(st, nil)
		case *ast.LabeledStmt:
			switch l := st.Stmt.(type) {
			case *ast.ForStmt:
				list[i] = r.forStmt(l, st)
			case *ast.RangeStmt:
				r.rangeStmt(l)
			}
		case *ast.RangeStmt:
			r.rangeStmt(st)
		case *ast.DeferStmt:
			list[i] = r.deferStmt(st)
		case *ast.GoStmt:
			list[i] = r.goStmt(st)
		case *ast.AssignStmt:
			if split := splitNilAssign(st); split != nil {
				list = append(list[:i:i], append(split, list[i+1:]...)...)
				i += len(split) - 1
			}
		}
	}
	return list
}

// isNil reports whether x is the predeclared nil (not a name the cell
// declared).
func isNil(x ast.Expr) bool {
	id, ok := x.(*ast.Ident)
	return ok && id.Name == "nil" && id.Obj == nil
}

// splitNilAssign cuts a tuple assignment a, b = nil, x into b = x; a = nil,
// or returns nil when as is not such an assignment or the cut could
// change its meaning.
func splitNilAssign(as *ast.AssignStmt) []ast.Stmt {
	if as.Tok != token.ASSIGN || len(as.Lhs) < 2 || len(as.Lhs) != len(as.Rhs) {
		return nil
	}
	rest := &ast.AssignStmt{TokPos: as.TokPos, Tok: token.ASSIGN}
	var nils []ast.Expr
	for i, l := range as.Lhs {
		if isNil(as.Rhs[i]) {
			nils = append(nils, l)
		} else {
			rest.Lhs = append(rest.Lhs, l)
			rest.Rhs = append(rest.Rhs, as.Rhs[i])
		}
	}
	if len(nils) == 0 {
		return nil
	}
	// Names the other pairs assign (the root of each target).
	assigned := map[string]bool{}
	for _, l := range rest.Lhs {
		if id := rootIdent(l); id != nil && id.Name != "_" {
			assigned[id.Name] = true
		}
	}
	var out []ast.Stmt
	if len(rest.Lhs) > 0 {
		out = append(out, rest)
	}
	for _, l := range nils {
		if id, ok := l.(*ast.Ident); ok && id.Name == "_" {
			continue
		}
		if !safeNilTarget(l, assigned, len(rest.Lhs) == 0) {
			return nil
		}
		out = append(out, &ast.AssignStmt{Lhs: []ast.Expr{l}, TokPos: as.TokPos, Tok: token.ASSIGN,
			Rhs: []ast.Expr{&ast.Ident{NamePos: l.Pos(), Name: "nil"}}})
	}
	if len(out) == 0 {
		// _, _ = nil, nil
		return []ast.Stmt{&ast.EmptyStmt{Semicolon: as.Pos(), Implicit: true}}
	}
	return out
}

// safeNilTarget reports whether l can be assigned nil after the other
// pairs of its tuple assignment without changing what the assignment
// does: l is a variable the other pairs do not assign, or every value of
// the tuple is nil (allNil) and l calls nothing. (A target reached
// through a pointer to l, as in x, *p = nil, v with p == &x, is not seen;
// such code is left to whoever writes it.)
func safeNilTarget(l ast.Expr, assigned map[string]bool, allNil bool) bool {
	if id, ok := l.(*ast.Ident); ok {
		return !assigned[id.Name]
	}
	if !allNil {
		return false
	}
	safe := true
	ast.Inspect(l, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.CallExpr, *ast.FuncLit:
			safe = false
		}
		return safe
	})
	return safe
}

// rootIdent returns x of x, x.f, x[i], *x, (x).
func rootIdent(e ast.Expr) *ast.Ident {
	for {
		switch t := e.(type) {
		case *ast.Ident:
			return t
		case *ast.SelectorExpr:
			e = t.X
		case *ast.IndexExpr:
			e = t.X
		case *ast.StarExpr:
			e = t.X
		case *ast.ParenExpr:
			e = t.X
		default:
			return nil
		}
	}
}

func (r *rewriter) goStmt(g *ast.GoStmt) ast.Stmt {
	call := g.Call
	if id, ok := call.Fun.(*ast.Ident); ok && isBuiltin(id.Name) {
		return g
	}
	if lit, ok := call.Fun.(*ast.FuncLit); ok && len(lit.Body.List) > 0 {
		if d, ok := lit.Body.List[0].(*ast.DeferStmt); ok {
			if id, ok := d.Call.Fun.(*ast.Ident); ok && id.Name == "_methodicRecover" {
				return g // rewritten already
			}
		}
	}
	p := g.Pos()
	var assign *ast.AssignStmt
	args := make([]ast.Expr, len(call.Args))
	if len(call.Args) > 0 {
		assign, args = r.argTemps(p, call.Args, "_methodicA")
	}
	inner := &ast.CallExpr{Fun: call.Fun, Lparen: call.Lparen, Args: args, Ellipsis: call.Ellipsis, Rparen: call.Rparen}
	body := &ast.BlockStmt{Lbrace: p, Rbrace: g.End(), List: []ast.Stmt{
		&ast.DeferStmt{Defer: p, Call: &ast.CallExpr{Fun: &ast.Ident{NamePos: p, Name: "_methodicRecover"}, Lparen: p, Rparen: p}},
		&ast.ExprStmt{X: inner},
	}}
	ng := &ast.GoStmt{Go: p, Call: &ast.CallExpr{
		Fun:    &ast.FuncLit{Type: &ast.FuncType{Func: p, Params: &ast.FieldList{}}, Body: body},
		Lparen: g.End(), Rparen: g.End(),
	}}
	if assign == nil {
		return ng
	}
	return &ast.BlockStmt{Lbrace: p, Rbrace: g.End(), List: []ast.Stmt{assign, ng}}
}

var intTypeNames = map[string]bool{
	"int": true, "int8": true, "int16": true, "int32": true, "int64": true,
	"uint": true, "uint8": true, "uint16": true, "uint32": true, "uint64": true,
	"uintptr": true, "byte": true, "rune": true,
}

func isBuiltin(name string) bool {
	switch name {
	case "append", "cap", "close", "complex", "copy", "delete", "imag", "len", "make",
		"new", "panic", "print", "println", "real", "recover":
		return true
	}
	return false
}

// isInt tells, without type checking, whether x is surely an integer.
func (r *rewriter) isInt(x ast.Expr, depth int) bool {
	if depth > 8 {
		return false
	}
	switch x := x.(type) {
	case *ast.BasicLit:
		return x.Kind == token.INT
	case *ast.ParenExpr:
		return r.isInt(x.X, depth+1)
	case *ast.UnaryExpr:
		return (x.Op == token.SUB || x.Op == token.ADD || x.Op == token.XOR) && r.isInt(x.X, depth+1)
	case *ast.BinaryExpr:
		switch x.Op {
		case token.ADD, token.SUB, token.MUL, token.QUO, token.REM, token.AND, token.OR,
			token.XOR, token.AND_NOT:
			return r.isInt(x.X, depth+1) || r.isInt(x.Y, depth+1)
		case token.SHL, token.SHR:
			return r.isInt(x.X, depth+1)
		}
	case *ast.CallExpr:
		if id, ok := x.Fun.(*ast.Ident); ok && id.Obj == nil {
			return id.Name == "len" || id.Name == "cap" || intTypeNames[id.Name]
		}
	case *ast.Ident:
		if x.Obj == nil {
			return r.globalInt(x.Name)
		}
		return r.declIsInt(x, depth)
	}
	return false
}

// declIsInt looks at the declaration of a name resolved in the cell.
func (r *rewriter) declIsInt(id *ast.Ident, depth int) bool {
	isIntType := func(t ast.Expr) bool {
		n, ok := t.(*ast.Ident)
		return ok && intTypeNames[n.Name]
	}
	switch d := id.Obj.Decl.(type) {
	case *ast.Field:
		return isIntType(d.Type)
	case *ast.ValueSpec:
		if d.Type != nil {
			return isIntType(d.Type)
		}
		for i, n := range d.Names {
			if n.Name == id.Name && i < len(d.Values) {
				return r.isInt(d.Values[i], depth+1)
			}
		}
	case *ast.AssignStmt:
		if len(d.Lhs) != len(d.Rhs) {
			return false
		}
		for i, l := range d.Lhs {
			if n, ok := l.(*ast.Ident); ok && n.Name == id.Name {
				return r.isInt(d.Rhs[i], depth+1)
			}
		}
	}
	return false
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

// rangeStmt gives a range loop that declares its variables and whose body
// captures them a variable per iteration (see rewrite).
func (r *rewriter) rangeStmt(st *ast.RangeStmt) {
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
		r.tmp++
		outer := fmt.Sprintf("_methodicL%d", r.tmp)
		*e = &ast.Ident{NamePos: id.NamePos, Name: outer}
		copyStmt.Lhs = append(copyStmt.Lhs, &ast.Ident{NamePos: id.NamePos, Name: id.Name})
		copyStmt.Rhs = append(copyStmt.Rhs, &ast.Ident{NamePos: id.NamePos, Name: outer})
		use.Lhs = append(use.Lhs, &ast.Ident{NamePos: p, Name: "_"})
		use.Rhs = append(use.Rhs, &ast.Ident{NamePos: id.NamePos, Name: id.Name})
	}
	st.Body.List = append([]ast.Stmt{copyStmt, use}, st.Body.List...)
}

// forStmt gives a three-clause loop that declares its variables and whose
// body captures them a variable per iteration (see rewrite). label is
// the loop's label statement, or nil; the result replaces it.
func (r *rewriter) forStmt(st *ast.ForStmt, label *ast.LabeledStmt) ast.Stmt {
	var orig ast.Stmt = st
	if label != nil {
		orig = label
	}
	init, ok := st.Init.(*ast.AssignStmt)
	if !ok || init.Tok != token.DEFINE || len(init.Lhs) != len(init.Rhs) {
		return orig
	}
	names := loopVarNames(init.Lhs...)
	if len(names) != len(init.Lhs) || !captures(st.Body, names) {
		return orig
	}
	p := st.For
	ident := func(name string) *ast.Ident { return &ast.Ident{NamePos: p, Name: name} }
	r.tmp++
	first := fmt.Sprintf("_methodicFirst%d", r.tmp)
	// i0 := a (all at once, as the init statement does)
	start := &ast.AssignStmt{TokPos: p, Tok: token.DEFINE, Rhs: init.Rhs}
	ptrs := &ast.AssignStmt{TokPos: p, Tok: token.DEFINE}
	head := []ast.Stmt{}
	carry := &ast.AssignStmt{TokPos: p, Tok: token.DEFINE}
	point := &ast.AssignStmt{TokPos: p, Tok: token.ASSIGN}
	for _, name := range names {
		r.tmp++
		v0, ptr := fmt.Sprintf("_methodicV%d", r.tmp), fmt.Sprintf("_methodicP%d", r.tmp)
		start.Lhs = append(start.Lhs, ident(v0))
		ptrs.Lhs = append(ptrs.Lhs, ident(ptr))
		ptrs.Rhs = append(ptrs.Rhs, &ast.UnaryExpr{OpPos: p, Op: token.AND, X: ident(v0)})
		carry.Lhs = append(carry.Lhs, ident(name))
		carry.Rhs = append(carry.Rhs, &ast.StarExpr{Star: p, X: ident(ptr)})
		point.Lhs = append(point.Lhs, ident(ptr))
		point.Rhs = append(point.Rhs, &ast.UnaryExpr{OpPos: p, Op: token.AND, X: ident(name)})
	}
	head = append(head, carry, point)
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

// deferStmt evaluates the arguments of a deferred call when the defer
// statement runs (see rewrite).
func (r *rewriter) deferStmt(d *ast.DeferStmt) ast.Stmt {
	call := d.Call
	if id, ok := call.Fun.(*ast.Ident); ok && (isBuiltin(id.Name) || strings.HasPrefix(id.Name, "_methodic")) {
		return d
	}
	needed := false
	for _, a := range call.Args {
		switch a := a.(type) {
		case *ast.FuncLit:
			return d
		case *ast.BasicLit:
		case *ast.Ident:
			if !strings.HasPrefix(a.Name, "_methodicD") { // not rewritten already
				needed = true
			}
		default:
			needed = true
		}
	}
	if !needed {
		return d
	}
	p := d.Pos()
	assign, args := r.argTemps(p, call.Args, "_methodicD")
	nc := *call
	nc.Args = args
	return &ast.BlockStmt{Lbrace: p, List: []ast.Stmt{assign, &ast.DeferStmt{Defer: d.Defer, Call: &nc}}, Rbrace: call.End()}
}

// argTemps returns t1, t2 := a, b for the arguments of a call, with
// temporaries named prefix and a number, and the temporaries as the new
// arguments.
func (r *rewriter) argTemps(p token.Pos, in []ast.Expr, prefix string) (*ast.AssignStmt, []ast.Expr) {
	assign := &ast.AssignStmt{TokPos: p, Tok: token.DEFINE}
	args := make([]ast.Expr, len(in))
	for i, a := range in {
		r.tmp++
		name := fmt.Sprintf("%s%d", prefix, r.tmp)
		assign.Lhs = append(assign.Lhs, &ast.Ident{NamePos: a.Pos(), Name: name})
		assign.Rhs = append(assign.Rhs, a)
		args[i] = &ast.Ident{NamePos: a.Pos(), Name: name}
	}
	return assign, args
}
