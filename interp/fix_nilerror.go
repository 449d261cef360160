package interp

import (
	"go/ast"
	"go/parser"
	"go/types"
	"strings"
)

// fixNilError (fix nil-pointer-error): yaegi makes a nil pointer of a
// cell type an error (or any interface of compiled code) by wrapping it,
// and its wrapper gives a nil value the interface's zero value instead
// (genInterfaceWrapper: "if v.IsNil() { return reflect.New(typ).Elem() }"),
// so that the classic Go trap worked the other way, silently: func get()
// error { var p *MyErr; return p } gave an error equal to nil. Where the
// check says a value of a nil-able type of the cells with an Error method
// (a pointer to a cell type, or a cell type over a pointer, map, slice,
// func or chan) becomes an error, a nil one is made the error by the
// kernel (fix value-error's wrappers, holding the nil value and calling
// its methods through it):
//
//	return p
//
// becomes
//
//	return func() error { v := p; if v == nil { return _methodicValueError(v, func() string { return v.Error() }, ...) }; return v }()
//
// A value that cannot be nil (&MyErr{...}) is left alone.
func fixNilError(f *fixer, n ast.Node) {
	f.conversions(n, nilErrorType, f.nilError)
}

// nilErrorType reports whether t is a type of the cells that can be nil
// and has the methods of error.
func nilErrorType(t types.Type) bool {
	return nilableCellType(t) != nil && types.Implements(t, errorIface)
}

// nilableCellType returns the type of the cells behind t when a value of
// t can be nil: a pointer to a cell type, or a cell type over a pointer,
// map, slice, func or chan. Otherwise it returns nil.
func nilableCellType(t types.Type) *types.Named {
	if t == nil {
		return nil
	}
	named := t
	if p, ok := t.(*types.Pointer); ok {
		named = p.Elem()
	}
	n, ok := named.(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "main" {
		return nil
	}
	if n == t {
		switch t.Underlying().(type) {
		case *types.Pointer, *types.Map, *types.Slice, *types.Signature, *types.Chan:
		default:
			return nil
		}
	}
	return n
}

// nilError returns x made an error by the kernel when it is nil, where
// the check says x, of a nilErrorType, becomes an error (target), else x.
func (f *fixer) nilError(x ast.Expr, target types.Type) ast.Expr {
	if target == nil || !types.Identical(target, types.Universe.Lookup("error").Type()) || f.made[x] {
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
	if !nilErrorType(t) {
		return x
	}
	v := f.temp("_methodicNE")
	method := func(name, sig, lit string) string {
		obj, _, _ := types.LookupFieldOrMethod(t, true, nil, name)
		fn, ok := obj.(*types.Func)
		if !ok || unnamedSignature(fn.Type().(*types.Signature)) != sig {
			return "nil"
		}
		return strings.ReplaceAll(lit, "V", v)
	}
	src := "func() error {\n" + v + " := _methodicX\nif " + v + " == nil {\nreturn _methodicValueError(" + v + ", " +
		method("Error", "func() string", "func() string { return V.Error() }") + ", " +
		method("Unwrap", "func() error", "func() error { return V.Unwrap() }") + ", " +
		method("Unwrap", "func() []error", "func() []error { return V.Unwrap() }") + ", " +
		method("Is", "func(error) bool", "func(e error) bool { return V.Is(e) }") + ", " +
		method("As", "func(any) bool", "func(t any) bool { return V.As(t) }") + ")\n}\nreturn " + v + "\n}()"
	call, ok := f.nilCheck(src, x)
	if !ok {
		return x
	}
	f.mark(call)
	return call
}

// nilCheck parses src, the function literal that fix nil-pointer-error or
// fix nil-pointer-interface makes of x, placed at x, with x put where src
// says _methodicX; the assertions it holds are marked as the kernel's.
func (f *fixer) nilCheck(src string, x ast.Expr) (ast.Expr, bool) {
	call, err := parser.ParseExpr(src)
	if err != nil {
		return nil, false
	}
	placeAt(call, x.Pos())
	ast.Inspect(call, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Rhs) != 1 {
				break
			}
			if id, ok := n.Rhs[0].(*ast.Ident); ok && id.Name == "_methodicX" {
				n.Rhs[0] = x
				return false
			}
		case *ast.TypeAssertExpr:
			f.mark(n)
		}
		return true
	})
	return call, true
}
