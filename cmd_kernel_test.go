package main

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/methodic-go/methodic/kernel/kerneltest"
)

// startedSession starts a session as the kernel command does, waits for
// it, and closes it when the test ends.
func startedSession(t testing.TB) session {
	t.Helper()
	st := startSession(slog.New(slog.DiscardHandler))
	s, err := st.wait(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return session{st}
}

// TestKernelBeforeInterpreter: the kernel serves as soon as its sockets
// are bound; a request sent while the interpreter is still being created
// waits for it rather than failing.
func TestKernelBeforeInterpreter(t *testing.T) {
	st := startSession(slog.New(slog.DiscardHandler))
	t.Cleanup(func() {
		if s, err := st.wait(context.Background()); err == nil {
			s.Close()
		}
	})
	c := kerneltest.Start(t, session{st}).Client(t)
	e, err := c.Execute("1 + 1")
	if err != nil || e.Reply.Status != "ok" {
		t.Fatalf("%v %+v", err, e)
	}
}

// TestKernelInterpreterFailed: when the interpreter cannot start, cells
// get an error naming the cause and the kernel keeps answering.
func TestKernelInterpreterFailed(t *testing.T) {
	st := &starting{ready: make(chan struct{}), err: errors.New("no file descriptors left")}
	close(st.ready)
	c := kerneltest.Start(t, session{st}).Client(t)
	for range 2 {
		e, err := c.Execute("1 + 1")
		if err != nil {
			t.Fatal(err)
		}
		if e.Reply.Status != "error" || e.Reply.Ename != "KernelError" || !strings.Contains(e.Reply.Evalue, "no file descriptors left") {
			t.Errorf("reply %+v", e.Reply)
		}
	}
}

// TestKernelTracebackCounts checks that the adapter hands the interpreter
// Jupyter's execution count: executions Jupyter does not count (here one
// with store_history false) must not shift the cell a traceback names.
func TestKernelTracebackCounts(t *testing.T) {
	c := kerneltest.Start(t, startedSession(t)).Client(t)
	if e, err := c.ExecuteRequest(kerneltest.ExecuteRequest{Code: "x := 1"}); err != nil || e.Reply.Status != "ok" {
		t.Fatalf("%v %+v", err, e)
	}
	if e, err := c.Execute("func boom() {\n\tpanic(\"boom\")\n}"); err != nil || e.Reply.ExecutionCount != 1 {
		t.Fatalf("%v %+v", err, e)
	}
	e, err := c.Execute("boom()")
	if err != nil {
		t.Fatal(err)
	}
	if want := "boom (cell In[1], line 2, column 2)"; e.Reply.ExecutionCount != 2 || e.Reply.Evalue != want {
		t.Errorf("execution %d: evalue %q, want %q", e.Reply.ExecutionCount, e.Reply.Evalue, want)
	}
}
