package interp

import (
	"context"
	"errors"
	"fmt"
	"go/scanner"
	"os"
	"strings"
	"sync"
	"time"

	yaegi "github.com/traefik/yaegi/interp"

	"github.com/methodic-go/methodic/interp/symbols"
)

// yaegiPanic is a panic raised inside yaegi while compiling.
type yaegiPanic struct{ v any }

func (e *yaegiPanic) Error() string { return fmt.Sprint(e.v) }

// interruptGrace is how long an interrupted cell may take to unwind.
const interruptGrace = 500 * time.Millisecond

// errorFrom turns an error of parsing, compiling or running into the
// cell's Error.
func (s *Session) errorFrom(err error, cellID int) *Error {
	if err == nil {
		return nil
	}
	var el scanner.ErrorList
	if errors.As(err, &el) && len(el) > 0 {
		e := el[0]
		return s.positioned("SyntaxError", e.Msg, e.Pos.Line, e.Pos.Column)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		switch cause := context.Cause(s.ctxValue()); {
		case errors.Is(cause, errStackOverflow), errors.Is(cause, errDeadlock):
			msg := cause.Error()
			return &Error{Name: "RuntimeError", Value: msg, Traceback: []string{red("RuntimeError") + ": " + msg}}
		case errors.Is(cause, errDeferClosure):
			msg := cause.Error()
			return &Error{Name: "Unsupported", Value: msg, Traceback: []string{red("Unsupported") + ": " + msg}}
		}
		return &Error{Name: "Interrupted", Value: "the cell was interrupted",
			Traceback: []string{red("Interrupted") + ": the cell was interrupted"}}
	}
	var yp *yaegiPanic
	if errors.As(err, &yp) {
		return s.unsupported(fmt.Sprint(yp.v))
	}
	var pe yaegi.Panic
	if errors.As(err, &pe) {
		return s.panicError(nilMethodCall(pe.Value, pe.Callers))
	}
	msg := err.Error()
	if _, _, _, ok := splitPos(msg); ok {
		// The type checker accepted the code: what yaegi refuses is
		// yaegi's.
		return s.unsupported(msg)
	}
	return &Error{Name: "Error", Value: msg, Traceback: []string{red("Error") + ": " + msg}}
}

// unsupported is the error of valid Go that yaegi cannot compile (every
// piece of a cell has passed the type checker before yaegi sees it): the
// construct at the position yaegi gives, with yaegi's own words.
func (s *Session) unsupported(msg string) *Error {
	const name = "Unsupported"
	what := "the interpreter (yaegi v0.16.1) cannot compile this valid Go"
	msg = strings.ReplaceAll(msg, typeParamPrefix, "") // fix type-param-names
	if l, c, rest, ok := splitPos(msg); ok {
		rest = strings.TrimPrefix(rest, "CFG post-order panic: ")
		if _, _, inner, ok := splitPos(rest); ok {
			rest = inner
		}
		return s.positioned(name, what+" (yaegi: "+rest+")", l, c)
	}
	msg = strings.TrimPrefix(msg, "CFG post-order panic: ")
	if msg == "nil type" || msg == "nil reflect type" {
		msg += ", which it gives an expression of a type it cannot build"
	}
	return &Error{Name: name, Value: what + " (yaegi: " + msg + ")",
		Traceback: []string{red(name) + ": " + what + " (yaegi: " + msg + ")"}}
}

