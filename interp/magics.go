package interp

import (
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/methodic-go/methodic/display"
)

// Magics are lines of a cell that start with % (a line magic), a first
// line %%time or %%timeit (a cell magic, applying to the rest of the
// cell), lines that start with ! (shell commands), and the help forms
// ?name and name?. Lines of Go between them run as Go, in order.

var magicHelp = map[string]string{
	"time":    "%time CODE, %%time: run the code once and print the wall time it took",
	"timeit":  "%timeit CODE, %%timeit: run the code many times (the count chosen to take about 0.2 s) in 7 runs and print mean ± std. dev. per loop",
	"who":     "%who: list the variables of the session",
	"whos":    "%whos: list the variables with their types and values",
	"reset":   "%reset: forget every variable, declaration and import",
	"env":     "%env: list the environment; %env NAME: show one variable; %env NAME=VALUE: set it",
	"lsmagic": "%lsmagic: list the magics",
	"help":    "%help: how to use this kernel",
}

// runMagics handles a cell with magics; ok is false for a cell of plain Go.
func (s *Session) runMagics(ctx context.Context, cellID int, code string, out Output) (Result, bool) {
	trimmed := strings.TrimSpace(code)
	if trimmed == "" {
		return Result{}, true
	}
	// Help: ?name, name?, name??
	if !strings.Contains(trimmed, "\n") && (strings.HasPrefix(trimmed, "?") || strings.HasSuffix(trimmed, "?")) {
		name := strings.Trim(trimmed, "? \t")
		b, ok := s.Inspect(name, runeCount(name), 1)
		if !ok {
			return Result{Err: &Error{Name: "NameError", Value: fmt.Sprintf("%s: nothing is known by this name", name),
				Traceback: []string{red("NameError") + ": " + name + ": nothing is known by this name"}}}, true
		}
		return Result{Pages: []display.Bundle{b}}, true
	}
	if !hasMagic(code) {
		return Result{}, false
	}
	first, rest, _ := strings.Cut(strings.TrimLeft(code, " \t\n"), "\n")
	base := len(code) - len(rest)
	switch strings.TrimSpace(first) {
	case "%%time":
		return s.timeCode(ctx, cellID, rest, base), true
	case "%%timeit":
		return s.timeitCode(ctx, cellID, rest, base), true
	}

	var res Result
	lines := strings.SplitAfter(code, "\n")
	goStart, off := 0, 0
	flush := func(end int) bool {
		if goStart < end && strings.TrimSpace(code[goStart:end]) != "" {
			r := s.runGo(ctx, cellID, code[goStart:end], goStart)
			res.Value = r.Value
			if r.Err != nil {
				res.Err = r.Err
				return false
			}
		}
		return true
	}
	for _, l := range lines {
		lstart := off
		off += len(l)
		t := strings.TrimSpace(l)
		if !strings.HasPrefix(t, "%") && !strings.HasPrefix(t, "!") {
			continue
		}
		if !flush(lstart) {
			return res, true
		}
		goStart = off
		res.Value = nil
		argOff := lstart + strings.Index(l, t[:1]) + 1
		var r Result
		if strings.HasPrefix(t, "!") {
			r = s.shell(ctx, t[1:])
		} else {
			name, args, _ := strings.Cut(t[1:], " ")
			argOff += len(name) + 1
			r = s.lineMagic(ctx, cellID, strings.TrimSpace(name), args, argOff)
		}
		if r.Value != nil {
			res.Value = r.Value
		}
		res.Pages = append(res.Pages, r.Pages...)
		if r.Err != nil {
			res.Err = r.Err
			return res, true
		}
	}
	flush(len(code))
	return res, true
}

func hasMagic(code string) bool {
	for _, l := range strings.Split(code, "\n") {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "%") || strings.HasPrefix(t, "!") {
			return true
		}
	}
	return false
}

