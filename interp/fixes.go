package interp

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// The yaegi workaround layer: every bug or gap of yaegi v0.16.1 the kernel
// works around is a fix in the table below, with the upstream issue it
// answers, the script under testdata that shows the fix at work, and
// where it is: a rewrite of the cell's syntax (a stmt or node function of
// the table, applied by the fixer after the type check, with the types
// the check found), a replacement of symbols yaegi is given, or a
// mechanism of the session. A fix whose bug bare yaegi still shows has a
// canary, testdata/yaegi/<name>.go: TestYaegiCanaries runs it on bare
// yaegi and fails with "yaegi fixed ...: delete fix <name>" the day an
// upgrade prints what Go prints. yaegi v0.16.1 is the only version the
// module proxy serves; the upstream numbers are traefik/yaegi issues and
// pull requests, "none" where no report was found.
//
// The knowledge the kernel's code cites as "fix <name>" is this table.

// A fix is one workaround of the table.
type fix struct {
	name   string // how the code, the canary and the notes name it
	issue  string // upstream: "traefik/yaegi#1701", or "none"
	what   string // the bug as a user meets it, and what the fix does
	where  string // the file holding a fix that is no rewrite
	script string // the cell script under testdata that shows the fix at work
	canary bool   // testdata/yaegi/<name>.go shows the bug on bare yaegi

	// A rewrite replaces a statement by others (stmt, which returns nil
	// to leave it alone) or edits a node in place (node).
	stmt func(f *fixer, st ast.Stmt) []ast.Stmt
	node func(f *fixer, n ast.Node)
}

