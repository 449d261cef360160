package interp

import (
	"go/ast"
	"go/token"
)

// The fixes of assignments and results: nil-tuple and named-results
// (see the table in fixes.go).

// isNil reports whether x is the predeclared nil.
func (f *fixer) isNil(x ast.Expr) bool {
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok || id.Name != "nil" {
		return false
	}
	if obj := f.objectOf(id); obj != nil {
		return obj.Parent() != nil && obj.Parent().Parent() == nil // the universe's nil
	}
	return id.Obj == nil
}

// fixNilTuple cuts a tuple assignment a, b = nil, x into b = x; a = nil,
// or leaves it when the cut could change its meaning: yaegi v0.16.1 fails
// on it with "reflect: New(nil)", since it makes a temporary of the type
// of each right-hand value and nil has none. The order of evaluation is
// kept: the cut is made only when the targets of the nils call nothing
// and name no variable the other pairs assign.
func fixNilTuple(f *fixer, st ast.Stmt) []ast.Stmt {
	as, ok := st.(*ast.AssignStmt)
	if !ok {
		return nil
	}
	return f.splitNilAssign(as)
}

func (f *fixer) splitNilAssign(as *ast.AssignStmt) []ast.Stmt {
	if as.Tok != token.ASSIGN || len(as.Lhs) < 2 || len(as.Lhs) != len(as.Rhs) {
		return nil
	}
	rest := &ast.AssignStmt{TokPos: as.TokPos, Tok: token.ASSIGN}
	var nils []ast.Expr
	for i, l := range as.Lhs {
		if f.isNil(as.Rhs[i]) {
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

// fixNamedResults sets the named results of a function to their zero
// values when it is called: yaegi keeps the values a previous call left
// in them, so that a bare return gave them back (func one(s string) (n
// int) { if s == "" { return }; n = len(s); return } returned 2 for "" after
// "42").
func fixNamedResults(f *fixer, n ast.Node) {
	var ft *ast.FuncType
	var body *ast.BlockStmt
	switch fn := n.(type) {
	case *ast.FuncDecl:
		ft, body = fn.Type, fn.Body
	case *ast.FuncLit:
		ft, body = fn.Type, fn.Body
	default:
		return
	}
	if body == nil || ft.Results == nil {
		return
	}
	zero := &ast.AssignStmt{TokPos: body.Lbrace, Tok: token.ASSIGN}
	for _, field := range ft.Results.List {
		for _, name := range field.Names {
			if name.Name == "_" {
				continue
			}
			typ, _ := cloneAST(field.Type)
			zero.Lhs = append(zero.Lhs, &ast.Ident{NamePos: body.Lbrace, Name: name.Name})
			zero.Rhs = append(zero.Rhs, f.zeroOf(typ, field.Type, body.Lbrace))
		}
	}
	if len(zero.Lhs) == 0 {
		return
	}
	if len(body.List) > 0 {
		if as, ok := body.List[0].(*ast.AssignStmt); ok && len(as.Rhs) > 0 {
			if zeroAt(as.Rhs[0], body.Lbrace) {
				return // set already
			}
		}
	}
	body.List = append([]ast.Stmt{zero}, body.List...)
}
