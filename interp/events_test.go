package interp

// Helpers for tests that check the order of events rather than elapsed
// time: an Output that signals when a text reaches it, and a gate a cell
// blocks on (inside compiled code) until the test opens it.

import (
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/methodic-go/methodic/display"
)

// watchdog bounds a wait for an event that must come: it is no measure
// of speed, only a limit so that a broken kernel fails the test instead
// of hanging it.
const watchdog = time.Minute

// watcher is a recorder that signals when its output contains a text.
type watcher struct {
	recorder
	want   string
	stream string // "stdout" or "stderr"
	seen   chan struct{}
}

func newWatcher(stream, want string) *watcher {
	return &watcher{want: want, stream: stream, seen: make(chan struct{})}
}

func (w *watcher) Stream(name, text string) {
	w.recorder.Stream(name, text)
	w.mu.Lock()
	defer w.mu.Unlock()
	got := w.stdout.String()
	if w.stream == "stderr" {
		got = w.stderr.String()
	}
	if w.want != "" && strings.Contains(got, w.want) {
		close(w.seen)
		w.want = ""
	}
}

func (w *watcher) Display(b display.Bundle, id string, update bool) {
	w.recorder.Display(b, id, update)
}

// wait waits until the text has reached the output.
func (w *watcher) wait(t *testing.T, what string) {
	t.Helper()
	select {
	case <-w.seen:
	case <-time.After(watchdog):
		t.Fatalf("%s: %q never reached %s", what, w.want, w.stream)
	}
}

// gate is a pipe a cell reads one byte from: the read is a call into
// compiled code (os.(*File).Read) that returns when the test opens the
// gate.
type gate struct {
	r, w *os.File
	fd   int // a duplicate of the read end, for the cell
}

func newGate(t *testing.T) *gate {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	// The cell gets its own descriptor: the *os.File it makes closes it
	// when collected, and must not close the test's.
	fd, err := syscall.Dup(int(r.Fd()))
	if err != nil {
		t.Fatal(err)
	}
	g := &gate{r: r, w: w, fd: fd}
	t.Cleanup(func() { g.w.Close(); g.r.Close() })
	return g
}

// wait is the statement a cell runs to wait at the gate.
func (g *gate) wait() string {
	return "_, _ = os.NewFile(" + strconv.Itoa(g.fd) + `, "gate").Read(make([]byte, 1))`
}

// open lets the cell through.
func (g *gate) open(t *testing.T) {
	t.Helper()
	if _, err := g.w.Write([]byte{1}); err != nil {
		t.Fatal(err)
	}
}

// result waits for an Execute running in a goroutine.
func result(t *testing.T, done <-chan Result, what string) Result {
	t.Helper()
	select {
	case r := <-done:
		return r
	case <-time.After(watchdog):
		t.Fatalf("%s: Execute did not return", what)
		return Result{}
	}
}
