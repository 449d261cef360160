package interp

import (
	"go/ast"
	"go/types"
)

// fixGenericAlias writes an instance of a generic alias (type Set[T
// comparable] = map[T]bool; Set[string]{...}) as the type it stands for,
// map[string]bool, which yaegi cannot instantiate itself ("constant
// definition loop"). The checker gives the instance's type. An instance
// of iter.Seq or iter.Seq2 is written as its func type too: yaegi fails
// on iter.Seq2[K, V] in a declaration (a nil dereference), and the two
// types assign to each other.
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
		var real types.Type
		switch t := f.typeOf(x).(type) {
		case *types.Alias:
			if t.TypeArgs().Len() > 0 {
				real = types.Unalias(t)
			}
		case *types.Named:
			if p := t.Obj().Pkg(); p != nil && p.Path() == "iter" && t.TypeArgs().Len() > 0 {
				real = t.Underlying()
			}
		}
		if real == nil {
			return x
		}
		if tv, ok := f.info.Types[f.checked(x).(ast.Expr)]; !ok || !tv.IsType() {
			return x
		}
		t, ok := f.s.typeSource(real, x.Pos())
		if !ok {
			return x
		}
		return t
	})
}
