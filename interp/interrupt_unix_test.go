//go:build linux || darwin

package interp

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// stderrWatch is a recorder that closes seen once stderr shows want.
type stderrWatch struct {
	*recorder
	want string
	seen chan struct{}
	once sync.Once
}

func (w *stderrWatch) Stream(name, text string) {
	w.recorder.Stream(name, text)
	if name == "stderr" && strings.Contains(w.recorder.stderrText(), w.want) {
		w.once.Do(func() { close(w.seen) })
	}
}

// TestInterruptedComesToWait interrupts a cell whose statements are in a
// compiled call (a read of a named pipe), lets them go on as statements
// that began after the interrupt did before _methodicBegin (E26: yaegi
// had read the changed run number), and lets them come to wait in a
// mutex only once the next cell waits for them. Before, the next cell
// (and every later one) waited for good: the one look at the statements
// had been half a second after the interrupt. Now the next cell keeps
// looking while it waits, leaves them in the lock, says so, and runs.
func TestInterruptedComesToWait(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "gate")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no named pipe: %v", err)
	}
	s := newSession(t)
	mustRun(t, s, "kept := 41")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan Result, 1)
	code := fmt.Sprintf("{\n\tvar mu sync.Mutex\n\tmu.Lock()\n\tdata, _ := os.ReadFile(%q)\n\tkept = len(data)\n\tmu.Lock()\n}", fifo)
	go func() { done <- s.Execute(ctx, code, &recorder{}, ExecOptions{}) }()
	// Opening the pipe to write returns once the cell has opened it to
	// read: its statements are then in os.ReadFile.
	w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	if r := result(t, done, "the interrupted cell"); r.Err == nil || r.Err.Name != "Interrupted" {
		w.Close()
		t.Fatalf("interrupted cell: %+v", r.Err)
	}
	s.gen.resume() // the statements go on as if they had begun after the interrupt
	watch := &stderrWatch{recorder: &recorder{}, want: "waiting for the interrupted cell", seen: make(chan struct{})}
	next := make(chan Result, 1)
	go func() { next <- s.Execute(context.Background(), "kept + 1", watch, ExecOptions{}) }()
	select {
	case <-watch.seen:
	case r := <-next:
		w.Close()
		t.Fatalf("the next cell did not wait for the interrupted statements: %+v %+v", r.Value, r.Err)
	}
	if _, err := w.WriteString("x"); err != nil {
		t.Fatal(err)
	}
	w.Close()
	r := result(t, next, "the cell after the interrupted one")
	if r.Err != nil || r.Value == nil || r.Value.Text() != "2" {
		t.Errorf("the next cell: %+v %+v; want 2 (the statements set kept to 1 before they came to wait)", r.Value, r.Err)
	}
	if e := watch.stderrText(); !strings.Contains(e, "came to wait in sync.(*Mutex).Lock") {
		t.Errorf("the next cell's stderr does not say where the statements were left: %q", e)
	}
}
