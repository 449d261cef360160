package interp

import (
	"context"
	"reflect"
	"testing"
)

// frameLen is the number of slots of yaegi's global frame, which every
// execution copies when it has grown.
func frameLen(s *Session) int {
	return reflect.ValueOf(s.gen.i).Elem().FieldByName("frame").Elem().FieldByName("data").Len()
}

// TestStatementCellsDoNotGrow: running the same statement cell again and
// again leaves yaegi's global frame and the session's globals as they
// were. Cells used to run as a function literal called at top level,
// which added two frame slots per cell and copied the whole frame into
// the closure, so that each cell cost more than the one before; x := v
// on an existing x went through a temporary, two slots a cell; a
// trailing expression kept a slot for each of its temporaries; a trailing
// call with several results (fmt.Println) kept nine; and a cell that
// failed to compile kept what yaegi had allocated.
func TestStatementCellsDoNotGrow(t *testing.T) {
	for _, code := range []string{"x = 2", "if y := x; y > 0 { x = y }", "for i := range 3 { x += i }", "x++\nx--", "x := 2", "x := x + 1", "x + 1", "x", "fmt.Sprint(x)", "fmt.Println(x)", "strconv.Atoi(\"3\")", "x.y"} {
		s := newSession(t)
		mustRun(t, s, "x := 1")
		run := func() {
			if code == "x.y" { // fails to compile
				if res := s.Execute(context.Background(), code, &recorder{}, ExecOptions{}); res.Err == nil {
					t.Fatalf("%q ran", code)
				}
				return
			}
			mustRun(t, s, code)
		}
		run()
		frame, globals := frameLen(s), len(s.gen.globals())
		for range 50 {
			run()
		}
		if d := frameLen(s) - frame; d != 0 {
			t.Errorf("%q: the global frame grew by %d slots over 50 cells", code, d)
		}
		if d := len(s.gen.globals()) - globals; d != 0 {
			t.Errorf("%q: %d globals appeared over 50 cells", code, d)
		}
	}
}
