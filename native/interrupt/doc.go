// Package interrupt is the flag that the code of compiled cells polls, so
// that an interrupt stops a compiled loop that never looks at ctx.
//
// The native package inserts a call of Check at the top of every loop body
// and every function body of a compiled cell. Check is one load of a
// word and a branch that is not taken (it inlines); when the kernel has
// raised the flag with Raise, Check panics with Interrupted, which
// unwinds the compiled code and the interpreted call that entered it.
//
// The flag is shared by the kernel and every compiled cell it loads: a
// plugin's reference to it resolves to the kernel's copy.
package interrupt
