// Package cellseq generates seeded random sequences of notebook cells
// and checks what a Go kernel did with them: the cell-sequence fuzzer of
// the interp package (issue 14, item 8).
//
// A Sequence is a list of ordinary cells a user might type, one after
// another: declarations of variables, constants, functions, struct types
// and methods; redefinitions, with the same type or another one; closures
// and pointers that reach variables, method values, channels; goroutines;
// trailing expressions; and cells that fail: wrong arity, failed
// conversions, missing members of preloaded packages, constant division
// by zero, panics, run-time errors, an interrupted endless loop. The
// generator keeps a model of the session as Go defines it, so each cell
// comes with the outcome Go gives it (success, compile error, panic,
// run-time error, interrupt) and, where it prints or has a result, the
// exact text. After every step it adds two probe cells: one that any
// working session runs, and one that prints every value the model knows
// (variables, constants, results of functions and method values,
// pointers, lengths of channels).
//
// The same seed and Config give the same Sequence, so a failure is
// reproduced by its seed; Shortest finds the shortest failing prefix.
//
// Check compares a kernel's results (Got, one per cell, from whatever
// ran the cells: a Session in process, `methodic run` on a notebook, a
// Jupyter client) with the model, for the invariants of Checks:
//
//	internal   no interpreter-internal failure surfaces: no error named
//	           InternalError (or any name outside SyntaxError,
//	           CompileError, Panic, RuntimeError, Interrupted); no
//	           panic or run-time error in a cell that Go says compiles
//	           and cannot panic (the interpreter's own panic, as yaegi's
//	           Globals index error on a failed :=); and none of the
//	           interpreter's machinery in what the user sees: "reflect"
//	           (the generated cells never use package reflect), "yaegi",
//	           "CFG post-order", "nil type", or a Go stack trace
//	           ("goroutine N [").
//	outcome    each cell succeeds or fails as Go says, with the class of
//	           error Go gives (a compile error, a panic, a run-time error,
//	           an interrupt).
//	output     the standard output and the result of cells whose output
//	           the model knows are exact.
//	usable     the first probe after each step runs and prints its line.
//	values     the second probe prints exactly the model's values: what a
//	           step did not redefine keeps its value, through rebuilds,
//	           closures and pointers made before them.
//
// A kernel may drop a value it cannot carry over a redefinition if it
// says so ("variable p1 was dropped: ..." on standard error); for
// pointers, closures, method values and channels that is allowed, and
// the values check of that sequence stops there (counted as a drop). A
// dropped plain value (a number, string, slice, map or struct) is a
// failure of values.
package cellseq
