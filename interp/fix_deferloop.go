package interp

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"
)

// Fix defer-loop-closure: yaegi makes the closure of a deferred function
// literal when the deferred call runs, not at the defer statement, so
// that one deferred in a loop reads the variables of the loop's last
// iteration (for i := range 3 { defer func() { fmt.Println(i) }() }
// printed 2 2 2; Go, since 1.22: 2 1 0). The same holds for a variable
// declared in the loop's body (i := i * 2). fixDeferLoopClosure hands
// such a literal the addresses of the variables of an iteration it
// captures, taken at the defer statement, and the literal reads and
// writes them through those:
//
//	defer func() { fmt.Println(i) }()
//
// becomes
//
//	{ _methodicL1 := &i; defer func(_methodicLp1 *int) { fmt.Println((*_methodicLp1)) }(_methodicL1) }
//
// Only inside functions: at the top level of a cell, a defer is the
// cell's (celldefer.go), whose function value is made where it stands.
func fixDeferLoopClosure(f *fixer, st ast.Stmt) []ast.Stmt {
	d, ok := st.(*ast.DeferStmt)
	if !ok {
		return nil
	}
	lit, ok := ast.Unparen(d.Call.Fun).(*ast.FuncLit)
	if !ok || f.info == nil || !f.insideFunc(lit) {
		return nil
	}
	vars := f.iterationVars(lit)
	if len(vars) == 0 {
		return nil
	}
	p := d.Pos()
	ident := func(name string) *ast.Ident { return &ast.Ident{NamePos: p, Name: name} }
	assign := &ast.AssignStmt{TokPos: p, Tok: token.DEFINE}
	var params []*ast.Field
	var args []ast.Expr
	ptr := map[*types.Var]string{}
	for _, v := range vars {
		typ, ok := f.s.typeSource(v.Type(), p)
		if !ok {
			return nil
		}
		tmp, param := f.temp("_methodicL"), f.temp("_methodicLp")
		ptr[v] = param
		assign.Lhs = append(assign.Lhs, ident(tmp))
		assign.Rhs = append(assign.Rhs, &ast.UnaryExpr{OpPos: p, Op: token.AND, X: ident(v.Name())})
		params = append(params, &ast.Field{Names: []*ast.Ident{ident(param)}, Type: &ast.StarExpr{Star: p, X: typ}})
		args = append(args, ident(tmp))
	}
	if !f.redirect(lit.Body, ptr) {
		return nil
	}
	// The pointers come first: a variadic parameter stays last.
	ft := *lit.Type
	fl := &ast.FieldList{Opening: p, Closing: p}
	fl.List = append(params, lit.Type.Params.List...)
	ft.Params = fl
	nl := *lit
	nl.Type = &ft
	nc := *d.Call
	nc.Fun = &nl
	nc.Args = append(args, d.Call.Args...)
	return []ast.Stmt{&ast.BlockStmt{Lbrace: p, List: []ast.Stmt{assign, &ast.DeferStmt{Defer: d.Defer, Call: &nc}}, Rbrace: d.End()}}
}

// iterationVars returns the variables lit reads or writes that are
// declared outside it, inside a loop: each iteration has its own.
func (f *fixer) iterationVars(lit *ast.FuncLit) []*types.Var {
	var out []*types.Var
	seen := map[*types.Var]bool{}
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		v, ok := f.objectOf(id).(*types.Var)
		if !ok || v.IsField() || seen[v] || v.Pos() >= lit.Pos() && v.Pos() < lit.End() {
			return true
		}
		seen[v] = true
		if f.inLoop(v) {
			out = append(out, v)
		}
		return true
	})
	return out
}

// inLoop reports whether v is declared in a for or range statement (its
// clause or its body), in the function that declares it.
func (f *fixer) inLoop(v *types.Var) bool {
	if f.scopeNodes == nil {
		f.scopeNodes = map[*types.Scope]ast.Node{}
		for n, s := range f.info.Scopes {
			f.scopeNodes[s] = n
		}
	}
	for s := v.Parent(); s != nil; s = s.Parent() {
		switch f.scopeNodes[s].(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return true
		case *ast.FuncType, nil:
			return false
		}
	}
	return false
}

// redirect replaces, in body, each use of a variable of ptr by a
// dereference of its pointer parameter. It reports false, leaving body
// as it was, when a use cannot be replaced: a := that assigns the
// variable again.
func (f *fixer) redirect(body *ast.BlockStmt, ptr map[*types.Var]string) bool {
	bad := false
	ast.Inspect(body, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok && as.Tok == token.DEFINE {
			for _, l := range as.Lhs {
				if id, ok := l.(*ast.Ident); ok {
					if v, ok := f.objectOf(id).(*types.Var); ok && ptr[v] != "" {
						bad = true
					}
				}
			}
		}
		return !bad
	})
	if bad {
		return false
	}
	astutil.Apply(body, func(c *astutil.Cursor) bool {
		id, ok := c.Node().(*ast.Ident)
		if !ok {
			return true
		}
		if sel, ok := c.Parent().(*ast.SelectorExpr); ok && sel.Sel == id {
			return true
		}
		if v, ok := f.objectOf(id).(*types.Var); ok && ptr[v] != "" {
			c.Replace(&ast.ParenExpr{Lparen: id.Pos(), X: &ast.StarExpr{Star: id.Pos(), X: &ast.Ident{NamePos: id.Pos(), Name: ptr[v]}}, Rparen: id.End()})
		}
		return true
	}, nil)
	return true
}
