package interp

import (
	"go/ast"
	"reflect"
)

// cloneAST returns a deep copy of the syntax tree n, with the same
// positions, and a map from each node of the copy to the node it copies.
// The fixes of fixes.go rewrite the copy of a declaration, which yaegi
// compiles, while the type checker keeps the original; the map lets the
// fixes ask the checker's types.Info (keyed by the original nodes) about
// the copy's. The resolution objects of the parser (ast.Object, ast.Scope)
// and comments are shared, not copied.
func cloneAST[N ast.Node](n N) (N, map[ast.Node]ast.Node) {
	orig := map[ast.Node]ast.Node{}
	c := cloneValue(reflect.ValueOf(n), orig)
	return c.Interface().(N), orig
}

var (
	commentType = reflect.TypeOf((*ast.CommentGroup)(nil))
	nodeType    = reflect.TypeOf((*ast.Node)(nil)).Elem()
)

// shared reports whether a pointer of type t is shared by a copy: the
// parser's resolution objects and scopes (ast.Object, ast.Scope), and
// comments.
func shared(t reflect.Type) bool {
	if t == commentType {
		return true
	}
	e := t.Elem()
	return e.PkgPath() == "go/ast" && (e.Name() == "Object" || e.Name() == "Scope")
}

func cloneValue(v reflect.Value, orig map[ast.Node]ast.Node) reflect.Value {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || shared(v.Type()) {
			return v
		}
		c := reflect.New(v.Type().Elem())
		e, ce := v.Elem(), c.Elem()
		for i := 0; i < e.NumField(); i++ {
			if ce.Field(i).CanSet() {
				ce.Field(i).Set(cloneValue(e.Field(i), orig))
			}
		}
		if v.Type().Implements(nodeType) {
			orig[c.Interface().(ast.Node)] = v.Interface().(ast.Node)
		}
		return c
	case reflect.Interface:
		if v.IsNil() {
			return v
		}
		c := reflect.New(v.Type()).Elem()
		c.Set(cloneValue(v.Elem(), orig))
		return c
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := 0; i < v.Len(); i++ {
			c.Index(i).Set(cloneValue(v.Index(i), orig))
		}
		return c
	}
	return v
}
