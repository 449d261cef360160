package interp

import (
	"context"
	"fmt"
	"go/ast"
	"math"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/methodic-go/methodic/display"
)

// Magics are lines of a cell that start with % (a line magic), a first
// line %%time or %%timeit [-n N] [-r R] (a cell magic, applying to the
// rest of the cell), lines that start with ! (shell commands), and the help forms
// ?name and name?. Lines of Go between them run as Go, in order.

var magicHelp = map[string]string{
	"time":    "%time CODE, %%time: run the code once and print the wall time it took",
	"timeit":  "%timeit [-n N] [-r R] CODE, %%timeit [-n N] [-r R]: run the code in a loop (1, 2, 5, 10, 20, ... times, until a run takes 0.2 s) in up to 7 runs (about 2.5 s at most) and print mean ± std. dev. per loop",
	"who":     "%who: list the variables of the session",
	"whos":    "%whos: list the variables with their types and values",
	"reset":   "%reset: forget every variable, declaration and import",
	"env":     "%env: list the environment; %env NAME: show one variable; %env NAME=VALUE: set it",
	"lsmagic": "%lsmagic: list the magics",
	"help":    "%help: how to use this kernel",
	"compile": "%%compile: build the cell's declarations with the Go toolchain; later cells call them at native speed (its statements run interpreted)",
	"go":      "%go get MODULE[@VERSION]: add a module that compiled cells may import",
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
		if vi, isVar := s.vars.get(name); isVar {
			// Asked for by name, on the execution goroutine: the value
			// too, read without calling its methods (vars.go).
			if val, ok := s.gen.globalValue(name); ok {
				if p := valuePreview(val, vi.typ); p != "" {
					b = b.Set(display.MIMEText, b.Text()+"\n\n"+p)
				}
			}
		}
		return Result{Pages: []display.Bundle{b}}, true
	}
	if !hasMagic(code) {
		return Result{}, false
	}
	first, rest, _ := strings.Cut(strings.TrimLeft(code, " \t\n"), "\n")
	base := len(code) - len(rest)
	if f := strings.Fields(first); len(f) > 1 && f[0] == "%%timeit" {
		// %%timeit -n N -r R: the options, then the cell's code.
		at := len(code) - len(strings.TrimLeft(code, " \t\n")) + strings.Index(first, "%%timeit") + len("%%timeit")
		return s.timeitCode(ctx, cellID, code[at:], at), true
	}
	switch strings.TrimSpace(first) {
	case "%%time":
		return s.timeCode(ctx, cellID, rest, base), true
	case "%%timeit":
		return s.timeitCode(ctx, cellID, rest, base), true
	case "%%compile":
		return s.compileCell(ctx, cellID, rest, base), true
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

// whoVars returns the variables of vars whose types args names (all of
// them when args is empty), as %who int and %whos int filter by type in
// IPython; a type of the cells may be named with or without "main.".
// When none is left it says so, as IPython does, and ok is false.
func whoVars(vars []*varInfo, args string) (out []*varInfo, ok bool) {
	want := map[string]bool{}
	for _, t := range strings.Fields(args) {
		want[t] = true
	}
	for _, v := range vars {
		if len(want) == 0 || want[v.typeStr] || want[strings.ReplaceAll(v.typeStr, "main.", "")] {
			out = append(out, v)
		}
	}
	switch {
	case len(vars) == 0:
		fmt.Println("Interactive namespace is empty.")
	case len(out) == 0:
		fmt.Println("No variables match your requested type.")
	}
	return out, len(out) > 0
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
		vars, ok := whoVars(s.vars.all(), args)
		if !ok {
			break
		}
		var names []string
		for _, v := range vars {
			names = append(names, v.name)
		}
		fmt.Println(strings.Join(names, "\t"))
	case "whos":
		vars, ok := whoVars(s.vars.all(), args)
		if !ok {
			break
		}
		var b strings.Builder
		w := tabwriter.NewWriter(&b, 0, 4, 3, ' ', 0)
		fmt.Fprintln(w, "Variable\tType\tData/Info")
		fmt.Fprintln(w, "--------\t----\t---------")
		for _, v := range vars {
			val, _ := s.gen.globalValue(v.name)
			fmt.Fprintf(w, "%s\t%s\t%s\n", v.name, v.typeStr, valuePreview(val, v.typ))
		}
		w.Flush()
		for _, l := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
			fmt.Println(strings.TrimRight(l, " "))
		}
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
			if n != "compile" { // a cell magic only
				names = append(names, "%"+n)
			}
		}
		sort.Strings(names)
		fmt.Printf("Line magics: %s\nCell magics: %%%%time %%%%timeit %%%%compile\nShell: !command\nHelp: ?name, name?\n", strings.Join(names, " "))
	case "help":
		fmt.Print(helpText())
	case "go":
		return s.goMagic(ctx, args)
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
	s.vars = newVarIndex()
	s.native.names = map[string]string{}
	s.types = newTypeView(s.fset)
	s.refreshIndex()
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
//
// The loop count comes from Python's timeit autorange: 1, 2, 5, 10, 20,
// 50, ... loops until one run of them takes at least timeitRun (0.2 s).
// That run counts as the first of the repeats. There are up to 7 repeats,
// as in IPython, as many as fit in timeitBudget (2.5 s, counted from the
// first calibration run), and at least 3. A fast statement so takes at
// most about 2.5 s: IPython's loop counts are powers of ten with runs of
// up to 2 s each, up to 14 s in all. A statement slower than about 0.6 s
// takes 3 runs of one loop. -n N and -r R, as in IPython, fix the loop
// count and the number of runs.
func (s *Session) timeitCode(ctx context.Context, cellID int, code string, base int) Result {
	loops, runs, code, base, uerr := timeitOptions(code, base)
	if uerr == "" && strings.TrimSpace(code) == "" {
		uerr = "%timeit needs code to time"
	}
	if uerr != "" {
		return Result{Err: &Error{Name: "UsageError", Value: uerr, Traceback: []string{red("UsageError") + ": " + uerr}}}
	}
	s.timeitFn = nil
	// The timed code goes through the pipeline as the statements of a
	// cell, whose last expression may go unused, and becomes the body of
	// the function that is timed.
	line, col := lineCol(s.cells[cellID], base)
	off := s.straightOff
	s.straightOff = true // fix straight-line-checks: the code runs many times
	piece, e := s.prepStmts(cellID, code, line, col, true)
	s.straightOff = off
	if e != nil {
		return Result{Err: e}
	}
	p := piece.body.Lbrace
	keep := &ast.CallExpr{Fun: &ast.Ident{NamePos: p, Name: "_methodicTimeitKeep"}, Lparen: p, Rparen: piece.body.Rbrace,
		Args: []ast.Expr{&ast.FuncLit{Type: &ast.FuncType{Func: p, Params: &ast.FieldList{}}, Body: piece.body}}}
	if e := s.runBlock(ctx, cellID, &ast.BlockStmt{Lbrace: p, List: []ast.Stmt{&ast.ExprStmt{X: keep}}, Rbrace: piece.body.Rbrace}); e != nil {
		return Result{Err: e}
	}
	fn := s.timeitFn
	if fn == nil {
		return Result{Err: internalError("timeit: no function")}
	}
	// run times n calls of fn.
	run := func(n int) (d time.Duration, err *Error) {
		defer func() {
			if r := recover(); r != nil {
				err = s.panicError(r)
			}
		}()
		t := time.Now()
		for i := 0; i < n; i++ {
			fn()
			if ctx.Err() != nil {
				return 0, s.errorFrom(ctx.Err(), cellID)
			}
		}
		return time.Since(t), nil
	}
	var times []time.Duration
	start := time.Now()
	if loops == 0 {
		// Autorange: the last run is the first sample.
		for i := 0; ; i++ {
			loops = []int{1, 2, 5}[i%3] * int(math.Pow10(i/3))
			d, e := run(loops)
			if e != nil {
				return Result{Err: e}
			}
			if d >= timeitRun || loops >= 1e9 {
				times = append(times, d)
				break
			}
		}
	}
	budget := runs == 0 && len(times) > 0 // runs chosen by the budget
	if runs == 0 {
		runs = timeitRuns
	}
	for len(times) < runs {
		// As many runs as fit in the budget, judged by the last one.
		if budget && len(times) >= timeitMinRuns && time.Since(start)+times[len(times)-1] > timeitBudget {
			break
		}
		d, e := run(loops)
		if e != nil {
			return Result{Err: e}
		}
		times = append(times, d)
	}
	runs = len(times)
	per := make([]float64, len(times))
	for i, d := range times {
		per[i] = float64(d) / float64(loops)
	}
	mean, sd := meanStd(per)
	word := "loops"
	if loops == 1 {
		word = "loop"
	}
	fmt.Printf("%s ± %s per loop (mean ± std. dev. of %d runs, %d %s each)\n",
		fmtDuration(time.Duration(mean)), fmtDuration(time.Duration(sd)), runs, loops, word)
	return Result{}
}

