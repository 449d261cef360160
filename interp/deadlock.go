package interp

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// A deadlock in a cell is the cell's error, as Go ends a program whose
// goroutines are all asleep ("fatal error: all goroutines are asleep -
// deadlock!"). Go's own detection cannot see it in a kernel, whose other
// goroutines (sockets, output) live on; the watch of watch.go looks for it
// instead, once a cell has run for a second, twice a second:
//
//   - every goroutine running the cell's interpreted code (those with
//     yaegi's frames) waits in a channel operation, a select, or on a
//     sync lock or WaitGroup, of interpreted code;
//   - no goroutine started since the cell began runs, or waits on
//     anything else (a system call, the network, a timer): it could wake
//     them;
//   - the cell has made no timer that could (time.After, time.Tick,
//     NewTimer, NewTicker, AfterFunc, context.WithTimeout or
//     WithDeadline) and does not wait for its ctx to be cancelled;
//   - and all of this is so in two looks half a second apart, with the
//     same goroutines.
//
// The cell is then stopped as an interrupt stops it, with Go's message.
// What the watch cannot see (a goroutine of compiled code that will send
// later without being alive now) keeps a cell waiting until it is
// interrupted, as before.

// errDeferClosure is the cause of a cell stopped as deadlocked in yaegi
// itself: a function whose deferred call runs a function value made in
// that same function waits for good, when it returns, on a lock of its
// own frame (traefik/yaegi#1697). Fix defer-local-closure makes the
// function literals and method expressions of such a function
// elsewhere; what it does not see is the value of a generic function
// (inc := Inc[int]; defer func() { inc(&n, 1) }()).
var errDeferClosure = errors.New("a deferred call of a function value made in the same function (a generic function used as a value: inc := Inc[int]; defer func() { inc(&n, 1) }()) hangs in yaegi v0.16.1 (traefik/yaegi#1697), which locks the function's frame while it runs its deferred calls: make the value with a function literal (inc := func(p *int, k int) { Inc(p, k) }), or call the function in the deferred call")

// errDeadlock is the cause of a cell stopped as deadlocked.
var errDeadlock = errors.New("all goroutines are asleep - deadlock! (every goroutine of the cell waited on a channel or a lock that nothing could release; Go ends the program so, the kernel stops the cell)")

// timers counts, for the running cell, what could wake a waiting
// goroutine later: time.After calls not fired yet, and the other timers
// and the waits for ctx, which the watch cannot follow.
type timers struct {
	after atomic.Int64 // time.After channels not fired yet
	other atomic.Bool  // a timer, ticker, context with a deadline, or a wait on ctx
	// stuck holds the goroutines of cells stopped as deadlocked, which
	// may wait for good (in a compiled lock): later looks leave them out.
	mu    sync.Mutex
	stuck map[int64]bool
}

// noteStuck records the goroutines of a cell stopped as deadlocked.
func (t *timers) noteStuck(ids []int64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.stuck == nil {
		t.stuck = map[int64]bool{}
	}
	for _, id := range ids {
		t.stuck[id] = true
	}
}

// isStuck reports whether goroutine id belongs to a cell stopped earlier.
func (t *timers) isStuck(id int64) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.stuck[id]
}

// reset starts the count of a new cell.
func (t *timers) reset() {
	t.after.Store(0)
	t.other.Store(false)
}

// busy reports whether something could wake the cell later.
func (t *timers) busy() bool { return t.after.Load() > 0 || t.other.Load() }

