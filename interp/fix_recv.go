package interp

import (
	"go/ast"
	"go/token"
	"slices"
)

// fixRecvResult (fix recv-result): a receive that is an operand of a
// return statement (return <-ch) fails in yaegi v0.16.1 with "reflect:
// reflect.Value.Set using unaddressable value", and one assigned with =
// to a named result (r = <-ch) leaves the result 0. Received into a
// temporary first, as `v := <-ch` is, both work. A return is rewritten
// when its other operands are names or literals, whose evaluation the
// move of the receive before them cannot reorder.
func fixRecvResult(f *fixer, st ast.Stmt) []ast.Stmt {
	temp := func(recv ast.Expr) (*ast.AssignStmt, *ast.Ident) {
		name := f.temp("_methodicC")
		id := &ast.Ident{NamePos: recv.Pos(), Name: name}
		return &ast.AssignStmt{Lhs: []ast.Expr{id}, TokPos: recv.Pos(), Tok: token.DEFINE, Rhs: []ast.Expr{recv}},
			&ast.Ident{NamePos: recv.Pos(), Name: name}
	}
	switch st := st.(type) {
	case *ast.ReturnStmt:
		at := -1
		for i, r := range st.Results {
			switch {
			case isReceive(r):
				if at >= 0 {
					return nil
				}
				at = i
			case !plainOperand(r):
				return nil
			}
		}
		if at < 0 {
			return nil
		}
		def, id := temp(st.Results[at])
		results := append([]ast.Expr(nil), st.Results...)
		results[at] = id
		return []ast.Stmt{def, &ast.ReturnStmt{Return: st.Return, Results: results}}
	case *ast.AssignStmt:
		if st.Tok != token.ASSIGN || len(st.Lhs) != 1 || len(st.Rhs) != 1 || !isReceive(st.Rhs[0]) {
			return nil
		}
		def, id := temp(st.Rhs[0])
		return []ast.Stmt{def, &ast.AssignStmt{Lhs: st.Lhs, TokPos: st.TokPos, Tok: token.ASSIGN, Rhs: []ast.Expr{id}}}
	}
	return nil
}

// isReceive reports whether x is a receive, <-ch.
func isReceive(x ast.Expr) bool {
	u, ok := ast.Unparen(x).(*ast.UnaryExpr)
	return ok && u.Op == token.ARROW
}

// plainOperand reports whether evaluating x cannot call, receive or
// panic: a name, a literal, a package member.
func plainOperand(x ast.Expr) bool {
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident, *ast.BasicLit:
		return true
	case *ast.SelectorExpr:
		_, ok := x.X.(*ast.Ident)
		return ok
	}
	return false
}

// fixRecvDefine (fix recv-define): a variable declared with the value of
// a receive, a := <-ch or var a = <-ch, holds in yaegi v0.16.1 the value
// reflect's receive returned, which cannot be assigned to: any later
// assignment to it or to a part of it (a = b, a[1] = 7, a.X = 5, a++)
// fails with "reflect: reflect.Value.Set using unaddressable value". The
// comma-ok form of the receive gives an ordinary variable: a := <-ch
// becomes a, _ := <-ch, and a, b := <-ch, <-ch (new names only, values
// that do not name them) one such declaration per name, in order;
// var a = <-ch becomes var a, _ = <-ch, and var a T = <-ch a declaration
// and an assignment from a temporary.
func fixRecvDefine(f *fixer, st ast.Stmt) []ast.Stmt {
	switch st := st.(type) {
	case *ast.AssignStmt:
		if st.Tok != token.DEFINE || len(st.Lhs) != len(st.Rhs) || !slices.ContainsFunc(st.Rhs, isReceive) {
			return nil
		}
		names := map[string]bool{}
		for _, l := range st.Lhs {
			id, ok := l.(*ast.Ident)
			if !ok {
				return nil
			}
			if id.Name == "_" {
				continue
			}
			if c, ok := f.checked(id).(*ast.Ident); !ok || f.info == nil || f.info.Defs[c] == nil {
				return nil // a name declared before: assigned, not declared
			}
			names[id.Name] = true
		}
		if len(st.Rhs) > 1 {
			for _, r := range st.Rhs {
				if mentionsNames(r, names) {
					return nil
				}
			}
		}
		var out []ast.Stmt
		for i, r := range st.Rhs {
			lhs := []ast.Expr{st.Lhs[i]}
			if isReceive(r) && st.Lhs[i].(*ast.Ident).Name != "_" {
				lhs = append(lhs, &ast.Ident{NamePos: r.Pos(), Name: "_"})
			}
			out = append(out, &ast.AssignStmt{Lhs: lhs, TokPos: st.TokPos, Tok: token.DEFINE, Rhs: []ast.Expr{r}})
		}
		return out
	case *ast.DeclStmt:
		gd, ok := st.Decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR || len(gd.Specs) != 1 {
			return nil
		}
		vs := gd.Specs[0].(*ast.ValueSpec)
		if len(vs.Names) != 1 || len(vs.Values) != 1 || !isReceive(vs.Values[0]) || vs.Names[0].Name == "_" {
			return nil
		}
		p := vs.Values[0].Pos()
		if vs.Type == nil {
			nv := *vs
			nv.Names = []*ast.Ident{vs.Names[0], {NamePos: p, Name: "_"}}
			ng := *gd
			ng.Specs = []ast.Spec{&nv}
			return []ast.Stmt{&ast.DeclStmt{Decl: &ng}}
		}
		nv := *vs
		nv.Values = nil
		ng := *gd
		ng.Specs = []ast.Spec{&nv}
		assign := &ast.AssignStmt{Lhs: []ast.Expr{&ast.Ident{NamePos: vs.Names[0].Pos(), Name: vs.Names[0].Name}}, TokPos: p, Tok: token.ASSIGN, Rhs: vs.Values}
		// a = <-ch fails the same way: fix recv-result receives into a
		// temporary first.
		return append([]ast.Stmt{&ast.DeclStmt{Decl: &ng}}, fixRecvResult(f, assign)...)
	}
	return nil
}

// mentionsNames reports whether x names one of names.
func mentionsNames(x ast.Expr, names map[string]bool) bool {
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && names[id.Name] {
			found = true
		}
		return !found
	})
	return found
}
