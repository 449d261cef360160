package interp

import (
	"errors"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
)

var errDeep = errors.New("deep")

// deep recurses n calls and panics with errDeep.
func deep(n int) int {
	if n == 0 {
		panic(errDeep)
	}
	return deep(n-1) + 1
}

// framesAtRecover calls fn and returns how many frames the goroutine has
// when the recovering deferred call runs (where yaegi takes its
// traceback), and the panic's value.
func framesAtRecover(fn func()) (frames int, value any) {
	defer func() {
		value = recover()
		pc := make([]uintptr, 1<<20)
		frames = runtime.Callers(0, pc)
	}()
	fn()
	return 0, nil
}

// TestUnwindFirst: a panic in a wrapped compiled function reaches the
// caller's recover with the function's frames unwound, and the same
// value; calls that do not panic, variadic ones included, return what
// the function returns.
func TestUnwindFirst(t *testing.T) {
	const depth = 100000
	n, v := framesAtRecover(func() { deep(depth) })
	if n < depth || v != errDeep {
		t.Fatalf("unwrapped: %d frames at recover, value %v; want more than %d and errDeep (else the test shows nothing)", n, v, depth)
	}
	syms := unwindFirst(map[string]reflect.Value{
		"deep": reflect.ValueOf(deep),
		"inc":  reflect.ValueOf(func(n int) int { return n + 1 }),
		"sum": reflect.ValueOf(func(xs ...int) (int, error) {
			s := 0
			for _, x := range xs {
				s += x
			}
			return s, nil
		}),
		"T":     reflect.ValueOf((*struct{ X int })(nil)),
		"Limit": reflect.ValueOf(7),
	})
	wrapped := syms["deep"].Interface().(func(int) int)
	n, v = framesAtRecover(func() { wrapped(depth) })
	if n > 100 || v != errDeep {
		t.Errorf("wrapped: %d frames at recover, value %v; want the recursion unwound and errDeep", n, v)
	}
	inc := syms["inc"].Interface().(func(int) int)
	sum := syms["sum"].Interface().(func(...int) (int, error))
	if got := inc(41); got != 42 {
		t.Errorf("inc(41) = %d", got)
	}
	if got, err := sum(1, 2, 3); got != 6 || err != nil {
		t.Errorf("sum(1, 2, 3) = %d, %v", got, err)
	}
	if got := syms["sum"].CallSlice([]reflect.Value{reflect.ValueOf([]int{4, 5})}); got[0].Int() != 9 {
		t.Errorf("sum([]int{4, 5}...) = %v", got[0])
	}
	if syms["T"].Kind() != reflect.Pointer || syms["Limit"].Int() != 7 {
		t.Errorf("other symbols changed: %v %v", syms["T"], syms["Limit"])
	}
}

// TestCompiledRecursion: an endless recursion in a compiled cell is the
// cell's error, as in an interpreted one (watch.go stops it, native's
// interrupt unwinds it), and the session goes on.
func TestCompiledRecursion(t *testing.T) {
	s := compiledSession(t)
	mustRun(t, s, "%%compile\nfunc R(n int) int { return R(n+1) + 1 }")
	start := time.Now()
	_, res := run(t, s, "x := 5\nR(0)")
	t.Logf("the recursion stopped after %v", time.Since(start))
	if res.Err == nil || res.Err.Name != "RuntimeError" || !strings.Contains(res.Err.Value, "stack overflow") {
		t.Fatalf("endless compiled recursion: %+v", res.Err)
	}
	_, res = run(t, s, "x + 1")
	if res.Err != nil || res.Value == nil || res.Value.Text() != "6" {
		t.Fatalf("after the recursion: %+v %v", res.Value, res.Err)
	}
}
