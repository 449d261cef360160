package interp

import (
	"context"
	"fmt"
	"runtime/debug"

	"github.com/methodic-go/methodic/display"
)

// The entry points of a Session are its boundary with the kernel: a
// panic in the kernel's own code (this package, or yaegi while it
// compiles or runs) must never cross it. Each entry point recovers as a
// last resort, logs the stack to Options.Log, and answers as if it had
// found nothing: an InternalError for a cell, no matches for completion.
// The causes of such panics are bugs to fix where they arise; this is
// what keeps a session usable, and `methodic run` writing its notebook,
// until they are.

// internalPanic logs a recovered panic of the kernel and returns the
// error a cell shows for it.
func (s *Session) internalPanic(where string, r any) *Error {
	fmt.Fprintf(s.log, "interp: internal panic in %s: %v\n%s", where, r, debug.Stack())
	msg := fmt.Sprintf("%v (a bug of the kernel, not of the cell: the session goes on; please report it)", r)
	return &Error{Name: "InternalError", Value: msg, Traceback: []string{red("InternalError") + ": " + msg}}
}

// Complete completes code at cursor (counted in Unicode code points). It
// reads only the session's index and the symbol tables, never the
// interpreter, so it answers while a cell runs.
func (s *Session) Complete(code string, cursor int) (c Completion) {
	defer func() {
		if r := recover(); r != nil {
			s.internalPanic("Complete", r)
			c = Completion{Start: cursor, End: cursor}
		}
	}()
	return s.complete(code, cursor)
}

// Inspect describes the name at cursor (counted in Unicode code points):
// the signature and doc comment of a symbol of a preloaded package, the
// source of a declaration of the cells, the type of a variable (never
// its value: see vars.go). detail > 0 asks for more (the whole doc comment, the methods
// of a type). Like Complete, it never calls into the interpreter.
func (s *Session) Inspect(code string, cursor, detail int) (b display.Bundle, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			s.internalPanic("Inspect", r)
			b, ok = display.Bundle{}, false
		}
	}()
	return s.inspect(code, cursor, detail)
}

// IsComplete tells a console whether code is ready to run: "incomplete"
// with the indent of the next line when a brace, parenthesis or bracket is
// open, the last token is a binary operator (or a comma, a dot, an
// assignment), or a raw string or comment is open; "invalid" when no more
// text can make it valid (a closing bracket with nothing to close, an
// error before the end); "complete" otherwise.
func (s *Session) IsComplete(code string) (status, indent string) {
	defer func() {
		if r := recover(); r != nil {
			s.internalPanic("IsComplete", r)
			status, indent = "unknown", ""
		}
	}()
	return s.isComplete(code)
}

// Evaluate renders the value of one expression, for user_expressions.
func (s *Session) Evaluate(ctx context.Context, expr string) (b display.Bundle, err error) {
	defer func() {
		if r := recover(); r != nil {
			b, err = display.Bundle{}, s.internalPanic("Evaluate", r)
		}
	}()
	return s.evaluate(ctx, expr)
}
