package display

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// Handle is an output that can be replaced in place, as IPython's
// display(..., display_id=True) returns. NewHandle shows a value under a
// fresh display id; Update replaces what shows there with
// update_display_data, wherever the output is, even from a later cell.
//
// Outside a notebook (no publisher when the handle was made) both print
// the text/plain form to standard output. A handle made in a cell whose
// updates come when no cell is running drops them: there is nowhere to
// send them.
type Handle struct {
	id       string
	notebook bool      // a publisher was active when the handle was made
	out      io.Writer // text output outside a notebook
	mu       sync.Mutex
}

// NewHandle shows v now and returns a handle to update it.
func NewHandle(v any) *Handle {
	h := newHandle()
	h.show(Render(v), false)
	return h
}

func newHandle() *Handle {
	return &Handle{id: newDisplayID(), notebook: active() != nil, out: os.Stdout}
}

// ID returns the display id, unique within and across kernel runs.
func (h *Handle) ID() string { return h.id }

// Update renders v and replaces the handle's output with it.
func (h *Handle) Update(v any) { h.show(Render(v), true) }

func (h *Handle) show(b Bundle, update bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if p := active(); p != nil {
		p.Display(b, h.id, update)
		return
	}
	if !h.notebook {
		fmt.Fprintln(h.out, b.Text())
	}
}

// newDisplayID returns 128 random bits in hex. crypto/rand is used so
// that ids never collide with those of an earlier kernel whose outputs are
// still in the notebook.
func newDisplayID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		// crypto/rand does not fail on supported platforms; fall back to
		// the clock rather than panic in a notebook.
		return fmt.Sprintf("methodic-%x", time.Now().UnixNano())
	}
	return "methodic-" + hex.EncodeToString(b[:])
}

// DefaultInterval is the shortest time between two in-place updates of a
// Progress or a Chart: at most 10 updates a second.
const DefaultInterval = 100 * time.Millisecond

// throttle lets an action through at most once per interval.
type throttle struct {
	interval time.Duration
	now      func() time.Time
	last     time.Time
	started  bool
}

func newThrottle(interval time.Duration, now func() time.Time) throttle {
	if interval <= 0 {
		interval = DefaultInterval
	}
	if now == nil {
		now = time.Now
	}
	return throttle{interval: interval, now: now}
}

// allow reports whether the action may run at t, and records it if so.
func (t *throttle) allow(at time.Time) bool {
	if t.started && at.Sub(t.last) < t.interval {
		return false
	}
	t.started, t.last = true, at
	return true
}
