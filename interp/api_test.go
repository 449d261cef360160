package interp

import (
	"context"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/methodic-go/methodic/mlstd/data"
)

func newSession(t testing.TB) *Session {
	t.Helper()
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func run(t testing.TB, s *Session, code string) (*recorder, Result) {
	t.Helper()
	rec := &recorder{}
	res := s.Execute(context.Background(), code, rec, ExecOptions{})
	return rec, res
}

func mustRun(t testing.TB, s *Session, code string) *recorder {
	t.Helper()
	rec, res := run(t, s, code)
	if res.Err != nil {
		t.Fatalf("%s: %v\n%s", code, res.Err, strings.Join(res.Err.Traceback, "\n"))
	}
	return rec
}

func TestIsComplete(t *testing.T) {
	s := newSession(t)
	for _, c := range []struct{ code, status, indent string }{
		{"x := 1", "complete", ""},
		{"func f() {", "incomplete", "    "},
		{"if x {\n\tfor {", "incomplete", "        "},
		{"fmt.Println(1,", "incomplete", "    "},
		{"x := 1 +", "incomplete", "    "},
		{"s := `raw", "incomplete", ""},
		{"x := )", "invalid", ""},
		{"}", "invalid", ""},
		{"x := 1 1", "invalid", ""},
		{"%time x := 1", "complete", ""},
		{"", "complete", ""},
	} {
		st, in := s.IsComplete(c.code)
		if st != c.status || in != c.indent {
			t.Errorf("IsComplete(%q) = %q, %q; want %q, %q", c.code, st, in, c.status, c.indent)
		}
	}
}

func matchTexts(c Completion) []string {
	var out []string
	for _, m := range c.Matches {
		out = append(out, m.Text)
	}
	return out
}

func has(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestComplete(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `type Point struct{ X, Y float64 }
func (p Point) Norm() float64 { return p.X*p.X + p.Y*p.Y }
pt := Point{1, 2}
counter := 3
m := mat.NewDense(2, 2, nil)`)

	code := "strings.ToU"
	c := s.Complete(code, len(code))
	if !has(matchTexts(c), "ToUpper") || c.Start != 8 || c.End != len(code) {
		t.Errorf("pkg member: %v [%d,%d]", matchTexts(c), c.Start, c.End)
	}
	for _, m := range c.Matches {
		if m.Text == "ToUpper" && (m.Kind != "function" || !strings.Contains(m.Signature, "ToUpper(s string) string")) {
			t.Errorf("ToUpper match: %+v", m)
		}
	}
	code = "pt."
	c = s.Complete(code, 3)
	if got := matchTexts(c); !has(got, "X") || !has(got, "Norm") {
		t.Errorf("user type members: %v", got)
	}
	code = "m.D"
	if got := matchTexts(s.Complete(code, 3)); !has(got, "Dims") {
		t.Errorf("compiled type members: %v", got)
	}
	code = "d := mat.NewVecDense(3, nil)\nd.A"
	if got := matchTexts(s.Complete(code, len(code))); !has(got, "AtVec") {
		t.Errorf("member of a variable of the cell being typed: %v", got)
	}
	code = "cou"
	if got := matchTexts(s.Complete(code, 3)); !has(got, "counter") {
		t.Errorf("globals: %v", got)
	}
	code = "fo"
	if got := matchTexts(s.Complete(code, 2)); !has(got, "for") {
		t.Errorf("keywords: %v", got)
	}
	code = "hello := 1\nhel"
	if got := matchTexts(s.Complete(code, len(code))); !has(got, "hello") {
		t.Errorf("locals: %v", got)
	}
	// Cursor positions count code points.
	code = "é := 1; strings.Tr"
	c = s.Complete(code, len([]rune(code)))
	if c.Start != len([]rune("é := 1; strings.")) || !has(matchTexts(c), "TrimSpace") {
		t.Errorf("unicode cursor: %v [%d,%d]", matchTexts(c), c.Start, c.End)
	}
}

func TestInspect(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `// Double doubles.
func Double(x int) int { return 2 * x }

// Celsius is a temperature.
type Celsius float64

v := []int{1, 2, 3}`)
	for _, c := range []struct{ code, want string }{
		{"strings.ToUpper", "func ToUpper(s string) string"},
		{"strings.ToUpper", "ToUpper returns s with all Unicode letters mapped to their upper case"},
		{"mat.NewDense", "func NewDense(r, c int, data []float64) *Dense"},
		{"Double", "func Double(x int) int { return 2 * x }"},
		{"Double", "// Double doubles."},
		{"Celsius", "// Celsius is a temperature.\ntype Celsius float64"},
		{"v", "var v []int"},
		{"fmt", `package fmt // import "fmt"`},
		{"ctx", "cancel"},
		{"len", "func len(v Type) int"},
	} {
		b, ok := s.Inspect(c.code, len(c.code), 0)
		if !ok || !strings.Contains(b.Text(), c.want) {
			t.Errorf("Inspect(%q) = %v %q; want it to contain %q", c.code, ok, b.Text(), c.want)
		}
	}
	if _, ok := s.Inspect("nothingHere", 5, 0); ok {
		t.Error("found an undefined name")
	}
	// Asked for with v?, the value shows too.
	_, res := run(t, s, "v?")
	if len(res.Pages) != 1 || !strings.Contains(res.Pages[0].Text(), "len 3: [1 2 3]") {
		t.Errorf("v? = %+v; want the value", res.Pages)
	}
}

