package interrupt

import (
	"errors"
	"sync/atomic"
)

// Interrupted is the value Check panics with once the flag is raised.
var Interrupted = errors.New("interrupt: the compiled cell was interrupted")

var flag atomic.Uint32

// Check panics with Interrupted when the flag is raised. Compiled cells
// call it at the top of loop and function bodies.
func Check() {
	if flag.Load() != 0 {
		stop()
	}
}

//go:noinline
func stop() { panic(Interrupted) }

// Raise raises the flag: every compiled cell's code stops at its next
// check.
func Raise() { flag.Store(1) }

// Lower lowers the flag, before a cell runs.
func Lower() { flag.Store(0) }

// Raised reports whether the flag is raised.
func Raised() bool { return flag.Load() != 0 }
