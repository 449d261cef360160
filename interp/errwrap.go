package interp

import (
	"errors"
	"reflect"
	"sync"

	yaegi "github.com/traefik/yaegi/interp"
)

// Error wrappers with the methods of the cell type (fix error-wrappers).
//
// A value of a type declared in a cell reaches compiled code that wants
// an error inside a wrapper struct that yaegi fills with the value's
// interpreted methods: field IValue holds the value, each further field W<m>
// the method m. For error the wrapper is yaegi's own _error (or the
// kernel's _cellError when the value is passed to fmt as an operand, see
// wrappers.go), which has Error only: compiled errors.Is, errors.As and
// errors.Unwrap then never saw the type's Unwrap, Is and As methods, so
// a %w chain through an error type of the cells ended there.
//
// yaegi looks, before the plain wrapper, at a list of composed wrappers
// registered for it in mapTypes (keyed by the plain wrapper's
// reflect.Value, most methods first) and takes the first one whose
// methods the value's type all has, by name. The kernel registers, for
// both plain wrappers, one composed wrapper per combination of Unwrap, Is
// and As beside Error, so that the wrapper has the methods the type has,
// no more: errors.Is and errors.As then behave as in Go.
//
// yaegi matches by name only, so the fields that hold Unwrap, Is and As
// are of type any, and each method looks at the function it holds: a
// method of another signature than Go's (Unwrap() error, Is(error) bool,
// As(any) bool) answers what its absence would mean to package errors
// (nil, false, false). Unwrap() []error, the form of errors.Join, answers
// errors.Join of its list: errors.Is and errors.As find the same errors
// through it; errors.Unwrap of such a wrapper gives the joined error where
// Go gives nil.

// errorWrappers are the composed wrappers of error, most methods first.
var errorWrappers = []reflect.Type{
	reflect.TypeOf(_errorUIA{}),
	reflect.TypeOf(_errorUI{}),
	reflect.TypeOf(_errorUA{}),
	reflect.TypeOf(_errorIA{}),
	reflect.TypeOf(_errorU{}),
	reflect.TypeOf(_errorI{}),
	reflect.TypeOf(_errorA{}),
}

// addErrorWrappers registers errorWrappers for the plain wrappers of
// error: yaegi's _error and the kernel's _cellError.
func addErrorWrappers(m map[reflect.Value][]reflect.Type) {
	m[reflect.ValueOf((*_cellError)(nil))] = errorWrappers
	if w := yaegiErrorWrapper(); w.IsValid() {
		m[w] = errorWrappers
	}
}

// yaegiErrorWrapper returns the symbol of yaegi's wrapper of error,
// (*_error)(nil) as yaegi keeps it among its symbols of package "": the
// key under which it looks for composed wrappers. yaegi does not export
// the type; its symbol is read from a new interpreter's table once.
var yaegiErrorWrapper = sync.OnceValue(func() reflect.Value {
	bin := reflect.ValueOf(yaegi.New(yaegi.Options{})).Elem().FieldByName("binPkg")
	if !bin.IsValid() || bin.Kind() != reflect.Map {
		return reflect.Value{}
	}
	p := settable(bin).MapIndex(reflect.ValueOf(""))
	if !p.IsValid() || p.Kind() != reflect.Map {
		return reflect.Value{}
	}
	w := p.MapIndex(reflect.ValueOf("_error"))
	if !w.IsValid() {
		return reflect.Value{}
	}
	v, ok := w.Interface().(reflect.Value)
	if !ok || v.Kind() != reflect.Pointer || v.Type().Elem().Kind() != reflect.Struct {
		return reflect.Value{}
	}
	return v
})

// callUnwrap calls a cell type's Unwrap method held in a wrapper.
func callUnwrap(f any) error {
	switch f := f.(type) {
	case func() error:
		return f()
	case func() []error:
		return errors.Join(f()...)
	}
	return nil
}

// callIs calls a cell type's Is method held in a wrapper.
func callIs(f any, target error) bool {
	if f, ok := f.(func(error) bool); ok {
		return f(target)
	}
	return false
}

// callAs calls a cell type's As method held in a wrapper.
func callAs(f any, target any) bool {
	if f, ok := f.(func(any) bool); ok {
		return f(target)
	}
	return false
}

type _errorUIA struct {
	IValue  any
	WError  func() string
	WUnwrap any
	WIs     any
	WAs     any
}

func (w _errorUIA) Error() string        { return w.WError() }
func (w _errorUIA) Unwrap() error        { return callUnwrap(w.WUnwrap) }
func (w _errorUIA) Is(target error) bool { return callIs(w.WIs, target) }
func (w _errorUIA) As(target any) bool   { return callAs(w.WAs, target) }

type _errorUI struct {
	IValue  any
	WError  func() string
	WUnwrap any
	WIs     any
}

func (w _errorUI) Error() string        { return w.WError() }
func (w _errorUI) Unwrap() error        { return callUnwrap(w.WUnwrap) }
func (w _errorUI) Is(target error) bool { return callIs(w.WIs, target) }

type _errorUA struct {
	IValue  any
	WError  func() string
	WUnwrap any
	WAs     any
}

func (w _errorUA) Error() string      { return w.WError() }
func (w _errorUA) Unwrap() error      { return callUnwrap(w.WUnwrap) }
func (w _errorUA) As(target any) bool { return callAs(w.WAs, target) }

type _errorIA struct {
	IValue any
	WError func() string
	WIs    any
	WAs    any
}

func (w _errorIA) Error() string        { return w.WError() }
func (w _errorIA) Is(target error) bool { return callIs(w.WIs, target) }
func (w _errorIA) As(target any) bool   { return callAs(w.WAs, target) }

type _errorU struct {
	IValue  any
	WError  func() string
	WUnwrap any
}

func (w _errorU) Error() string { return w.WError() }
func (w _errorU) Unwrap() error { return callUnwrap(w.WUnwrap) }

type _errorI struct {
	IValue any
	WError func() string
	WIs    any
}

func (w _errorI) Error() string        { return w.WError() }
func (w _errorI) Is(target error) bool { return callIs(w.WIs, target) }

type _errorA struct {
	IValue any
	WError func() string
	WAs    any
}

func (w _errorA) Error() string      { return w.WError() }
func (w _errorA) As(target any) bool { return callAs(w.WAs, target) }
