package interp

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"io"
	"os"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	yaegi "github.com/traefik/yaegi/interp"

	"github.com/methodic-go/methodic/display"
	"github.com/methodic-go/methodic/interp/symbols"
	"github.com/methodic-go/methodic/native/interrupt"
)

// Options configures a Session. The zero value is what the kernel uses.
type Options struct {
	// MaxOutput is the most bytes of standard output and error that one
	// cell streams; past it, output is counted and dropped, and the cell
	// says once how much was dropped. Zero means 4 MiB; negative means no
	// limit.
	MaxOutput int64

	// Log receives the interpreter's own diagnostics, never a cell's
	// output. Nil means RealStderr().
	Log io.Writer
}

// Output is where a running cell's output goes. The kernel adapter and the
// notebook runner implement it. It must be safe for concurrent use:
// goroutines a cell started may write while it runs.
type Output interface {
	// Stream publishes text written to "stdout" or "stderr". It is called
	// while the cell runs, with batches of output.
	Stream(name, text string)
	// Display and Clear publish display_data, update_display_data and
	// clear_output (display.Show, display handles, display.Clear).
	display.Publisher
	// Input asks the user for a line of input (a cell reading os.Stdin or
	// calling fmt.Scan). It returns an error when input is not allowed.
	Input(prompt string, password bool) (string, error)
}

// ExecOptions qualifies one Execute call. The zero value suits a caller
// that lets the session number the cells.
type ExecOptions struct {
	// Count is the execution count the front end shows for the cell
	// (In[Count]). Tracebacks name the cells by it, so that a panic in a
	// function declared earlier points at the cell the user sees. A
	// Jupyter kernel passes the execution_count it assigned: executions
	// that Jupyter does not count (silent, or store_history false) carry
	// the count of the last one that did, as IPython names them. Zero
	// means one more than the count of the previous cell.
	Count int
}

// Result is the outcome of one cell.
type Result struct {
	// Value is the rendered trailing expression of the cell, nil when the
	// cell does not end in an expression with a single value.
	Value *display.Bundle
	// Err is nil on success.
	Err *Error
	// Pages holds pager payloads, as for `?name` and `name?`.
	Pages []display.Bundle
}

// Error is a failed cell: Name is the kind of failure (see the package
// documentation for the list), Value the message, and Traceback the lines
// to show, which point at the cell's own lines and may hold ANSI colour.
type Error struct {
	Name      string
	Value     string
	Traceback []string
}

func (e *Error) Error() string { return e.Name + ": " + e.Value }

// Session is a Go REPL whose state persists from cell to cell. Execute and
// Evaluate must be called from one goroutine at a time; Complete, Inspect
// and IsComplete may be called from any goroutine at any time, including
// while a cell runs.
type Session struct {
	opts Options
	log  io.Writer

	gen    *generation
	store  *store
	cells  []string // source of each cell by id; cells[0] is the prelude
	counts []int    // execution count of each cell by id, for tracebacks
	runs   int      // functions runWrapped has declared, for their names

	stdin   stdinReader
	trace   traceWriter
	cellCtx atomic.Pointer[context.Context]

	snap    atomic.Pointer[snapshot] // read by completion and inspection
	vars    *varIndex                // the variables and constants, by name
	types   *typeView                // the session as go/types sees it
	indexed struct {                 // what vars was last read from
		gen *generation
		key snapshotKey
	}
	cellTypes   atomic.Pointer[cellTypeMap] // read by the fmt functions of cells
	typesKey    typesKey                    // what cellTypes was built for
	typesSeen   []reflect.Type              // what _methodicTypes last saw
	methodsSeen []any                       // what _methodicMethods last saw
	typesCache  struct {                    // runtime types of cell types, by name, for gen
		gen *generation
		m   map[string]cachedType
	}
	fset     *token.FileSet // where every generation locates code
	kept     reflect.Value  // the value _methodicKeep last saw
	rendered display.Bundle // what _methodicSet collected
	timeitFn func()         // the function %timeit times
	runDone  chan struct{}  // closed when wrapped statements end
	native   compiledCells  // cells compiled by %%compile (compiled.go)

	closeOnce sync.Once
	closed    atomic.Bool
}

