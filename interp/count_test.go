package interp

import (
	"context"
	"strings"
	"testing"
)

// TestExecutionCounts checks that tracebacks name earlier cells by the
// execution count the front end showed for them, not by the number of
// Execute calls.
func TestExecutionCounts(t *testing.T) {
	s := newSession(t)
	ex := func(code string, count int) Result {
		t.Helper()
		return s.Execute(context.Background(), code, &recorder{}, ExecOptions{Count: count})
	}
	if r := ex("func boom() {\n\tpanic(\"boom\")\n}", 3); r.Err != nil {
		t.Fatal(r.Err)
	}
	// A silent execution: Jupyter leaves the count at 3.
	if r := ex("x := 1", 3); r.Err != nil {
		t.Fatal(r.Err)
	}
	r := ex("x++\nboom()", 7)
	if r.Err == nil {
		t.Fatal("no panic")
	}
	tb := stripANSI(strings.Join(r.Err.Traceback, "\n"))
	for _, want := range []string{"boom  (cell In[3], the function whose body starts at line 2;", "  (line 2, column 1)\n    boom()"} {
		if !strings.Contains(tb, want) {
			t.Errorf("traceback lacks %q:\n%s", want, tb)
		}
	}
	if want := "boom (in boom, cell In[3])"; r.Err.Value != want {
		t.Errorf("value %q, want %q", r.Err.Value, want)
	}
	// Without a count, a cell is numbered one past the previous one.
	if r := ex("func boom2() {\n\tvar m map[int]int\n\tm[1] = 1\n}", 0); r.Err != nil {
		t.Fatal(r.Err)
	}
	r = ex("boom2()", 0)
	if r.Err == nil || !strings.Contains(r.Err.Value, "(in boom2, cell In[8])") {
		t.Errorf("%+v", r.Err)
	}
}
