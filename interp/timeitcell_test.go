package interp

import (
	"strings"
	"testing"
)

// TestTimeitCellOptions: %%timeit takes IPython's -n and -r on its first
// line (it was "unknown magic %%timeit"), and positions of errors still
// point into the cell.
func TestTimeitCellOptions(t *testing.T) {
	s := newSession(t)
	rec, res := run(t, s, "%%timeit -n 2 -r 3\ny := 0\ny++")
	if res.Err != nil {
		t.Fatalf("%%%%timeit -n 2 -r 3: %v", res.Err)
	}
	if out := rec.stdout.String(); !strings.Contains(out, "of 3 runs, 2 loops each") {
		t.Errorf("%%%%timeit -n 2 -r 3 printed %q", out)
	}
	_, res = run(t, s, "%%timeit -n 2\nx := 1\nx.Foo()")
	if want := "x.Foo undefined (type int has no field or method Foo) (line 3, column 3)"; res.Err == nil || !strings.Contains(res.Err.Error(), want) {
		t.Errorf("error %v, want %q", res.Err, want)
	}
	_, res = run(t, s, "%%timeit -n x\nx := 1")
	if want := `UsageError: %timeit -n needs a positive count, got "x"`; res.Err == nil || !strings.Contains(res.Err.Error(), want) {
		t.Errorf("error %v, want %q", res.Err, want)
	}
}