// New starts a session. It is cheap: the symbol table of a package is
// loaded when a cell first imports it.
func New(o Options) (*Session, error) {
	if o.MaxOutput == 0 {
		o.MaxOutput = 4 << 20
	}
	if scopeFields.elems < 0 {
		return nil, errors.New("interp: the go/types of this Go has no types.Scope fields elems and children of the expected types, which the type checker of the cells edits (typecheck.go): build the kernel with the Go of its go.mod, or update typecheck.go")
	}
	s := &Session{opts: o, log: o.Log, store: newStore(), vars: newVarIndex()}
	s.native.syms = map[string]map[string]reflect.Value{}
	s.native.names = map[string]string{}
	if s.log == nil {
		s.log = RealStderr()
	}
	if err := std.acquire(); err != nil {
		return nil, err
	}
	bg := context.Background()
	s.cellCtx.Store(&bg)
	s.cells, s.counts = []string{preludeSource}, []int{0}
	g, err := s.newGeneration()
	if err != nil {
		std.release()
		return nil, err
	}
	s.gen = g
	s.types = newTypeView(s.fset)
	s.refreshIndex()
	return s, nil
}

// Close ends the session. When the last session of the process closes,
// standard output and error are handed back to the process.
func (s *Session) Close() error {
	s.closeOnce.Do(func() {
		s.closed.Store(true)
		if s.native.c != nil {
			s.native.c.Close()
		}
		std.release()
	})
	return nil
}

// ctxValue is read by interpreted code through the `ctx` variable.
func (s *Session) ctxValue() context.Context { return *s.cellCtx.Load() }

// Execute runs one cell. ctx is the cell's context: an interrupt cancels
// it, which stops interpreted code within a few milliseconds and is seen
// by library code through the `ctx` variable of the cell. Output streams
// to out while the cell runs; all of it has been streamed when Execute
// returns.
func (s *Session) Execute(ctx context.Context, code string, out Output, o ExecOptions) (res Result) {
	if s.closed.Load() {
		return Result{Err: &Error{Name: "SessionClosed", Value: "the session is closed"}}
	}
	count := o.Count
	if count <= 0 {
		count = s.counts[len(s.counts)-1] + 1
	}
	cellID := s.addCell(code, count)

	// What was written before the cell is not the cell's.
	std.fenceAll(time.Second)
	sink := newCellSink(out, s.opts.MaxOutput)
	std.sink.Store(sink)
	prevPub := display.SetPublisher(publisher{out: out, sink: sink})
	s.stdin.begin(out)
	// The watch of watch.go stops an endless recursion through the
	// cell's context, with a cause errorFrom reports.
	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	defer watchCell(stop)()
	s.cellCtx.Store(&ctx)
	// Compiled cells stop when an interrupt raises native/interrupt.
	interrupt.Lower()
	stopRaise := context.AfterFunc(ctx, interrupt.Raise)
	defer func() {
		stopRaise()
		bg := context.Background()
		s.cellCtx.Store(&bg)
		s.stdin.end()
		std.fenceAll(2 * time.Second)
		std.sink.Store(nil)
		sink.close()
		display.SetPublisher(prevPub)
		if s.stopped() {
			if e := s.guard("Execute", s.refreshIndex); e != nil && res.Err == nil {
				res = Result{Err: e}
			}
		}
	}()
	if e := s.guard("Execute", func() {
		if err := s.waitStopped(ctx); err != nil {
			res = Result{Err: s.errorFrom(err, cellID)}
			return
		}
		res = s.runCell(ctx, cellID, code, out)
		if res.Err != nil && res.Err.Name == "Interrupted" {
			s.noteStillRunning(res.Err)
		}
	}); e != nil {
		res = Result{Err: e}
	}
	return res
}

// guard runs f, turning a panic of the kernel into the InternalError it
// returns (see boundary.go).
func (s *Session) guard(where string, f func()) (e *Error) {
	defer func() {
		if r := recover(); r != nil {
			e = s.internalPanic(where, r)
		}
	}()
	f()
	return nil
}

