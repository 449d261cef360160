package interp

import (
	"go/ast"
	"go/types"
)

// fixEmbeddedInterface (fix embedded-interface) writes out the path to
// an embedded field of an interface type through which a method is
// selected: n.Area() for a struct n embedding Shape becomes
// n.Shape.Area(), which yaegi runs (the promoted call panicked with
// "invalid interface value"). The path stops at the first field of an
// interface type; the method is then the interface's.
func fixEmbeddedInterface(f *fixer, n ast.Node) {
	sel, ok := n.(*ast.SelectorExpr)
	if !ok {
		return
	}
	s := f.selection(sel)
	if s == nil || s.Kind() != types.MethodVal || len(s.Index()) < 2 {
		return
	}
	t := s.Recv()
	var path []string
	for _, i := range s.Index()[:len(s.Index())-1] {
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		st, ok := t.Underlying().(*types.Struct)
		if !ok || i >= st.NumFields() {
			return
		}
		field := st.Field(i)
		path = append(path, field.Name())
		t = field.Type()
		if isInterfaceType(t) {
			x := sel.X
			for _, name := range path {
				x = &ast.SelectorExpr{X: x, Sel: &ast.Ident{NamePos: sel.Sel.Pos(), Name: name}}
			}
			sel.X = x
			return
		}
	}
}
