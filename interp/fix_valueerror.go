package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// fixValueError (fix value-error): a value of a struct type of the cells
// whose Error method has a value receiver, made an error (var err error =
// StatusErr{404, "bad"}, return StatusErr{...} from a func returning
// error), reached yaegi's error wrapper as one of its fields rather than
// itself (yaegi's getConcreteValue takes the last field of a struct
// without methods for the value of an emulated interface), so err.(StatusErr)
// and errors.As(err, &se) failed and err == StatusErr{404, "bad"} was
// false. Where the check says such a value becomes an error (an
// assignment, a declaration with a type, a return, an argument, an
// element of a composite literal, a conversion), the kernel makes the
// error itself, with the value whole and the type's Error, Unwrap, Is and
// As methods (the wrappers of errwrap.go):
//
//	return StatusErr{code, "bad"}
//
// becomes
//
//	return func() error { v := StatusErr{code, "bad"}; return _methodicValueError(v, v.Error, nil, nil, nil, nil) }()
func fixValueError(f *fixer, n ast.Node) {
	f.conversions(n, valueErrorType, f.valueError)
}

// conversions finds in n the values of a type that want accepts where the
// check says they take another type, the target (an assignment, a
// declaration with a type, a return, an argument, an element of a
// composite literal, a conversion, a value sent), and replaces
// each x by conv(x, target), which returns x to leave it alone.
func (f *fixer) conversions(n ast.Node, want func(types.Type) bool, conv func(x ast.Expr, target types.Type) ast.Expr) {
	switch n := n.(type) {
	case *ast.ReturnStmt:
		if !f.anyOf(want, n.Results) {
			return
		}
		res, ok := f.enclosingResults(n)
		if !ok || res == nil || res.Len() != len(n.Results) {
			return
		}
		for i := range n.Results {
			n.Results[i] = conv(n.Results[i], res.At(i).Type())
		}
	case *ast.AssignStmt:
		if n.Tok != token.ASSIGN || len(n.Lhs) != len(n.Rhs) || !f.anyOf(want, n.Rhs) {
			return
		}
		for i := range n.Rhs {
			n.Rhs[i] = conv(n.Rhs[i], f.typeOf(n.Lhs[i]))
		}
	case *ast.ValueSpec:
		if n.Type == nil || len(n.Names) != len(n.Values) || !f.anyOf(want, n.Values) {
			return
		}
		t := f.typeOf(n.Type)
		for i := range n.Values {
			n.Values[i] = conv(n.Values[i], t)
		}
	case *ast.SendStmt:
		if !want(f.typeOf(n.Value)) {
			return
		}
		if ch, ok := typeUnder(f.typeOf(n.Chan)).(*types.Chan); ok {
			n.Value = conv(n.Value, ch.Elem())
		}
	case *ast.CallExpr:
		if !f.anyOf(want, n.Args) {
			return
		}
		ft := f.typeOf(n.Fun)
		if ft == nil {
			return
		}
		if tv, ok := f.typeAndValue(n.Fun); ok && tv.IsType() {
			if len(n.Args) == 1 {
				n.Args[0] = conv(n.Args[0], ft)
			}
			return
		}
		sig, ok := ft.Underlying().(*types.Signature)
		if !ok {
			return
		}
		params := sig.Params()
		for i := range n.Args {
			var pt types.Type
			switch {
			case sig.Variadic() && i >= params.Len()-1:
				if n.Ellipsis.IsValid() {
					continue
				}
				if s, ok := params.At(params.Len() - 1).Type().(*types.Slice); ok {
					pt = s.Elem()
				}
			case i < params.Len():
				pt = params.At(i).Type()
			}
			n.Args[i] = conv(n.Args[i], pt)
		}
	case *ast.CompositeLit:
		if !f.anyOf(want, n.Elts) {
			return
		}
		lt := f.typeOf(n)
		if lt == nil {
			return
		}
		var elem types.Type
		var st *types.Struct
		switch u := lt.Underlying().(type) {
		case *types.Slice:
			elem = u.Elem()
		case *types.Array:
			elem = u.Elem()
		case *types.Map:
			elem = u.Elem()
		case *types.Struct:
			st = u
		default:
			return
		}
		for i, e := range n.Elts {
			target := elem
			if kv, ok := e.(*ast.KeyValueExpr); ok {
				if st != nil {
					target = nil
					if k, ok := kv.Key.(*ast.Ident); ok {
						for j := 0; j < st.NumFields(); j++ {
							if st.Field(j).Name() == k.Name {
								target = st.Field(j).Type()
							}
						}
					}
				}
				kv.Value = conv(kv.Value, target)
				continue
			}
			if st != nil {
				target = nil
				if i < st.NumFields() {
					target = st.Field(i).Type()
				}
			}
			n.Elts[i] = conv(e, target)
		}
	}
}

