package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
)

// fixErrorEqual (fix error-equal): a comparison of an error (any
// interface of compiled code) that holds a value of a cell type, err ==
// ErrGone, compares yaegi's wrappers of the values: two wrappers panicked
// ("comparing uncomparable type interp._error", since they hold
// functions), and a wrapper against the cell value itself
// (err == ErrGone with var ErrGone = &GoneError{}) was false. Such a
// comparison becomes _methodicEqual(a, b) == true (or != true), which
// compares the values the wrappers hold, as Go compares the dynamic
// values. Comparisons with nil and with a variable of a compiled package
// (err == io.EOF), which cannot hold a value of the cells, are left alone.
func fixErrorEqual(f *fixer, n ast.Node) {
	be, ok := n.(*ast.BinaryExpr)
	if !ok || be.Op != token.EQL && be.Op != token.NEQ || f.made[be] {
		return
	}
	xt, yt := f.typeOf(be.X), f.typeOf(be.Y)
	if xt == nil || yt == nil || f.isNil(be.X) || f.isNil(be.Y) || f.compiledVar(be.X) || f.compiledVar(be.Y) {
		return
	}
	if !(compiledInterface(xt) && mayHoldCellValue(yt) || compiledInterface(yt) && mayHoldCellValue(xt)) {
		return
	}
	if f.made == nil {
		f.made = map[ast.Node]bool{}
	}
	f.made[be] = true
	p := be.X.Pos()
	be.X = &ast.CallExpr{Fun: &ast.Ident{NamePos: p, Name: "_methodicEqual"}, Lparen: p, Args: []ast.Expr{be.X, be.Y}, Rparen: be.Y.End()}
	be.Y = &ast.Ident{NamePos: be.OpPos, Name: "true"}
}

// compiledInterface reports whether t is an interface type with methods
// of compiled code (error, fmt.Stringer): yaegi holds a value of a cell
// type in such an interface in a wrapper.
func compiledInterface(t types.Type) bool {
	i, ok := t.Underlying().(*types.Interface)
	if !ok || i.Empty() {
		return false
	}
	named, ok := t.(*types.Named)
	if !ok {
		return false
	}
	pkg := named.Obj().Pkg()
	return pkg == nil || pkg.Path() != "main"
}

// mayHoldCellValue reports whether a value of type t may be, or hold, a
// value of a type of the cells.
func mayHoldCellValue(t types.Type) bool {
	return types.IsInterface(t) || isCellType(t)
}

// compiledVar reports whether x names a variable of a compiled package
// (io.EOF).
func (f *fixer) compiledVar(x ast.Expr) bool {
	var id *ast.Ident
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		id = x
	case *ast.SelectorExpr:
		id = x.Sel
	default:
		return false
	}
	v, ok := f.objectOf(id).(*types.Var)
	return ok && v.Pkg() != nil && v.Pkg().Path() != "main" && !v.IsField()
}

// cellEqual is _methodicEqual: a == b as Go compares two interface
// values, with the values of cell types that error wrappers hold in
// place of the wrappers.
func cellEqual(a, b any) bool {
	av, aw := comparand(a)
	bv, bw := comparand(b)
	if !av.IsValid() || !bv.IsValid() {
		return av.IsValid() == bv.IsValid()
	}
	if av.Type() != bv.Type() {
		return false
	}
	if !av.Type().Comparable() {
		panic(goRuntimeError{"runtime error: comparing uncomparable type " + av.Type().String()})
	}
	if av.Interface() != bv.Interface() {
		return false
	}
	if aw && bw && av.Kind() != reflect.Pointer {
		// A wrapper of a struct with a value receiver holds one of its
		// fields (cellerrors.go): equal fields of unequal values are
		// told apart by the messages.
		return a.(error).Error() == b.(error).Error()
	}
	return true
}

// comparand returns the value x stands for in a comparison: the value
// an error wrapper or an interface value of the interpreter holds, or x;
// wrapped reports an error wrapper.
func comparand(x any) (v reflect.Value, wrapped bool) {
	if e, ok := x.(error); ok {
		if v, ok := wrapperValue(e); ok {
			return v, true
		}
	}
	if v, ok := interpretedValue(x); ok {
		return v, false
	}
	return reflect.ValueOf(x), false
}
