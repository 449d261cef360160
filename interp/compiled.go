package interp

import (
	"context"
	"errors"
	"fmt"
	"go/scanner"
	"os"
	"reflect"
	"runtime"
	"strings"
	"time"

	"github.com/methodic-go/methodic/native"
)

// Compiled cells (%%compile) are built by package native into Go plugins
// and loaded into the kernel. Their top-level names reach the interpreter
// as a binary package, methodic.cells/cN, that the session dot-imports,
// so that later cells call them by their own names; the store keeps the
// import, and a rebuild imports it again. A compiled cell's statements
// (anything that is not an import or a declaration) run interpreted after
// its declarations are loaded, so that a cell can define a function and
// call it.

// compiledCells is the session's side of the compiled cells.
type compiledCells struct {
	c     *native.Compiler
	syms  map[string]map[string]reflect.Value // by import path
	names map[string]string                   // compiled name -> import path of its latest cell
}

// compiler returns the session's compiler, made on first use.
func (s *Session) compiler() *native.Compiler {
	if s.native.c == nil {
		s.native.c = native.New(native.Options{Packages: autoImports, Progress: os.Stderr})
	}
	return s.native.c
}

// compiledSymbols returns the symbols of a compiled cell's import path.
func (s *Session) compiledSymbols(importPath string) (map[string]reflect.Value, bool) {
	t, ok := s.native.syms[importPath]
	return t, ok
}

// compileCell runs a %%compile cell: its imports and declarations are
// compiled and loaded, then its statements run interpreted.
func (s *Session) compileCell(ctx context.Context, cellID int, code string, base int) Result {
	chunks := splitCell(code)
	// The compiled source keeps every line and column of the cell: the
	// statements are blanked out, and run afterwards.
	src := []byte(code)
	var stmts []chunk
	for _, c := range chunks {
		if c.kind != chunkStmts || strings.TrimSpace(code[c.start:c.end]) == "" {
			continue
		}
		stmts = append(stmts, c)
		for i := c.start; i < c.end; i++ {
			if src[i] != '\n' {
				src[i] = ' '
			}
		}
	}
	line, _ := lineCol(s.cells[cellID], base)
	c := s.compiler()
	t0 := time.Now()
	cell, err := c.Compile(ctx, string(src), line, 1)
	if err != nil {
		return Result{Err: s.compileError(err, cellID)}
	}
	s.native.syms[cell.Path] = unwindFirst(cell.Symbols) // see compiledunwind.go
	// Interpreted declarations of the same names give way, and
	// interpreted code that called an earlier compiled version must be
	// compiled again to call the new one: both rebuild the interpreter.
	var dropped []string
	redefined := false
	for _, d := range cell.Decls {
		if _, ok := s.native.names[d.Name]; ok {
			redefined = true
		}
		s.native.names[d.Name] = cell.Path
		if e, ok := s.store.byName[d.Name]; ok && e.kind != "prelude" {
			delete(s.store.decls, e.key)
			for _, n := range e.names {
				delete(s.store.byName, n)
			}
			dropped = append(dropped, d.Name)
		}
	}
	if e := s.addImport(cellID, ".", cell.Path, 0, 0); e != nil {
		return Result{Err: e}
	}
	if len(dropped) > 0 || redefined {
		if e := s.rebuild(cellID); e != nil {
			return Result{Err: e}
		}
	}
	s.types.addCompiled(typesOfCell(cell))
	for _, n := range cell.Notes {
		fmt.Fprintln(os.Stderr, "note: "+n)
	}
	n, size := c.Loaded()
	fmt.Fprintf(os.Stderr, "compiled in %s (%d compiled cells hold %.1f MB until the kernel restarts)\n",
		fmtDuration(time.Since(t0)), n, float64(size)/(1<<20))
	var res Result
	for i, st := range stmts {
		r := s.runGo(ctx, cellID, code[st.start:st.end], base+st.start)
		if r.Err != nil {
			return r
		}
		if i == len(stmts)-1 {
			res.Value = r.Value
		}
	}
	return res
}

