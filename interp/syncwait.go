package interp

import (
	"bytes"
	"fmt"
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

// syncWaits are the goroutine states of a wait in package sync.
var syncWaits = map[string]bool{
	"sync.Mutex.Lock": true, "sync.RWMutex.Lock": true, "sync.RWMutex.RLock": true,
	"sync.WaitGroup.Wait": true, "sync.Cond.Wait": true,
}

// leaveSyncWait looks, after an interrupt, at the goroutine that runs the
// interrupted statements: when they have not ended within the grace and
// that goroutine waits in package sync, it is left behind, e says so, and
// leaveSyncWait reports true.
func (s *Session) leaveSyncWait(e *Error) bool {
	ch := s.runDone
	if ch == nil {
		return false
	}
	select {
	case <-ch:
		return false
	case <-time.After(interruptGrace):
	}
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
	what := ""
	for _, g := range goroutines(buf) {
		if s.timers.isStuck(g.id) || !bytes.Contains(g.stack, mark) {
			continue
		}
		if !syncWaits[g.state] || !g.asleep() {
			return false
		}
		ids = append(ids, g.id)
		if f := strings.Split(g.state, "."); len(f) == 3 {
			what = f[0] + ".(*" + f[1] + ")." + f[2]
		}
	}
	if len(ids) == 0 {
		return false
	}
	s.timers.noteStuck(ids)
	s.runDone = nil
	s.runDoneID.Store(0)
	e.Value += "; left waiting in " + what
	e.Traceback = append(e.Traceback,
		"  the cell's statements wait in "+what+", which an interrupt cannot end (nothing of the cell released it):",
		"  they are left there and the next cells run; if the wait ever ends, the rest of the interrupted cell runs then")
	return true
}