// addCell records the source of a cell and its execution count, and
// returns its id.
func (s *Session) addCell(code string, count int) int {
	s.cells = append(s.cells, code)
	s.counts = append(s.counts, count)
	return len(s.cells) - 1
}

// runCell handles magics, then the Go code of a cell.
func (s *Session) runCell(ctx context.Context, cellID int, code string, out Output) Result {
	if r, ok := s.runMagics(ctx, cellID, code, out); ok {
		return r
	}
	return s.runGo(ctx, cellID, code, 0)
}

// runGo runs Go source that is part of cell cellID, starting at byte
// offset base of the cell.
func (s *Session) runGo(ctx context.Context, cellID int, code string, base int) Result {
	var res Result
	chunks := mergeDecls(splitCell(code), code)
	for ci, c := range chunks {
		text := code[c.start:c.end]
		if strings.TrimSpace(text) == "" {
			continue
		}
		line, col := lineCol(s.cells[cellID], base+c.start)
		last := ci == len(chunks)-1
		var err *Error
		switch c.kind {
		case chunkImport:
			err = s.runImport(cellID, text, line, col)
		case chunkDecl:
			err = s.runDecl(ctx, cellID, text, line, col)
		default:
			var v *display.Bundle
			v, err = s.runStmts(ctx, cellID, text, line, col, last)
			if v != nil {
				res.Value = v
			}
		}
		if err != nil {
			res.Err = err
			res.Value = nil
			return res
		}
	}
	return res
}

// mergeDecls joins consecutive declarations, so that they are compiled
// together and may refer to each other (mutually recursive functions).
func mergeDecls(chunks []chunk, code string) []chunk {
	var out []chunk
	for _, c := range chunks {
		if n := len(out); n > 0 && out[n-1].kind == chunkDecl {
			if c.kind == chunkDecl {
				out[n-1].end = c.end
				continue
			}
			if c.kind == chunkStmts && strings.TrimSpace(code[c.start:c.end]) == "" {
				out[n-1].end = c.end
				continue
			}
		}
		out = append(out, c)
	}
	return out
}

// lineCol returns the 1-based line and column of byte offset off in src.
func lineCol(src string, off int) (line, col int) {
	if off > len(src) {
		off = len(src)
	}
	line = 1 + strings.Count(src[:off], "\n")
	col = off - strings.LastIndex(src[:off], "\n")
	return line, col
}

// Positions: every piece of source handed to yaegi is parsed under one
// file name (yaegi scopes imports by file name, so all cells must share
// one) with a //line directive whose line number encodes the cell:
// cellID*lineBase + line. Error messages and panic traces are decoded back
// to the cell's own line and column.
const (
	srcName  = "_.go"
	lineBase = 10000
	// maxCells keeps encoded lines under the parser's limit of 1<<30;
	// positions in cells older than that many are not told apart.
	maxCells = 100000
)

func lineDirective(cellID, line, col int) string {
	if line >= lineBase {
		line = lineBase - 1
	}
	return fmt.Sprintf("//line %s:%d:%d\n", srcName, (cellID%maxCells)*lineBase+line, col)
}

// parseDecls parses declarations (or imports) found at line, col of a
// cell, with positions in the cell.
func (s *Session) parseDecls(fset *token.FileSet, cellID int, text string, line, col int) (*ast.File, error) {
	src := "package main\n" + lineDirective(cellID, line, col) + text + "\n"
	return parser.ParseFile(fset, srcName, src, parser.AllErrors)
}

// parseStmts parses statements found at line, col of a cell.
func (s *Session) parseStmts(fset *token.FileSet, cellID int, text string, line, col int) (*ast.BlockStmt, *ast.File, error) {
	src := "package main\nfunc _() {\n" + lineDirective(cellID, line, col) + text + "\n}\n"
	f, err := parser.ParseFile(fset, srcName, src, parser.AllErrors)
	if err != nil {
		return nil, nil, err
	}
	return f.Decls[0].(*ast.FuncDecl).Body, f, nil
}

// compile compiles an AST in the current interpreter, turning a panic of
// yaegi into an error (YAEGI.md item 5).
func (g *generation) compile(n ast.Node) (p *yaegi.Program, err error) {
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, &yaegiPanic{r}
		}
	}()
	return g.i.CompileAST(n)
}