// anyOf reports whether one of xs is of a type that want accepts.
func (f *fixer) anyOf(want func(types.Type) bool, xs []ast.Expr) bool {
	for _, x := range xs {
		if kv, ok := x.(*ast.KeyValueExpr); ok {
			x = kv.Value
		}
		if want(f.typeOf(x)) {
			return true
		}
	}
	return false
}

// valueErrorType reports whether t is a struct type of the cells, with
// fields, that has an Error method with a value receiver.
func valueErrorType(t types.Type) bool {
	if t == nil {
		return false
	}
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "main" {
		return false
	}
	s, ok := n.Underlying().(*types.Struct)
	if !ok || s.NumFields() == 0 {
		return false
	}
	return types.Implements(t, errorIface)
}

var errorIface = types.Universe.Lookup("error").Type().Underlying().(*types.Interface)

// valueError returns x made an error by the kernel when the check says x,
// a value of a valueErrorType, becomes an error there (target is error),
// else x.
func (f *fixer) valueError(x ast.Expr, target types.Type) ast.Expr {
	if target == nil || !types.Identical(target, types.Universe.Lookup("error").Type()) || f.made[x] {
		return x
	}
	t := f.typeOf(x)
	if !valueErrorType(t) {
		return x
	}
	p := x.Pos()
	id := func(name string) *ast.Ident { return &ast.Ident{NamePos: p, Name: name} }
	v := f.temp("_methodicVE")
	method := func(name string, sig string) ast.Expr {
		obj, _, _ := types.LookupFieldOrMethod(t, false, nil, name)
		fn, ok := obj.(*types.Func)
		if !ok || unnamedSignature(fn.Type().(*types.Signature)) != sig {
			return id("nil")
		}
		return &ast.SelectorExpr{X: id(v), Sel: id(name)}
	}
	call := &ast.CallExpr{Fun: id("_methodicValueError"), Lparen: p, Rparen: p, Args: []ast.Expr{
		id(v), method("Error", "func() string"),
		method("Unwrap", "func() error"), method("Unwrap", "func() []error"),
		method("Is", "func(error) bool"), method("As", "func(any) bool"),
	}}
	lit := &ast.FuncLit{
		Type: &ast.FuncType{Func: p, Params: &ast.FieldList{Opening: p, Closing: p},
			Results: &ast.FieldList{List: []*ast.Field{{Type: id("error")}}}},
		Body: &ast.BlockStmt{Lbrace: p, Rbrace: x.End(), List: []ast.Stmt{
			&ast.AssignStmt{Lhs: []ast.Expr{id(v)}, TokPos: p, Tok: token.DEFINE, Rhs: []ast.Expr{x}},
			&ast.ReturnStmt{Return: p, Results: []ast.Expr{call}},
		}},
	}
	out := &ast.CallExpr{Fun: lit, Lparen: p, Rparen: x.End()}
	if f.made == nil {
		f.made = map[ast.Node]bool{}
	}
	f.made[out] = true
	return out
}

// unnamedSignature writes sig without its parameter names:
// func(error) bool.
func unnamedSignature(sig *types.Signature) string {
	tuple := func(t *types.Tuple) string {
		var b strings.Builder
		for i := 0; i < t.Len(); i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(types.TypeString(t.At(i).Type(), nil))
		}
		return b.String()
	}
	s := "func(" + tuple(sig.Params()) + ")"
	switch sig.Results().Len() {
	case 0:
	case 1:
		s += " " + tuple(sig.Results())
	default:
		s += " (" + tuple(sig.Results()) + ")"
	}
	return s
}

// valueError is _methodicValueError: the error of a value v of a cell
// struct type with value-receiver methods (fix value-error), in the
// wrapper with the methods the type has.
func valueError(v any, msg func() string, unwrap func() error, unwrapAll func() []error, is func(error) bool, as func(any) bool) error {
	var u any
	if unwrap != nil {
		u = unwrap
	} else if unwrapAll != nil {
		u = unwrapAll
	}
	switch {
	case u != nil && is != nil && as != nil:
		return _errorUIA{v, msg, u, is, as}
	case u != nil && is != nil:
		return _errorUI{v, msg, u, is}
	case u != nil && as != nil:
		return _errorUA{v, msg, u, as}
	case is != nil && as != nil:
		return _errorIA{v, msg, is, as}
	case u != nil:
		return _errorU{v, msg, u}
	case is != nil:
		return _errorI{v, msg, is}
	case as != nil:
		return _errorA{v, msg, as}
	}
	return _cellError{v, msg}
}