// fixes is the table. The rewrites run in its order.
var fixes = []*fix{
	{name: "mixed-cells", issue: "traefik/yaegi#1245", where: "split.go",
		what:   "yaegi picks declaration or statement mode from a cell's first token: a cell is cut at top level into imports, declarations and runs of statements, run in order",
		script: "mixed.cells", canary: true},
	{name: "import-once", issue: "traefik/yaegi#1551, #1726", where: "generation.go (addImport)",
		what:   "importing a package twice fails (\"fmt/_.go redeclared\"): imports of a path already imported are skipped",
		script: "imports.cells", canary: true},
	{name: "rebuild", issue: "traefik/yaegi#1673, #1410", where: "rebuild.go",
		what:   "functions compiled earlier call the old body of a redefined function, and a redefined type is ignored: a redefinition rebuilds the interpreter from the session's declarations, carrying the variables",
		script: "redefine.cells", canary: true},
	{name: "last-expression", issue: "traefik/yaegi#1069", where: "trailing.go",
		what:   "the value Eval returns is not a reliable last expression: the parsed cell decides whether it ends in an expression, which is rendered",
		script: "lastexpr.cells", canary: true},
	{name: "builtins", issue: "traefik/yaegi#1674", where: "generation.go (prelude)",
		what:   "min, max and clear are undefined: min and max are interpreted generics of the prelude, clear a compiled function",
		script: "builtins.cells", canary: true},
	{name: "stdlib-symbols", issue: "none", where: "symbols/",
		what:   "yaegi's bundled standard library stops at Go 1.22: the tables are generated for the Go that builds the kernel",
		script: "builtins.cells"},
	{name: "slices-supplement", issue: "traefik/yaegi#1610", where: "supplement.go",
		what:   "the interpreted slices package (Go 1.22 source) lacks sorting: the kernel adds Sort, SortFunc, Min, Max, BinarySearch, ... with Go's type parameters (S ~[]E, E), which fix explicit-instantiation gives every call",
		script: "generics.cells"},
	{name: "compiled-generics", issue: "traefik/yaegi#1457, #1601", where: "../mlstd/ (non-generic entry points)",
		what:   "generic functions of compiled packages cannot be called: the preloaded library exposes non-generic entry points",
		script: "generics.cells"},
	{name: "goroutine-panic", issue: "none (Go behaves so too; a kernel must not)", script: "goroutines.cells",
		what: "a panic in a goroutine a cell started ends the process: go statements recover and report the panic on stderr",
		stmt: fixGoStmt},
	{name: "cancel", issue: "traefik/yaegi#386, #1686", where: "session.go (execute), generation.go (sleep)",
		what:   "cancellation stops interpreted code only; compiled calls run on: library code takes the cell's ctx, time.Sleep wakes on interrupt, the next cell waits for the stopped one",
		script: "context.cells"},
	{name: "output-capture", issue: "none", where: "capture.go",
		what:   "os.Stdout is redirected only for *os.File streams: descriptors 1 and 2 are pipes read by the kernel",
		script: "io_test.go"},
	{name: "display-wrappers", issue: "traefik/yaegi#1558, #681, #955", where: "wrappers.go, trailing.go",
		what:   "compiled code cannot see the methods of cell types: display methods are called inside the interpreter, and the display functions get the values wrapped in the interfaces they implement",
		script: "render.cells"},
	{name: "fmt-cell-types", issue: "none", where: "cellfmt.go, celltypes.go",
		what:   "%T and %+v of cell structs show yaegi's anonymous struct with renamed fields, and a value of a cell type with methods held in an any, a []any, a map[string]any or a field of type any is yaegi's pair of a node and the value, printed {0xc000... {0x... 409}}: the cells' fmt prints them as Go does",
		script: "fmt.cells"},
	{name: "json-unexported", issue: "none", where: "celljson.go",
		what:   "json.Marshal shows the unexported fields of cell structs (yaegi exports them as Xname), and writes {} for a value of a cell type with methods held in an interface (yaegi's pair of a node and the value): the cells' json.Marshal leaves the fields out and writes the value",
		script: "json.cells"},
	{name: "errors-as", issue: "none", where: "cellerrors.go",
		what:   "errors.As with a target of a cell type panics: the cells' errors.As walks the chain itself, asking each error's As method",
		script: "errorsas.cells"},
	{name: "func-main", issue: "none", where: "decls.go",
		what:   "a func main of the main package runs again after every later Eval: main and init of a cell run once and are not kept",
		script: "funcmain.cells"},
	{name: "positions", issue: "none", where: "positions.go",
		what:   "positions are relative to what was evaluated, with the column of line 1 shifted: every piece carries a //line directive naming its cell",
		script: "errors.cells"},
	{name: "eval-concurrency", issue: "traefik/yaegi#140", where: "vars.go, snapshot.go",
		what:   "Eval is not safe for concurrent use: completion and inspection read the kernel's own index, never the interpreter",
		script: "api_test.go (TestAnswersWhileRunning)"},
	{name: "range-int", issue: "traefik/yaegi#1701", script: "builtins.cells", canary: true,
		what: "for i := range n over an integer fails (\"nil type\", or panics): the range is over make([]struct{}, n) when the checker says n is an integer",
		node: fixRangeInt},
	{name: "loopvar", issue: "traefik/yaegi#1643, #1645", script: "loops.cells", canary: true,
		what: "a loop shares its variables across iterations, as before Go 1.22: a loop whose body captures one (a closure, a go or defer statement, &v) gets a variable per iteration",
		stmt: fixLoopVar},
	{name: "closure-to-compiled", issue: "traefik/yaegi#1634, #1594, #1713", script: "loops.cells", canary: true,
		what: "a function literal handed to compiled code (wg.Go, time.AfterFunc) sees the variables of the last iteration of the loop it was made in: the literal is made inside a function of its own first",
		node: fixClosureToCompiled},
	{name: "defer-receiver", issue: "none", script: "defer.cells", canary: true,
		what: "a deferred method call looks its receiver up when it runs (defer f.Close() in a loop closed the last f each time): the call is deferred as a function literal that takes the receiver (its address for a pointer method) and the arguments as parameters",
		stmt: fixDeferReceiver},
	{name: "defer-args", issue: "none", script: "defer.cells", canary: true,
		what: "a deferred call's arguments are read when the call runs, not at the defer statement: they are evaluated into temporaries first",
		stmt: fixDeferArgs},
	{name: "method-value", issue: "none", script: "stale.cells", canary: true,
		what: "a method value x.M reads its receiver when it is called, not when it is made (get := t.Get; t.A = 5; get() gave 5): the method value of a value receiver or an interface is made by a function literal that takes the receiver as a parameter (for a value receiver reached through a pointer, c.Val with c a *Counter, the value pointed to: a copy, as Go makes)",
		node: fixMethodValue},
	{name: "nil-tuple", issue: "none", script: "assign.cells", canary: true,
		what: "a tuple assignment with an untyped nil on its right (a, b = nil, x) fails with \"reflect: New(nil)\": it is cut into single assignments, in an order that keeps its meaning",
		stmt: fixNilTuple},
	{name: "named-results", issue: "none", script: "funcs.cells", canary: true,
		what: "named results keep the values of the previous call of the function (a bare return gave them back): each call sets them to their zero values first",
		node: fixNamedResults},
	{name: "toplevel-define", issue: "none", where: "define.go (defineThroughFunc)", script: "generics.cells", canary: true,
		what: "a top-level := of a comma-ok form (v, ok := m[k]) fails with \"nil type\", one that calls a generic function (the builtins min and max included, generics of the prelude) with \"nil reflect type\": such a := takes its values from a function declared for it"},
	{name: "explicit-instantiation", issue: "traefik/yaegi#1610", script: "generics.cells", canary: true,
		what: "yaegi cannot infer type arguments through a function argument or a core type (S ~[]E): a use of a generic function of the cells or of slices, maps, cmp and iter gets the type arguments the checker inferred (not when one is a generic type instantiated with type parameters, Pair[K, V], where yaegi's own inference is tried); a generic function used as a value (f := Double[float64]) becomes a function literal calling it (yaegi stored its internal node, or took F[A, B] for a generic type), and a call whose result is of a defined type is converted to it (yaegi gave the result the underlying type and lost its methods)",
		node: fixInstantiate},
	{name: "runtime-errors", issue: "none", where: "fix_runtime.go, errors.go (panicError)", script: "runtime.cells", canary: true,
		what: "a run-time error of interpreted code is reflect's panic (\"reflect: slice index out of range\", a string, not a runtime.Error): recover() returns, and the cell reports, a runtime.Error with Go's message (the index and length Go's names: fix bounds-values); a method called on a nil interface of the cells failed with reflect's \"call of reflect.Value.Interface on zero Value\", which yaegi's own failures also raise: the one raised where yaegi looks a method up (getMethodByName, among the frames of the panic) is Go's nil dereference",
		node: fixRecover},
	{name: "switch-init", issue: "none", script: "switch.cells", canary: true,
		what: "a switch with both an init statement and a tag (switch s := \"go\"; s + \"lang\") takes the wrong clause: the init statement goes into a block around the switch",
		stmt: fixSwitchInit},
	{name: "type-switch-interface", issue: "none", script: "switch.cells", canary: true,
		what: "a type switch matches a case by the dynamic type's name only, so that case error: misses every error of compiled code: a type switch with a case of an interface type becomes an expression switch over comma-ok assertions made in the order of the cases; so does a type switch over a value of a compiled interface (error) with a case of a cell type (switch e := err.(type) { case *MyErr: } took the default clause: yaegi's type switch does not look into the wrapper holding the value); a case of an interface of the cells in such a switch (case Shape: beside case error:, which used to leave the whole switch to yaegi) is matched by a comma-ok assertion for a value of a cell type and by a type switch of that one case for a compiled value (cellInterfaceAssert); at the top level of a cell, where the rewrite's variables would collide in yaegi's global frame, the switch is first put in a function literal called on the spot (unless its body continues, returns, jumps or defers)",
		stmt: fixTypeSwitch},
	{name: "range-assign", issue: "none", script: "switch.cells", canary: true,
		what: "a range that assigns existing variables (for i = range s) leaves them unchanged: the range gets variables of its own, assigned to the targets at the top of the body",
		node: fixRangeAssign},
	{name: "toplevel-index", issue: "none", where: "fix_define.go (indexesValue), define.go (topLevelRisk)", script: "elements.cells", canary: true,
		what: "a top-level := of an element (row := xs[0], a := xs[0][0]) of a slice or map whose type came from compiled code fails with \"constant definition loop\" or a nil pointer dereference inside yaegi: such a := takes its value from a function declared for it (fix toplevel-define), importing under a name of the kernel's own a package its type needs that the cells did not import"},
	{name: "toplevel-conversion-method", issue: "none", where: "fix_define.go (callsMethodOfConversion), define.go (topLevelRisk)", script: "methodexpr.cells", canary: true,
		what: "a top-level := of a method called on a conversion (f := Transform(strings.ToUpper).Then(g), Transform a func type of the cells) fails with \"undefined selector Then\": such a := takes its value from a function declared for it"},
	{name: "method-expression", issue: "none", script: "methodexpr.cells", canary: true,
		what: "a method expression used as a value (f := (*Acc).Add) takes the wrong arguments (\"reflect: Call with too many input arguments\"; for a compiled type it is an unrelated function): it becomes a function literal that calls the method",
		node: fixMethodExpr},
	{name: "const-iota", issue: "none", script: "decls.cells", canary: true,
		what: "in a const declaration with a spec of several names (a, b = iota, iota * 10) iota counts names, not specs: the next line gets wrong values, or fails (\"constant definition loop\", \"cannot use _ as value\"): repeated lines are written out and each iota becomes its spec's index",
		node: fixConstIota},
	{name: "make-directional-chan", issue: "none", script: "decls.cells", canary: true,
		what: "make(<-chan T) panics with \"reflect.MakeChan: unidirectional channel type\": it becomes (<-chan T)(make(chan T))",
		node: fixMakeDirectionalChan},
	{name: "assert-nil", issue: "none", script: "runtime.cells", canary: true,
		what: "a comma-ok assertion of a nil value of an empty interface type to an interface of compiled code (err, ok := recover().(error) when nothing panicked) fails with \"reflect: call of reflect.Value.Type on zero Value\": a nil value is asserted as a sentinel that implements nothing",
		node: fixAssertNil},
	{name: "yaegi-log", issue: "none", where: "fix_log.go, run.go (compile)", script: "fix_log_test.go (TestYaegiLogLines)",
		what: "when yaegi cannot build an expression's type it logs \"nil type\" with a time stamp, which reached the cell's stderr: the standard logger drops those lines while yaegi compiles"},
	{name: "iter-package", issue: "none", where: "supplement.go, generation.go (compileSupplements)", script: "stdgenerics.cells", canary: true,
		what: "yaegi has no package iter, and its slices and maps (Go 1.22 sources) lack the iterator functions: the kernel compiles an interpreted iter (Seq, Seq2, Pull, Pull2) and adds slices.All, Values, Backward, Collect, AppendSeq, Sorted, SortedFunc, SortedStableFunc, Chunk, Repeat and maps.All, Keys, Values, Insert, Collect"},
	{name: "std-generic-calls", issue: "none", where: "generation.go (prelude), fix_calls.go (preludeGenerics)", script: "stdgenerics.cells", canary: true,
		what: "maps.Clone and the slices functions that clear a tail (Delete, DeleteFunc, Compact, CompactFunc) fail in yaegi's sources (no runtime map clone, no clear builtin), slices.Concat and Replace fail at run time, and the generic functions of compiled packages (sync.OnceValue, sync.OnceValues, errors.AsType, rand.N of math/rand/v2) cannot be called: calls of them go to interpreted versions in the prelude, with the checker's type arguments",
	},
	{name: "range-func", issue: "none", script: "rangefunc.cells", canary: true,
		what: "a range over a function (iter.Seq, iter.Seq2, maps.Keys, strings.SplitSeq, a func(yield func(V) bool)) does not compile (\"nil type\"): the loop becomes the call Go's compiler makes, the body the yield function (continue as return true, break as return false, a return of the enclosing function through a flag); a body with goto, defer or a branch to an outer loop gets an Unsupported error naming it",
		stmt: fixRangeFunc},
	{name: "generic-alias", issue: "none", script: "alias.cells", canary: true,
		what: "an instance of a generic alias (type Set[T comparable] = map[T]bool; Set[string]{}) fails with \"constant definition loop\": it is written as the type it stands for; so is an instance of iter.Seq or iter.Seq2 (its func type), on which yaegi fails in a declaration (a nil dereference)",
		node: fixGenericAlias},
	{name: "recv-result", issue: "traefik/yaegi#1725", script: "recv.cells", canary: true,
		what: "a receive as the operand of a return (return <-ch) fails with \"reflect.Value.Set using unaddressable value\", and r = <-ch into a named result leaves it 0: the value is received into a temporary first",
		stmt: fixRecvResult},
	{name: "tuple-call", issue: "none", script: "tuple.cells", canary: true,
		what: "a tuple assignment with a call among its values (a, b = len(s), 2; out, l = append(out, l[0]), l[1:]) assigns the wrong values, and v, ok = m[k] or x.(T) leaves v unchanged when ok is false: the assignments are made one by one where that keeps Go's order, else through temporaries (in a function literal called at once at the top level of a cell)",
		stmt: fixTupleCall},
	{name: "log-position", issue: "none", script: "logpos.cells", canary: true,
		what: "with log.Lshortfile or log.Llongfile, log names yaegi's frame (value.go:586) instead of the cell's line: a call of a log function or of a *log.Logger method written in a cell goes to a kernel function told the call's position (In[3]:2: the cell's execution count and line), which writes the line log would write",
		node: fixLogPosition},
	{name: "error-wrappers", issue: "none", where: "errwrap.go, wrappers.go (mapTypes), cellerrors.go", script: "errwrap.cells", canary: true,
		what: "an error of a cell type reaches compiled code in a wrapper with Error only, so errors.Is, errors.As and errors.Unwrap do not see its Unwrap, Is and As methods and a %w chain through it ends there: composed wrappers with the methods the type has are registered for yaegi's and the kernel's error wrappers; the cells' errors.Is compares the values wrappers hold (a sentinel of a cell type was never found)"},
	{name: "type-param-names", issue: "none", where: "fix_typeparams.go, fixes.go (applyFixes), typecheck.go (typeExpr)", script: "typeparams.cells", canary: true,
		what: "yaegi declares the type parameters of a generic function in the package scope, so that after func Id[T any] a type T of the cells fails in a declaration (var x T = 1: \"reflect.Type is nil\"), and two generic functions with a type parameter T in one file fail (\"undefined type for T\"): yaegi sees every type parameter of the cells under a name of the kernel's own (_methodictp_T), in the declaration and in the types the other rewrites write"},
	{name: "panic-cell-value", issue: "none", where: "fix_panic.go, errors.go (panicError)", script: "errwrap.cells",
		what: "a panic with a value of a cell type gives recover() the bare value, without methods: r.(error) was false for an error type of the cells, and a panic that ended the cell printed &{age}: recover() gives such a value with an Error method as an error wrapper holding it, assertions of an any to a cell type look into such wrappers, and the message of a panic that ends the cell shows the Error or String method, as Go's runtime does",
		node: fixCellAssert},
	{name: "fmt-static-types", issue: "none", where: "fix_fmtargs.go, cellprint.go, celltypes.go", script: "fmtstatic.cells", canary: true,
		what: "a type declared over a non-struct type (type Celsius float64, type Names []string) has its underlying runtime type: fmt prints %T as float64, %#v as []string{...}, and calls no String, Error, Format or GoString method of such values in slices, maps, pointers or fields: an argument of fmt's printing functions whose static type involves such types reaches fmt with the description of that type from the check, and the cells' fmt prints it as Go does",
		node: fixFmtArgs},
	{name: "defer-loop-closure", issue: "none", script: "defer.cells", canary: true,
		what: "a deferred function literal is made when the deferred call runs, so one deferred in a loop reads the variables of the last iteration (for i := range 3 { defer func() { fmt.Print(i) }() } printed 2 2 2, Go 2 1 0), also a variable declared in the loop's body: inside a function, such a literal takes the addresses of the iteration's variables it uses as parameters, evaluated at the defer statement, and uses them through those",
		stmt: fixDeferLoopClosure},
	{name: "interface-zero", issue: "none", where: "fix_zero.go (zeroOf), define.go (runVarSpec), fix_assign.go (fixNamedResults)", script: "zero.cells", canary: true,
		what: "*new(I) of an interface type of the cells is not nil (var s Shape, then s == nil was false and printing s failed with \"reflect: call of reflect.Value.Interface on zero Value\"; so was a named result of such a type): where the kernel writes a zero value (a top-level var without a value, named results set at each call) it writes I(nil) for an interface type"},
	{name: "embedded-interface", issue: "none (close to traefik/yaegi#1515)", script: "embedded.cells", canary: true,
		what: "a method promoted from an embedded field of an interface type (n.Area() for a struct embedding Shape) panics with \"invalid interface value\": the selector names the path to the field (n.Shape.Area())",
		node: fixEmbeddedInterface},
	{name: "error-equal", issue: "none", script: "errwrap.cells", canary: true,
		what: "a comparison of an error holding a value of a cell type (err == ErrGone) compares yaegi's wrappers: two of them panic (\"comparing uncomparable type\"), a wrapper against the cell value is false: the comparison goes to a kernel function that compares the values the wrappers hold",
		node: fixErrorEqual},
	{name: "variadic-interface", issue: "none", script: "errwrap.cells", canary: true,
		what: "a value of a cell type passed as a variadic argument of a compiled function taking an interface with methods (errors.Join(err, &MyErr{}), io.MultiWriter(upper{&b})) failed with \"reflect: cannot use *struct {...} as type error in Call\": the variadic arguments are passed as one slice literal (errors.Join([]error{err, &MyErr{}}...)), whose elements yaegi wraps",
		node: fixVariadicInterface},
	{name: "recv-define", issue: "none (the message of traefik/yaegi#1725)", script: "recv.cells", canary: true,
		what: "a variable declared with a receive (a := <-ch, var a = <-ch) holds a value that cannot be assigned to: a later a = b, a[1] = 7 or a++ fails with \"reflect: reflect.Value.Set using unaddressable value\" (goroutine_results swapped two arrays received so, in the runs where they came in the other order): the receive takes its comma-ok form, a, _ := <-ch",
		stmt: fixRecvDefine},
	{name: "value-error", issue: "none", script: "errwrap.cells", canary: true,
		what: "a value of a struct type of the cells whose Error method has a value receiver, made an error, reaches yaegi's wrapper as one of its fields rather than itself, so err.(StatusErr) and errors.As(err, &se) fail and err == StatusErr{...} is false: where the check says such a value becomes an error, the kernel makes the error (_methodicValueError), with the value whole and the type's Error, Unwrap, Is and As methods",
		node: fixValueError},
	{name: "json-unmarshal-struct", issue: "none", where: "celljson.go (jsonSymbols), generation.go (newGeneration)", script: "json.cells", canary: true,
		what: "json.Unmarshal's error for a field of the wrong type names the struct holding it by its runtime type's name, which a cell struct type lacks (\"Go struct field .id\", Go: \"Go struct field Item.id\"): the cells' json.Unmarshal fills the name in from the table of cell types; it also decodes a value of a cell type that declares UnmarshalJSON (json.Unmarshal(b, &level)) with that method, which yaegi hands over in a wrapper encoding/json refused (\"json: Unmarshal(non-pointer ...)\")"},
	{name: "assert-compiled-interface", issue: "none (close to traefik/yaegi#1558)", script: "errwrap.cells (bare values: assertbare.cells)", canary: true,
		what: "a comma-ok assertion of a value of a cell type held in an any (or an interface of the cells) to an interface of compiled code (y, ok := v.(fmt.Stringer), and the assertions a type switch with case error / case fmt.Stringer becomes) builds yaegi's wrapper from the node that made the value, read in the asserting function's frame: ok true with y nil (a nil pointer dereference at y.String()) or \"reflect.Set: value of type *bool is not assignable\", often only from the second call on; the single-value form v.(fmt.Stringer).String() always; a value of a cell struct type held bare (v := any(T{7}), any(&T{})) was asserted false (its runtime type has no methods), and a pair whose method set lacks the method (a Pk value with String on *Pk) true: the assertion becomes a function literal that asks the kernel what x holds (_methodicAssertKind): a value of a struct type of the cells is asserted to its own type, named from its runtime type, and converted (a type with a value-receiver Error becomes the kernel's error, fix value-error), or is not of the interface, with Go's panic in the single-value form; a value of another cell type is asserted to a literal interface with the same methods (which yaegi gets right; for the single-value form one method at a time, so that a failure panics with Go's \"interface conversion: ... missing method M\"); a compiled value as before; a bare value whose runtime type another cell struct type shares, one of them having the methods, is an Unsupported error rather than a guess",
		node: fixAssertCompiledInterface},
	{name: "unsafe-sizes", issue: "none", script: "unsafe.cells", canary: true,
		what: "import \"unsafe\" fails (yaegi knows the package only through its own unsafe symbols, which would hand cells unsafe.Pointer): the import is given an empty package, and unsafe.Sizeof, Alignof and Offsetof, constants the check computes, become uintptr(N); other members of unsafe stay Unsupported",
		node: fixUnsafeSizes},
	{name: "closure-write-back", issue: "none", where: "fix_writeback.go, fix_calls.go (fixGoStmt)", script: "writeback.cells", canary: true,
		what: "each call of a closure, when it ends, writes back into the slot of the frame that made it the value the slot had before (yaegi's getFunc), so a closure made again in a loop can be replaced by an older one between its making and its use: for i := range 50 { go func() { ... i ... }() } now and then started an earlier iteration's goroutine twice, depending on load (sync_mutex_once: total 1195 for 1225), and f(func() int { return i }, prev()) got the old closure every time: a function literal inside a loop of its function, and the goroutine of every go statement, is made in a call of its own, func() T { f := lit; return f }(), whose frame nothing reads again",
		node: fixClosureWriteBack},
	{name: "errors-as-interface", issue: "none", where: "fix_errorsas.go, cellerrors.go (errorChain)", script: "errwrap.cells", canary: true,
		what: "errors.As(err, &t) with t of an interface type of the cells (type timeouter interface{ Timeout() bool }, or a literal one) is false for every error: the target reaches compiled code as a pointer to yaegi's storage, whose type has no methods: the cell looks through the chain itself, asserting each error to each type of the cells that implements the interface; an error of compiled code with those methods (context.DeadlineExceeded) is still not found",
		node: fixErrorsAsInterface},
	{name: "bounds-values", issue: "none", where: "fix_bounds.go, generation.go (cellSymbols)", script: "runtime.cells", canary: true,
		what: "an index or a slice bound out of range panics in reflect, whose message names neither the index nor the length, so that a recovered run-time error said \"index out of range\" where Go says \"index out of range [5] with length 3\" (\"slice bounds out of range [:5] with capacity 3\"): once the session has met a recover(), a function that indexes gets a checked copy of its body, run instead while a deferred recover waits (a counter; the fast path pays a comparison per call; the copy runs as a function literal of its own so that the frame of the plain body does not grow), whose indexes and slices go through kernel functions that panic with Go's words and numbers",
		node: fixBounds},
	{name: "cell-interface-assert", issue: "none", script: "ifaceassert.cells", canary: true,
		what: "an assertion of an any holding a value of a cell type to an interface of the cells (n, ok := v.(Named)) is false, and the value got fails when used (\"reflect: call of reflect.Value.Interface on zero Value\"): yaegi keeps such a value in an any without its methods; the assertion tries the cell types that implement the interface first (v.(T), v.(*U)), then itself",
		node: fixCellInterfaceAssert},
	{name: "generic-struct-literal", issue: "none", script: "genlit.cells", canary: true,
		what: "every composite literal of one instance of a generic struct type (Pair[string, int]{...}) is compiled with the same type node, which is part of the literal's control flow: a literal compiled after another of the same instance ran the other's code, so Pair[T, int]{b.v, 0} in a generic method returned a top-level p := Pair[string, int]{\"a\", 1}, silently, and later literals gave zero values, crashed or printed nothing (E12): such a literal becomes a function literal that fills a variable of the type field by field",
		node: fixGenericStructLit},
	{name: "nil-interface-result", issue: "none", where: "fix_niliface.go, fix_fmtargs.go (fixFmtArgs), trailing.go (runTrailing)", script: "niliface.cells", canary: true,
		what: "a call whose result is of an interface type of the cells, nil, handed straight to compiled code (fmt.Println(k()) for func k() Shape { return nil }, also fmt.Println(h()) for h returning (Shape, bool)) or left as the cell's value failed with \"reflect: call of reflect.Value.Interface on zero Value\": such an argument of a compiled function taking an empty interface goes through a literal that keeps it in a variable and hands a nil one over as nil, and a trailing call of that kind is kept in a variable before it is shown",
		node: fixNilInterfaceResult},
	{name: "nil-pointer-error", issue: "none", script: "nilerror.cells", canary: true,
		what: "a nil pointer of a cell type made an error (func get() error { var p *MyErr; return p }) became a nil error: yaegi's wrapper for an interface of compiled code gives a nil value the interface's zero value, so get() == nil was true, silently (Go: false, the classic trap): where the check says a value of a nil-able type of the cells with an Error method becomes an error, a nil one is made the error by the kernel (fix value-error's wrappers), holding the nil value and calling its methods",
		node: fixNilError},
	{name: "defer-local-closure", issue: "traefik/yaegi#1697", script: "defer.cells",
		what: "a function whose deferred call runs a closure the function made (done := func() {...}; defer done(), or defer func() { done() }()) hung for good when it returned: yaegi holds the function's frame locked while it runs the deferred calls, and the closure, when its call ends, waits for that lock to write back its slot (fix closure-write-back): in a function with a defer statement, every function literal not called on the spot, and every method expression used as a value (add := (*Acc).Add), is made in a call of its own, whose frame nobody locks (the watch of deadlock.go names the hang for what is left: a generic function used as a value)",
		node: fixDeferLocalClosure},
	{name: "interface-copy", issue: "none", script: "ifacecopy.cells", canary: true,
		what: "a value of a type of the cells with methods put in an interface (var j I = w, var a any = w, []any{w}, append(xs, mk(i)), a return, an argument, a send) is not copied: the interface keeps the storage of the variable, field, element or call result it came from, so a later w.A = 50 showed through j.Sum(), and in a loop xs = append(xs, mk(i)) gave every element the last result, silently: such a value (not a composite literal, which is new each time) goes through a one-element slice made for it, []T{w}[0]",
		node: fixInterfaceCopy},
	{name: "compiled-vars", issue: "traefik/yaegi#1632, #1623", script: "compiledvars.cells", canary: true,
		what: "a variable of a compiled package is read once, when the code using it is compiled: in a function, runtime.MemProfileRate != 0 (a constant on the right), r + 1, r + x, -r, v := r and v = r kept the value r had then, silently, and r = v or r /= 2 were refused (\"cannot assign to 0 (int constant)\"): every use of such a variable becomes *&r, which yaegi reads and writes through the pointer each time (&r and r.f, r[i], r.M(), r() are left alone)",
		node: fixCompiledVars},
	{name: "straight-line-checks", issue: "none (traefik/yaegi#1266 for the line)", where: "fix_straight.go, fix_bounds.go (checkIndexAt ...), errors.go (panicError)", script: "straight.cells",
		what: "a run-time error nothing recovers ended the cell with reflect's account: an index or slice bound out of range without Go's numbers (\"index out of range\" for \"index out of range [3] with length 1\"), a nil *int dereferenced and handed on as \"reflect: call of reflect.Value.Interface on zero Value\" (E22), and the place of the first statement of the cell's statements, not the failing line: in the straight-line code of a cell (outside loops and functions, which run once per cell, so the checks cost nothing that grows with the work) indexes and slices go through the checks of fix bounds-values and dereferences through a nil check, which panic with Go's words, numbers and the place; so does a shift by a variable count of a signed type, which yaegi made a shift by uint(n) (x << n with n = -1 gave 0, silently; Go panics: negative shift amount); loops and functions keep the fast path and reflect's account (and shift by a negative count silently)",
		node: fixStraightLine},
	{name: "reflect-cell-types", issue: "none (traefik/yaegi#1558 for the methods)", script: "reflect.cells", canary: true,
		what: "a struct type of the cells has a runtime type of yaegi's making, without name or methods, its unexported fields exported under an X prefix: reflect answered t.Name() \"\", t.NumMethod() 0, t.Field(i).Name \"Xemail\" (exported), and v.MethodByName(\"Greet\") the zero Value (Call panicked): a cell's calls of Name, String, Field and NumMethod of a reflect.Type and of MethodByName, Method and NumMethod of a reflect.Value go to the kernel, which answers from its table of cell struct types and from method values of the cells' types by name, written from the check's method sets",
		node: fixReflect},
	{name: "template-methods", issue: "none", script: "reflect.cells",
		what: "text/template and html/template find methods by compiled reflection, which sees no method of a struct type of the cells (yaegi's runtime type has none, and reflect.StructOf cannot make one with methods): {{.Total}} failed with only \"can't evaluate field Total in type struct { ... }\"; the error of a cell's Execute or ExecuteTemplate names the cell type's method and the way that works, a function of the template's FuncMap (Line.Total); the template itself still fails (D23)",
		node: fixTemplateError},
	{name: "select-branch", issue: "none", script: "selectloop.cells", canary: true,
		what: "a branch statement written as the last statement of a select case lost its jump (yaegi wires that statement to the end of the select): break loop out of for { select { case <-done: break loop } } broke only the select and the consumer loop never ended (or ended in the deadlock error), continue ran the rest of the loop body, a backward goto fell through; and a plain break nested in a case (if x { break }) broke the enclosing loop, not the select: such a branch goes in a block of its own, and the plain breaks of a select that are nested or not last break a label given to the select",
		stmt: fixSelectBranch},
	{name: "case-label", issue: "none", script: "selectloop.cells", canary: true,
		what: "a labelled statement written directly in a case of a switch or a select (case x: L: for { ... break L }) failed with \"undefined: L\": yaegi declares labels when it enters a block, and a case is none: the body of such a case goes in a block",
		node: fixCaseLabel},
	{name: "fmt-held-pairs", issue: "none", where: "fix_fmtargs.go (heldArg), cellfmt.go (heldArg and unheld), cellprint.go (pairStatic), fix_ifacecopy.go (heldBare), fix_logpos.go", script: "heldpairs.cells", canary: true,
		what: "a value of a cell type with methods held in an any is yaegi's pair of the node that made it and the value; handed to fmt, yaegi wraps it in fmt.Stringer by evaluating the node again in the frame of the call of fmt: where the any was set in another function (var y any = v at the top level of a cell runs in one, as does fix interface-copy's []T{v}[0]), that read another frame's slot and printed a wrong value silently (L0 for Lv(3)), panicked in String (reflect.Set: value of type int is not assignable to type struct { N int }) or failed on a zero Value (E36, E37): fmt's arguments of type any (and log's) go through _methodicHeld, which hands the pair itself to the cells' fmt functions (and log's, fix log-position), which print its value through the methods of the type its node names (also for a type over a non-struct type, and for struct types with the same fields); composite literals of such types put in an any are copied too, so that yaegi keeps them as pairs rather than bare values of an anonymous runtime type",
	},
	{name: "generic-methods", issue: "none found upstream", where: "genericcache.go, run.go (compile)", script: "genmethsame.cells genmethsame2.cells", canary: true,
		what: "two generic types with a method of the same name shared the code of the method for the same type arguments (yaegi caches it under \"Get[int]\", without the receiver's type): Box[int].Get ran Counter[int].Get, a reflect.Set error, or with the same fields the wrong method silently, even cells apart; a generic function of that name shared the key too: the generation renames, in yaegi's AST, the name nodes of the methods of generic types \"Get/Box\" once compiled (their names for method sets and interfaces are elsewhere), deletes the methods from the cache before each compilation, compiles apart the methods of such types whose instances exist or are made by the same piece, and fails with an error naming both types where an instance took another's method",
	},
	{name: "array-pointer", issue: "none", script: "runtime.cells", canary: true,
		what: "len(p) and cap(p) of a nil pointer to an array failed with \"reflect: call of reflect.Value.Len on zero Value\" (Go: the constant N), and a range over it with \"index out of range [-1]\" (Go: N rounds for the index alone, a nil dereference with a value): len and cap become the check's constant, a range over the index alone ranges over [N]struct{}{}, one with a value checks the pointer before the loop",
		node: fixArrayPointer},
	{name: "nil-pointer-interface", issue: "none", script: "nilpointer.cells", canary: true,
		what: "fix nil-pointer-error for the other interfaces of compiled code: a nil pointer of a cell type (or a nil value of a cell type over a map, slice, func or chan) made a fmt.Stringer, sort.Interface, io.Writer, ... became a nil interface, so var s fmt.Stringer = p gave s == nil true (Go: false) and s.String() a nil pointer dereference where Go calls the method on the nil receiver, silently: where the check says such a value becomes such an interface, a nil one is wrapped by the kernel in yaegi's own wrapper type of the interface from the symbol tables, holding the nil value and calling its methods through it",
		node: fixNilInterface},
	{name: "assert-message", issue: "none", script: "assertmsg.cells", canary: true,
		what: "a failed type assertion to a type that is no interface names yaegi's runtime types and loses the asserted value's static type: var sh Shape = Sq{2}; _ = sh.(Circle) said \"interface conversion: interface {} is struct { S float64 }, not struct { R float64 }\" (Go: \"main.Shape is main.Sq, not main.Circle\"): the places of such assertions are noted with the Go spellings of both static types, and the error of the panic, or what recover() returns, is written from them, the held value's type named from the kernel's table of cell struct types",
		node: fixAssertMessage},
	{name: "named-values", issue: "none", script: "namedval.cells", canary: true,
		what: "a type declared over a basic type without methods (type ID int, type Celsius float64) has its underlying runtime type, and its values are kept bare in an interface: v.(ID) was true for an any holding Count(3) or 3, a type switch with case ID: case Count: case int: took the first case for all three (one with case Meters: alone took the default clause), %T printed int, silently: where the check says such a value becomes a value of an empty interface (not an argument of a compiled function), it goes in as a value of the kernel's carrying the type's name (comparable, printed and marshalled as its value), assertions to such a type (and the comma-ok assertions a type switch with a case of one becomes) ask the kernel, and the cells' %T names the type",
		node: fixNamedValues},
	{name: "index-guards", issue: "none (traefik/yaegi#1266 for the line)", where: "fix_guards.go, errors.go (panicError), fix_straight.go (placeFrames)", script: "guards.cells",
		what: "an index out of range nothing recovers, inside a function or a loop body, said \"index out of range\" without Go's \"[5] with length 2\" and named the function's first line, and a nil *int dereferenced there said \"reflect: call of reflect.Value.Int on zero Value\" (E22; fix straight-line-checks covers the cell's own statements only): a simple statement of a loop body that holds a loop, prints or calls a function of the cells, or of a function that prints or holds such a loop, gets in front of it a plain if per index (i >= len(x), i < 0) and per dereference (p == nil) it always evaluates, which calls the kernel only when it fails, with Go's message, numbers and place; a light loop or function (d := a[k] - b[k]; s += d * d), where such an if costs 15-25%, keeps the fast path, and its error gets Go's words and the line when it has only one index (slice, dereference) left without a guard",
		node: fixIndexGuards},
}

