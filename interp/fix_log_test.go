package interp

import (
	"bytes"
	"context"
	"log"
	"testing"
)

// TestYaegiLogLines checks the filter of fix yaegi-log: yaegi's "nil
// type" lines are dropped while it compiles, and only then; other lines
// pass. It also checks that a session's compilation installs the filter.
func TestYaegiLogLines(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if res := s.Execute(context.Background(), "x := 1\n_ = x", &recorder{}, ExecOptions{}); res.Err != nil {
		t.Fatal(res.Err.Value)
	}
	if _, ok := log.Writer().(yaegiLogFilter); !ok {
		t.Fatalf("the standard logger writes to %T, not through the filter", log.Writer())
	}

	var buf bytes.Buffer
	l := log.New(yaegiLogFilter{w: &buf}, "", log.LstdFlags)
	l.Print("nil type") // not compiling: a cell's own line
	yaegiCompiling.Add(1)
	l.Print("nil type")
	l.Print("nil reflect type")
	l.Print("something else")
	yaegiCompiling.Add(-1)
	got := buf.String()
	if n := bytes.Count(buf.Bytes(), []byte("\n")); n != 2 || !bytes.Contains(buf.Bytes(), []byte(" nil type\n")) || !bytes.Contains(buf.Bytes(), []byte(" something else\n")) {
		t.Errorf("the filter let through:\n%s\nwant the line written outside a compilation and \"something else\"", got)
	}
}
