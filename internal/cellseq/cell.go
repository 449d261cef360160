package cellseq

import (
	"fmt"
	"strings"
	"time"
)

// Outcome is how a cell ends, as Go's semantics say.
type Outcome int

// The outcomes of a cell.
const (
	OK           Outcome = iota // the cell runs to its end
	CompileError                // Go rejects it: SyntaxError or CompileError
	Panic                       // a panic raised by the cell's code
	RuntimeError                // a run-time error: index out of range, nil map write...
	Interrupted                 // it runs until interrupted
	AnyError                    // it must fail, in a way Go leaves open (stack overflow)
)

var outcomeNames = [...]string{"OK", "CompileError", "Panic", "RuntimeError", "Interrupted", "AnyError"}

func (o Outcome) String() string {
	if int(o) < len(outcomeNames) {
		return outcomeNames[o]
	}
	return fmt.Sprintf("Outcome(%d)", int(o))
}

// Cell is one generated cell and what Go says it does.
type Cell struct {
	Code string
	// Kind is the generator's name for the step ("declVar",
	// "failArity", ...); probes are "probeUsable" and "probeValues".
	Kind string
	Want Outcome
	// Stdout is the exact standard output when Known is set.
	Stdout string
	// Result is the text/plain of the trailing expression's value, ""
	// when the cell must show none; checked when Known is set.
	Result string
	Known  bool
	// Timeout, when positive, is how long the runner lets the cell run
	// before it interrupts it (cells whose Want is Interrupted).
	Timeout time.Duration
	// Step is the index of the generated step the cell belongs to.
	Step int
	// Uses are the names whose values the expected output depends on:
	// when one of them already went wrong, the output is not checked
	// again (the values check reported it).
	Uses []string
	// Drops are the names the cell may drop with a note: the variables
	// of a struct type it redeclares with other fields, which the
	// kernel documents as dropped.
	Drops []string
	// Deps, in a values probe, maps a name to the variable its line
	// reads (a pointer's or a method value's target): when the target's
	// line is wrong too, the failure is the target's.
	Deps map[string]string
}

// Got is what a kernel did with one cell.
type Got struct {
	// Name is the error's name ("CompileError", "Panic", ...), "" when
	// the cell succeeded.
	Name      string
	Value     string
	Traceback string
	Stdout    string
	Stderr    string
	// Result is the text/plain of the cell's result, "" when none.
	Result string
}

// Runner runs one cell of a session and reports what happened.
type Runner interface {
	Run(c Cell) Got
}

// Failure is one broken invariant.
type Failure struct {
	Check string // one of the Checks names
	// Cause is the kind of the step the failure belongs to: the cell's
	// own kind, or for a probe the kind of the step it follows.
	Cause string
	Index int // the cell's index in the sequence
	Cell  Cell
	Got   Got
	Want  string // what the model expected, in words
}

func (f Failure) String() string {
	return fmt.Sprintf("%s after %s, at cell %d (%s, step %d):\n%s\nwant: %s\ngot:  %s", f.Check, f.Cause, f.Index, f.Cell.Kind, f.Cell.Step,
		indent(f.Cell.Code), f.Want, describe(f.Got))
}

// Class is the check and the cause: failures of one class usually share
// a root cause.
func (f Failure) Class() string { return f.Check + "/" + f.Cause }

func indent(s string) string { return "    " + strings.ReplaceAll(s, "\n", "\n    ") }

func describe(g Got) string {
	var parts []string
	if g.Name != "" {
		parts = append(parts, fmt.Sprintf("%s: %s", g.Name, firstLine(g.Value)))
	} else {
		parts = append(parts, "ok")
	}
	if g.Stdout != "" {
		parts = append(parts, fmt.Sprintf("stdout %q", clip(g.Stdout, 300)))
	}
	if g.Stderr != "" {
		parts = append(parts, fmt.Sprintf("stderr %q", clip(g.Stderr, 300)))
	}
	if g.Result != "" {
		parts = append(parts, fmt.Sprintf("result %q", clip(g.Result, 100)))
	}
	return strings.Join(parts, "; ")
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " ..."
	}
	return s
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}
