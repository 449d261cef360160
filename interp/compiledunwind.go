package interp

import "reflect"

// A panic in compiled code that interpreted code called (a run-time
// error, an interrupt, the stop of an endless recursion) reaches yaegi's
// recover with every compiled frame still on the goroutine's stack, and
// yaegi takes a full traceback there (debug.Stack, which walks the whole
// stack as many times as its buffer doubles). After an endless recursion
// that is ten million frames or more: 13 s a walk at a load of 8, the cell
// took most of a minute to end. So the functions interpreted code calls
// are wrapped: the wrapper recovers the panic, returns, which unwinds the
// compiled frames (about a second for ten million), and panics again with
// the same value from its own, shallow frame. The value is unchanged, so
// the cell's error is the same; the kernel's tracebacks of compiled code
// never came from yaegi's stack.

// unwindFirst returns the symbols of a compiled cell with its functions
// wrapped as above; other symbols (types, variables, constants) are
// unchanged. Generic functions are not in the table.
func unwindFirst(syms map[string]reflect.Value) map[string]reflect.Value {
	out := make(map[string]reflect.Value, len(syms))
	for k, v := range syms {
		if v.Kind() == reflect.Func && !v.IsNil() {
			v = unwindingFunc(v)
		}
		out[k] = v
	}
	return out
}

// unwindingFunc wraps fn so that a panic in it unwinds fn's frames before
// it goes on.
func unwindingFunc(fn reflect.Value) reflect.Value {
	variadic := fn.Type().IsVariadic()
	return reflect.MakeFunc(fn.Type(), func(args []reflect.Value) []reflect.Value {
		var (
			res []reflect.Value
			p   any
			ok  = false
		)
		func() {
			defer func() {
				if !ok {
					p = recover()
				}
			}()
			if variadic {
				res = fn.CallSlice(args)
			} else {
				res = fn.Call(args)
			}
			ok = true
		}()
		if !ok {
			panic(p)
		}
		return res
	})
}
