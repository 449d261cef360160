package interp

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The tests of %timeit check its decisions against the durations it
// measured and printed, and against lower bounds the timed code
// guarantees (a statement that waits 60 µs takes at least 60 µs), never
// against the time the test took: on a loaded machine every duration
// grows, and the rules must still hold.

var timeitLine = regexp.MustCompile(`^(\S+ \S+) ± (\S+ \S+) per loop \(mean ± std\. dev\. of (\d+) runs, (\d+) loops? each\)\n$`)

// timeitResult is what a %timeit line says.
type timeitResult struct {
	mean        time.Duration
	runs, loops int
}

func parseTimeit(t *testing.T, out string) timeitResult {
	t.Helper()
	m := timeitLine.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("output %q", out)
	}
	var r timeitResult
	r.mean = parseShortDuration(t, m[1])
	r.runs, _ = strconv.Atoi(m[3])
	r.loops, _ = strconv.Atoi(m[4])
	return r
}

// parseShortDuration reads "1.23 ms" as %timeit prints it.
func parseShortDuration(t *testing.T, s string) time.Duration {
	t.Helper()
	num, unit, _ := strings.Cut(s, " ")
	f, err := strconv.ParseFloat(num, 64)
	if err != nil {
		t.Fatalf("duration %q: %v", s, err)
	}
	scale := map[string]float64{"ns": 1, "µs": 1e3, "us": 1e3, "ms": 1e6, "s": 1e9}[unit]
	if scale == 0 {
		t.Fatalf("duration %q: unit %q", s, unit)
	}
	return time.Duration(f * scale)
}

// inSeries says whether n is in 1, 2, 5, 10, 20, 50, ...
func inSeries(n int) bool {
	d := strings.TrimRight(strconv.Itoa(n), "0")
	return d == "1" || d == "2" || d == "5"
}

// TestTimeitFast times a fast statement: the loop count is from the
// 1-2-5 series, there are 3 to 7 runs, and the runs together last at
// least the 0.2 s of the autorange run that is their first sample.
func TestTimeitFast(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `s := "the quick brown fox jumps over the lazy dog"`)
	rec := mustRun(t, s, `%timeit strings.Contains(s, "og")`)
	r := parseTimeit(t, rec.stdout.String())
	if !inSeries(r.loops) {
		t.Errorf("%d loops: not in the 1-2-5 series", r.loops)
	}
	if r.runs < 3 || r.runs > 7 {
		t.Errorf("%d runs", r.runs)
	}
	// The mean is printed to 3 digits: 1% of slack.
	if total := time.Duration(r.runs*r.loops) * r.mean; total < timeitRun*99/100 {
		t.Errorf("%d runs of %d loops of %v: %v in all, less than the autorange run of %v", r.runs, r.loops, r.mean, total, timeitRun)
	}
	t.Logf("%q", rec.stdout.String())

	// -n and -r fix the counts.
	rec = mustRun(t, s, `%timeit -n 3 -r 2 strings.Contains(s, "og")`)
	if r := parseTimeit(t, rec.stdout.String()); r.runs != 2 || r.loops != 3 {
		t.Errorf("-n 3 -r 2: %q", rec.stdout.String())
	}
}

// TestTimeitSeries times a statement of at least 60 µs: 5,000 loops take
// at least 0.3 s, so the autorange stops at 5,000 loops or before (on a
// loaded machine each loop is slower and fewer do), where a 10^k series,
// IPython's, would go on to 10,000.
func TestTimeitSeries(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `import "time"`)
	rec := mustRun(t, s, `%timeit for t0 := time.Now(); time.Since(t0) < 60*time.Microsecond; {}`)
	r := parseTimeit(t, rec.stdout.String())
	if !inSeries(r.loops) || r.loops > 5000 {
		t.Errorf("%d loops, want at most 5000, from the 1-2-5 series", r.loops)
	}
	if r.mean < 60*time.Microsecond*99/100 {
		t.Errorf("a statement of at least 60 µs measured %v", r.mean)
	}
	t.Logf("%q", rec.stdout.String())
}

// TestTimeitBudget times a statement of at least 0.6 s: one loop per run.
// A run starts only while the time so far plus the last run fits in the
// 2.5 s budget: after the third run at least 1.8 s have passed, so a
// fourth may start (1.8 + 0.6 <= 2.5), a fifth never (2.4 + 0.6 > 2.5),
// however slow the machine. Without the budget there would be 7 runs.
func TestTimeitBudget(t *testing.T) {
	if timeitBudget != 2500*time.Millisecond || timeitMinRuns != 3 {
		t.Fatalf("the test's reasoning assumes a 2.5 s budget and 3 runs at least, not %v and %d", timeitBudget, timeitMinRuns)
	}
	s := newSession(t)
	mustRun(t, s, `import "time"`)
	rec := mustRun(t, s, `%timeit time.Sleep(600 * time.Millisecond)`)
	r := parseTimeit(t, rec.stdout.String())
	if r.loops != 1 {
		t.Errorf("%d loops of a 0.6 s statement, want 1", r.loops)
	}
	if r.runs != 3 && r.runs != 4 {
		t.Errorf("%d runs of a 0.6 s statement within a 2.5 s budget, want 3 or 4", r.runs)
	}
	if r.mean < 600*time.Millisecond*99/100 {
		t.Errorf("a 0.6 s sleep measured %v", r.mean)
	}
	t.Logf("%q", rec.stdout.String())
}

func TestTimeitErrors(t *testing.T) {
	s := newSession(t)
	for _, c := range []struct{ code, want string }{
		{"%timeit -n x f()", `UsageError: %timeit -n needs a positive count, got "x"`},
		{"%timeit -r 3", "UsageError: %timeit needs code to time"},
		// Positions point into the cell, past the magic.
		{`%timeit undefinedName + 1`, "undefined: undefinedName (line 1, column 9)"},
		{"%%timeit\nx := 1\nx.Foo()", "x.Foo undefined (type int has no field or method Foo) (line 3, column 3)"},
		{`%timeit panic("boom")`, "Panic: boom"},
	} {
		_, res := run(t, s, c.code)
		if res.Err == nil || !strings.Contains(res.Err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.code, res.Err, c.want)
		}
	}
}
