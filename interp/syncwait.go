package interp

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"
)

// An interrupted cell whose statements wait in a lock or WaitGroup
// (mu.Lock(), wg.Wait()) cannot be stopped: sync's waits are compiled
// calls that do not watch ctx. The next cell used to wait for them to
// return, and so did every later cell, each until interrupted again: a
// session left for good when the wait was a deadlock the watch of
// watch.go had not stopped yet (it looks after a second, and not at all
// while the cell holds a timer or a context with a deadline). Such
// statements are left behind instead, as those of a cell the watch
// stopped as deadlocked: the next cells run, and if the wait ever ends,
// the rest of the interrupted cell runs then.
//
// The goroutine running the statements is looked at again and again
// until they have stopped (E26): by the interrupted cell while the grace
// lasts, then by the next cell for as long as it waits for them. A
// single look half a second after the interrupt missed statements that
// came to wait later (a compiled call returning into mu.Lock(), a
// program that had not begun when the interrupt came), and every later
// cell then waited for good.

// syncWaits are the goroutine states of a wait in package sync.
var syncWaits = map[string]bool{
	"sync.Mutex.Lock": true, "sync.RWMutex.Lock": true, "sync.RWMutex.RLock": true,
	"sync.WaitGroup.Wait": true, "sync.Cond.Wait": true,
}

// The looks at interrupted statements begin lookFirst after the
// interrupt (or the next cell's start) and space out to lookEvery.
const (
	lookFirst = 10 * time.Millisecond
	lookEvery = 200 * time.Millisecond
)

// settleInterrupted completes the error e of an interrupted cell once its
// statements have stopped, or the grace an interrupt allows has passed:
// statements that wait in package sync are left behind, and e says so;
// statements still running elsewhere are named (noteStillRunning) and
// the next cell waits for them (waitStopped).
func (s *Session) settleInterrupted(e *Error) {
	ch := s.runDone
	if ch == nil {
		s.noteStillRunning(e)
		return
	}
	end := time.Now().Add(interruptGrace)
	for wait := lookFirst; ; {
		if s.stopWaitingFor(ch, wait, nil) {
			return
		}
		what, left, took := s.lookInterrupted()
		wait = nextLook(wait, took)
		if left {
			e.Value += "; left waiting in " + what
			e.Traceback = append(e.Traceback,
				"  the cell's statements wait in "+what+", which an interrupt cannot end (nothing of the cell released it):",
				"  they are left there and the next cells run; if the wait ever ends, the rest of the interrupted cell runs then")
			return
		} else if s.runDone == nil {
			return
		}
		if time.Now().After(end) {
			break
		}
	}
	s.noteStillRunning(e)
}

// waitStopped waits, before a cell runs, until the statements of an
// interrupted cell have really stopped (yaegi's ExecuteWithContext
// returns before they do, and a compiled call runs on until it returns),
// or have come to wait in package sync, where they are left. It says so
// on stderr when that takes long; a cancelled ctx ends the wait.
func (s *Session) waitStopped(ctx context.Context) error {
	ch := s.runDone
	if ch == nil {
		return nil
	}
	start, said := time.Now(), false
	for wait := lookFirst; ; {
		if s.stopWaitingFor(ch, wait, ctx.Done()) {
			return ctx.Err()
		}
		what, left, took := s.lookInterrupted()
		wait = nextLook(wait, took)
		if left {
			fmt.Fprintf(os.Stderr, "note: the statements of the interrupted cell came to wait in %s, which an interrupt cannot end: they are left there (if the wait ever ends, the rest of that cell runs then)\n", what)
			return nil
		} else if s.runDone == nil {
			return nil
		}
		if !said && time.Since(start) >= interruptGrace {
			fmt.Fprintln(os.Stderr, "waiting for the interrupted cell: a call into compiled code that does not watch ctx is still running...")
			said = true
		}
	}
}

// stopWaitingFor waits for ch, the end of interrupted statements, for at
// most d. It reports true when cancel is closed first; when ch is closed
// it clears runDone.
func (s *Session) stopWaitingFor(ch chan struct{}, d time.Duration, cancel <-chan struct{}) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ch:
		s.runDone = nil
	case <-cancel:
		return true
	case <-t.C:
	}
	return false
}

// lookInterrupted looks at the goroutines that run the statements of an
// interrupted cell (those of yaegi's Execute for the session's
// interpreter, but for those left behind earlier). When none is left (nor
// a goroutine of yaegi's that has not begun its program yet), the
// statements ended without saying so (the interrupt stopped them before
// their deferred _methodicDone was set up) and runDone is cleared. When
// all wait in package sync, they are left behind, runDone is cleared, and
// left is true with what naming the wait. took is how long the look took.
func (s *Session) lookInterrupted() (what string, left bool, took time.Duration) {
	if s.runDone == nil {
		return "", false, 0
	}
	t0 := time.Now()
	defer func() { took = time.Since(t0) }()
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) || len(buf) >= 64<<20 {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	mark := []byte(fmt.Sprintf("(*Interpreter).Execute(%p,", s.gen.i))
	var ids []int64
	for _, g := range goroutines(buf) {
		if s.timers.isStuck(g.id) {
			continue
		}
		if !bytes.Contains(g.stack, mark) {
			if bytes.Contains(g.stack, []byte(").ExecuteWithContext.func1(")) && !bytes.Contains(g.stack, []byte("(*Interpreter).Execute(")) {
				return "", false, 0 // a program not begun yet: maybe theirs
			}
			continue
		}
		if !syncWaits[g.state] || !g.asleep() {
			return "", false, 0
		}
		ids = append(ids, g.id)
		if f := strings.Split(g.state, "."); len(f) == 3 && what == "" {
			what = f[0] + ".(*" + f[1] + ")." + f[2]
		}
	}
	s.timers.noteStuck(ids)
	s.runDone = nil
	s.runDoneID.Store(0)
	return what, len(ids) > 0, 0
}

// nextLook returns the pause before the next look: twice the last, up to
// lookEvery, and at least twice what the last look took (a look stops
// the world while it walks every goroutine's stack, seconds for a deep
// recursion still unwinding, which must get most of the time).
func nextLook(wait, took time.Duration) time.Duration {
	return max(min(2*wait, lookEvery), 2*took)
}