// panicError builds the error of a panic in interpreted code, with the
// interpreted call stack that yaegi reported.
func (s *Session) panicError(v any) *Error {
	exact := assertionPlace(v)
	v = goPanicValue(s.assertMessage(v)) // fixes assert-message, runtime-errors
	frames := s.trace.frames()
	s.placeFrames(frames, v, exact)
	if len(frames) > 0 {
		// fix index-guards: the only unguarded index, slice or
		// dereference of the failing function or loop
		if site, gv, ok := s.unguardedPlace(v, frames[0], s.place.Load()); ok {
			v = gv
			frames[0].line, frames[0].col = site.line, site.col
			frames[0].exact = frameFunc(frames[0]) != "cell"
		}
	}
	name := "Panic"
	if _, ok := v.(runtimeError); ok {
		name = "RuntimeError"
	} else if m := fmt.Sprint(v); strings.HasPrefix(m, "reflect") || strings.HasPrefix(m, "runtime error") {
		name = "RuntimeError"
	} else if _, ok := v.(symbols.ExitError); ok {
		name = "Exit"
	}
	msg := s.panicMessage(v) // fix panic-cell-value
	tb := []string{red(name) + ": " + msg}
	if len(frames) > 0 {
		tb = append(tb, "Interpreted call stack (most recent call first):")
	}
	for _, f := range frames {
		cellID, l := f.line/lineBase, f.line%lineBase
		fn := frameFunc(f)
		if fn != "cell" && f.exact {
			tb = append(tb, fmt.Sprintf("  %s  (%s)", bold(fn), s.where(cellID, l, f.col)))
			if src := s.sourceLines(cellID, l, f.col); len(src) == 3 {
				tb = append(tb, src[1], src[2])
			}
			continue
		}
		if fn != "cell" {
			// yaegi v0.16.1 names the first statement of a function
			// for each frame inside it, not the line that failed or
			// made the call (traefik/yaegi#1266): a caret there would
			// point at code that is right.
			if cellID == 0 {
				continue // the prelude's generics (rand.N): the call is the user's
			}
			tb = append(tb, fmt.Sprintf("  %s  (%s, the function whose body starts at line %d; the interpreter does not tell the failing line)", bold(fn), s.cellName(cellID), l))
			continue
		}
		tb = append(tb, fmt.Sprintf("  %s  (%s)", bold(fn), s.where(cellID, l, f.col)))
		if src := s.sourceLines(cellID, l, f.col); len(src) == 3 {
			tb = append(tb, src[1], src[2])
		}
	}
	val := msg
	for _, f := range frames {
		cellID := f.line / lineBase
		if fn := frameFunc(f); fn != "cell" && cellID == 0 {
			continue
		} else if fn != "cell" && f.exact {
			val = fmt.Sprintf("%s (in %s, %s)", msg, fn, s.where(cellID, f.line%lineBase, f.col))
		} else if fn != "cell" {
			val = fmt.Sprintf("%s (in %s, %s)", msg, fn, s.cellName(cellID))
		} else {
			val = fmt.Sprintf("%s (%s)", msg, s.where(cellID, f.line%lineBase, f.col))
		}
		break
	}
	return &Error{Name: name, Value: val, Traceback: tb}
}

// cellName names a cell as an error does: "cell In[3]", or "this cell".
func (s *Session) cellName(cellID int) string {
	switch {
	case cellID == len(s.cells)-1:
		return "this cell"
	case cellID < 0 || cellID >= len(s.counts):
		return "an old cell"
	}
	return fmt.Sprintf("cell In[%d]", s.counts[cellID])
}

// frameFunc names the function of a frame of the interpreted call stack:
// "cell" for a cell's own statements.
func frameFunc(f traceFrame) string {
	fn := strings.TrimPrefix(f.fn, "main.")
	if i := strings.IndexByte(fn, '/'); i > 0 {
		fn = fn[:i] // a method of a generic type, Get/Box (fix generic-methods)
	}
	if fn == "main" || fn == "_" || strings.HasPrefix(fn, runFuncPrefix) {
		return "cell"
	}
	return fn
}

type runtimeError interface {
	error
	RuntimeError()
}

func internalError(r any) *Error {
	msg := fmt.Sprint(r)
	return &Error{Name: "InternalError", Value: msg, Traceback: []string{red("InternalError") + ": " + msg}}
}

// traceWriter is the interpreter's Stderr. yaegi writes there the frames
// of a panic as it unwinds ("L:C: panic: main.f(...)"); those lines are
// kept for the traceback, everything else (log output of cells) goes to
// the process's standard error, which is the cell's stderr stream.
type traceWriter struct {
	mu     sync.Mutex
	lines  []traceFrame
	broken []byte
}

type traceFrame struct {
	line, col int
	fn        string
	// exact is set when the kernel knows the failing place of the
	// frame's function (placeFrames): yaegi names its first statement.
	exact bool
}

func (t *traceWriter) begin() {
	t.mu.Lock()
	t.lines = nil
	t.mu.Unlock()
}

func (t *traceWriter) frames() []traceFrame {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]traceFrame(nil), t.lines...)
}

func (t *traceWriter) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	data := append(t.broken, p...)
	t.broken = nil
	var rest []byte
	for len(data) > 0 {
		i := strings.IndexByte(string(data), '\n')
		if i < 0 {
			rest = append(rest, data...)
			break
		}
		line := string(data[:i])
		data = data[i+1:]
		if f, ok := parseTraceLine(line); ok {
			t.lines = append(t.lines, f)
			continue
		}
		os.Stderr.WriteString(line + "\n")
	}
	if len(rest) > 0 {
		// A partial line that is not a trace goes out at once.
		if strings.Contains(string(rest), ": panic: ") {
			t.broken = rest
		} else {
			os.Stderr.Write(rest)
		}
	}
	return len(p), nil
}

// parseTraceLine reads "L:C: panic: main.f(...)".
func parseTraceLine(line string) (traceFrame, bool) {
	l, c, rest, ok := splitPos(line)
	if !ok || !strings.HasPrefix(rest, "panic: ") || !strings.HasSuffix(rest, "(...)") {
		return traceFrame{}, false
	}
	fn := strings.TrimSuffix(strings.TrimPrefix(rest, "panic: "), "(...)")
	return traceFrame{line: l, col: c, fn: fn}, true
}
