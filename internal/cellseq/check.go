package cellseq

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// The invariants Check knows; see the package documentation.
const (
	CheckInternal = "internal"
	CheckOutcome  = "outcome"
	CheckOutput   = "output"
	CheckUsable   = "usable"
	CheckValues   = "values"
)

// Checks lists every invariant.
var Checks = []string{CheckInternal, CheckOutcome, CheckOutput, CheckUsable, CheckValues}

// Report is the result of checking one sequence.
type Report struct {
	Failures []Failure
	// Drops counts values the kernel said it dropped and that the model
	// allows it to drop (pointers, closures, method values, channels);
	// the values check stops at the first.
	Drops int
}

// markers are signs of the interpreter's own machinery in what a user
// sees.
var markers = []*regexp.Regexp{
	regexp.MustCompile(`reflect`),
	regexp.MustCompile(`(?i)yaegi`),
	regexp.MustCompile(`CFG post-order`),
	regexp.MustCompile(`nil type`),
	regexp.MustCompile(`goroutine \d+ \[`),
}

var legitNames = []string{"SyntaxError", "CompileError", "Panic", "RuntimeError", "Interrupted", "Timeout"}

var dropNote = regexp.MustCompile(`variable (\w+) was dropped`)

// Check compares what a kernel did (got[i] for seq.Cells[i]; got may be
// shorter when the kernel died) with the model, for the invariants in
// enabled (nil means all).
func Check(seq Sequence, got []Got, enabled []string) Report {
	on := func(c string) bool { return enabled == nil || slices.Contains(enabled, c) }
	var r Report
	valuesStopped := false
	// diverged is set once a cell Go runs has failed: what it declares
	// is not in the session, and the model is wrong from there on. The
	// sequence is then checked for internal failures and usability only,
	// so that one failure is not reported again as many.
	diverged := false
	badValues := map[string]bool{}
	mayDrop := map[string]bool{}
	cause := ""
	fail := func(check string, i int, want string) {
		if on(check) {
			r.Failures = append(r.Failures, Failure{Check: check, Cause: cause, Index: i, Cell: seq.Cells[i], Got: got[i], Want: want})
		}
	}
	for i, c := range seq.Cells {
		if !strings.HasPrefix(c.Kind, "probe") {
			cause = c.Kind
		}
		for _, n := range c.Drops {
			mayDrop[n] = true
		}
		if i >= len(got) {
			fail0 := Failure{Check: CheckInternal, Cause: cause, Index: i, Cell: c, Want: "the kernel to run the cell", Got: Got{Name: "(no result: the kernel died or stopped)"}}
			if on(CheckInternal) {
				r.Failures = append(r.Failures, fail0)
			}
			break
		}
		g := got[i]
		if m := internal(c, g); m != "" {
			fail(CheckInternal, i, m)
		} else if diverged && c.Kind != "probeUsable" {
			// The model no longer describes the session: only what holds
			// whatever the session holds is checked.
		} else if !outcomeMatches(c.Want, g.Name) {
			check := CheckOutcome
			switch c.Kind {
			case "probeUsable":
				check = CheckUsable
			case "probeValues":
				check = CheckValues
			}
			if check != CheckValues || !valuesStopped {
				fail(check, i, fmt.Sprintf("%v", c.Want))
			}
		} else if g.Name == "" && c.Known {
			switch c.Kind {
			case "probeUsable":
				if g.Stdout != c.Stdout || g.Result != c.Result {
					fail(CheckUsable, i, fmt.Sprintf("stdout %q", c.Stdout))
				}
			case "probeValues":
				if valuesStopped {
					break
				}
				// A value that went wrong counts once, at the step where it
				// went wrong, not at every probe after it.
				var wrong []string
				gl, wl := probeLines(g.Stdout), probeLines(c.Stdout)
				for name, want := range wl {
					if gl[name] == want {
						delete(badValues, name)
						continue
					}
					if t, ok := c.Deps[name]; ok && (badValues[t] || gl[t] != wl[t]) {
						continue
					}
					if !badValues[name] {
						badValues[name] = true
						wrong = append(wrong, fmt.Sprintf("%s %s (got %q)", name, want, gl[name]))
					}
				}
				if len(wrong) > 0 {
					slices.Sort(wrong)
					fail(CheckValues, i, strings.Join(wrong, ", "))
				}
			default:
				stale := slices.ContainsFunc(c.Uses, func(n string) bool { return badValues[n] })
				if !stale && (g.Stdout != c.Stdout || g.Result != c.Result) {
					fail(CheckOutput, i, fmt.Sprintf("stdout %q, result %q", c.Stdout, c.Result))
				}
			}
		}
		if !strings.HasPrefix(c.Kind, "probe") && c.Want == OK && g.Name != "" {
			diverged = true
		}
		for _, m := range dropNote.FindAllStringSubmatch(g.Stderr, -1) {
			name := m[1]
			if valuesStopped || diverged || redefines(c.Code, name) || mayDrop[name] {
				continue
			}
			if droppable(name) {
				r.Drops++
				valuesStopped = true
				continue
			}
			fail(CheckValues, i, "no plain value dropped (variable "+name+")")
		}
	}
	return r
}