// yaegiPanic is a panic raised inside yaegi while compiling.
type yaegiPanic struct{ v any }

func (e *yaegiPanic) Error() string { return fmt.Sprint(e.v) }

// execute runs a compiled program under ctx. When ctx is cancelled the
// interpreter is told to stop: interpreted code stops at its next
// statement, a compiled call runs on until it returns (YAEGI.md item 8).
// yaegi's ExecuteWithContext runs the program on a goroutine of its own
// and returns at once on cancellation.
func (s *Session) execute(ctx context.Context, p *yaegi.Program) (v reflect.Value, err error) {
	s.refreshCellTypes()
	s.trace.begin()
	defer func() {
		if r := recover(); r != nil {
			v, err = reflect.Value{}, yaegi.Panic{Value: r}
		}
	}()
	return s.gen.i.ExecuteWithContext(ctx, p)
}

// stopped reports whether the last statements have stopped, waiting a
// little for an interrupted cell to unwind.
func (s *Session) stopped() bool {
	ch := s.runDone
	if ch == nil {
		return true
	}
	select {
	case <-ch:
		s.runDone = nil
		return true
	case <-time.After(50 * time.Millisecond):
		return false
	}
}

// waitStopped waits, after an interrupt, until the interrupted statements
// have really stopped (yaegi's ExecuteWithContext returns before they
// do, and a compiled call runs on until it returns). It says so on
// stderr when that takes long; a cancelled ctx ends the wait.
func (s *Session) waitStopped(ctx context.Context) error {
	ch := s.runDone
	if ch == nil {
		return nil
	}
	select {
	case <-ch:
		s.runDone = nil
		return nil
	case <-time.After(interruptGrace):
	}
	fmt.Fprintln(os.Stderr, "waiting for the interrupted cell: a call into compiled code that does not watch ctx is still running...")
	select {
	case <-ch:
		s.runDone = nil
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

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
		if cause := context.Cause(s.ctxValue()); errors.Is(cause, errStackOverflow) {
			msg := cause.Error()
			return &Error{Name: "RuntimeError", Value: msg, Traceback: []string{red("RuntimeError") + ": " + msg}}
		}
		return &Error{Name: "Interrupted", Value: "the cell was interrupted",
			Traceback: []string{red("Interrupted") + ": the cell was interrupted"}}
	}
	var yp *yaegiPanic
	if errors.As(err, &yp) {
		msg := fmt.Sprint(yp.v)
		if msg == "nil type" {
			msg = "the interpreter could not type this cell (yaegi: nil type); " +
				"a range over an integer whose type the kernel cannot infer is a known cause: " +
				"write for i := 0; i < n; i++"
		}
		return &Error{Name: "InternalError", Value: msg,
			Traceback: []string{red("InternalError") + ": " + msg}}
	}
	var pe yaegi.Panic
	if errors.As(err, &pe) {
		return s.panicError(pe.Value)
	}
	msg := err.Error()
	if l, c, rest, ok := splitPos(msg); ok {
		name := "CompileError"
		return s.positioned(name, rest, l, c)
	}
	return &Error{Name: "Error", Value: msg, Traceback: []string{red("Error") + ": " + msg}}
}

// splitPos splits "L:C: message" as yaegi writes errors for _.go.
func splitPos(msg string) (line, col int, rest string, ok bool) {
	msg = strings.TrimPrefix(msg, srcName+":")
	var l, c int
	n, err := fmt.Sscanf(msg, "%d:%d:", &l, &c)
	if err != nil || n != 2 {
		return 0, 0, "", false
	}
	i := strings.Index(msg, ": ")
	if i < 0 {
		return 0, 0, "", false
	}
	return l, c, strings.TrimSpace(msg[i+2:]), true
}

