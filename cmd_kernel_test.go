package main

import (
	"testing"

	"github.com/methodic-go/methodic/interp"
	"github.com/methodic-go/methodic/kernel/kerneltest"
)

// TestKernelTracebackCounts checks that the adapter hands the interpreter
// Jupyter's execution count: executions Jupyter does not count (here one
// with store_history false) must not shift the cell a traceback names.
func TestKernelTracebackCounts(t *testing.T) {
	s, err := interp.New(interp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c := kerneltest.Start(t, session{s}).Client(t)
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
