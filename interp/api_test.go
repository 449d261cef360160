package interp

import (
	"context"
	"fmt"
	"os"
	"strings"
	"syscall"
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
// while a cell runs (fix eval-concurrency): the cell never ends until it is
// cancelled, so an answer that waited for it would never come.
func TestAnswersWhileRunning(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "ready := 1")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan Result, 1)
	w := newWatcher("stdout", "running")
	go func() { done <- s.Execute(ctx, "fmt.Println(\"running\")\nfor {}", w, ExecOptions{}) }()
	w.wait(t, "the endless cell")
	answered := make(chan []string, 1)
	go func() {
		var errs []string
		if got := matchTexts(s.Complete("rea", 3)); !has(got, "ready") {
			errs = append(errs, fmt.Sprintf("complete while running: %v", got))
		}
		if _, ok := s.Inspect("strings.Split", 10, 0); !ok {
			errs = append(errs, "inspect while running failed")
		}
		if st, _ := s.IsComplete("x := ("); st != "incomplete" {
			errs = append(errs, "is_complete while running")
		}
		answered <- errs
	}()
	select {
	case errs := <-answered:
		for _, e := range errs {
			t.Error(e)
		}
	case r := <-done:
		t.Fatalf("the endless cell ended before the answers: %+v", r.Err)
	case <-time.After(watchdog):
		t.Fatal("no answers while the cell runs")
	}
	cancel()
	if r := result(t, done, "the interrupted cell"); r.Err == nil || r.Err.Name != "Interrupted" {
		t.Errorf("interrupted cell: %+v", r.Err)
	}
}

// TestInterrupt interrupts cells that never end by themselves, once each
// is surely running (it has printed), and checks that the state from
// before is intact.
func TestInterrupt(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "kept := 41")
	for _, code := range []string{"for {}", "n := 0\nfor { n++ }", "func spin() { for {} }\nspin()", "ch := make(chan int)\n<-ch", "select {}"} {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan Result, 1)
		w := newWatcher("stdout", "running")
		go func() { done <- s.Execute(ctx, "fmt.Println(\"running\")\n"+code, w, ExecOptions{}) }()
		w.wait(t, code)
		cancel()
		if r := result(t, done, code); r.Err == nil || r.Err.Name != "Interrupted" {
			t.Errorf("%q: %+v", code, r.Err)
		}
	}
	_, res := run(t, s, "kept + 1")
	if res.Value == nil || res.Value.Text() != "42" {
		t.Fatalf("state after interrupts: %+v", res)
	}
}

// TestInterruptCompiled interrupts a cell inside a compiled call that
// does not watch ctx (io.Copy from a pipe the test holds): Execute
// returns while the call still runs, the next cell waits for the call to
// return rather than run beside it, and the interrupted cell's code after
// the call never runs. Each step is an event the test observes, in order.
func TestInterruptCompiled(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "state := 7")
	in, out := newGate(t), newGate(t)
	// The cell copies from in to out: the test sees the copy running when
	// a byte it writes to in comes out of out.
	code := fmt.Sprintf("src, dst := os.NewFile(%d, \"in\"), os.NewFile(%d, \"out\")\nio.Copy(dst, src)\nstate = 8", in.fd, dupWrite(t, out))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan Result, 1)
	go func() { done <- s.Execute(ctx, code, &recorder{}, ExecOptions{}) }()
	in.open(t)
	readByte(t, out.r, "the copy in compiled code")

	// 1. Interrupted inside the call, Execute returns: the call is
	// blocked until the test closes in, which it has not done.
	cancel()
	if r := result(t, done, "the interrupted cell"); r.Err == nil || r.Err.Name != "Interrupted" {
		t.Fatalf("%+v", r.Err)
	}

	// 2. The next cell waits for the call, and says so.
	next := make(chan Result, 1)
	w := newWatcher("stderr", "waiting for the interrupted cell")
	go func() { next <- s.Execute(context.Background(), "state", w, ExecOptions{}) }()
	w.wait(t, "the cell after the interrupted one")
	select {
	case r := <-next:
		t.Fatalf("the next cell ran before the compiled call returned: %+v", r)
	default:
	}

	// 3. The call returns; the interrupted cell's state = 8 never runs,
	// and the next cell runs.
	in.w.Close()
	r := result(t, next, "the next cell")
	if r.Value == nil || r.Value.Text() != "7" {
		t.Errorf("state after the interrupted call: %+v %+v", r.Value, r.Err)
	}
}

// dupWrite gives a cell its own descriptor of a gate's write end.
func dupWrite(t *testing.T, g *gate) int {
	fd, err := syscall.Dup(int(g.w.Fd()))
	if err != nil {
		t.Fatal(err)
	}
	return fd
}

// readByte reads one byte, or fails the test after the watchdog.
func readByte(t *testing.T, f *os.File, what string) {
	t.Helper()
	got := make(chan error, 1)
	go func() {
		_, err := f.Read(make([]byte, 1))
		got <- err
	}()
	select {
	case err := <-got:
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	case <-time.After(watchdog):
		t.Fatalf("%s never wrote", what)
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
