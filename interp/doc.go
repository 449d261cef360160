// Package interp runs Go notebook cells on yaegi (github.com/traefik/yaegi
// v0.16.1): a Session keeps the state of a REPL from cell to cell and
// answers completion, inspection and is-complete requests. It knows
// nothing of ZeroMQ; the kernel drives it through cmd main.
//
// # A cell
//
// Execute runs one cell:
//
//  1. Magics (%time, %timeit, %who, %whos, %reset, %env, %lsmagic,
//     %help, %%compile and %go get, see compiled.go and package native),
//     shell lines (!cmd) and help requests (?name, name?) are
//     handled first. %timeit picks its loop count as Python's timeit
//     does (1, 2, 5, 10, 20, 50, ... loops, until a run takes 0.2 s) and
//     makes up to 7 runs, as IPython, but only as many as fit in 2.5 s
//     (at least 3), so that timing a fast statement never takes more
//     than about 2.5 s; -n N and -r R fix the counts.
//  2. The Go code is cut at top level into imports, declarations and runs
//     of statements, evaluated in order, so that a cell may mix them
//     (yaegi alone picks one mode from the first token). A package clause
//     at the top of a cell is skipped. Each piece goes through one
//     pipeline (pipeline.go): parse, auto-import (below), a go/types
//     check against every declaration and variable of the session
//     (typecheck.go), then the fixes of yaegi's bugs (fixes.go), then
//     yaegi. A piece that does not compile fails with Go's own message at
//     its line and column before any of it runs; unused variables and
//     imports, which go build refuses, are warnings on stderr.
//  3. Imports of a path already imported are skipped; a renamed or dot
//     import of it is passed on. A preloaded package (display, every
//     mlstd package, gonum's mat, stat, floats, distuv, gonum/plot's plot,
//     plotter, plotutil, vg, draw, vgimg, vgsvg) and the common standard
//     packages (fmt, strings, math, ...) are imported when a cell names
//     them without importing them, as goimports would.
//  4. Declarations go to a store keyed by name, in any order within a
//     cell, as at package level: variables are initialized in Go's
//     order. A cell that declares func main runs its init functions and
//     then main, as a pasted program would, and keeps the other
//     declarations (not main). A new declaration is compiled in place; one that changes (a function, method, type or constant
//     redefined) rebuilds the interpreter from the imports and the
//     current declarations, and carries the values of the variables
//     across by reflection. Functions declared earlier then call the new
//     body, and a redefined struct has its new fields. A variable whose
//     type changed is dropped with a one-line note on stderr, and so is a
//     declaration that no longer compiles.
//  5. Top-level x := v and var x = v make global variables. Redefining an
//     existing variable assigns it (so functions that use it see the new
//     value); with a value of another type it takes the new type, through
//     a rebuild. Other statements run inside a function declared for
//     them and forgotten once it returns, where yaegi is on well-trodden
//     ground; a top-level defer therefore runs when its run of statements
//     ends (a top-level := starts a new run), not at the end of the cell.
//  6. When the cell ends in an expression with a value, the value is
//     rendered inside the interpreter by the display methods it has
//     (MIMEBundle, HTML, SVG, PNG, JPEG, Markdown, LaTeX, JSON), so that
//     types declared in cells render through their own methods too;
//     text/plain comes from String or Error, or prints types of the cells
//     with their names (main.P{a:1, B:"x"}), where fmt would print yaegi's
//     anonymous struct with renamed fields.
//     A trailing call with several results shows what a Go programmer
//     would look at: when the last result has the static type error, a
//     nil error leaves the other results (strconv.Atoi("3") shows 3) and
//     a non-nil one is shown alone, as an error is (strconv.Atoi("x")
//     shows the message, in red in HTML); otherwise, or when more than
//     one result is left, the results show as a tuple, (1, "a"), each
//     as its own text/plain. (IPython would show a tuple always; in Go
//     the error says whether the other results mean anything.) Calls
//     made to write, whose results are a count and an error (fmt.Println,
//     fmt.Fprintf, io.Copy, methods named Write, WriteString, WriteRune,
//     WriteTo, ReadFrom), show nothing when the error is nil, and so
//     does a call whose one result is an error (w.Flush(), check()),
//     which a program calls for its effect.
//  7. fmt's printing functions, as cells see them, print values of
//     types declared in cells as Go prints them: %T as main.P or
//     main.Celsius, %+v as {A:1 b:x}, %#v as main.P{A:1, b:"x"} or
//     main.Names{"a"}, and through their String, Error, Format and
//     GoString methods wherever the values are (in slices, maps,
//     pointers, fields, interfaces, error variables); no method is
//     called on a value reached through an unexported field, as fmt
//     cannot. Struct types are told by their runtime types
//     (cellfmt.go); a defined non-struct type, which has the runtime type
//     of its underlying type in yaegi, by the static type the check gave
//     the argument of fmt (fix fmt-static-types, fix_fmtargs.go). What
//     neither tells: a value of a defined non-struct type held in an
//     interface prints as its underlying type for %T and %#v (var v any
//     = Celsius(2): float64), and its methods are not called where yaegi
//     does not wrap it (an element of a []any); cell struct types with
//     identical fields share one runtime type and, in an interface,
//     print as a struct literal; log.Printf keeps yaegi's fmt.
//
// # The cell's context
//
// Inside a cell the variable ctx (a context.Context) is cancelled when
// the cell is interrupted. It is the one way library code learns of an
// interrupt: long-running mlstd calls take it as their first argument,
// model.Fit(ctx, train, val), and return ctx.Err() promptly. Interpreted
// code stops by itself within a few milliseconds of an interrupt, and so
// does time.Sleep in a cell; Execute returns at once with an Interrupted
// error and the next cell runs with the state intact. A compiled call
// that ignores ctx runs on in the background until it returns (yaegi
// cannot stop it), which is why library code must watch ctx; the next
// cell waits for it, except for a wait in a lock or WaitGroup of the
// cell (mu.Lock(), wg.Wait()), which nothing of the stopped cell can end:
// such statements are left behind, and the rest of the interrupted cell
// runs if the wait ever ends (syncwait.go). A goroutine
// that holds ctx sees the context of whatever cell runs.
//
// # Output
//
// While a Session is open, file descriptors 1 and 2 of the process are
// pipes read by this package: every write, from interpreted code, from
// compiled library code (fmt.Println in an mlstd package) or from C,
// streams to the running cell's Output in batches (every 50 ms, or 64 KiB).
// Streams and display messages keep the order in which the cell made
// them: before display.Show, display.Clear, a handle's update or an
// input request reaches the Output, everything written to fds 1 and 2
// until then is read from the pipes and streamed (a fence token is
// written into each pipe that is not idle, and the reader signals when
// it gets there; an idle pipe costs one FIONREAD). So text printed before
// display.Clear is cleared by it, as in IPython. A display message costs
// about 2 µs when nothing was printed since the last one, about 16 µs
// after output (BenchmarkPublish). Execute returns only after everything
// the cell wrote has been streamed.
// A cell streams at most Options.MaxOutput bytes (4 MiB by default); the
// rest is counted and dropped, and the cell says once how much. Bytes
// written while no cell runs go to the original standard output and
// error. This redirection is process-wide: the kernel must write its own
// log to RealStderr (log.SetOutput(interp.RealStderr()), or a slog
// handler on it) and the notebook runner its progress to RealStdout, or
// their lines would show in whatever cell runs. Crashes of the process
// are also written to RealStderr (debug.SetCrashOutput). The last Session
// to close gives the descriptors back.
//
// Standard input (os.Stdin, fmt.Scan, fmt.Scanln, bufio readers on
// os.Stdin) asks Output.Input for a line when it has none; when Input
// fails (the front end does not allow input), the read fails with
// ErrNoInput rather than hanging. In cells os.Stdin is an io.Reader, not
// an *os.File.
//
// # Errors
//
// A failed cell returns an Error whose Name is one of:
//
//	SyntaxError    the cell does not parse
//	CompileError   the cell parses but does not compile (undefined names,
//	               type mismatches): go/types' message, as go build says it
//	Unsupported    valid Go that yaegi v0.16.1 cannot compile; the value
//	               says what yaegi said, at the construct's position
//	ImportError    a package that cannot be imported (yaegi loads only
//	               what the kernel ships: the standard library and the
//	               preloaded packages)
//	Panic          a panic raised by the cell
//	RuntimeError   a run-time error: index out of range, nil map write...
//	Exit           os.Exit or log.Fatal called in a cell (the kernel lives)
//	Interrupted    the cell was interrupted
//	InternalError  the kernel itself failed (a bug: every entry point
//	               recovers it, logs its stack, and the session goes on)
//
// Value is the message followed by the position in the cell; Traceback
// shows the source line with a caret under the column, and for panics the
// interpreted call stack, each frame with its cell, line and source. A
// position in an earlier cell names it by its execution count, "cell
// In[3], line 2, column 5", which the caller passes in
// ExecOptions.Count: the kernel adapter gives Jupyter's execution_count
// (executions Jupyter does not count carry the count of the last one that
// did, as in IPython), the notebook runner the count it writes into the
// notebook. Without a count a cell is numbered one past the previous one.
// yaegi reports for each frame the statement it was running, which is
// not always the call (a panic's own frame may point at the enclosing
// if). Any panic inside yaegi becomes a cell error; the process never
// dies of a cell. A panic in a goroutine a cell started (go statements are
// rewritten to recover) is reported on stderr.
//
// # Go of today on yaegi v0.16.1
//
// Everything the kernel does about yaegi's bugs and gaps is one table,
// fixes in fixes.go: each fix names its upstream issue, the rewrite of
// the cell's syntax or the symbols it replaces, and the script that shows
// it at work; those whose bug bare yaegi still shows have a canary under
// testdata/yaegi that fails the day yaegi is fixed. The rewrites run
// after the type check and use its types: a range over an integer, a
// variable per loop iteration (Go 1.22), function literals handed to
// compiled code (wg.Go, time.AfterFunc) in a loop, deferred calls'
// arguments and receivers taken at the defer statement, a deferred
// function literal given the addresses of its loop iteration's variables, named results set
// to zero at each call, tuple assignments with nil, the type arguments of
// generic calls, and := at top level of comma-ok forms and generic calls.
//
// Symbol tables are generated for the Go that builds the kernel (see
// package symbols). min and max are interpreted generics over the
// predeclared ordered types, clear is compiled. slices, maps and cmp are
// interpreted from yaegi's Go 1.22 sources, completed with the kernel's
// own Sort, SortFunc, SortStableFunc, IsSorted, Min, Max, MinFunc,
// MaxFunc, BinarySearch and BinarySearchFunc.
//
// What still differs from Go: a function whose deferred call runs a
// generic function it made a value of (inc := Inc[int]; defer func() {
// inc(&n, 1) }()) hangs when it returns, since yaegi holds the
// function's frame locked while it runs deferred calls
// (traefik/yaegi#1697; fix defer-local-closure takes the closures of
// function literals, f := func() {...}; defer f(), and method
// expressions): the watch stops the cell with an Unsupported error
// naming the construct. A top-level defer
// runs when its run of statements ends (a top-level := starts a new
// run), not at the end of the cell.
//
// Compiled code that looks for methods by reflection does not see the
// methods of types declared in cells: yaegi builds their runtime types
// with reflect.StructOf, which cannot give a type methods, so that
// text/template and html/template fail on {{.Total}} for a Total method
// ("can't evaluate field Total in type struct { ... }", followed by what
// happened and what works, fix template-methods). Hand such a
// template the method as a function, template.FuncMap{"total":
// Line.Total} and {{total .}}, or the value as a field. A cell's own
// calls of reflect get the names, fields and methods of its types (fix
// reflect-cell-types), not reflect.Type's Method and MethodByName, nor a
// reflect.Type printed whole.
//
// json.Marshal and json.MarshalIndent leave out the unexported fields of
// struct types declared at top level in cells, as Go does (yaegi exports
// them under an X prefix); json.NewEncoder does not, nor do struct types
// declared inside functions.
//
// An error of a cell type keeps its Unwrap, Is and As methods when it
// reaches compiled code (errwrap.go): errors.Is and errors.As follow %w
// chains through it, errors.Is finds a sentinel of a cell type
// (var ErrGone = &GoneError{}), err == ErrGone compares the values, a
// type switch over an error finds the cell type (case *GoneError:), and
// recover() gives a panic value of such a type as an error. errors.As finds an error of a cell type
// whose Error method has a pointer receiver (var me *MyErr;
// errors.As(err, &me)) through the chain of wrapped errors; for a value
// receiver on a struct it reports false, since yaegi does not keep such
// a value whole in the error it hands compiled code (cellerrors.go); nor
// can such a value be passed to errors.Join ("cannot use struct {...} as
// type error").
//
// Generics: generic functions and types declared in cells work, their
// type arguments inferred by the type checker where yaegi cannot;
// generic functions of compiled packages cannot be called at all, which
// is why mlstd exposes non-generic entry points, and a composite literal
// or a variable of an instance of a generic type of the cells at top
// level is Unsupported (declare it inside a function, or get it from a
// constructor).
//
// # Completion and inspection
//
// Complete, Inspect and IsComplete may be called while a cell runs: they
// read an index the session rebuilds after each cell (its variables with
// their types, its declarations, its imports) and the symbol tables, and
// never call into yaegi. Documentation of the preloaded packages comes
// from symbols.Docs, extracted from their sources when the tables are
// generated.
//
// This package reads a few unexported fields of yaegi v0.16.1 (the static
// types of globals and of an expression) through reflection, read-only
// and between cells; see yaegiview.go.
package interp
