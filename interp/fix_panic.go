package interp

import (
	"fmt"
	"go/ast"
	"go/types"
	"reflect"

	yaegi "github.com/traefik/yaegi/interp"
)

// Panics with values of cell types (fix panic-cell-value).
//
// yaegi hands a panic the bare runtime value of panic's argument, which
// has no methods when its type is declared in a cell: a panic that ended
// the cell printed &{age} where Go prints the message of the error.
// panicMessage finds the Error or String method of the value's cell type.

// isCellType reports whether t is a defined type of the cells that is no
// interface, or a pointer to one.
func isCellType(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := t.(*types.Named)
	if !ok || types.IsInterface(n) {
		return false
	}
	pkg := n.Obj().Pkg()
	return pkg != nil && pkg.Path() == "main"
}

// panicMessage is what a panic that ends a cell shows of its value v:
// as Go's runtime prints a panic, the message of an error, the text of a
// Stringer, otherwise v as fmt prints it. A value of a cell type is
// printed through its Error or String method.
func (s *Session) panicMessage(v any) string {
	if n, ok := v.(namedValue); ok {
		return n.panicString()
	}
	if e, ok := v.(error); ok {
		return e.Error()
	}
	if st, ok := v.(interface{ String() string }); ok {
		return st.String()
	}
	if rv, ok := interpretedValue(v); ok {
		v = rv.Interface()
	}
	if m := s.cellTypes.Load(); m != nil {
		rv := reflect.ValueOf(v)
		if ms, ptr := m.methodsOf(rv); len(ms) > 0 {
			for _, name := range []string{"Error", "String"} {
				if cm := ms[name]; cm != nil && cm.str != nil && (ptr || !cm.ptr) && !(ptr && rv.IsNil()) {
					recv := v
					if ptr && !cm.ptr {
						recv = rv.Elem().Interface()
					}
					if msg, ok := callStr(cm.str, recv); ok {
						return msg
					}
				}
			}
		}
	}
	return fmt.Sprint(v)
}

// interpretedValue returns the value that yaegi's valueInterface v (a
// value of a cell type held in an interface of the interpreter, such as
// the variable fixPanicValue panics with) holds.
func interpretedValue(v any) (reflect.Value, bool) {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() || rv.Kind() != reflect.Struct || rv.Type().Name() != "valueInterface" || rv.Type().PkgPath() != yaegiPkgPath {
		return reflect.Value{}, false
	}
	f := rv.FieldByName("value")
	if !f.IsValid() || f.Type() != reflectValue {
		return reflect.Value{}, false
	}
	c := reflect.New(rv.Type()).Elem()
	c.Set(rv)
	inner := settable(c.FieldByName("value")).Interface().(reflect.Value)
	if !inner.IsValid() || !inner.CanInterface() {
		return reflect.Value{}, false
	}
	return inner, true
}

// yaegiPkgPath is the import path of yaegi's interpreter package.
var yaegiPkgPath = reflect.TypeOf(yaegi.Panic{}).PkgPath()

// callStr calls a String-like method of a cell type, reporting false
// when it panics.
func callStr(str func(any) string, recv any) (msg string, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return str(recv), true
}

// recovered is _methodicRecovered, what a recover() of a cell becomes
// (fixes runtime-errors and panic-cell-value). It is variadic: yaegi
// passes the result of a recover() that found no panic as the zero
// reflect.Value, which a compiled parameter of type any refuses and a
// variadic one takes as nil. A value of a cell type with an Error method
// comes back as an error (a wrapper whose IValue is the value), so that
// r.(error) holds and errors.As finds it, as in Go; assertions of it to
// the cell type itself go through heldCellValue (fixCellAssert).
func (s *Session) recovered(v ...any) any {
	if len(v) != 1 {
		return nil
	}
	x := goPanicValue(s.assertMessage(nilMethodCallHere(v[0])))
	if _, ok := x.(error); ok || x == nil {
		return x
	}
	if rv, ok := interpretedValue(x); ok {
		x = rv.Interface()
	}
	if e, ok := s.cellError(x); ok {
		return e
	}
	return x
}

// _panicError is the error a recovered value of a cell type with an
// Error method becomes.
type _panicError struct {
	IValue any
	WError func() string
}

func (w _panicError) Error() string { return w.WError() }

// cellError returns x, a value of a cell struct type (or a pointer to
// one) with an Error method, as an error.
func (s *Session) cellError(x any) (error, bool) {
	m := s.cellTypes.Load()
	if m == nil {
		return nil, false
	}
	rv := reflect.ValueOf(x)
	ms, ptr := m.methodsOf(rv)
	cm := ms["Error"]
	if cm == nil || cm.str == nil || cm.ptr && !ptr || ptr && rv.IsNil() {
		return nil, false
	}
	recv := x
	if ptr && !cm.ptr {
		recv = rv.Elem().Interface()
	}
	return _panicError{IValue: x, WError: func() string { return cm.str(recv) }}, true
}

// heldCellValue is _methodicCellValue: the value of a cell type that an
// error wrapper holds, else x. A value of a compiled struct type without
// fields (context.DeadlineExceeded's) comes back as a compiledEmpty:
// yaegi's assertion of a value out of a compiled function looks at the
// first field of a struct (for its wrappers' IValue) and panicked with
// "reflect: Field index out of bounds"; no type of the cells is one.
func heldCellValue(x ...any) any {
	if len(x) != 1 {
		return nil
	}
	if e, ok := x[0].(error); ok {
		if v, ok := wrapperValue(e); ok {
			return v.Interface()
		}
	}
	if t := reflect.TypeOf(x[0]); t != nil && t.Kind() == reflect.Struct && t.NumField() == 0 && t.Name() != "" {
		return compiledEmpty{}
	}
	return x[0]
}

// compiledEmpty stands for a value of a compiled struct type without
// fields in an assertion to a type of the cells (heldCellValue).
type compiledEmpty struct{ _ byte }

// fixCellAssert makes an assertion of a value of an empty interface type
// (or of an interface of compiled code, such as error: yaegi panicked on
// an error of a struct type without fields, context.DeadlineExceeded's)
// to a type of the cells, x.(*E), assert _methodicCellValue(x): the value
// may be an error wrapper that holds the value of the cell type (a
// recovered panic value, an error stored in an any), which yaegi's
// assertion does not look into.
func fixCellAssert(f *fixer, n ast.Node) {
	ta, ok := n.(*ast.TypeAssertExpr)
	if !ok || ta.Type == nil || f.made[ta] {
		return
	}
	xt, tt := f.typeOf(ta.X), f.typeOf(ta.Type)
	if xt == nil || tt == nil || !isCellType(tt) {
		return
	}
	if xi, ok := xt.Underlying().(*types.Interface); !ok || !xi.Empty() && !compiledInterface(xt) {
		return
	}
	if f.namedAssert(ta, "_methodicNamedMust") { // fix named-values
		return
	}
	if f.made == nil {
		f.made = map[ast.Node]bool{}
	}
	f.made[ta] = true
	p := ta.X.Pos()
	ta.X = &ast.CallExpr{Fun: &ast.Ident{NamePos: p, Name: "_methodicCellValue"}, Lparen: p, Args: []ast.Expr{ta.X}, Rparen: ta.X.End()}
}
