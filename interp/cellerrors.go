package interp

import (
	"errors"
	"reflect"
	"strings"
)

// errors.As and the error types of cells.
//
// A value of a type declared in a cell reaches compiled code that wants
// an error inside a wrapper struct (yaegi's, or the kernel's _cellError),
// whose field IValue holds the value; its runtime type has no methods. So
// errors.As(err, &target) with target of such a type panicked, since
// compiled code sees no Error method on *target's type, and would not
// have found the value in the chain anyway. Cells get an errors.As that
// handles those targets itself: it walks the chain through Unwrap (and
// the Unwrap() []error of joined errors) and unwraps each wrapper. Other
// targets go to the real errors.As.
//
// A type whose Error method has a value receiver is not found: yaegi
// fills the wrapper of such a value with something else than the value
// (one of its fields), so errors.As reports false for it, where it
// panicked before. Pointer receivers, the usual form, work.

func errorsSymbols() map[string]reflect.Value {
	return map[string]reflect.Value{"As": reflect.ValueOf(cellErrorsAs)}
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
	found := false
	var walk func(e error, depth int)
	walk = func(e error, depth int) {
		if e == nil || found || depth > 1000 {
			return
		}
		if v, ok := cellErrorValue(e); ok && v.Type() == want {
			tv.Elem().Set(v)
			found = true
			return
		}
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
	return found
}

// cellErrorValue returns the value of a cell type that a wrapper error
// holds, or the error itself when it is no wrapper.
func cellErrorValue(e error) (reflect.Value, bool) {
	v := reflect.ValueOf(e)
	if v.Kind() == reflect.Struct && strings.HasPrefix(v.Type().Name(), "_") {
		if f := v.FieldByName("IValue"); f.IsValid() && f.Kind() == reflect.Interface && !f.IsNil() {
			return f.Elem(), true
		}
	}
	return v, v.IsValid()
}
