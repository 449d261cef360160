package interp

import (
	"context"
	"errors"
	"fmt"
	"go/token"
	"io"
	"log"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/methodic-go/methodic/display"
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
	stdLog  *log.Logger // the cells' standard logger (fix log-position)
	cellCtx atomic.Pointer[context.Context]

	snap    atomic.Pointer[snapshot] // read by completion and inspection
	vars    *varIndex                // the variables and constants, by name
	types   *typeView                // the session as go/types sees it
	running *fixer                   // the types of the piece being run
	timers  timers                   // what could wake the running cell (deadlock.go)
	indexed struct {                 // what vars was last read from
		gen *generation
		key snapshotKey
	}
	cellTypes       atomic.Pointer[cellTypeMap]      // read by the fmt functions of cells
	cellNamed       atomic.Pointer[cellNamedMethods] // the fmt methods of cell types, by name
	methodsDeclared atomic.Bool                      // the cells declare methods: values in interfaces may be yaegi's pairs
	namedTypes      bool                             // a cell declared a type fix named-values is for
	fmtTypes        fmtTypes                         // static types of fmt's arguments (fix fmt-static-types)
	typesKey        typesKey                         // what cellTypes was built for
	typesSeen       []reflect.Type                   // what _methodicTypes last saw
	methodsSeen     []any                            // what _methodicMethods last saw
	typesCache      struct {                         // runtime types of cell types, by name, for gen
		gen *generation
		m   map[string]cachedType
	}
	fset     *token.FileSet // where every generation locates code
	kept     reflect.Value  // the value _methodicKeep last saw
	rendered display.Bundle // what _methodicSet collected
	timeitFn func()         // the function %timeit times
	runDone  chan struct{}  // closed when wrapped statements end
	// defers are the calls the running cell's top-level defers
	// registered, deferPos where the first stood (celldefer.go).
	defers   []func()
	deferPos token.Pos
	// runDoneID is the number of the wrapped run runDone waits for,
	// doneSeq the last number given.
	runDoneID atomic.Int64
	doneSeq   int64
	native    compiledCells // cells compiled by %%compile (compiled.go)
	// boundsWaiting counts the deferred recovers of cells waiting, which
	// make functions run their checked copies; boundsCopies says that a
	// cell has called recover(), so that functions get such copies
	// (fix bounds-values, fix_bounds.go). yaegi reads boundsWaiting as
	// the variable _methodicBounds.
	boundsWaiting int32
	boundsCopies  bool
	// straightOff turns fix straight-line-checks off: while %timeit
	// prepares the code it times (which runs many times), and in the
	// benchmark that compares the fast path with and without it.
	straightOff bool
	// guardsOff turns fix index-guards off, in the benchmark that
	// compares loops and calls with and without it.
	guardsOff bool
	// unguarded holds, per function of the cells (and per loop of a
	// cell's own statements), the places of its indexes, slices and
	// dereferences that fix index-guards left without a guard: the
	// failing one when it is the only one of its kind (guardSites).
	unguarded map[guardScope][]guardSite
	// place is where the straight-line code of the running piece is:
	// the line (encoded, cellID*lineBase + line) of the statement that
	// runs, shifted left by 20 bits, and its column; 0 for none (fix
	// straight-line-checks).
	place atomic.Int64
	// assertSites holds the static types of the cells' assertions, by
	// place (fix assert-message).
	assertSites assertSites

	// checkOnly is set while precheck checks a cell whole: warnings
	// wait for the checks of the chunks as they run.
	checkOnly bool
	// testHookExecute, when a test sets it, is called just before
	// yaegi is given a program (interrupt.go).
	testHookExecute func()

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
		s.timers.reset()
		stopWatch := watchCell(stop, &s.timers, fmt.Sprintf("%p", s.gen.i))
		res = s.runCell(ctx, cellID, code, out)
		stopWatch()
		if c := context.Cause(ctx); errors.Is(c, errDeadlock) || errors.Is(c, errDeferClosure) {
			// Goroutines asleep in a compiled lock (wg.Wait) never
			// stop: the next cell does not wait for them.
			s.runDone = nil
			s.runDoneID.Store(0)
		}
		if res.Err != nil && res.Err.Name == "Interrupted" {
			s.settleInterrupted(res.Err)
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
	outer, outerPos := s.defers, s.deferPos
	s.defers, s.deferPos = nil, token.NoPos
	res := s.runChunks(ctx, cellID, code, base)
	if e := s.runCellDefers(ctx, cellID, s.deferPos); e != nil && res.Err == nil {
		res = Result{Err: e}
	}
	s.defers, s.deferPos = outer, outerPos
	return res
}

// runChunks runs the chunks of Go source of runGo.
func (s *Session) runChunks(ctx context.Context, cellID int, code string, base int) Result {
	var res Result
	chunks := mergeDecls(splitCell(code), code)
	if e := s.precheck(cellID, code, base, chunks); e != nil {
		res.Err = e
		return res
	}
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
