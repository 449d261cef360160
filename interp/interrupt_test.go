package interp

import (
	"context"
	"strings"
	"testing"
)

// TestInterruptBeforeBegin interrupts a cell just before its statements
// are given to yaegi (an interrupt during their compilation, or before
// yaegi's goroutine was scheduled, as happens under load: E26). Before,
// yaegi's goroutine read the run number the interrupt had already
// changed, and ran the whole statements, unstoppable, after the cell had
// replied Interrupted: here they set ran and read standard input. Now the
// stop waits until the program has begun, and nothing of it runs.
func TestInterruptBeforeBegin(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "ran := 0")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	calls := 0
	s.testHookExecute = func() {
		// The first program declares the function that holds the
		// statements, the second calls it.
		if calls++; calls == 2 {
			cancel()
		}
	}
	rec := &recorder{}
	r := s.Execute(ctx, "{\n\tran = 1\n\tvar line string\n\tfmt.Scanln(&line)\n\tran = 2\n}", rec, ExecOptions{})
	s.testHookExecute = nil
	if calls != 2 {
		t.Fatalf("%d programs given to yaegi, want 2 (declaration, call)", calls)
	}
	if r.Err == nil || r.Err.Name != "Interrupted" || strings.Contains(r.Err.Value, "still running") {
		t.Fatalf("interrupted cell: %+v", r.Err)
	}
	_, res := run(t, s, "ran")
	rec.mu.Lock()
	prompts := rec.prompts
	rec.mu.Unlock()
	if res.Value == nil || res.Value.Text() != "0" || prompts != 0 {
		t.Errorf("the interrupted statements ran: ran = %+v (want 0), %d reads of stdin (want 0)", res.Value, prompts)
	}
}

func (r *recorder) stderrText() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stderr.String()
}