// timeSymbols are time's functions as cells see them: they note the
// timers the cell makes (the deadlock watch must know), and time.Sleep
// wakes up on an interrupt.
func (s *Session) timeSymbols() map[string]reflect.Value {
	t := &s.timers
	return map[string]reflect.Value{
		"Sleep": reflect.ValueOf(s.sleep),
		"After": reflect.ValueOf(func(d time.Duration) <-chan time.Time {
			t.after.Add(1)
			c := make(chan time.Time, 1)
			time.AfterFunc(d, func() {
				c <- time.Now()
				t.after.Add(-1)
			})
			return c
		}),
		"Tick": reflect.ValueOf(func(d time.Duration) <-chan time.Time {
			t.other.Store(true)
			return time.Tick(d)
		}),
		"NewTimer": reflect.ValueOf(func(d time.Duration) *time.Timer {
			t.other.Store(true)
			return time.NewTimer(d)
		}),
		"NewTicker": reflect.ValueOf(func(d time.Duration) *time.Ticker {
			t.other.Store(true)
			return time.NewTicker(d)
		}),
		"AfterFunc": reflect.ValueOf(func(d time.Duration, f func()) *time.Timer {
			t.other.Store(true)
			return time.AfterFunc(d, f)
		}),
	}
}

// contextSymbols are context's functions with a deadline, as cells see
// them: they note the timer for the deadlock watch.
func (s *Session) contextSymbols() map[string]reflect.Value {
	t := &s.timers
	return map[string]reflect.Value{
		"WithTimeout": reflect.ValueOf(func(parent context.Context, d time.Duration) (context.Context, context.CancelFunc) {
			t.other.Store(true)
			return context.WithTimeout(parent, d)
		}),
		"WithDeadline": reflect.ValueOf(func(parent context.Context, at time.Time) (context.Context, context.CancelFunc) {
			t.other.Store(true)
			return context.WithDeadline(parent, at)
		}),
		"WithTimeoutCause": reflect.ValueOf(func(parent context.Context, d time.Duration, cause error) (context.Context, context.CancelFunc) {
			t.other.Store(true)
			return context.WithTimeoutCause(parent, d, cause)
		}),
		"WithDeadlineCause": reflect.ValueOf(func(parent context.Context, at time.Time, cause error) (context.Context, context.CancelFunc) {
			t.other.Store(true)
			return context.WithDeadlineCause(parent, at, cause)
		}),
	}
}

// goroutine is one goroutine as the traceback shows it.
type goroutine struct {
	id     int64
	parent int64  // the goroutine that started it, or 0
	state  string // "select", "chan receive", "running", ...
	stack  []byte
}

// goroutines reads every goroutine of the process.
func goroutines(buf []byte) []goroutine {
	var out []goroutine
	for _, block := range bytes.Split(buf, []byte("\n\n")) {
		if !bytes.HasPrefix(block, []byte("goroutine ")) {
			continue
		}
		head, rest, _ := bytes.Cut(block, []byte("\n"))
		f := bytes.Fields(head)
		if len(f) < 3 {
			continue
		}
		id, err := strconv.ParseInt(string(f[1]), 10, 64)
		if err != nil {
			continue
		}
		state := string(head[bytes.IndexByte(head, '[')+1:])
		if i := bytes.IndexAny([]byte(state), ",]"); i >= 0 {
			state = state[:i]
		}
		g := goroutine{id: id, state: state, stack: rest}
		if i := bytes.LastIndex(rest, []byte("\ncreated by ")); i >= 0 {
			line, _, _ := bytes.Cut(rest[i+1:], []byte("\n"))
			if j := bytes.LastIndex(line, []byte(" in goroutine ")); j >= 0 {
				g.parent, _ = strconv.ParseInt(string(line[j+len(" in goroutine "):]), 10, 64)
			}
		}
		out = append(out, g)
	}
	return out
}

// interpreted reports whether g runs interpreted code.
func (g goroutine) interpreted() bool {
	return bytes.Contains(g.stack, []byte("github.com/traefik/yaegi/interp."))
}