func (s *Session) lineMagic(ctx context.Context, cellID int, name, args string, argOff int) Result {
	// args starts after the name and a space; argOff is its offset.
	trim := strings.TrimLeft(args, " \t")
	argOff += len(args) - len(trim)
	args = strings.TrimRight(trim, " \t\r\n")
	switch name {
	case "time":
		return s.timeCode(ctx, cellID, args, argOff)
	case "timeit":
		return s.timeitCode(ctx, cellID, args, argOff)
	case "who":
		var names []string
		for n := range s.snap.Load().vars {
			names = append(names, n)
		}
		sort.Strings(names)
		if len(names) == 0 {
			fmt.Println("Interactive namespace is empty.")
		} else {
			fmt.Println(strings.Join(names, "\t"))
		}
	case "whos":
		snap := s.snap.Load()
		var names []string
		for n := range snap.vars {
			names = append(names, n)
		}
		sort.Strings(names)
		if len(names) == 0 {
			fmt.Println("Interactive namespace is empty.")
			break
		}
		var b strings.Builder
		w := tabwriter.NewWriter(&b, 0, 4, 3, ' ', 0)
		fmt.Fprintln(w, "Variable\tType\tData/Info")
		fmt.Fprintln(w, "--------\t----\t---------")
		for _, n := range names {
			v := snap.vars[n]
			fmt.Fprintf(w, "%s\t%s\t%s\n", n, v.typeStr, v.preview)
		}
		w.Flush()
		fmt.Print(b.String())
	case "reset":
		if e := s.reset(); e != nil {
			return Result{Err: e}
		}
		fmt.Println("The session was reset: variables, declarations and imports are gone.")
	case "env":
		return envMagic(args)
	case "lsmagic":
		var names []string
		for n := range magicHelp {
			names = append(names, "%"+n)
		}
		sort.Strings(names)
		fmt.Printf("Line magics: %s\nCell magics: %%%%time %%%%timeit\nShell: !command\nHelp: ?name, name?\n", strings.Join(names, " "))
	case "help":
		fmt.Print(helpText())
	default:
		msg := fmt.Sprintf("unknown magic %%%s (see %%lsmagic)", name)
		return Result{Err: &Error{Name: "UsageError", Value: msg, Traceback: []string{red("UsageError") + ": " + msg}}}
	}
	return Result{}
}

func helpText() string {
	var b strings.Builder
	b.WriteString("Methodic: Go cells on yaegi.\n\n")
	b.WriteString("Cells mix imports, declarations and statements; a trailing expression is shown.\n")
	b.WriteString("Redefine anything: functions, types, methods, constants, variables.\n")
	b.WriteString("The preloaded packages (display, mlstd/..., gonum's mat, stat, floats, distuv,\n")
	b.WriteString("gonum/plot's plot, plotter, vg, draw) need no import.\n")
	b.WriteString("ctx is the cell's context: pass it to long library calls, model.Fit(ctx, ...);\n")
	b.WriteString("an interrupt cancels it.\n\n")
	var names []string
	for n := range magicHelp {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		b.WriteString("  " + magicHelp[n] + "\n")
	}
	b.WriteString("  !command: run a shell command, streaming its output\n")
	b.WriteString("  ?name, name?: show the documentation of name\n")
	b.WriteString("  Tab completes; Shift-Tab shows signatures and documentation.\n")
	return b.String()
}

