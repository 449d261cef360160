package interp

import (
	"fmt"
	"go/ast"
	"go/types"
	"reflect"
	"strings"

	"github.com/methodic-go/methodic/interp/symbols"
)

// fixNilInterface (fix nil-pointer-interface) is fix nil-pointer-error
// for the other interfaces of compiled code: yaegi's wrapper of a value of
// a cell type put in fmt.Stringer, sort.Interface, io.Writer, ... gives a
// nil value the interface's zero value (genInterfaceWrapper), so that var
// s fmt.Stringer = p with p a nil *Cell was nil: s == nil true (Go:
// false), s.String() a nil pointer dereference where Go runs the method
// on the nil receiver, sort.Sort of a nil slice of a cell type panicked.
// Where the check says a value of a nil-able type of the cells (a pointer
// to a cell type, a cell type over a pointer, map, slice, func or chan)
// becomes such an interface, a nil one is wrapped by the kernel in
// yaegi's own wrapper type of the interface (the _fmt_Stringer of the
// symbol tables), holding the nil value and calling its methods through
// it:
//
//	var s fmt.Stringer = p
//
// becomes
//
//	var s fmt.Stringer = func() fmt.Stringer {
//		v := p
//		if v == nil {
//			return _methodicNilWrapper("fmt/fmt", "Stringer", v, "String", func() string { return v.String() }).(fmt.Stringer)
//		}
//		return v
//	}()
//
// A value that cannot be nil (&T{...}) is left alone, and so is an
// interface whose wrapper the tables do not have.
func fixNilInterface(f *fixer, n ast.Node) {
	f.conversions(n, nilPointerType, f.nilInterface)
}

// nilPointerType reports whether t is a type of the cells that can be
// nil and has methods.
func nilPointerType(t types.Type) bool {
	n := nilableCellType(t)
	return n != nil && n.TypeArgs().Len() == 0 && types.NewMethodSet(t).Len() > 0
}

// nilInterface returns x wrapped as fixNilInterface says when target is
// an interface of compiled code other than error, else x.
func (f *fixer) nilInterface(x ast.Expr, target types.Type) ast.Expr {
	// x may be what fix interface-copy made of the value (typed: taken);
	// what others made is not typed and is left alone.
	if target == nil || types.Identical(target, errorIface0) {
		return x // error: fix nil-pointer-error
	}
	named, ok := types.Unalias(target).(*types.Named)
	if !ok || named.TypeArgs().Len() > 0 || named.Obj().Pkg() == nil || named.Obj().Pkg().Path() == "main" {
		return x
	}
	iface, ok := named.Underlying().(*types.Interface)
	if !ok || iface.NumMethods() == 0 || !iface.IsMethodSet() {
		return x
	}
	switch u := ast.Unparen(x).(type) {
	case *ast.UnaryExpr:
		return x // &T{...}: never nil
	case *ast.Ident:
		if u.Name == "nil" {
			return x
		}
	}
	t := f.typeOf(x)
	if !nilPointerType(t) || !types.Implements(t, iface) {
		return x
	}
	pkg := named.Obj().Pkg()
	key := pkg.Path() + "/" + pkg.Name()
	if wrapperType(key, named.Obj().Name()) == nil {
		return x
	}
	p := x.Pos()
	res, ok := f.s.typeSource(target, p)
	if !ok {
		return x
	}
	v := f.temp("_methodicNP")
	var methods []string
	for i := 0; i < iface.NumMethods(); i++ {
		m := iface.Method(i)
		sig := m.Type().(*types.Signature)
		var params, args, results []string
		for j := 0; j < sig.Params().Len(); j++ {
			pt := sig.Params().At(j).Type()
			dots := ""
			if sig.Variadic() && j == sig.Params().Len()-1 {
				pt = pt.(*types.Slice).Elem()
				dots = "..."
			}
			src, ok := f.s.typeSource(pt, p)
			if !ok {
				return x
			}
			params = append(params, fmt.Sprintf("p%d %s%s", j, dots, types.ExprString(src)))
			args = append(args, fmt.Sprintf("p%d%s", j, dots))
		}
		for j := 0; j < sig.Results().Len(); j++ {
			src, ok := f.s.typeSource(sig.Results().At(j).Type(), p)
			if !ok {
				return x
			}
			results = append(results, types.ExprString(src))
		}
		call := fmt.Sprintf("%s.%s(%s)", v, m.Name(), strings.Join(args, ", "))
		if len(results) > 0 {
			call = "return " + call
		}
		ret := ""
		if len(results) > 0 {
			ret = "(" + strings.Join(results, ", ") + ")"
		}
		methods = append(methods, fmt.Sprintf("%q, func(%s) %s { %s }", m.Name(), strings.Join(params, ", "), ret, call))
	}
	r := types.ExprString(res)
	src := fmt.Sprintf("func() %s {\n%s := _methodicX\nif %s == nil {\nreturn _methodicNilWrapper(%q, %q, %s, %s).(%s)\n}\nreturn %s\n}()",
		r, v, v, key, named.Obj().Name(), v, strings.Join(methods, ", "), r, v)
	call, ok := f.nilCheck(src, x)
	if !ok {
		return x
	}
	f.mark(call)
	return call
}

// wrapperType returns yaegi's wrapper type of the interface name of the
// package whose symbol table is key ("fmt/fmt"), or nil.
func wrapperType(key, name string) reflect.Type {
	t, ok := symbols.Load(key)
	if !ok {
		return nil
	}
	w, ok := t["_"+name]
	if !ok || w.Kind() != reflect.Pointer || w.Type().Elem().Kind() != reflect.Struct {
		return nil
	}
	wt := w.Type().Elem()
	if wt.NumField() == 0 || wt.Field(0).Name != "IValue" {
		return nil
	}
	return wt
}

// nilWrapper is _methodicNilWrapper (fix nil-pointer-interface): yaegi's
// wrapper of the interface name of the package of table key, holding v
// (a nil value of a cell type) and calling methods, given as pairs of a
// name and a function, for its methods.
func nilWrapper(key, name string, v any, methods ...any) any {
	wt := wrapperType(key, name)
	if wt == nil {
		panic(fmt.Sprintf("interp: no wrapper of %s.%s", key, name))
	}
	w := reflect.New(wt).Elem()
	if v != nil {
		w.Field(0).Set(reflect.ValueOf(v))
	}
	for i := 0; i+1 < len(methods); i += 2 {
		m, _ := methods[i].(string)
		field := w.FieldByName("W" + m)
		fn := reflect.ValueOf(methods[i+1])
		if !field.IsValid() || !fn.IsValid() {
			continue
		}
		if fn.Type() != field.Type() {
			if !fn.Type().ConvertibleTo(field.Type()) {
				panic(fmt.Sprintf("interp: method %s of %s.%s is a %s, not a %s", m, key, name, fn.Type(), field.Type()))
			}
			fn = fn.Convert(field.Type())
		}
		field.Set(fn)
	}
	return w.Interface()
}