// fixByName returns the fix called name.
func fixByName(name string) *fix {
	for _, f := range fixes {
		if f.name == name {
			return f
		}
	}
	panic("interp: no fix " + name)
}

// A fixer applies the rewrites of the table to a piece of a cell, after
// the type check. The rewrites may change the nodes the check saw (a
// piece of statements runs once) or a copy of them (a declaration, kept
// for rebuilds, whose checked form the checker keeps): orig maps a node
// of the copy to the node the check saw.
type fixer struct {
	s    *Session
	info *types.Info
	orig map[ast.Node]ast.Node
	// alias maps an identifier made by the kernel to the checked one
	// whose object it stands for (a temporary of a redefinition).
	alias map[*ast.Ident]*ast.Ident
	tmp   int
	// made holds nodes a rewrite made that rewrites must not take again.
	made map[ast.Node]bool
	// root is the piece the fixer rewrites; inFunc, made from it when a
	// rewrite asks, holds the statements inside a function.
	root   ast.Node
	inFunc map[ast.Node]bool
	// scopeNodes maps the check's scopes to their nodes, made when a
	// rewrite asks (inLoop).
	scopeNodes map[*types.Scope]ast.Node
	// compiledVars is 1 when the piece uses a variable of a compiled
	// package, -1 when not, 0 until asked (fix compiled-vars).
	compiledVars int
	bounds       boundsFixer   // fix bounds-values
	straight     straightFixer // fix straight-line-checks
	named        int           // fix named-values: 0 not looked, 1 no such types, 2 some
	guards       guardsFixer   // fix index-guards
}