func envMagic(args string) Result {
	switch {
	case args == "":
		env := os.Environ()
		sort.Strings(env)
		for _, e := range env {
			fmt.Println(e)
		}
	case strings.ContainsAny(args, "= "):
		k, v, _ := strings.Cut(args, "=")
		if !strings.Contains(args, "=") {
			k, v, _ = strings.Cut(args, " ")
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if err := os.Setenv(k, v); err != nil {
			return Result{Err: &Error{Name: "UsageError", Value: err.Error(), Traceback: []string{red("UsageError") + ": " + err.Error()}}}
		}
		fmt.Printf("env: %s=%s\n", k, v)
	default:
		v, ok := os.LookupEnv(args)
		if !ok {
			msg := fmt.Sprintf("environment variable %s is not set", args)
			return Result{Err: &Error{Name: "UsageError", Value: msg, Traceback: []string{red("UsageError") + ": " + msg}}}
		}
		b := display.Bundle{}.Set(display.MIMEText, fmt.Sprintf("%q", v))
		return Result{Value: &b}
	}
	return Result{}
}

// reset forgets everything: a new interpreter and an empty store.
func (s *Session) reset() *Error {
	g, err := s.newGeneration()
	if err != nil {
		return internalError(err)
	}
	s.gen = g
	s.store = newStore()
	s.updateSnapshot()
	return nil
}

// shell runs a command line with sh, streaming its output to the cell; a
// non-zero exit fails the cell with a ShellError.
func (s *Session) shell(ctx context.Context, cmdline string) Result {
	cmd := exec.CommandContext(ctx, "/bin/sh", "-c", cmdline)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	cmd.WaitDelay = time.Second
	err := cmd.Run()
	if ctx.Err() != nil {
		return Result{Err: s.errorFrom(ctx.Err(), 0)}
	}
	if err != nil {
		msg := fmt.Sprintf("!%s: %v", cmdline, err)
		return Result{Err: &Error{Name: "ShellError", Value: msg, Traceback: []string{red("ShellError") + ": " + msg}}}
	}
	return Result{}
}

func (s *Session) timeCode(ctx context.Context, cellID int, code string, base int) Result {
	start := time.Now()
	r := s.runGo(ctx, cellID, code, base)
	fmt.Printf("Wall time: %s\n", fmtDuration(time.Since(start)))
	return r
}

// timeitCode times code run in a loop inside the interpreter: the code
// becomes the body of a function that a compiled timer calls.
func (s *Session) timeitCode(ctx context.Context, cellID int, code string, base int) Result {
	if strings.TrimSpace(code) == "" {
		msg := "%timeit needs code to time"
		return Result{Err: &Error{Name: "UsageError", Value: msg, Traceback: []string{red("UsageError") + ": " + msg}}}
	}
	s.timeitFn = nil
	// Wrap the code so that its last expression, if any, is discarded.
	wrapped := "_methodicTimeitKeep(func() {\n" + code + "\n})"
	// Parse in place so positions point into the cell.
	line, col := lineCol(s.cells[cellID], base)
	body, _, err := s.parseStmts(s.gen.i.FileSet(), cellID, wrapped, line-1, 1)
	if err != nil {
		return Result{Err: s.errorFrom(err, cellID)}
	}
	_ = col
	if e := s.runBlock(ctx, cellID, body); e != nil {
		return Result{Err: e}
	}
	f := s.timeitFn
	if f == nil {
		return Result{Err: internalError("timeit: no function")}
	}
	once := func() (d time.Duration, err *Error) {
		defer func() {
			if r := recover(); r != nil {
				err = s.panicError(r)
			}
		}()
		t := time.Now()
		f()
		return time.Since(t), nil
	}
	// Calibrate: the loop count that takes at least 0.2 s.
	n := 1
	for {
		var total time.Duration
		for i := 0; i < n; i++ {
			d, e := once()
			if e != nil {
				return Result{Err: e}
			}
			total += d
			if ctx.Err() != nil {
				return Result{Err: s.errorFrom(ctx.Err(), cellID)}
			}
		}
		if total >= 200*time.Millisecond || n >= 1e8 {
			break
		}
		n *= 10
	}
	runs := 7
	var per []float64
	for r := 0; r < runs; r++ {
		t := time.Now()
		for i := 0; i < n; i++ {
			f()
		}
		per = append(per, float64(time.Since(t))/float64(n))
		if ctx.Err() != nil {
			return Result{Err: s.errorFrom(ctx.Err(), cellID)}
		}
	}
	mean, sd := meanStd(per)
	loops := "loops"
	if n == 1 {
		loops = "loop"
	}
	fmt.Printf("%s ± %s per loop (mean ± std. dev. of %d runs, %d %s each)\n",
		fmtDuration(time.Duration(mean)), fmtDuration(time.Duration(sd)), runs, n, loops)
	return Result{}
}

func meanStd(x []float64) (mean, sd float64) {
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	for _, v := range x {
		sd += (v - mean) * (v - mean)
	}
	if len(x) > 1 {
		sd = math.Sqrt(sd / float64(len(x)-1))
	}
	return mean, sd
}

// fmtDuration prints a duration with three significant digits, as IPython.
func fmtDuration(d time.Duration) string {
	f := float64(d)
	switch {
	case f >= 1e9:
		return fmt.Sprintf("%.3g s", f/1e9)
	case f >= 1e6:
		return fmt.Sprintf("%.3g ms", f/1e6)
	case f >= 1e3:
		return fmt.Sprintf("%.3g µs", f/1e3)
	}
	return fmt.Sprintf("%.3g ns", f)
}
