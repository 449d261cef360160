package interrupt

import (
	"fmt"
	"os"
	"sync/atomic"
)

// Live points to a byte while no interrupt is pending, and is nil once
// Raise is called (see the package documentation).
var Live atomic.Pointer[byte]

// live is what Live points to while no interrupt is pending.
var live = new(byte)

func init() { Live.Store(live) }

// Raise makes the code of every compiled cell stop at its next function
// or loop body.
func Raise() { Live.Store(nil) }

// Lower lets compiled code run, before a cell runs.
func Lower() { Live.Store(live) }

// Raised reports whether an interrupt is pending.
func Raised() bool { return Live.Load() == nil }

// Recover is deferred by the goroutines that compiled cells start. It
// ends the goroutine quietly when an interrupt stopped it, and reports
// any other panic on standard error (the running cell's stderr), as the
// kernel does for goroutines of interpreted cells, rather than letting it
// end the kernel.
func Recover() {
	r := recover()
	if r == nil {
		return
	}
	if Raised() {
		if e, ok := r.(interface{ RuntimeError() }); ok && e != nil {
			return
		}
	}
	fmt.Fprintf(os.Stderr, "panic in a goroutine started by a compiled cell: %v\n", r)
}