// applyFixes rewrites n for yaegi.
func (s *Session) applyFixes(n ast.Node, info *types.Info, orig map[ast.Node]ast.Node) {
	f := &fixer{s: s, info: info, orig: orig, root: n}
	f.renameTypeParams(n) // fix type-param-names, first: what the others write follows it
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BlockStmt:
			n.List = f.stmts(n.List)
		case *ast.CaseClause:
			n.Body = f.stmts(n.Body)
		case *ast.CommClause:
			n.Body = f.stmts(n.Body)
		}
		for _, fx := range fixes {
			if fx.node != nil && n != nil {
				fx.node(f, n)
			}
		}
		return true
	})
}

// stmts applies the statement rewrites to a list: the first rewrite that
// changes a statement replaces it; the walk then goes into what replaced
// it.
func (f *fixer) stmts(list []ast.Stmt) []ast.Stmt {
	var out []ast.Stmt
	for _, st := range list {
		var repl []ast.Stmt
		for _, fx := range fixes {
			if fx.stmt != nil {
				if repl = fx.stmt(f, st); repl != nil {
					break
				}
			}
		}
		if repl == nil {
			out = append(out, st)
		} else {
			out = append(out, repl...)
		}
	}
	return out
}

// checked returns the node the type check saw for n.
func (f *fixer) checked(n ast.Node) ast.Node {
	if f.orig != nil {
		if o, ok := f.orig[n]; ok {
			return o
		}
	}
	return n
}

