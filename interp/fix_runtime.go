package interp

import (
	"errors"
	"go/ast"
	"go/types"
	"reflect"
	"runtime"
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

// placedError is a run-time error of interpreted code with the place in
// the cells where it happened (fix straight-line-checks), for the cell's
// error to point at: yaegi names the first statement of the function
// instead. line is encoded as the cells' positions are (cellID*lineBase
// + line). What a recover gets of it prints as Go's error does.
type placedError struct {
	goRuntimeError
	line, col int
}

// reflectPanics maps the panics of reflect that interpreted code raises
// for a run-time error to Go's message for it. Go's messages for an index
// or a slice bound name the index and the length (index out of range [5]
// with length 3): reflect's do not, and neither can ours; where a recover
// waits, fix bounds-values checks the bounds itself and panics with them,
// and so does fix straight-line-checks in the straight-line code of a cell.
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
// reflect or yaegi becomes a runtime.Error with Go's message, the
// reflect.Value yaegi wraps a value in is taken off; anything else is v.
func goPanicValue(v any) any {
	switch x := v.(type) {
	case reflect.Value:
		// yaegi panics with the reflect.Value of panic's argument
		// (D14: recover() gave a reflect.Value, %T said so).
		if x.IsValid() && x.CanInterface() {
			return goPanicValue(x.Interface())
		}
	case string:
		if msg, ok := reflectPanics[x]; ok {
			return goRuntimeError{msg}
		}
		// [3]int(s) or (*[3]int)(s) of a shorter slice: reflect's
		// message has Go's numbers, not its words.
		if rest, ok := strings.CutPrefix(x, "reflect: cannot convert slice with length "); ok {
			n, m, ok := strings.Cut(rest, " to ")
			if m, found := strings.CutPrefix(m, "array with length "); ok && found {
				return goRuntimeError{"runtime error: cannot convert slice with length " + n + " to array or pointer to array with length " + m}
			} else if m, found := strings.CutPrefix(m, "pointer to array with length "); ok && found {
				return goRuntimeError{"runtime error: cannot convert slice with length " + n + " to array or pointer to array with length " + m}
			}
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

// nilSentinel stands for a nil interface value in a comma-ok type
// assertion (fix assert-nil): it implements nothing and is no other type.
type nilSentinel struct{}

// notNil is _methodicNotNil: x, or the sentinel when x is nil. It is
// variadic for the reason recovered is.
func notNil(x ...any) any {
	if len(x) != 1 || x[0] == nil {
		return nilSentinel{}
	}
	return x[0]
}

// fixAssertNil makes the comma-ok assertion of a value of an empty
// interface type to an interface of compiled code, v, ok := x.(error),
// assert _methodicNotNil(x) instead: yaegi v0.16.1 fails on it when x is
// nil ("reflect: call of reflect.Value.Type on zero Value"), which the
// common if err, ok := recover().(error); ok met whenever nothing
// panicked. The sentinel that stands for nil implements no interface, so
// that ok is false and v nil, as in Go.
func fixAssertNil(f *fixer, n ast.Node) {
	_, ta, ok := commaOkAssert(n)
	if !ok || ta.Type == nil {
		return
	}
	xt, tt := f.typeOf(ta.X), f.typeOf(ta.Type)
	if xt == nil || tt == nil {
		return
	}
	xi, ok1 := xt.Underlying().(*types.Interface)
	ti, ok2 := tt.Underlying().(*types.Interface)
	if !ok1 || !ok2 || !xi.Empty() || ti.Empty() {
		return
	}
	if named, ok := tt.(*types.Named); !ok || named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == "main" {
		return // an interface of the cells, or a literal one
	}
	p := ta.X.Pos()
	ta.X = &ast.CallExpr{Fun: &ast.Ident{NamePos: p, Name: "_methodicNotNil"}, Lparen: p, Args: []ast.Expr{ta.X}, Rparen: ta.X.End()}
}

// commaOkAssert returns the type assertion of a comma-ok assignment or
// declaration, v, ok := x.(T) or var v, ok = x.(T), and the place that
// holds it, for a rewrite to replace; or false.
func commaOkAssert(n ast.Node) (*ast.Expr, *ast.TypeAssertExpr, bool) {
	var rhs []ast.Expr
	switch s := n.(type) {
	case *ast.AssignStmt:
		if len(s.Lhs) == 2 && len(s.Rhs) == 1 {
			rhs = s.Rhs
		}
	case *ast.ValueSpec:
		if len(s.Names) == 2 && len(s.Values) == 1 {
			rhs = s.Values
		}
	}
	if rhs == nil {
		return nil, nil, false
	}
	ta, ok := ast.Unparen(rhs[0]).(*ast.TypeAssertExpr)
	return &rhs[0], ta, ok
}

// nilMethodCall returns Go's nil dereference for v, the value of a panic
// yaegi raised calling a method of a nil interface of the cells (its
// getMethodByName asks the zero Value the interface holds for its
// Interface, and reflect panics with a ValueError), told apart from
// yaegi's other failures on a zero Value by the function that asked,
// found among callers, the stack of the panic; or v itself.
func nilMethodCall(v any, callers []uintptr) any {
	if !zeroInterfaceError(v) || len(callers) == 0 {
		return v
	}
	frames := runtime.CallersFrames(callers)
	asked := false
	for {
		fr, more := frames.Next()
		switch {
		case fr.Function == "reflect.Value.Interface":
			asked = true
		case asked && !strings.HasPrefix(fr.Function, "reflect."):
			if strings.HasPrefix(fr.Function, "github.com/traefik/yaegi/interp.getMethodByName") {
				return goRuntimeError{nilDeref}
			}
			return v
		}
		if !more {
			return v
		}
	}
}

// zeroInterfaceError reports whether v is reflect's panic for the
// Interface of a zero Value.
func zeroInterfaceError(v any) bool {
	ve, ok := v.(*reflect.ValueError)
	return ok && ve.Kind == reflect.Invalid && ve.Method == "reflect.Value.Interface"
}

// nilMethodCallHere is nilMethodCall for v, a panic being recovered: the
// stack of the panic is under the recovering call.
func nilMethodCallHere(v any) any {
	if !zeroInterfaceError(v) {
		return v
	}
	pc := make([]uintptr, 256)
	return nilMethodCall(v, pc[:runtime.Callers(2, pc)])
}
