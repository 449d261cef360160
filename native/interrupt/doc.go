// Package interrupt is what the code of compiled cells looks at, so that
// an interrupt stops a compiled loop that never looks at ctx.
//
// The native package inserts `_ = *interrupt.Live.Load()` at the top of
// every function body and loop body of a compiled cell. While no
// interrupt is pending, Live points to a byte and the statement is one
// load that the processor predicts and the loop does not wait for
// (measured: a loop summing 1..1e7 takes 1.02x the time without it, where
// an `if flag != 0 { panic(...) }` test takes 2x, its call path making
// the loop keep values in memory). Raise stores nil, so that the next
// dereference panics (a nil pointer dereference, a run-time panic that
// recover sees), which unwinds the compiled code back to the interpreted
// call that entered it; the cell then ends as Interrupted.
//
// A goroutine that a compiled cell starts with a go statement gets
// `defer interrupt.Recover()` as its first deferred call, so that an
// interrupt (or any panic) ends that goroutine and not the kernel.
//
// Live is shared by the kernel and every compiled cell it loads: a
// plugin's reference to it resolves to the kernel's copy.
package interrupt
