package interp

import (
	"go/ast"
	"go/types"
)

// fixGenericAlias writes an instance of a generic alias (type Set[T
// comparable] = map[T]bool; Set[string]{...}) as the type it stands for,
// map[string]bool, which yaegi cannot instantiate itself ("constant
// definition loop"). The checker gives the instance's type.
func fixGenericAlias(f *fixer, n ast.Node) {
	if f.info == nil {
		return
	}
	replaceExprs(n, func(_ string, x ast.Expr) ast.Expr {
		switch x.(type) {
		case *ast.IndexExpr, *ast.IndexListExpr:
		default:
			return x
		}
		a, ok := f.typeOf(x).(*types.Alias)
		if !ok || a.TypeArgs().Len() == 0 {
			return x
		}
		if tv, ok := f.info.Types[f.checked(x).(ast.Expr)]; !ok || !tv.IsType() {
			return x
		}
		t, ok := f.s.typeSource(types.Unalias(a), x.Pos())
		if !ok {
			return x
		}
		return t
	})
}
