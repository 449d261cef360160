package interp

import (
	"go/ast"
	"go/token"
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
