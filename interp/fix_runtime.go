package interp

import (
	"errors"
	"go/ast"
	"go/types"
	"reflect"
	"strings"
)

// The fix runtime-errors (see the table in fixes.go): a run-time error
// of interpreted code is raised by the reflect call yaegi makes for it,
// with reflect's words ("reflect: slice index out of range") and as a
// string, not a runtime.Error. goPanicValue gives such a value Go's
// words and type, where a cell meets it: what recover returns (each
// recover() of a cell is rewritten into _methodicRecovered(recover())),
// the cell's RuntimeError, and the report of a goroutine's panic.

// goRuntimeError is a run-time error of interpreted code, as Go words it.
// It is a runtime.Error.
type goRuntimeError struct{ msg string }

func (e goRuntimeError) Error() string { return e.msg }

// RuntimeError marks e as a runtime.Error.
func (goRuntimeError) RuntimeError() {}

// reflectPanics maps the panics of reflect that interpreted code raises
// for a run-time error to Go's message for it. Go's messages for an index
// or a slice bound name the index and the length (index out of range [5]
// with length 3): reflect's do not, and neither can ours.
var reflectPanics = map[string]string{
	"reflect: slice index out of range":                     "runtime error: index out of range",
	"reflect: array index out of range":                     "runtime error: index out of range",
	"reflect: string index out of range":                    "runtime error: index out of range",
	"reflect.Value.Slice: slice index out of bounds":        "runtime error: slice bounds out of range",
	"reflect.Value.Slice: string slice index out of bounds": "runtime error: slice bounds out of range",
	"reflect.Value.Slice3: slice index out of bounds":       "runtime error: slice bounds out of range",
	"reflect.MakeSlice: negative len":                       "runtime error: makeslice: len out of range",
	"reflect.MakeSlice: negative cap":                       "runtime error: makeslice: cap out of range",
	"reflect.MakeChan: negative buffer size":                "runtime error: makechan: size out of range",
	"reflect.Value.Call: call of nil function":              nilDeref,
	"reflect: Method on nil interface value":                nilDeref,
}

const nilDeref = "runtime error: invalid memory address or nil pointer dereference"

// zeroValueNil are the methods of reflect.Value that yaegi calls on the
// zero Value an interpreted nil pointer gives when it is dereferenced
// (p.X, p.X = 1, *q = 1). Others (Interface, Type) are left as they are:
// yaegi's own failures call them too, and a nil pointer would be a wrong
// account of those.
var zeroValueNil = map[string]bool{
	"reflect.Value.Field": true, "reflect.Value.FieldByIndex": true, "reflect.Value.Set": true,
}

// goPanicValue returns the value Go would have panicked with for v, a
// value interpreted code panicked with: a run-time error raised by
// reflect or yaegi becomes a runtime.Error with Go's message; anything
// else is v.
func goPanicValue(v any) any {
	switch x := v.(type) {
	case string:
		if msg, ok := reflectPanics[x]; ok {
			return goRuntimeError{msg}
		}
	case *reflect.ValueError:
		if x.Kind == reflect.Invalid && zeroValueNil[x.Method] {
			return goRuntimeError{nilDeref}
		}
	case error:
		// A failed type assertion: yaegi's error carries the position
		// ("30016:72: interface conversion: ..."); Go's is a
		// runtime.Error without one.
		var rt interface{ RuntimeError() }
		if errors.As(x, &rt) {
			return v
		}
		msg := x.Error()
		if _, _, rest, ok := splitPos(msg); ok && strings.HasPrefix(rest, "interface conversion: ") {
			return goRuntimeError{rest}
		}
	}
	return v
}

// recovered is _methodicRecovered, what a recover() of a cell becomes.
// It is variadic: yaegi passes the result of a recover() that found no
// panic as the zero reflect.Value, which a compiled parameter of type any
// refuses and a variadic one takes as nil.
func recovered(v ...any) any {
	if len(v) != 1 {
		return nil
	}
	return goPanicValue(v[0])
}

// fixRecover makes recover() return what Go's would:
// _methodicRecovered(recover()). The inner recover is a new identifier,
// unknown to the check, so that the rewrite does not see it again.
func fixRecover(f *fixer, n ast.Node) {
	call, ok := n.(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return
	}
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok || id.Name != "recover" {
		return
	}
	if _, ok := f.objectOf(id).(*types.Builtin); !ok {
		return
	}
	inner := &ast.CallExpr{Fun: &ast.Ident{NamePos: id.NamePos, Name: "recover"}, Lparen: call.Lparen, Rparen: call.Rparen}
	call.Fun = &ast.Ident{NamePos: id.NamePos, Name: "_methodicRecovered"}
	call.Args = []ast.Expr{inner}
}