// typeOf returns the type the check gave to x, or nil.
func (f *fixer) typeOf(x ast.Expr) types.Type {
	if f.info == nil {
		return nil
	}
	if c, ok := f.checked(x).(ast.Expr); ok {
		return f.info.TypeOf(c)
	}
	return nil
}

// typed records t as the type of x, an expression a rewrite made, for
// the rewrites that look at it later; it returns x.
func (f *fixer) typed(x ast.Expr, t types.Type) ast.Expr {
	if f.info != nil && t != nil {
		if f.info.Types == nil {
			f.info.Types = map[ast.Expr]types.TypeAndValue{}
		}
		f.info.Types[x] = types.TypeAndValue{Type: t}
	}
	return x
}

// objectOf returns the object the check found for id, or nil.
func (f *fixer) objectOf(id *ast.Ident) types.Object {
	if f.info == nil {
		return nil
	}
	if a, ok := f.alias[id]; ok {
		id = a
	}
	if c, ok := f.checked(id).(*ast.Ident); ok {
		return f.info.ObjectOf(c)
	}
	return nil
}

// selection returns the check's selection of sel, or nil.
func (f *fixer) selection(sel *ast.SelectorExpr) *types.Selection {
	if f.info == nil {
		return nil
	}
	if c, ok := f.checked(sel).(*ast.SelectorExpr); ok {
		return f.info.Selections[c]
	}
	return nil
}