// compileError turns an error of package native into the cell's Error.
func (s *Session) compileError(err error, cellID int) *Error {
	var te *native.ToolchainError
	if errors.As(err, &te) {
		msg := te.Problem + ". " + te.Fix + ". Interpreted cells work as before."
		return &Error{Name: "ToolchainError", Value: msg, Traceback: []string{red("ToolchainError") + ": " + te.Problem, "  fix: " + te.Fix, "  Interpreted cells work as before."}}
	}
	var be *native.BuildError
	if errors.As(err, &be) && len(be.Errors) > 0 {
		first := be.Errors[0]
		e := s.positioned("CompileError", first.Msg, (cellID%maxCells)*lineBase+first.Line, first.Col)
		for _, pe := range be.Errors[1:] {
			e.Traceback = append(e.Traceback, fmt.Sprintf("  %s: %s", s.where(cellID, pe.Line, pe.Col), pe.Msg))
		}
		return e
	}
	var el scanner.ErrorList
	if errors.As(err, &el) && len(el) > 0 {
		e := el[0]
		msg := e.Msg
		if strings.Contains(msg, "expected declaration") {
			msg += " (a %%compile cell holds imports, then declarations; its statements run interpreted)"
		}
		return s.positioned("SyntaxError", msg, (cellID%maxCells)*lineBase+e.Pos.Line, e.Pos.Column)
	}
	if errors.Is(err, context.Canceled) {
		return s.errorFrom(err, cellID)
	}
	msg := strings.TrimPrefix(err.Error(), "native: ")
	return &Error{Name: "CompileError", Value: msg, Traceback: []string{red("CompileError") + ": " + msg}}
}

// goMagic runs %go get ARGS in the module of the compiled cells.
func (s *Session) goMagic(ctx context.Context, args string) Result {
	f := strings.Fields(args)
	if len(f) < 2 || f[0] != "get" {
		msg := "%go get MODULE[@VERSION] ...: add a module for compiled cells to import"
		return Result{Err: &Error{Name: "UsageError", Value: msg, Traceback: []string{red("UsageError") + ": " + msg}}}
	}
	out, err := s.compiler().Get(ctx, f[1:]...)
	fmt.Print(out)
	if err != nil {
		return Result{Err: s.compileError(err, 0)}
	}
	return Result{}
}

// noteStillRunning adds to the error of an interrupted cell what is still
// running, when the cell's statements have not stopped within the grace
// an interrupt allows: a call into compiled code that does not watch ctx
// (a library function, or a compiled cell blocked outside its loops)
// cannot be stopped from outside, and the next cell waits for it.
func (s *Session) noteStillRunning(e *Error) {
	what := ""
	if s.runDone != nil {
		// settleInterrupted has waited for them the grace.
		what = runningCompiled()
		if what == "" {
			what = "a call into compiled code"
		}
	} else {
		// A trailing expression has no end signal: look at the
		// interpreter's goroutines until the grace is over.
		for end := time.Now().Add(interruptGrace); ; {
			if what = runningCompiled(); what == "" {
				return
			}
			if time.Now().After(end) {
				break
			}
			time.Sleep(interruptGrace / 10)
		}
	}
	e.Traceback = append(e.Traceback,
		"  still running in the background: "+what+", which does not watch ctx and cannot be stopped from outside;",
		"  the next cell waits until it returns (interrupt again to stop waiting), or restart the kernel to end it")
	e.Value += "; still running: " + what
}

// runningCompiled names the compiled function that the interpreter's
// goroutines are in: the innermost frame outside the runtime, reflect and
// yaegi, of a goroutine that yaegi started to run a cell.
func runningCompiled() string {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	for _, g := range strings.Split(string(buf), "\n\n") {
		if !strings.Contains(g, "github.com/traefik/yaegi/interp.(*Interpreter).ExecuteWithContext") {
			continue
		}
		lines := strings.Split(g, "\n")
		for _, l := range lines[1:] {
			if strings.HasPrefix(l, "\t") || l == "" || strings.HasPrefix(l, "created by ") {
				continue
			}
			fn := l
			if i := strings.LastIndex(fn, "("); i > 0 {
				fn = fn[:i]
			}
			if strings.HasPrefix(fn, "runtime.") || strings.HasPrefix(fn, "reflect.") || strings.HasPrefix(fn, "internal/") ||
				strings.HasPrefix(fn, "github.com/traefik/yaegi/") || strings.HasPrefix(fn, "sync.") {
				continue
			}
			// A compiled cell's package path is methodic.cells/sN/cK.
			if strings.HasPrefix(fn, "methodic.cells/") {
				if i := strings.LastIndex(fn, "/"); i >= 0 {
					fn = "compiled cell function " + fn[i+1:]
				}
			}
			return fn
		}
	}
	return ""
}
