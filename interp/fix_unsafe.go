package interp

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
)

// fixUnsafeSizes replaces a call of unsafe.Sizeof, Alignof or Offsetof by
// the constant the check computed for it, as uintptr(N) (fix
// unsafe-sizes): yaegi has no package unsafe unless given its own unsafe
// symbols, which would also hand cells unsafe.Pointer. The call is
// edited in place. Other members of unsafe stay what they are, and yaegi
// refuses them (Unsupported, naming the member).
func fixUnsafeSizes(f *fixer, n ast.Node) {
	call, ok := n.(*ast.CallExpr)
	if !ok || f.info == nil {
		return
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return
	}
	switch sel.Sel.Name {
	case "Sizeof", "Alignof", "Offsetof":
	default:
		return
	}
	if _, ok := f.objectOf(sel.Sel).(*types.Builtin); !ok {
		return
	}
	c, ok := f.checked(call).(ast.Expr)
	if !ok {
		return
	}
	tv, ok := f.info.Types[c]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.Int {
		return
	}
	p := call.Pos()
	call.Fun = &ast.Ident{NamePos: p, Name: "uintptr"}
	call.Args = []ast.Expr{&ast.BasicLit{ValuePos: p, Kind: token.INT, Value: tv.Value.ExactString()}}
	call.Ellipsis = token.NoPos
}