// instance returns the instantiation the check recorded for id.
func (f *fixer) instance(id *ast.Ident) (types.Instance, bool) {
	if f.info == nil {
		return types.Instance{}, false
	}
	c, ok := f.checked(id).(*ast.Ident)
	if !ok {
		return types.Instance{}, false
	}
	inst, ok := f.info.Instances[c]
	return inst, ok
}

// temp returns a new name for a temporary.
func (f *fixer) temp(prefix string) string {
	f.tmp++
	return fmt.Sprintf("%s%d", prefix, f.tmp)
}

// argTemps returns t1, t2 := a, b for the arguments of a call, with
// temporaries named prefix and a number, and the temporaries as the new
// arguments.
func (f *fixer) argTemps(p token.Pos, in []ast.Expr, prefix string) (*ast.AssignStmt, []ast.Expr) {
	assign := &ast.AssignStmt{TokPos: p, Tok: token.DEFINE}
	args := make([]ast.Expr, len(in))
	for i, a := range in {
		name := f.temp(prefix)
		assign.Lhs = append(assign.Lhs, &ast.Ident{NamePos: a.Pos(), Name: name})
		assign.Rhs = append(assign.Rhs, a)
		args[i] = &ast.Ident{NamePos: a.Pos(), Name: name}
	}
	return assign, args
}

