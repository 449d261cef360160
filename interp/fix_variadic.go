package interp

import (
	"go/ast"
	"go/types"
)

// fixVariadicInterface (fix variadic-interface): a value of a cell type
// passed as a variadic argument of a compiled function whose variadic
// parameter is a slice of an interface with methods, errors.Join(err,
// &MyErr{}) or io.MultiWriter(upper{&b}), failed with "reflect: cannot
// use *struct {...} as type error in Call": yaegi wraps such arguments
// in the interface only when they are elements of a slice. The variadic
// arguments become one:
//
//	errors.Join(a, &MyErr{})  ->  errors.Join([]error{a, &MyErr{}}...)
func fixVariadicInterface(f *fixer, n ast.Node) {
	call, ok := n.(*ast.CallExpr)
	if !ok || call.Ellipsis.IsValid() || f.made[call] || !f.isCompiledFunc(call.Fun) {
		return
	}
	ft := f.typeOf(call.Fun)
	if ft == nil {
		return
	}
	sig, ok := ft.Underlying().(*types.Signature)
	if !ok || !sig.Variadic() {
		return
	}
	last := sig.Params().Len() - 1
	if last < 0 || len(call.Args) <= last {
		return
	}
	st, ok := sig.Params().At(last).Type().(*types.Slice)
	if !ok || !compiledInterface(st.Elem()) {
		return
	}
	cell := false
	for _, a := range call.Args[last:] {
		if t := f.typeOf(a); t != nil && isCellType(t) {
			cell = true
		}
	}
	if !cell {
		return
	}
	p := call.Args[last].Pos()
	typ, ok := f.s.typeSource(st, p)
	if !ok {
		return
	}
	if f.made == nil {
		f.made = map[ast.Node]bool{}
	}
	f.made[call] = true
	end := call.Args[len(call.Args)-1].End()
	lit := &ast.CompositeLit{Type: typ, Lbrace: p, Elts: append([]ast.Expr(nil), call.Args[last:]...), Rbrace: end}
	call.Args = append(call.Args[:last:last], lit)
	call.Ellipsis = end
}