// probeLines reads the output of a values probe: name -> value.
func probeLines(s string) map[string]string {
	m := map[string]string{}
	for _, l := range strings.Split(s, "\n") {
		if name, v, ok := strings.Cut(l, " "); ok {
			m[name] = v
		}
	}
	return m
}

// internal says why what the kernel did is an interpreter-internal
// failure, or "".
func internal(c Cell, g Got) string {
	if g.Name != "" && !slices.Contains(legitNames, g.Name) {
		return "no " + g.Name
	}
	if (c.Want == OK || c.Want == CompileError) && (g.Name == "Panic" || g.Name == "RuntimeError") {
		return fmt.Sprintf("%v, not a panic of the interpreter", c.Want)
	}
	text := g.Value + "\n" + g.Traceback + "\n" + g.Stdout + "\n" + g.Stderr + "\n" + g.Result
	for _, m := range markers {
		if loc := m.FindStringIndex(text); loc != nil {
			return fmt.Sprintf("%v, without %q in what the user sees", c.Want, text[loc[0]:loc[1]])
		}
	}
	return ""
}

func outcomeMatches(want Outcome, name string) bool {
	switch want {
	case OK:
		return name == ""
	case CompileError:
		return name == "CompileError" || name == "SyntaxError"
	case Panic:
		return name == "Panic"
	case RuntimeError:
		return name == "RuntimeError"
	case Interrupted:
		return name == "Interrupted" || name == "Timeout"
	case AnyError:
		return name != ""
	}
	return false
}

// redefines says whether a cell's code declares name again (a drop note
// for it is expected then).
func redefines(code, name string) bool {
	return strings.Contains(code, name+" :=") || strings.Contains(code, "const "+name) ||
		strings.Contains(code, "var "+name) || strings.Contains(code, "func "+name)
}

// droppable names hold references to other variables: pointers,
// closures, method values, channels.
func droppable(name string) bool {
	for _, p := range []string{"p", "inc", "m", "ch", "acc"} {
		if strings.HasPrefix(name, p) && strings.TrimLeft(name[len(p):], "0123456789") == "" {
			return true
		}
	}
	return false
}

// Shortest returns the shortest prefix of the sequence of c that still
// has a failure of class (Failure.Class), by generating shorter sequences
// from the same seed: the generator is sequential, so a prefix of steps
// is a valid sequence. run runs a sequence and returns its report.
func Shortest(c Config, class string, run func(Sequence) Report) (Sequence, Report) {
	lo, hi := 1, c.Steps
	if hi == 0 {
		hi = 30
	}
	best := Generate(c)
	bestR := run(best)
	for lo < hi {
		mid := (lo + hi) / 2
		cc := c
		cc.Steps = mid
		s := Generate(cc)
		rep := run(s)
		if has(rep, class) {
			best, bestR, hi = s, rep, mid
		} else {
			lo = mid + 1
		}
	}
	return best, bestR
}

func has(r Report, class string) bool {
	for _, f := range r.Failures {
		if f.Class() == class {
			return true
		}
	}
	return false
}