func isBuiltin(name string) bool {
	switch name {
	case "append", "cap", "clear", "close", "complex", "copy", "delete", "imag", "len", "make",
		"max", "min", "new", "panic", "print", "println", "real", "recover":
		return true
	}
	return false
}

// isBuiltinCall reports whether call calls a builtin (the check says
// so, or, without it, the name does and nothing of the cell shadows it).
func (f *fixer) isBuiltinCall(call *ast.CallExpr) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	if obj := f.objectOf(id); obj != nil {
		_, builtin := obj.(*types.Builtin)
		return builtin
	}
	return isBuiltin(id.Name) || strings.HasPrefix(id.Name, "_methodic")
}

// rootIdent returns x of x, x.f, x[i], *x, (x).
func rootIdent(e ast.Expr) *ast.Ident {
	for {
		switch t := e.(type) {
		case *ast.Ident:
			return t
		case *ast.SelectorExpr:
			e = t.X
		case *ast.IndexExpr:
			e = t.X
		case *ast.StarExpr:
			e = t.X
		case *ast.ParenExpr:
			e = t.X
		default:
			return nil
		}
	}
}

// isCompiledFunc reports whether the function a call calls is compiled
// code: a function or method of an imported package (not of the cells,
// whose package is main).
func (f *fixer) isCompiledFunc(fun ast.Expr) bool {
	fun = ast.Unparen(fun)
	var id *ast.Ident
	switch x := fun.(type) {
	case *ast.Ident:
		id = x
	case *ast.SelectorExpr:
		if sel := f.selection(x); sel != nil {
			obj := sel.Obj()
			return obj.Pkg() != nil && obj.Pkg().Path() != "main"
		}
		id = x.Sel
	case *ast.IndexExpr:
		return f.isCompiledFunc(x.X)
	case *ast.IndexListExpr:
		return f.isCompiledFunc(x.X)
	default:
		return false
	}
	obj := f.objectOf(id)
	fn, ok := obj.(*types.Func)
	return ok && fn.Pkg() != nil && fn.Pkg().Path() != "main"
}