// TestAnswersWhileRunning checks that completion and inspection answer
// while a cell runs (YAEGI.md item 15).
func TestAnswersWhileRunning(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "ready := 1")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan Result)
	go func() { done <- s.Execute(ctx, "for {}", &recorder{}, ExecOptions{}) }()
	time.Sleep(50 * time.Millisecond)
	start := time.Now()
	if got := matchTexts(s.Complete("rea", 3)); !has(got, "ready") {
		t.Errorf("complete while running: %v", got)
	}
	if _, ok := s.Inspect("strings.Split", 10, 0); !ok {
		t.Error("inspect while running failed")
	}
	if st, _ := s.IsComplete("x := ("); st != "incomplete" {
		t.Error("is_complete while running")
	}
	// The cell runs until cancelled: an answer that waited for it
	// would never come. A second leaves room for a loaded machine.
	if d := time.Since(start); d > time.Second {
		t.Errorf("answers took %v", d)
	}
	cancel()
	if r := <-done; r.Err == nil || r.Err.Name != "Interrupted" {
		t.Errorf("interrupted cell: %+v", r.Err)
	}
}

func TestInterrupt(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "kept := 41")
	for _, code := range []string{"for {}", "n := 0\nfor { n++ }", "func spin() { for {} }\nspin()", "ch := make(chan int)\n<-ch", "select {}"} {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan Result)
		go func() { done <- s.Execute(ctx, code, &recorder{}, ExecOptions{}) }()
		time.Sleep(30 * time.Millisecond)
		start := time.Now()
		cancel()
		r := <-done
		// The cells never end by themselves; a second leaves room for
		// a loaded machine (a quiet one takes 2-18 ms).
		if d := time.Since(start); d > time.Second {
			t.Errorf("%q: interrupt took %v", code, d)
		}
		if r.Err == nil || r.Err.Name != "Interrupted" {
			t.Errorf("%q: %+v", code, r.Err)
		}
	}
	_, res := run(t, s, "kept + 1")
	if res.Value == nil || res.Value.Text() != "42" {
		t.Fatalf("state after interrupts: %+v", res)
	}
}

// TestInterruptCompiled interrupts a cell inside a compiled call that
// does not watch ctx: Execute returns at once, and the next cell waits for
// the call to return rather than run beside it.
func TestInterruptCompiled(t *testing.T) {
	const n = 400000
	t0 := time.Now()
	new(big.Int).MulRange(1, n)
	callTime := time.Since(t0)
	s := newSession(t)
	mustRun(t, s, "state := 7")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan Result)
	start := time.Now()
	go func() {
		done <- s.Execute(ctx, fmt.Sprintf("_ = new(big.Int).MulRange(1, %d)\nstate = 8", n), &recorder{}, ExecOptions{})
	}()
	time.Sleep(50 * time.Millisecond)
	cancel()
	r := <-done
	// Returning before the compiled call could have ended; the bound
	// scales with the machine's speed (callTime is about 0.6 s quiet).
	if d := time.Since(start); d > callTime/2+50*time.Millisecond {
		t.Errorf("interrupt took %v; the call alone takes %v", d, callTime)
	}
	if r.Err == nil || r.Err.Name != "Interrupted" {
		t.Fatalf("%+v", r.Err)
	}
	_, res := run(t, s, "state")
	if res.Value == nil || res.Value.Text() != "7" {
		t.Errorf("state after the interrupted call: %+v", res.Value)
	}
	if waited := time.Since(start); waited < callTime/2 {
		t.Errorf("the next cell ran after %v, before the compiled call (%v) returned", waited, callTime)
	}
}

// TestIndexReadsNoValue checks that what completion, inspection and %who
// know of a variable comes from its name and type: a data set's String
// method is not called (it used to be, after every cell, for every
// variable), and a String method of a cell type that counts its calls
// is not called by declaring, completing or inspecting other names.
func TestIndexReadsNoValue(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "d := data.Digits()")
	b, ok := s.Inspect("d", 1, 0)
	if !ok || !strings.Contains(b.Text(), "*data.Dataset") {
		t.Fatalf("Inspect(d) = %q, %v; want its type", b.Text(), ok)
	}
	if strings.Contains(b.Text(), data.Digits().String()) {
		t.Errorf("Inspect(d) shows d.String(): %q", b.Text())
	}
	mustRun(t, s, "var calls int\ntype C struct{}\nfunc (C) String() string { calls++; return \"C\" }\nvar st fmt.Stringer = C{}")
	mustRun(t, s, "y := 1\nvar z = 2")
	s.Complete("s", 1)
	s.Complete("st.", 3)
	s.Inspect("st", 2, 0)
	mustRun(t, s, "%who")
	_, res := run(t, s, "calls")
	if res.Err != nil || res.Value == nil || res.Value.Text() != "0" {
		t.Errorf("calls = %+v, %v; want 0", res.Value, res.Err)
	}
}
