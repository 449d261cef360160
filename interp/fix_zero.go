package interp

import (
	"go/ast"
	"go/token"
	"go/types"
)

// zeroOf returns an expression for the zero value of the type written
// typ, at p: *new(T), or T(nil) when the check says that checked (typ as
// the check saw it) is an interface type (fix interface-zero: yaegi's
// *new(I) of an interface type of the cells is not nil, so var x I
// compared unequal to nil and printing it failed). Without the check's
// types it is *new(T).
func (f *fixer) zeroOf(typ, checked ast.Expr, p token.Pos) ast.Expr {
	if f != nil && isInterfaceType(f.typeOf(checked)) {
		return &ast.CallExpr{Fun: &ast.ParenExpr{Lparen: p, X: typ, Rparen: p}, Lparen: p, Args: []ast.Expr{&ast.Ident{NamePos: p, Name: "nil"}}, Rparen: p}
	}
	return &ast.StarExpr{Star: p, X: &ast.CallExpr{
		Fun: &ast.Ident{NamePos: p, Name: "new"}, Lparen: p, Rparen: p, Args: []ast.Expr{typ}}}
}

// isInterfaceType reports whether t is an interface type, not a type
// parameter (whose underlying type is its constraint).
func isInterfaceType(t types.Type) bool {
	if t == nil {
		return false
	}
	if _, ok := t.(*types.TypeParam); ok {
		return false
	}
	_, ok := t.Underlying().(*types.Interface)
	return ok
}

// zeroAt reports whether x is an expression zeroOf made at p.
func zeroAt(x ast.Expr, p token.Pos) bool {
	switch x := x.(type) {
	case *ast.StarExpr:
		return x.Star == p
	case *ast.CallExpr:
		paren, ok := x.Fun.(*ast.ParenExpr)
		return ok && paren.Lparen == p && x.Lparen == p
	}
	return false
}