// asleep reports whether g waits on a channel or a lock of interpreted
// code: its innermost frame outside the runtime, reflect and sync is
// yaegi's, or sync's WaitGroup, Mutex or Cond.
func (g goroutine) asleep() bool {
	switch g.state {
	case "select", "select (no cases)", "chan receive", "chan send", "chan receive (nil chan)",
		"chan send (nil chan)", "semacquire", "sync.Mutex.Lock", "sync.RWMutex.Lock", "sync.RWMutex.RLock",
		"sync.WaitGroup.Wait", "sync.Cond.Wait":
	default:
		return false
	}
	for _, line := range bytes.Split(g.stack, []byte("\n")) {
		if len(line) == 0 || line[0] == '\t' {
			continue
		}
		switch {
		case bytes.HasPrefix(line, []byte("runtime.")), bytes.HasPrefix(line, []byte("reflect.")),
			bytes.HasPrefix(line, []byte("internal/")):
			continue
		case bytes.HasPrefix(line, []byte("sync.")):
			return bytes.Contains(line, []byte("WaitGroup")) || bytes.Contains(line, []byte("Mutex")) || bytes.Contains(line, []byte("Cond"))
		default:
			return bytes.HasPrefix(line, []byte("github.com/traefik/yaegi/interp."))
		}
	}
	return false
}

// deadlockLook is what one look of the deadlock watch saw: the
// goroutines of the cell, all asleep, or nil when the cell is not
// deadlocked. The cell's goroutines are the one that runs it (it runs
// the interpreter interp, whose address its traceback shows) and those
// it started, directly or not; a goroutine of interpreted code whose
// starter has ended counts too (it may be an earlier cell's: one asleep
// for good cannot wake this cell, one awake keeps it from being called
// deadlocked).
func deadlockLook(interp string, t *timers) (ids []int64, deferHang bool) {
	if t.busy() {
		return nil, false
	}
	buf := make([]byte, 1<<20)
	for {
		n := runtimeStack(buf)
		if n < len(buf) || len(buf) >= 64<<20 {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	all := goroutines(buf)
	if len(all) > 0 {
		all = all[1:] // the watch's own
	}
	// The cell runs on the goroutine of Execute that ExecuteWithContext
	// started; that of a cell stopped as deadlocked may still be there,
	// stuck in a compiled lock, started by the same goroutine.
	byID := make(map[int64]*goroutine, len(all))
	runner, main := int64(-1), int64(-1)
	for i, g := range all {
		byID[g.id] = &all[i]
		if t.isStuck(g.id) {
			continue
		}
		if bytes.Contains(g.stack, []byte("(*Interpreter).ExecuteWithContext("+interp+",")) {
			runner = g.id
		}
	}
	mark := []byte("(*Interpreter).Execute(" + interp + ",")
	for _, g := range all {
		if g.parent == runner && !t.isStuck(g.id) && bytes.Contains(g.stack, mark) {
			main = g.id
		}
	}
	if runner < 0 || main < 0 {
		return nil, false
	}
	// ofCell reports whether g descends from the cell's goroutine, or
	// runs interpreted code started by a goroutine that has ended.
	// Goroutine numbers do not follow the order goroutines start in.
	ofCell := func(g goroutine) bool {
		for n := 0; n < len(all); n++ {
			if g.id == main {
				return true
			}
			p, ok := byID[g.parent]
			if !ok {
				return g.parent != 0 && g.interpreted()
			}
			g = *p
		}
		return false
	}
	for _, g := range all {
		if t.isStuck(g.id) || !ofCell(g) {
			continue
		}
		if g.interpreted() {
			if !g.asleep() {
				return nil, false
			}
			ids = append(ids, g.id)
			deferHang = deferHang || g.deferClosureHang()
			continue
		}
		if !g.asleep() && g.state != "select" && g.state != "chan receive" {
			// A goroutine the cell started, of compiled code, busy or
			// waiting on the world: it may wake the others.
			return nil, false
		}
	}
	slices.Sort(ids)
	return ids, deferHang
}

// deferClosureHang reports whether g waits, in a deferred call, for the
// lock of a frame yaegi holds (traefik/yaegi#1697).
func (g goroutine) deferClosureHang() bool {
	i := bytes.Index(g.stack, []byte("sync.(*RWMutex).Lock("))
	if i < 0 {
		return false
	}
	rest := g.stack[i:]
	next := bytes.Index(rest, []byte("\ngithub.com/traefik/yaegi/interp.getFunc."))
	return next >= 0 && bytes.Count(rest[:next], []byte("\n")) <= 2 && bytes.Contains(rest, []byte("interp.runCfg.func1()"))
}
