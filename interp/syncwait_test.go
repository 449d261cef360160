package interp

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestInterruptSyncWait interrupts a cell whose statements wait in a
// WaitGroup or a Mutex that nothing will release, while the cell holds a
// timer (the deadlock watch then does not look): the statements are left
// behind, the error says where they wait, and the next cell runs without
// a second interrupt. Before, it and every later cell waited for the
// interrupted statements, for good.
func TestInterruptSyncWait(t *testing.T) {
	for _, c := range []struct{ code, state, where string }{
		{"var wg sync.WaitGroup\nwg.Add(1)\nwg.Wait()", "sync.WaitGroup.Wait", "sync.(*WaitGroup).Wait"},
		{"var mu sync.Mutex\nmu.Lock()\nmu.Lock()", "sync.Mutex.Lock", "sync.(*Mutex).Lock"},
	} {
		s := newSession(t)
		mustRun(t, s, "kept := 41")
		code := "tm := time.NewTimer(time.Hour)\n" + c.code + "\nkept = 0\ntm.Stop()"
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan Result, 1)
		go func() { done <- s.Execute(ctx, code, &recorder{}, ExecOptions{}) }()
		waitInState(t, s, c.state)
		cancel()
		r := result(t, done, "the interrupted cell")
		if r.Err == nil || r.Err.Name != "Interrupted" || !strings.Contains(r.Err.Value, "left waiting in "+c.where) {
			t.Fatalf("%s: interrupted cell: %+v", c.state, r.Err)
		}
		next := make(chan Result, 1)
		go func() { next <- s.Execute(context.Background(), "kept + 1", &recorder{}, ExecOptions{}) }()
		r = result(t, next, "the cell after the interrupted one")
		if r.Err != nil || r.Value == nil || r.Value.Text() != "42" {
			t.Errorf("%s: the next cell: %+v %+v", c.state, r.Value, r.Err)
		}
	}
}

// waitInState returns once a goroutine running the interpreted code of s
// is in state (a wait of package sync), or fails the test after the
// watchdog.
func waitInState(t *testing.T, s *Session, state string) {
	t.Helper()
	mark := []byte(fmt.Sprintf("(*Interpreter).Execute(%p,", s.gen.i))
	buf := make([]byte, 1<<20)
	for end := time.Now().Add(watchdog); time.Now().Before(end); time.Sleep(time.Millisecond) {
		for _, g := range goroutines(buf[:runtime.Stack(buf, true)]) {
			if g.state == state && bytes.Contains(g.stack, mark) {
				return
			}
		}
	}
	t.Fatalf("no interpreted goroutine came to wait in %s", state)
}
