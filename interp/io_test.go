package interp

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

func TestStdin(t *testing.T) {
	s := newSession(t)
	rec := &recorder{inputs: []string{"Ada", "7 8"}}
	res := s.Execute(context.Background(), `fmt.Print("name? ")
r := bufio.NewReader(os.Stdin)
name, err := r.ReadString('\n')
var a, b int
fmt.Scanln(&a, &b)
fmt.Println("hello", strings.TrimSpace(name), err, a+b)`, rec, ExecOptions{})
	if res.Err != nil {
		t.Fatal(res.Err, res.Err.Traceback)
	}
	if got := rec.stdout.String(); got != "name? hello Ada <nil> 15\n" {
		t.Errorf("stdout %q", got)
	}
	if rec.prompts != 2 {
		t.Errorf("%d input requests", rec.prompts)
	}
	// Without input allowed the read fails rather than wait for a line
	// that cannot come.
	rec = &recorder{}
	done := make(chan Result, 1)
	go func() {
		done <- s.Execute(context.Background(), `var x int
_, err := fmt.Scan(&x)
fmt.Println(err)`, rec, ExecOptions{})
	}()
	res = result(t, done, "a read without input")
	if res.Err != nil || !strings.Contains(rec.stdout.String(), "standard input is not available") {
		t.Errorf("no-input read: %v %q", res.Err, rec.stdout.String())
	}
}

func TestCaptureCompiled(t *testing.T) {
	s := newSession(t)
	g := newGate(t)
	w := newWatcher("stdout", "started")
	done := make(chan Result, 1)
	go func() {
		done <- s.Execute(context.Background(), "fmt.Println(\"started\")\n"+g.wait(), w, ExecOptions{})
	}()
	w.wait(t, "the cell")
	// Compiled code of the process, writing while the cell runs (it waits
	// at the gate), is the cell's output, on both descriptors.
	fmt.Println("from compiled code")
	fmt.Fprintln(os.Stderr, "compiled error")
	g.open(t)
	if r := result(t, done, "the cell"); r.Err != nil {
		t.Fatal(r.Err)
	}
	if !strings.Contains(w.stdout.String(), "from compiled code") || !strings.Contains(w.stderr.String(), "compiled error") {
		t.Errorf("stdout %q stderr %q", w.stdout.String(), w.stderr.String())
	}
}

func TestOutputLimit(t *testing.T) {
	s, err := New(Options{MaxOutput: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rec := &counter{}
	start := time.Now()
	res := s.Execute(context.Background(), `line := strings.Repeat("x", 1023) + "\n"
for i := 0; i < 10*1024; i++ {
	fmt.Print(line)
}`, rec, ExecOptions{})
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if rec.out != 1<<20 {
		t.Errorf("streamed %d bytes of stdout, want %d", rec.out, 1<<20)
	}
	if !strings.Contains(rec.err.String(), "output limit of 1.0 MiB reached: 9.0 MiB of output dropped") {
		t.Errorf("stderr %q", rec.err.String())
	}
	if rec.calls < 2 {
		t.Errorf("output came in %d batches", rec.calls)
	}
	t.Logf("10 MiB printed in %v", time.Since(start))
}

// counter is an Output that counts stdout instead of keeping it.
type counter struct {
	recorder
	out   int
	calls int
	err   strings.Builder
}

func (c *counter) Stream(name, text string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if name == "stdout" {
		c.out += len(text)
		c.calls++
	} else {
		c.err.WriteString(text)
	}
}

func TestGoroutinePanic(t *testing.T) {
	s := newSession(t)
	g := newGate(t)
	// The cell waits at the gate until the report of its goroutine's
	// panic has reached its standard error.
	w := newWatcher("stderr", "panic in a goroutine started by a cell: worker 3 failed")
	done := make(chan Result, 1)
	go func() {
		done <- s.Execute(context.Background(), `go func(n int) {
	var m map[string]int
	if n > 0 {
		panic(fmt.Sprintf("worker %d failed", n))
	}
	m["x"] = 1
}(3)
`+g.wait(), w, ExecOptions{})
	}()
	w.wait(t, "the goroutine's panic")
	g.open(t)
	if r := result(t, done, "the cell"); r.Err != nil {
		t.Fatal(r.Err)
	}
	rec := mustRun(t, s, `fmt.Println("alive")`)
	if rec.stdout.String() != "alive\n" {
		t.Error("session did not survive")
	}
}
