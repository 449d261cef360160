package interp

import (
	"errors"
	"reflect"
	"strings"
)

// errors.Is, errors.As, errors.Unwrap and the error types of cells.
//
// A value of a type declared in a cell reaches compiled code that wants
// an error inside a wrapper struct (yaegi's _error, the kernel's
// _cellError, or a composed wrapper of errwrap.go that also has the
// type's Unwrap, Is and As methods), whose field IValue holds the value;
// its runtime type has no methods. So:
//   - errors.As(err, &target) with target of such a type panicked, since
//     compiled code sees no Error method on *target's type, and would not
//     have found the value in the chain anyway. Cells get an errors.As
//     that handles those targets itself: it walks the chain through Unwrap
//     (and the Unwrap() []error of joined errors), unwraps each wrapper
//     and asks the As method of each error, as Go's does. Other targets go
//     to the real errors.As.
//   - errors.Is(err, target) with target a value of a cell type (a
//     sentinel such as var ErrGone = &GoneError{}) never found it: a
//     wrapper holds functions, so it is not comparable, and each
//     conversion to error makes a new wrapper. Cells get an errors.Is that
//     compares the values the wrappers hold.
//   - errors.Unwrap of a wrapper whose type has Unwrap() []error gives nil,
//     as Go's does (the wrapper's own Unwrap() error joins the list).
//
// A target of an interface type of the cells (var t interface{ Timeout()
// bool }) reaches compiled code as a pointer to yaegi's storage, whose
// type has no methods: such calls are rewritten (fix errors-as-interface)
// to look through errorChain in the cell itself.

func errorsSymbols() map[string]reflect.Value {
	return map[string]reflect.Value{
		"As":     reflect.ValueOf(cellErrorsAs),
		"Is":     reflect.ValueOf(cellErrorsIs),
		"Unwrap": reflect.ValueOf(cellErrorsUnwrap),
	}
}

func cellErrorsAs(err error, target any) bool {
	tv := reflect.ValueOf(target)
	if target == nil || tv.Kind() != reflect.Pointer || tv.IsNil() {
		return errors.As(err, target) // panics as Go does
	}
	want := tv.Type().Elem()
	if want.Kind() == reflect.Interface || want.Implements(errorType) {
		return errors.As(err, target)
	}
	// A type without an Error method: a cell type as yaegi built it.
	for _, e := range errorChain(err) {
		if v, ok := cellErrorValue(e); ok && v.Type() == want {
			tv.Elem().Set(v)
			return true
		}
		if x, ok := e.(interface{ As(any) bool }); ok && x.As(target) {
			return true
		}
	}
	return false
}

// errorChain is _methodicErrorChain (fix errors-as-interface): the
// errors of err's tree, err first, in the order errors.As looks at them
// (depth first through Unwrap() error and Unwrap() []error).
func errorChain(err error) []error {
	var out []error
	var walk func(e error, depth int)
	walk = func(e error, depth int) {
		if e == nil || depth > 1000 {
			return
		}
		out = append(out, e)
		switch u := e.(type) {
		case interface{ Unwrap() error }:
			walk(u.Unwrap(), depth+1)
		case interface{ Unwrap() []error }:
			for _, c := range u.Unwrap() {
				walk(c, depth+1)
			}
		}
	}
	walk(err, 0)
	return out
}

// cellErrorsIs is errors.Is with the equality of errors of cell types:
// two wrappers are equal when the values they hold are.
func cellErrorsIs(err, target error) bool {
	if err == nil || target == nil {
		return err == target
	}
	tw, wrapped := wrapperValue(target)
	comparable := reflect.TypeOf(target).Comparable()
	for depth := 0; depth < 1000; depth++ {
		if wrapped {
			if ew, ok := wrapperValue(err); ok && sameWrapped(ew, tw, err, target) {
				return true
			}
		} else if comparable && err == target {
			return true
		}
		if x, ok := err.(interface{ Is(error) bool }); ok && x.Is(target) {
			return true
		}
		switch x := err.(type) {
		case interface{ Unwrap() error }:
			if isJoinedUnwrap(err) {
				for _, e := range joinedList(err) {
					if cellErrorsIs(e, target) {
						return true
					}
				}
				return false
			}
			err = x.Unwrap()
			if err == nil {
				return false
			}
		case interface{ Unwrap() []error }:
			for _, e := range x.Unwrap() {
				if cellErrorsIs(e, target) {
					return true
				}
			}
			return false
		default:
			return false
		}
	}
	return false
}

// sameWrapped reports whether two wrappers hold equal values. A value
// that is no pointer may be a field of the value rather than the value
// (yaegi's wrapper of a struct with a value receiver): such values count
// as equal only when the errors' messages are equal too.
func sameWrapped(a, b reflect.Value, ea, eb error) bool {
	if a.Type() != b.Type() || !a.Type().Comparable() {
		return false
	}
	if a.Interface() != b.Interface() {
		return false
	}
	return a.Kind() == reflect.Pointer || ea.Error() == eb.Error()
}

func cellErrorsUnwrap(err error) error {
	if isJoinedUnwrap(err) {
		return nil
	}
	return errors.Unwrap(err)
}

// isJoinedUnwrap reports whether err is a composed wrapper whose type's
// Unwrap method returns []error.
func isJoinedUnwrap(err error) bool {
	_, ok := wrappedUnwrap(err).(func() []error)
	return ok
}

func joinedList(err error) []error {
	if f, ok := wrappedUnwrap(err).(func() []error); ok {
		return f()
	}
	return nil
}

// wrappedUnwrap returns the Unwrap method a composed wrapper holds.
func wrappedUnwrap(err error) any {
	v := reflect.ValueOf(err)
	if v.Kind() != reflect.Struct || !strings.HasPrefix(v.Type().Name(), "_") {
		return nil
	}
	f := v.FieldByName("WUnwrap")
	if !f.IsValid() || f.Kind() != reflect.Interface || f.IsNil() {
		return nil
	}
	return f.Interface()
}

// wrapperValue returns the value of a cell type that a wrapper error
// holds; ok is false when e is no wrapper.
func wrapperValue(e error) (reflect.Value, bool) {
	v := reflect.ValueOf(e)
	if v.Kind() == reflect.Struct && strings.HasPrefix(v.Type().Name(), "_") {
		if f := v.FieldByName("IValue"); f.IsValid() && f.Kind() == reflect.Interface && !f.IsNil() {
			return f.Elem(), true
		}
	}
	return reflect.Value{}, false
}

// cellErrorValue returns the value of a cell type that a wrapper error
// holds, or the error itself when it is no wrapper.
func cellErrorValue(e error) (reflect.Value, bool) {
	if v, ok := wrapperValue(e); ok {
		return v, true
	}
	v := reflect.ValueOf(e)
	return v, v.IsValid()
}
