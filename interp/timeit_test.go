package interp

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

var timeitLine = regexp.MustCompile(`^\S+ \S+ ± \S+ \S+ per loop \(mean ± std\. dev\. of (\d+) runs, (\d+) loops? each\)\n$`)

// TestTimeitBudget checks that %timeit of a fast statement picks its loop
// count from 1, 2, 5, 10, 20, 50, ... and stays within a few seconds, as
// IPython's does.
func TestTimeitBudget(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `s := "the quick brown fox jumps over the lazy dog"`)
	start := time.Now()
	rec := mustRun(t, s, `%timeit strings.Contains(s, "og")`)
	took := time.Since(start)
	m := timeitLine.FindStringSubmatch(rec.stdout.String())
	if m == nil {
		t.Fatalf("output %q", rec.stdout.String())
	}
	runs, _ := strconv.Atoi(m[1])
	loops, _ := strconv.Atoi(m[2])
	if d := strings.TrimRight(m[2], "0"); d != "1" && d != "2" && d != "5" {
		t.Errorf("%d loops: not in the 1-2-5 series", loops)
	}
	if runs < 3 || runs > 7 {
		t.Errorf("%d runs", runs)
	}
	if took > 3*time.Second {
		t.Errorf("%%timeit took %v", took)
	}
	t.Logf("%q in %v", rec.stdout.String(), took)

	// -n and -r fix the counts.
	rec = mustRun(t, s, `%timeit -n 3 -r 2 strings.Contains(s, "og")`)
	if m := timeitLine.FindStringSubmatch(rec.stdout.String()); m == nil || m[1] != "2" || m[2] != "3" {
		t.Errorf("-n 3 -r 2: %q", rec.stdout.String())
	}
}

// TestTimeitSlowLoop times a statement of a fixed 60 µs: runs of 10^k
// loops (IPython's and the kernel's old choice) would take 0.6 s each,
// 4.2 s for 7 runs, where the 1-2-5 series and the budget stop at 2.5 s.
func TestTimeitSlowLoop(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `import "time"`)
	start := time.Now()
	rec := mustRun(t, s, `%timeit for t0 := time.Now(); time.Since(t0) < 60*time.Microsecond; {}`)
	took := time.Since(start)
	m := timeitLine.FindStringSubmatch(rec.stdout.String())
	if m == nil {
		t.Fatalf("output %q", rec.stdout.String())
	}
	if m[2] != "5000" && m[2] != "2000" {
		t.Errorf("%s loops, want 5000 (or 2000 on a busy machine)", m[2])
	}
	if took > 3*time.Second {
		t.Errorf("%%timeit took %v", took)
	}
	t.Logf("%q in %v", rec.stdout.String(), took)
}

func TestTimeitErrors(t *testing.T) {
	s := newSession(t)
	for _, c := range []struct{ code, want string }{
		{"%timeit -n x f()", `UsageError: %timeit -n needs a positive count, got "x"`},
		{"%timeit -r 3", "UsageError: %timeit needs code to time"},
		// Positions point into the cell, past the magic.
		{`%timeit undefinedName + 1`, "undefined: undefinedName (line 1, column 9)"},
		{"%%timeit\nx := 1\nx.Foo()", "undefined selector: Foo (line 3, column 1)"},
		{`%timeit panic("boom")`, "Panic: boom"},
	} {
		_, res := run(t, s, c.code)
		if res.Err == nil || !strings.Contains(res.Err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.code, res.Err, c.want)
		}
	}
}
