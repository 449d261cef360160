package display

import (
	"bytes"
	"io"
	"os"
	"strings"
	"testing"
	"time"
)

// fakeClock is a clock that moves only when told.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

func newFakeClock() *fakeClock { return &fakeClock{t: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)} }

// withPublisher runs f with a recorder as the active publisher.
func withPublisher(t *testing.T, f func(r *recorder)) {
	t.Helper()
	r := &recorder{}
	prev := SetPublisher(r)
	defer SetPublisher(prev)
	f(r)
}

// captureStdout returns what f writes to os.Stdout.
func captureStdout(t *testing.T, f func()) string {
	t.Helper()
	rd, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdout
	os.Stdout = w
	done := make(chan string)
	go func() {
		var buf bytes.Buffer
		io.Copy(&buf, rd)
		done <- buf.String()
	}()
	defer func() { os.Stdout = old }()
	f()
	w.Close()
	return <-done
}

func TestShowAndClear(t *testing.T) {
	withPublisher(t, func(r *recorder) {
		Show(HTML("<p>a</p>"), 2)
		Clear(true)
		calls := r.all()
		if len(calls) != 3 {
			t.Fatalf("%d calls, want 3", len(calls))
		}
		if calls[0].Bundle.Data[MIMEHTML] != "<p>a</p>" || calls[0].ID != "" || calls[0].Update {
			t.Errorf("first: %+v", calls[0])
		}
		if calls[1].Bundle.Text() != "2" {
			t.Errorf("second: %+v", calls[1])
		}
		if !calls[2].Clear || !calls[2].Wait {
			t.Errorf("third: %+v", calls[2])
		}
	})
}

func TestShowWithoutPublisher(t *testing.T) {
	out := captureStdout(t, func() {
		Show(HTML("<p>a</p>"), NewTable("x").AddRow(1))
		Clear(false) // no publisher: nothing happens
	})
	if want := "<p>a</p>\nx\n-\n1\n"; out != want {
		t.Errorf("stdout %q, want %q", out, want)
	}
}

func TestHandle(t *testing.T) {
	withPublisher(t, func(r *recorder) {
		h := NewHandle(HTML("one"))
		h2 := NewHandle(HTML("other"))
		h.Update(HTML("two"))
		calls := r.all()
		if len(calls) != 3 {
			t.Fatalf("%d calls", len(calls))
		}
		if !strings.HasPrefix(h.ID(), "methodic-") || len(h.ID()) != len("methodic-")+32 {
			t.Errorf("id %q", h.ID())
		}
		if h.ID() == h2.ID() {
			t.Error("two handles share an id")
		}
		if calls[0].ID != h.ID() || calls[0].Update || calls[0].Bundle.Data[MIMEHTML] != "one" {
			t.Errorf("show: %+v", calls[0])
		}
		if calls[2].ID != h.ID() || !calls[2].Update || calls[2].Bundle.Data[MIMEHTML] != "two" {
			t.Errorf("update: %+v", calls[2])
		}
		// An update after the cell (no publisher) is dropped, not printed.
		prev := SetPublisher(nil)
		if out := captureStdout(t, func() { h.Update(HTML("late")) }); out != "" {
			t.Errorf("late update printed %q", out)
		}
		SetPublisher(prev)
		// An update from a later cell goes to that cell's publisher.
		r2 := &recorder{}
		SetPublisher(r2)
		h.Update(HTML("three"))
		SetPublisher(r)
		if c := r2.all(); len(c) != 1 || c[0].ID != h.ID() || !c[0].Update {
			t.Errorf("later cell: %+v", c)
		}
	})
}

func TestHandleWithoutPublisher(t *testing.T) {
	out := captureStdout(t, func() {
		h := NewHandle(1)
		h.Update(2)
	})
	if out != "1\n2\n" {
		t.Errorf("stdout %q", out)
	}
}

func TestThrottle(t *testing.T) {
	c := newFakeClock()
	th := newThrottle(0, c.now)
	if th.interval != DefaultInterval {
		t.Fatalf("interval %v", th.interval)
	}
	var got []bool
	for _, d := range []time.Duration{0, 50, 49, 1, 99, 100, 250} {
		c.advance(d * time.Millisecond)
		got = append(got, th.allow(c.now()))
	}
	want := []bool{true, false, false, true, false, true, true}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("allow sequence %v, want %v", got, want)
		}
	}
}
