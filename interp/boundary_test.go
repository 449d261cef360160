package interp

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestBoundaryRecovers breaks a session from inside (its interpreter
// taken away, as a bug of the kernel would) and checks that no entry
// point lets the panic out: the cell gets an InternalError, completion,
// inspection and is-complete answer with nothing, the stack goes to the
// log, and the session goes on once the fault is gone.
func TestBoundaryRecovers(t *testing.T) {
	var log bytes.Buffer
	s, err := New(Options{Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mustRun(t, s, "x := 41")
	g := s.gen
	s.gen = nil
	res := s.Execute(context.Background(), "y := x + 1", &recorder{}, ExecOptions{})
	if res.Err == nil || res.Err.Name != "InternalError" {
		t.Fatalf("Execute with a broken session: %+v", res.Err)
	}
	vars := s.vars
	s.vars = nil
	if c := s.Complete("x", 1); len(c.Matches) != 0 {
		t.Errorf("Complete with a broken session: %+v", c)
	}
	if _, ok := s.Inspect("x", 1, 0); ok {
		t.Error("Inspect with a broken session found x")
	}
	for _, where := range []string{"Complete", "Inspect"} {
		if !strings.Contains(log.String(), "interp: internal panic in "+where) {
			t.Errorf("the log lacks the panic in %s", where)
		}
	}
	s.vars = vars
	if _, err := s.Evaluate(context.Background(), "x"); err == nil {
		t.Error("Evaluate with a broken session: no error")
	}
	if !strings.Contains(log.String(), "interp: internal panic in Execute") {
		t.Errorf("the log lacks the panic:\n%s", log.String())
	}
	s.gen = g
	s.refreshIndex()
	_, res = run(t, s, "x + 1")
	if res.Err != nil || res.Value == nil || res.Value.Text() != "42" {
		t.Errorf("after the fault: %+v %+v", res.Value, res.Err)
	}
}

// TestScopeFields checks that the fields of types.Scope the type checker
// of the cells edits are there, with their types (typecheck.go).
func TestScopeFields(t *testing.T) {
	if scopeFields.elems < 0 || scopeFields.children < 0 {
		t.Fatal("types.Scope has no fields elems map[string]types.Object and children []*types.Scope")
	}
}
