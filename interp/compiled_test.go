package interp

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/methodic-go/methodic/native"
)

// compiledSession returns a session whose cells can be compiled, or skips
// the test, saying why this machine cannot build plugins.
func compiledSession(t *testing.T) *Session {
	t.Helper()
	s := newSession(t)
	var te *native.ToolchainError
	if err := s.compiler().Check(context.Background()); errors.As(err, &te) && os.Getenv("METHODIC_REQUIRE_TOOLCHAIN") != "1" {
		t.Skipf("compiled cells are not available here: %v", err)
	} else if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestCompiledCell(t *testing.T) {
	s := compiledSession(t)
	rec := mustRun(t, s, "%%compile\ntype Point struct{ X, Y float64 }\n\nfunc (p Point) Norm2() float64 { return p.X*p.X + p.Y*p.Y }\n\nfunc dist2(a, b Point) float64 {\n\treturn Point{a.X - b.X, a.Y - b.Y}.Norm2()\n}\n\ndist2(Point{0, 0}, Point{3, 4})")
	_ = rec
	_, res := run(t, s, "p := Point{X: 1, Y: 2}\ndist2(p, Point{4, 6}) + p.Norm2()")
	if res.Err != nil {
		t.Fatalf("%v\n%s", res.Err, strings.Join(res.Err.Traceback, "\n"))
	}
	if res.Value == nil || res.Value.Text() != "30" {
		t.Fatalf("dist2 from an interpreted cell = %+v, want 30", res.Value)
	}
	// Preloaded packages need no import in a compiled cell.
	mustRun(t, s, "%%compile\nfunc det(m *mat.Dense) float64 { return mat.Det(m) }")
	_, res = run(t, s, "det(mat.NewDense(2, 2, []float64{1, 2, 3, 4}))")
	if res.Err != nil || res.Value == nil || res.Value.Text() != "-2" {
		t.Fatalf("det = %+v, %v", res.Value, res.Err)
	}
}

// TestCompiledNoCopy checks that a slice passes both ways as itself: the
// compiled code writes into the interpreted cell's slice, and keeps it.
func TestCompiledNoCopy(t *testing.T) {
	s := compiledSession(t)
	mustRun(t, s, "xs := []float64{1, 2, 3}")
	mustRun(t, s, "%%compile\nvar kept []float64\n\nfunc scale(xs []float64, k float64) {\n\tfor i := range xs {\n\t\txs[i] *= k\n\t}\n\tkept = xs\n}\n\nfunc first() float64 { return kept[0] }")
	mustRun(t, s, "scale(xs, 2)")
	_, res := run(t, s, "xs")
	if res.Value == nil || res.Value.Text() != "[2 4 6]" {
		t.Fatalf("xs after scale = %+v", res.Value)
	}
	mustRun(t, s, "xs[0] = 100")
	_, res = run(t, s, "first()")
	if res.Value == nil || res.Value.Text() != "100" {
		t.Fatalf("compiled code's copy of xs = %+v, want the same slice", res.Value)
	}
	// The compiled variable is the one interpreted cells see.
	_, res = run(t, s, "kept[1]")
	if res.Value == nil || res.Value.Text() != "4" {
		t.Fatalf("kept[1] = %+v", res.Value)
	}
}

// TestCompiledRedefine redefines a compiled function: interpreted callers
// and compiled callers of later cells call the new one.
func TestCompiledRedefine(t *testing.T) {
	s := compiledSession(t)
	mustRun(t, s, "%%compile\nfunc f() int { return 1 }")
	mustRun(t, s, "%%compile\nfunc twice() int { return 2 * f() }")
	mustRun(t, s, "func callF() int { return f() }")
	mustRun(t, s, "%%compile\nfunc f() int { return 5 }")
	_, res := run(t, s, "callF()*100 + twice()")
	if res.Err != nil || res.Value == nil || res.Value.Text() != "510" {
		t.Fatalf("after redefining f: %+v %v (want 510: the interpreted and the compiled caller both call the new f)", res.Value, res.Err)
	}
}

func TestCompiledInterrupt(t *testing.T) {
	s := compiledSession(t)
	mustRun(t, s, "kept := 41\nstarted := make(chan bool)")
	mustRun(t, s, "%%compile\nfunc spin(started chan bool) int {\n\tclose(started)\n\tn := 0\n\tfor {\n\t\tn++\n\t}\n}")
	started := s.gen.i.Globals()["started"].Interface().(chan bool)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan Result)
	go func() { done <- s.Execute(ctx, "spin(started)", &recorder{}, ExecOptions{}) }()
	select {
	case <-started:
	case r := <-done:
		t.Fatalf("spin returned: %+v", r.Err)
	}
	cancel()
	r := <-done
	if r.Err == nil || r.Err.Name != "Interrupted" {
		t.Fatalf("interrupted compiled loop: %+v", r.Err)
	}
	_, res := run(t, s, "kept + 1")
	if res.Err != nil || res.Value == nil || res.Value.Text() != "42" {
		t.Fatalf("after the interrupt: %+v %v", res.Value, res.Err)
	}
}

func TestCompiledErrors(t *testing.T) {
	s := compiledSession(t)
	_, res := run(t, s, "%%compile\nfunc f() int {\n\treturn \"x\"\n}")
	if res.Err == nil || res.Err.Name != "CompileError" || !strings.Contains(res.Err.Value, "line 3") {
		t.Fatalf("error = %+v", res.Err)
	}
	// The session goes on, and f was not declared.
	_, res = run(t, s, "f()")
	if res.Err == nil {
		t.Fatalf("f is declared after a failed compile")
	}
	mustRun(t, s, "x := 1")
}