const (
	timeitRun     = 200 * time.Millisecond  // the least time of one run, as Python's autorange
	timeitBudget  = 2500 * time.Millisecond // the most time of all runs together, when they are fast
	timeitRuns    = 7                       // IPython's repeat count
	timeitMinRuns = 3
)

// timeitOptions reads IPython's -n N (loops per run) and -r R (runs) at
// the start of a %timeit, returning the code after them and its offset.
func timeitOptions(code string, base int) (loops, runs int, rest string, restBase int, usage string) {
	for {
		trim := strings.TrimLeft(code, " \t")
		base += len(code) - len(trim)
		code = trim
		if !strings.HasPrefix(code, "-n") && !strings.HasPrefix(code, "-r") {
			return loops, runs, code, base, ""
		}
		opt := code[:2]
		arg := strings.TrimLeft(code[2:], " \t")
		end := strings.IndexAny(arg, " \t\n")
		if end < 0 {
			end = len(arg)
		}
		n, err := strconv.Atoi(arg[:end])
		if err != nil || n < 1 {
			return 0, 0, "", 0, fmt.Sprintf("%%timeit %s needs a positive count, got %q", opt, arg[:end])
		}
		if opt == "-n" {
			loops = n
		} else {
			runs = n
		}
		consumed := len(code) - len(arg) + end
		code = code[consumed:]
		base += consumed
	}
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
