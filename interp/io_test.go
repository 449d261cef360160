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
	// Without input allowed the read fails at once.
	rec = &recorder{}
	start := time.Now()
	res = s.Execute(context.Background(), `var x int
_, err := fmt.Scan(&x)
fmt.Println(err)`, rec, ExecOptions{})
	if res.Err != nil || !strings.Contains(rec.stdout.String(), "standard input is not available") {
		t.Errorf("no-input read: %v %q", res.Err, rec.stdout.String())
	}
	if time.Since(start) > time.Second {
		t.Error("a read without input waited")
	}
}

func TestCaptureCompiled(t *testing.T) {
	s := newSession(t)
	rec := &recorder{}
	done := make(chan Result)
	go func() {
		done <- s.Execute(context.Background(), "time.Sleep(300 * time.Millisecond)", rec, ExecOptions{})
	}()
	time.Sleep(100 * time.Millisecond)
	// Compiled code of the process, writing while the cell runs, is the
	// cell's output, on both descriptors.
	fmt.Println("from compiled code")
	fmt.Fprintln(os.Stderr, "compiled error")
	if r := <-done; r.Err != nil {
		t.Fatal(r.Err)
	}
	if !strings.Contains(rec.stdout.String(), "from compiled code") || !strings.Contains(rec.stderr.String(), "compiled error") {
		t.Errorf("stdout %q stderr %q", rec.stdout.String(), rec.stderr.String())
	}
	// A child process writes to the same descriptors.
	rec = mustRun(t, s, "!echo from a child; echo err >&2")
	if rec.stdout.String() != "from a child\n" || rec.stderr.String() != "err\n" {
		t.Errorf("shell: %q %q", rec.stdout.String(), rec.stderr.String())
	}
	_, res := run(t, s, "!exit 3")
	if res.Err == nil || res.Err.Name != "ShellError" || !strings.Contains(res.Err.Value, "exit status 3") {
		t.Errorf("shell exit: %+v", res.Err)
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
	rec := mustRun(t, s, `done := make(chan bool)
go func(n int) {
	defer close(done)
	var m map[string]int
	if n > 0 {
		panic(fmt.Sprintf("worker %d failed", n))
	}
	m["x"] = 1
}(3)
<-done
time.Sleep(20 * time.Millisecond)`)
	if !strings.Contains(rec.stderr.String(), "panic in a goroutine started by a cell: worker 3 failed") {
		t.Errorf("stderr %q", rec.stderr.String())
	}
	rec = mustRun(t, s, `fmt.Println("alive")`)
	if rec.stdout.String() != "alive\n" {
		t.Error("session did not survive")
	}
}
