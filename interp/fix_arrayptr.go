package interp

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
)

// fixArrayPointer (fix array-pointer): yaegi v0.16.1 dereferences a
// pointer to an array where Go does not, and does not where Go does. For
// p a *[3]int, len(p) and cap(p) are the constant 3 in Go, nil or not:
// yaegi asked the pointed-to array and a nil p failed with "reflect: call
// of reflect.Value.Len on zero Value"; they become int(3), the check's
// constant. `for i := range p` does not look at p in Go either: it
// ranges over an array of N empty structs instead (a nil p failed with
// "index out of range [-1]"). `for i, v := range p` reads *p: a nil p is
// Go's nil dereference, checked once before the loop (yaegi said "index
// out of range [-1]").
func fixArrayPointer(f *fixer, n ast.Node) {
	switch n := n.(type) {
	case *ast.CallExpr:
		if len(n.Args) != 1 || !f.isBuiltinCall(n) || arrayLen(f.typeOf(n.Args[0])) < 0 {
			return
		}
		c, ok := f.checked(n).(ast.Expr)
		if !ok || f.info == nil {
			return
		}
		tv := f.info.Types[c]
		if tv.Value == nil || tv.Value.Kind() != constant.Int {
			return
		}
		p := n.Pos()
		n.Fun = &ast.Ident{NamePos: p, Name: "int"}
		n.Args = []ast.Expr{&ast.BasicLit{ValuePos: p, Kind: token.INT, Value: tv.Value.ExactString()}}
	case *ast.RangeStmt:
		size := arrayLen(f.typeOf(n.X))
		if size < 0 {
			return
		}
		if n.Value == nil || isBlank(n.Value) {
			p := n.X.Pos()
			n.X = &ast.CompositeLit{Type: &ast.ArrayType{Lbrack: p, Len: &ast.BasicLit{ValuePos: p, Kind: token.INT, Value: strconv.FormatInt(size, 10)},
				Elt: &ast.StructType{Struct: p, Fields: &ast.FieldList{Opening: p, Closing: p}}}, Lbrace: p, Rbrace: p}
			return
		}
		if f.orig == nil {
			f.orig = map[ast.Node]ast.Node{}
		}
		if f.made == nil {
			f.made = map[ast.Node]bool{}
		}
		n.X = f.guarded(n.X, n.X.Pos(), failNil)
	}
}

// arrayLen is N for t a pointer to an array [N]T, else -1.
func arrayLen(t types.Type) int64 {
	if t == nil {
		return -1
	}
	p, ok := t.Underlying().(*types.Pointer)
	if !ok {
		return -1
	}
	a, ok := p.Elem().Underlying().(*types.Array)
	if !ok {
		return -1
	}
	return a.Len()
}