// TestCompiledNoToolchain: without a go command or a C compiler on PATH,
// %%compile says what is missing and how to fix it, and interpreted cells
// go on.
func TestCompiledNoToolchain(t *testing.T) {
	t.Setenv("GOROOT", t.TempDir())
	t.Setenv("PATH", t.TempDir())
	s := newSession(t)
	_, res := run(t, s, "%%compile\nfunc f() int { return 1 }")
	if res.Err == nil || res.Err.Name != "ToolchainError" || !strings.Contains(res.Err.Value, "install ") {
		t.Fatalf("error = %+v", res.Err)
	}
	_, res = run(t, s, "func f() int { return 2 }\nf()")
	if res.Err != nil || res.Value == nil || res.Value.Text() != "2" {
		t.Fatalf("interpreted cell after a failed %%%%compile: %+v %v", res.Value, res.Err)
	}
}

// TestCompiledStillRunning interrupts a compiled call that blocks outside
// any loop: the cell ends as Interrupted at once and says what still
// runs; once the call returns, the session goes on.
func TestCompiledStillRunning(t *testing.T) {
	s := compiledSession(t)
	mustRun(t, s, "ch := make(chan int)\nstarted := make(chan bool)")
	mustRun(t, s, "%%compile\nfunc wait(started chan bool, ch chan int) int {\n\tclose(started)\n\treturn <-ch\n}")
	g := s.gen.i.Globals()
	started, ch := g["started"].Interface().(chan bool), g["ch"].Interface().(chan int)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan Result)
	go func() { done <- s.Execute(ctx, "wait(started, ch)", &recorder{}, ExecOptions{}) }()
	select {
	case <-started:
	case r := <-done:
		t.Fatalf("wait returned: %+v", r.Err)
	}
	cancel()
	r := <-done
	if r.Err == nil || r.Err.Name != "Interrupted" || !strings.Contains(r.Err.Value, "compiled cell function c1.wait") {
		t.Fatalf("interrupted blocked call: %+v", r.Err)
	}
	ch <- 1 // the compiled call returns
	mustRun(t, s, "x := 1")
}

// TestCompiledImportsModule imports a module that nothing requires yet:
// the compile fetches it from the module proxy. A %go get that would
// change the version of a module the kernel is built with is refused.
func TestCompiledImportsModule(t *testing.T) {
	s := compiledSession(t)
	_, res := run(t, s, "%%compile\nimport \"rsc.io/quote/v3\"\n\nfunc proverb() string { return quote.GoV3() }")
	if res.Err != nil && strings.Contains(res.Err.Value, "dial tcp") {
		t.Skipf("no module proxy here: %v", res.Err)
	}
	if res.Err != nil {
		t.Fatalf("%v\n%s", res.Err, strings.Join(res.Err.Traceback, "\n"))
	}
	_, res = run(t, s, "proverb()")
	if res.Err != nil || res.Value == nil || !strings.Contains(res.Value.Text(), "share memory by communicating") {
		t.Fatalf("proverb() = %+v %v", res.Value, res.Err)
	}
	_, res = run(t, s, "%go get gonum.org/v1/gonum@v0.16.0")
	if res.Err == nil || res.Err.Name != "ToolchainError" || !strings.Contains(res.Err.Value, "gonum.org/v1/gonum v0.16.0") || !strings.Contains(res.Err.Value, "v0.17.0") {
		t.Fatalf("%%go get of another gonum: %+v", res.Err)
	}
	// The refused version left the work module as it was.
	mustRun(t, s, "%%compile\nfunc norm(x []float64) float64 { return floats.Norm(x, 2) }")
	_, res = run(t, s, "norm([]float64{3, 4})")
	if res.Err != nil || res.Value == nil || res.Value.Text() != "5" {
		t.Fatalf("norm = %+v %v", res.Value, res.Err)
	}
}

// TestCompiledGoroutineInterrupted: a goroutine that a compiled cell
// started, still looping when a later cell is interrupted, stops with the
// interrupt and the kernel lives on.
func TestCompiledGoroutineInterrupted(t *testing.T) {
	s := compiledSession(t)
	mustRun(t, s, "running := make(chan bool)\nstopped := make(chan bool)\nblock := make(chan int)\nwaiting := make(chan bool)")
	mustRun(t, s, "%%compile\nfunc background(running, stopped chan bool) {\n\tgo func() {\n\t\tdefer close(stopped)\n\t\tclose(running)\n\t\tn := 0\n\t\tfor {\n\t\t\tn++\n\t\t}\n\t}()\n}\n\nfunc wait(waiting chan bool, ch chan int) int {\n\tclose(waiting)\n\treturn <-ch\n}")
	g := s.gen.i.Globals()
	running, stopped := g["running"].Interface().(chan bool), g["stopped"].Interface().(chan bool)
	waiting, block := g["waiting"].Interface().(chan bool), g["block"].Interface().(chan int)
	mustRun(t, s, "background(running, stopped)")
	<-running
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan Result)
	go func() { done <- s.Execute(ctx, "wait(waiting, block)", &recorder{}, ExecOptions{}) }()
	<-waiting
	cancel()
	<-stopped // the background loop stopped at the interrupt
	r := <-done
	if r.Err == nil || r.Err.Name != "Interrupted" {
		t.Fatalf("interrupted cell: %+v", r.Err)
	}
	block <- 0
	mustRun(t, s, "y := 2")
}