// positioned builds an error whose traceback shows the source line of the
// cell and a caret under the column. line is encoded (cellID*lineBase+line).
func (s *Session) positioned(name, msg string, line, col int) *Error {
	cellID, l := line/lineBase, line%lineBase
	tb := []string{red(name) + ": " + msg}
	tb = append(tb, s.sourceLines(cellID, l, col)...)
	// The position goes at the end of the message's first line (Go's
	// messages may go on with lines of detail: have (...), want (...)).
	head, rest, _ := strings.Cut(msg, "\n")
	value := fmt.Sprintf("%s (%s)", head, s.where(cellID, l, col))
	if rest != "" {
		value += "\n" + rest
	}
	return &Error{Name: name, Value: value, Traceback: tb}
}

// where names a position: "line 3, column 5" in the running cell, with
// the cell named for earlier ones.
func (s *Session) where(cellID, line, col int) string {
	switch {
	case cellID == 0 && line > 5000:
		return fmt.Sprintf("the kernel's slices package, line %d", line-5000)
	case cellID == 0:
		return fmt.Sprintf("kernel prelude line %d", line)
	case cellID == len(s.cells)-1:
		return fmt.Sprintf("line %d, column %d", line, col)
	case cellID < 0 || cellID >= len(s.counts):
		return fmt.Sprintf("line %d, column %d of an old cell", line, col)
	}
	return fmt.Sprintf("cell In[%d], line %d, column %d", s.counts[cellID], line, col)
}

func (s *Session) sourceLines(cellID, line, col int) []string {
	if cellID < 0 || cellID >= len(s.cells) {
		return nil
	}
	lines := strings.Split(s.cells[cellID], "\n")
	if line < 1 || line > len(lines) {
		return nil
	}
	src := strings.ReplaceAll(lines[line-1], "\t", "    ")
	// The caret goes under column col, counted in bytes of the original
	// line, where a tab is four columns wide.
	orig := lines[line-1]
	if col < 1 {
		col = 1
	}
	if col > len(orig)+1 {
		col = len(orig) + 1
	}
	pad := len([]rune(strings.ReplaceAll(orig[:col-1], "\t", "    ")))
	head := fmt.Sprintf("  %s:", s.where(cellID, line, col))
	return []string{head, "    " + src, "    " + strings.Repeat(" ", pad) + green("^")}
}

// panicError builds the error of a panic in interpreted code, with the
// interpreted call stack that yaegi reported.
func (s *Session) panicError(v any) *Error {
	name := "Panic"
	if _, ok := v.(runtimeError); ok {
		name = "RuntimeError"
	} else if m := fmt.Sprint(v); strings.HasPrefix(m, "reflect") || strings.HasPrefix(m, "runtime error") {
		name = "RuntimeError"
	} else if _, ok := v.(symbols.ExitError); ok {
		name = "Exit"
	}
	msg := fmt.Sprint(v)
	if e, ok := v.(error); ok {
		msg = e.Error()
	}
	tb := []string{red(name) + ": " + msg}
	frames := s.trace.frames()
	if len(frames) > 0 {
		tb = append(tb, "Interpreted call stack (most recent call first):")
	}
	for _, f := range frames {
		cellID, l := f.line/lineBase, f.line%lineBase
		fn := strings.TrimPrefix(f.fn, "main.")
		if fn == "main" || fn == "_" || strings.HasPrefix(fn, runFuncPrefix) {
			fn = "cell"
		}
		tb = append(tb, fmt.Sprintf("  %s  (%s)", bold(fn), s.where(cellID, l, f.col)))
		if src := s.sourceLines(cellID, l, f.col); len(src) == 3 {
			tb = append(tb, src[1], src[2])
		}
	}
	val := msg
	if len(frames) > 0 {
		f := frames[0]
		val = fmt.Sprintf("%s (%s)", msg, s.where(f.line/lineBase, f.line%lineBase, f.col))
	}
	return &Error{Name: name, Value: val, Traceback: tb}
}

type runtimeError interface {
	error
	RuntimeError()
}

func internalError(r any) *Error {
	msg := fmt.Sprint(r)
	return &Error{Name: "InternalError", Value: msg, Traceback: []string{red("InternalError") + ": " + msg}}
}

func red(s string) string   { return "\x1b[0;31m" + s + "\x1b[0m" }
func green(s string) string { return "\x1b[0;32m" + s + "\x1b[0m" }
func bold(s string) string  { return "\x1b[1m" + s + "\x1b[0m" }

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
