package interp

import (
	"context"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/token"
	randv2 "math/rand/v2"
	"os"
	"path"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	yaegi "github.com/traefik/yaegi/interp"

	"github.com/methodic-go/methodic/interp/symbols"
)

// A generation is one yaegi interpreter. A session replaces its
// generation when a declaration changes (see store.go), carrying the
// values of variables across.
type generation struct {
	i     *yaegi.Interpreter
	used  map[string]bool // import paths whose symbols were handed to yaegi
	types typeCache
	// compiled returns the symbols of a compiled cell's package.
	compiled func(importPath string) (map[string]reflect.Value, bool)
	// overrides replace symbols of a package once it is used: the
	// session's own encoding/json Marshal functions (celljson.go).
	overrides map[string]map[string]reflect.Value
	// runID is yaegi's run counter when the generation began, which its
	// frames carry (resume).
	runID uint64
	// generics is what the generation compiled of generic declarations
	// (fix generic-methods, genericcache.go).
	generics genericNames
}

// cellPkgPath is the import path of the kernel's own binary package, which
// the prelude dot-imports: ctx, clear and the helpers of rewritten code.
const cellPkgPath = "_methodic"

// preludeSource is compiled into every generation, as cell 0. min and max
// are interpreted generics because yaegi v0.16.1 lacks the builtins
// (fix builtins); clear is compiled (it needs no type parameter). Their
// constraint lists the predeclared types inline and without ~: yaegi fails
// to infer an untyped constant argument (min(2.5, 1)) against a named or
// ~ constraint, which is the commoner case in a notebook than a defined
// numeric type. Type parameters are named _T: yaegi resolves a type
// parameter in the scope of main, where a dot import (of math, say) may
// have put a constant of the same name.
const preludeSource = `import . "_methodic"
import "github.com/methodic-go/methodic/display"

var _ display.Bundle

func min[_T int | int8 | int16 | int32 | int64 | uint | uint8 | uint16 | uint32 | uint64 | uintptr | float32 | float64 | string](x _T, y ..._T) _T {
	for _, v := range y {
		if v < x {
			x = v
		}
	}
	return x
}

func max[_T int | int8 | int16 | int32 | int64 | uint | uint8 | uint16 | uint32 | uint64 | uintptr | float32 | float64 | string](x _T, y ..._T) _T {
	for _, v := range y {
		if v > x {
			x = v
		}
	}
	return x
}

func _methodicRecover() {
	if r := recover(); r != nil {
		_methodicGoPanic(r)
	}
}

func _methodicOnceValue[_T any](f func() _T) func() _T {
	do := _methodicOnceDo()
	var v _T
	return func() _T {
		do(func() { v = f() })
		return v
	}
}

func _methodicOnceValues[_T1, _T2 any](f func() (_T1, _T2)) func() (_T1, _T2) {
	do := _methodicOnceDo()
	var v1 _T1
	var v2 _T2
	return func() (_T1, _T2) {
		do(func() { v1, v2 = f() })
		return v1, v2
	}
}

func _methodicMapsClone[_M ~map[_K]_V, _K comparable, _V any](m _M) _M {
	if m == nil {
		return nil
	}
	c := make(_M, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

func _methodicSlicesDelete[_S ~[]_E, _E any](s _S, i int, j int) _S {
	_ = s[i:j:len(s)]
	if i == j {
		return s
	}
	n := len(s)
	s = append(s[:i], s[j:]...)
	var zero _E
	for k := len(s); k < n; k++ {
		s[:n][k] = zero
	}
	return s
}

func _methodicSlicesReplace[_S ~[]_E, _E any](s _S, i int, j int, v ..._E) _S {
	_ = s[i:j]
	n := len(s)
	tot := n - (j - i) + len(v)
	if tot > cap(s) {
		out := append(s[:0:0], make([]_E, tot)...)
		copy(out, s[:i])
		copy(out[i:], v)
		copy(out[i+len(v):], s[j:])
		return out
	}
	r := s[:tot]
	if i+len(v) <= j {
		copy(r[i:], v)
		copy(r[i+len(v):], s[j:])
		var zero _E
		for k := tot; k < n; k++ {
			s[k] = zero
		}
		return r
	}
	copy(r[i+len(v):], s[j:])
	copy(r[i:], v)
	return r
}

func _methodicSlicesDeleteFunc[_S ~[]_E, _E any](s _S, del func(_E) bool) _S {
	i := 0
	for _, v := range s {
		if !del(v) {
			s[i] = v
			i++
		}
	}
	var zero _E
	for k := i; k < len(s); k++ {
		s[k] = zero
	}
	return s[:i]
}

func _methodicSlicesCompact[_S ~[]_E, _E comparable](s _S) _S {
	if len(s) < 2 {
		return s
	}
	i := 1
	for k := 1; k < len(s); k++ {
		if s[k] != s[k-1] {
			s[i] = s[k]
			i++
		}
	}
	var zero _E
	for k := i; k < len(s); k++ {
		s[k] = zero
	}
	return s[:i]
}

func _methodicSlicesCompactFunc[_S ~[]_E, _E any](s _S, eq func(_E, _E) bool) _S {
	if len(s) < 2 {
		return s
	}
	i := 1
	for k := 1; k < len(s); k++ {
		if !eq(s[k], s[k-1]) {
			s[i] = s[k]
			i++
		}
	}
	var zero _E
	for k := i; k < len(s); k++ {
		s[k] = zero
	}
	return s[:i]
}

func _methodicSlicesConcat[_S ~[]_E, _E any](ss ..._S) _S {
	size := 0
	for _, s := range ss {
		size += len(s)
	}
	out := make(_S, 0, size)
	for _, s := range ss {
		out = append(out, s...)
	}
	return out
}

func _methodicAsType[_E error](err error) (_E, bool) {
	var target _E
	ok := _methodicErrorsAs(err, &target)
	return target, ok
}

func _methodicRandN[_T ~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr](n _T) _T {
	if n <= 0 {
		panic("invalid argument to N")
	}
	return _T(_methodicUint64N(uint64(n)))
}

func _methodicNonNeg[_T int | int8 | int16 | int32 | int64 | uint | uint8 | uint16 | uint32 | uint64 | uintptr](n _T) _T {
	if n < 0 {
		return 0
	}
	return n
}

`

// preludeNames are the declarations of the prelude, which a cell may
// redeclare (a cell's own min replaces the prelude's).
var preludeNames = []string{"min", "max", "_methodicRecover", "_methodicNonNeg", "_methodicOnceValue", "_methodicOnceValues", "_methodicAsType", "_methodicRandN", "_methodicMapsClone", "_methodicSlicesDelete", "_methodicSlicesConcat", "_methodicSlicesReplace", "_methodicSlicesDeleteFunc", "_methodicSlicesCompact", "_methodicSlicesCompactFunc"}

// cellContext is the `ctx` of cells: a context.Context that delegates to
// the context of the running cell, so that a goroutine holding it sees an
// interrupt of whatever cell runs.
type cellContext struct{ s *Session }

func (c cellContext) Deadline() (time.Time, bool) { return c.s.ctxValue().Deadline() }
func (c cellContext) Done() <-chan struct{} {
	c.s.timers.other.Store(true) // a wait for an interrupt is no deadlock
	return c.s.ctxValue().Done()
}
func (c cellContext) Err() error      { return c.s.ctxValue().Err() }
func (c cellContext) Value(k any) any { return c.s.ctxValue().Value(k) }
func (c cellContext) String() string  { return "cell context" }

// cellSymbols is the kernel's binary package for a session.
func (s *Session) cellSymbols() yaegi.Exports {
	var ctx context.Context = cellContext{s}
	return yaegi.Exports{
		cellPkgPath + "/_methodic": {
			"ctx":                reflect.ValueOf(&ctx).Elem(),
			"clear":              reflect.ValueOf(clearValue),
			"_methodicGoPanic":   reflect.ValueOf(goPanic),
			"_methodicRecovered": reflect.ValueOf(s.recovered),
			"_methodicCellValue": reflect.ValueOf(heldCellValue),
			// fix named-values
			"_methodicNamed":      reflect.ValueOf(makeNamed),
			"_methodicNamedView":  reflect.ValueOf(namedView),
			"_methodicNamedMust":  reflect.ValueOf(namedMust),
			"_methodicSharedView": reflect.ValueOf(sharedView),
			"_methodicSharedMust": reflect.ValueOf(sharedMust),
			"_methodicEqual":      reflect.ValueOf(cellEqual),
			"_methodicValueError": reflect.ValueOf(valueError),
			"_methodicNotNil":     reflect.ValueOf(notNil),
			"_methodicHoldsCell":  reflect.ValueOf(holdsCellValue),
			"_methodicErrorChain": reflect.ValueOf(errorChain),
			// fix bounds-values
			"_methodicBounds":      reflect.ValueOf(&s.boundsWaiting).Elem(),
			"_methodicBoundsEnter": reflect.ValueOf(s.boundsEnter),
			"_methodicBoundsLeave": reflect.ValueOf(s.boundsLeave),
			"_methodicIndex":       reflect.ValueOf(checkIndex),
			"_methodicSlice":       reflect.ValueOf(checkSlice),
			"_methodicSlice3":      reflect.ValueOf(checkSlice3),
			// fix straight-line-checks
			"_methodicIndexAt":   reflect.ValueOf(checkIndexAt),
			"_methodicSliceAt":   reflect.ValueOf(checkSliceAt),
			"_methodicSlice3At":  reflect.ValueOf(checkSlice3At),
			"_methodicFailAt":    reflect.ValueOf(failAt),
			"_methodicIndexFail": reflect.ValueOf(indexFail),
			"_methodicAt":        reflect.ValueOf(s.placeAt),
			// fix cell-interface-assert
			"_methodicCellType":    reflect.ValueOf(s.cellTypeOf),
			"_methodicAssertError": reflect.ValueOf(assertError),
			"_methodicAmbiguous":   reflect.ValueOf(ambiguousAssert),
			"_methodicAssertFail":  reflect.ValueOf(s.assertFail),
			// fix assert-compiled-interface
			"_methodicAssertKind": reflect.ValueOf(s.assertKind),
			"_methodicSharesType": reflect.ValueOf(sharesType),
			// fix nil-pointer-interface
			"_methodicNilWrapper": reflect.ValueOf(nilWrapper),
			// fix reflect-cell-types
			"_methodicTypeName":       reflect.ValueOf(s.typeName),
			"_methodicTypeString":     reflect.ValueOf(s.typeString),
			"_methodicTypeField":      reflect.ValueOf(s.typeField),
			"_methodicTypeNumMethod":  reflect.ValueOf(s.typeNumMethod),
			"_methodicValueMethod":    reflect.ValueOf(valueMethod),
			"_methodicValueNumMethod": reflect.ValueOf(valueNumMethod),
			"_methodicReflectArg":     reflect.ValueOf(reflectArg),
			"_methodicTemplateError":  reflect.ValueOf(templateError),
			// sync.OnceValue(s) and errors.AsType are generic functions of
			// compiled packages: the prelude's versions build on these.
			"_methodicOnceDo": reflect.ValueOf(func() func(func()) {
				var once sync.Once
				return once.Do
			}),
			"_methodicErrorsAs": reflect.ValueOf(cellErrorsAs),
			"_methodicUint64N":  reflect.ValueOf(randv2.Uint64N), // rand.N of math/rand/v2
			"_methodicSet":      reflect.ValueOf(s.setRendered),
			"_methodicDefer": reflect.ValueOf(func(fn func()) {
				s.defers = append(s.defers, fn)
			}),
			"_methodicRunDefers": reflect.ValueOf(s.runDefers),
			"_methodicBegin":     reflect.ValueOf(s.beginRun),
			"_methodicDone": reflect.ValueOf(func(run int64) {
				if run != s.runDoneID.Load() {
					return // a run the session gave up waiting for
				}
				if ch := s.runDone; ch != nil {
					select {
					case <-ch:
					default:
						close(ch)
					}
				}
			}),
			"_methodicKeep":       reflect.ValueOf(func(v any) { s.kept = reflect.ValueOf(v) }),
			"_methodicResults":    reflect.ValueOf(func(...any) {}),
			"_methodicTimeitKeep": reflect.ValueOf(func(f func()) { s.timeitFn = f }),
			"_methodicTypes":      reflect.ValueOf(s.setTypesSeen),
			"_methodicMethods":    reflect.ValueOf(s.setMethodsSeen),
			// fix log-position
			"_methodicLog":       reflect.ValueOf(cellLog),
			"_methodicLogf":      reflect.ValueOf(cellLogf),
			"_methodicLogOutput": reflect.ValueOf(cellLogOutput),
			// fix fmt-static-types
			"_methodicFmtArg": reflect.ValueOf(s.fmtArg),
			"_methodicHeld":   reflect.ValueOf(s.heldArg),
		},
	}
}

// sleep is time.Sleep as cells see it: it wakes up when the running cell
// is interrupted.
func (s *Session) sleep(d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-s.ctxValue().Done():
	}
}

// clearValue is the clear builtin for maps and slices.
func clearValue(x any) {
	v := reflect.ValueOf(x)
	switch v.Kind() {
	case reflect.Map, reflect.Slice:
		v.Clear()
	default:
		panic(fmt.Sprintf("invalid argument: clear(%T): argument must be a map or a slice", x))
	}
}

// goPanic reports a panic of a goroutine started by a cell (fix
// goroutine-panic): go statements are rewritten to defer
// _methodicRecover.
func goPanic(v any) {
	fmt.Fprintf(os.Stderr, "panic in a goroutine started by a cell: %v\n", goPanicValue(v))
}

// newGeneration starts an interpreter with the prelude compiled in.
func (s *Session) newGeneration() (*generation, error) {
	i := yaegi.New(yaegi.Options{
		Stdin:        &s.stdin,
		Stdout:       os.Stdout,
		Stderr:       &s.trace,
		Args:         []string{"methodic"},
		Unrestricted: true,
	})
	// Every generation locates code in the session's one FileSet: a cell
	// that rebuilds the interpreter goes on with statements parsed
	// before the rebuild, and yaegi files a cell's imports under the
	// name of the file it finds at their positions.
	if s.fset == nil {
		s.fset = i.FileSet()
	} else {
		setFileSet(i, s.fset)
	}
	// time.Sleep returns early when the cell is interrupted, so that an
	// interrupt stops a sleeping cell within milliseconds; the timers of
	// time and context are noted for the deadlock watch (deadlock.go).
	g := &generation{i: i, used: map[string]bool{}, compiled: s.compiledSymbols, overrides: map[string]map[string]reflect.Value{
		"encoding/json": s.jsonSymbols(),
		"errors":        errorsSymbols(),
		"time":          s.timeSymbols(),
		"context":       s.contextSymbols(),
	}}
	if p := runID(i); p != nil {
		g.runID = atomic.LoadUint64(p)
	}
	// fixStdlib in yaegi redirects fmt, log and os to the interpreter's
	// streams when the package fmt arrives together with os and log.
	base := yaegi.Exports{}
	for _, p := range []string{"fmt", "os", "log", "flag", "io", "errors", "strings", "strconv", "math", "sort", "time", "context", "bytes", "bufio", "math/bits", "reflect"} {
		key := p + "/" + path.Base(p)
		t, ok := symbols.Load(key)
		if !ok {
			return nil, fmt.Errorf("interp: no symbols for %s", p)
		}
		base[key] = g.withOverrides(p, t)
		g.used[p] = true
	}
	base["."] = map[string]reflect.Value{"MapTypes": reflect.ValueOf(mapTypes(s))}
	for k, v := range wrapperSymbols() {
		base[k] = v
	}
	if err := i.Use(base); err != nil {
		return nil, fmt.Errorf("interp: loading symbols: %w", err)
	}
	// The cells' json.Unmarshal takes values of cell types with an
	// UnmarshalJSON method wrapped, as json.Unmarshal does (mapTypes).
	if err := i.Use(yaegi.Exports{".": {"MapTypes": reflect.ValueOf(map[reflect.Value][]reflect.Type{
		g.overrides["encoding/json"]["Unmarshal"]: {reflect.TypeOf((*json.Unmarshaler)(nil)).Elem()},
	})}}); err != nil {
		return nil, err
	}
	if err := i.Use(s.cellSymbols()); err != nil {
		return nil, err
	}
	if err := s.useFmt(i); err != nil {
		return nil, err
	}
	if err := s.useLog(i); err != nil {
		return nil, err
	}
	// os.Stdin reads through the session's stdin, which asks the front
	// end for a line (yaegi only swaps in *os.File values).
	var in = s.stdin.reader()
	if err := i.Use(yaegi.Exports{"os/os": {"Stdin": reflect.ValueOf(&in).Elem()}}); err != nil {
		return nil, err
	}
	if err := g.useSymbols("github.com/methodic-go/methodic/display"); err != nil {
		return nil, err
	}
	if err := g.compileSupplements(); err != nil {
		return nil, err
	}
	f, err := s.parseDecls(i.FileSet(), 0, preludeSource, 1, 1)
	if err != nil {
		return nil, fmt.Errorf("interp: prelude: %w", err)
	}
	p, err := g.compile(f)
	if err != nil {
		return nil, fmt.Errorf("interp: prelude: %w", err)
	}
	if _, err := i.Execute(p); err != nil {
		return nil, fmt.Errorf("interp: prelude: %w", err)
	}
	return g, nil
}

// useSymbols hands yaegi the symbols of an import path, once.
func (g *generation) useSymbols(importPath string) error {
	if g.used[importPath] {
		return nil
	}
	if t, ok := g.compiled(importPath); ok {
		g.used[importPath] = true
		return g.i.Use(yaegi.Exports{importPath + "/" + path.Base(importPath): t})
	}
	key, ok := symbolKey(importPath)
	if !ok {
		return fmt.Errorf("package %s is not available: a cell can import the standard library and the preloaded packages (gonum, gonum/plot, display, mlstd); yaegi cannot load other modules", strconv.Quote(importPath))
	}
	t, _ := symbols.Load(key)
	g.used[importPath] = true
	if importPath == "unsafe" {
		return g.i.Use(yaegi.Exports{key: {}}) // fix unsafe-sizes
	}
	if len(t) == 0 {
		// Generic-only packages (slices, maps, cmp) come from source.
		return nil
	}
	return g.i.Use(yaegi.Exports{key: g.withOverrides(importPath, t)})
}

// withOverrides returns the symbols t of a package with the session's
// replacements for some of them.
func (g *generation) withOverrides(importPath string, t map[string]reflect.Value) map[string]reflect.Value {
	o := g.overrides[importPath]
	if o == nil {
		return t
	}
	merged := make(map[string]reflect.Value, len(t))
	for k, v := range t {
		merged[k] = v
	}
	for k, v := range o {
		merged[k] = v
	}
	return merged
}

var symbolKeys = func() map[string]string {
	// unsafe has no table: the calls a cell may make of it (Sizeof,
	// Alignof, Offsetof) are constants the check knows (fix
	// unsafe-sizes); yaegi gets an empty package for the import.
	m := map[string]string{"unsafe": "unsafe/unsafe"}
	for _, k := range symbols.Keys() {
		m[path.Dir(k)] = k
	}
	return m
}()

// symbolKey returns the symbols key ("path/name") of an import path.
func symbolKey(importPath string) (string, bool) {
	k, ok := symbolKeys[importPath]
	return k, ok
}

// packageName returns the name a package declares.
func packageName(importPath string) string {
	if k, ok := symbolKey(importPath); ok {
		return path.Base(k)
	}
	return path.Base(importPath)
}

// runImport evaluates an import declaration: known paths are skipped
// (fix import-once), a renamed or dot import of a known path is passed
// on, and a name bound to another path rebuilds the interpreter.
func (s *Session) runImport(cellID int, text string, line, col int) *Error {
	fset := token.NewFileSet()
	f, err := s.parseDecls(fset, cellID, text, line, col)
	if err != nil {
		return s.errorFrom(err, cellID)
	}
	for _, spec := range f.Imports {
		p, _ := strconv.Unquote(spec.Path.Value)
		name := ""
		if spec.Name != nil {
			name = spec.Name.Name
		}
		pos := fset.Position(spec.Pos())
		if e := s.addImport(cellID, name, p, pos.Line, pos.Column); e != nil {
			return e
		}
	}
	return nil
}

// addImport imports path under name ("" for the package's own name).
func (s *Session) addImport(cellID int, name, importPath string, line, col int) *Error {
	if _, ok := symbolKey(importPath); !ok && s.native.syms[importPath] == nil {
		e := s.positioned("ImportError", fmt.Sprintf("package %q is not available", importPath), line, col)
		e.Traceback = append(e.Traceback, "  A cell can import the standard library and the preloaded packages (gonum, gonum/plot, display, mlstd);",
			"  yaegi cannot load other modules.")
		return e
	}
	bound := name
	if bound == "" {
		bound = packageName(importPath)
	}
	if bound == "_" {
		return nil
	}
	if bound != "." && s.isVar(bound) {
		// An import takes back a name a variable had taken (fmt := 3,
		// which Go refuses at package level beside import "fmt"): the
		// variable goes, with a note, and the package is reachable
		// again. Without this, import "fmt" was skipped as done.
		s.vars.remove(bound)
		fmt.Fprintf(os.Stderr, "note: variable %s was dropped: %s is now the package %q\n", bound, bound, importPath)
		if old, ok := s.store.imports[bound]; !ok || old != importPath {
			s.store.setImport(bound, importPath, name)
		}
		if e := s.rebuild(cellID); e != nil {
			return e
		}
		s.reindexVars()
		s.syncView()
		return nil
	}
	if old, ok := s.store.imports[bound]; ok && bound != "." {
		if old == importPath {
			return nil // already imported under this name
		}
		// The name now means another package: rebuild with the new
		// binding.
		s.store.setImport(bound, importPath, name)
		return s.rebuild(cellID)
	}
	if bound == "." && s.store.dotImports[importPath] {
		return nil
	}
	if err := s.gen.useSymbols(importPath); err != nil {
		return s.positioned("ImportError", err.Error(), line, col)
	}
	if err := s.evalImport(s.gen, name, importPath); err != nil {
		return s.errorFrom(err, cellID)
	}
	s.store.setImport(bound, importPath, name)
	return nil
}

// evalImport compiles one import in g.
func (s *Session) evalImport(g *generation, name, importPath string) error {
	spec := strconv.Quote(importPath)
	if name != "" {
		spec = name + " " + spec
	}
	f, err := s.parseDecls(g.i.FileSet(), 0, "import "+spec, 1, 1)
	if err != nil {
		return err
	}
	p, err := g.compile(f)
	if err != nil {
		return err
	}
	_, err = g.i.Execute(p)
	return err
}

// autoImport imports the preloaded packages that a piece of code names
// without importing them, as goimports would.
func (s *Session) autoImport(cellID int, f *ast.File) *Error {
	for _, id := range f.Unresolved {
		name := id.Name
		p, ok := autoImports[name]
		if !ok {
			continue
		}
		if name == "rand" && usesRandV2(f) {
			p = "math/rand/v2"
		}
		if _, imported := s.store.imports[name]; imported {
			continue
		}
		if s.store.declared(name) || s.isVar(name) {
			continue
		}
		if s.checkOnly && s.types.Object(name) != nil {
			continue // declared by an earlier chunk of the cell (precheck.go)
		}
		if e := s.addImport(cellID, "", p, 0, 0); e != nil {
			return e
		}
	}
	return nil
}

// autoImports maps a package name to the path imported when a cell uses
// the name without importing it: the preloaded packages, and the
// standard packages whose name is unambiguous.
var autoImports = func() map[string]string {
	m := map[string]string{
		"display":  "github.com/methodic-go/methodic/display",
		"mat":      "gonum.org/v1/gonum/mat",
		"stat":     "gonum.org/v1/gonum/stat",
		"floats":   "gonum.org/v1/gonum/floats",
		"distuv":   "gonum.org/v1/gonum/stat/distuv",
		"plot":     "gonum.org/v1/plot",
		"plotter":  "gonum.org/v1/plot/plotter",
		"plotutil": "gonum.org/v1/plot/plotutil",
		"vg":       "gonum.org/v1/plot/vg",
		"draw":     "gonum.org/v1/plot/vg/draw",
		"vgimg":    "gonum.org/v1/plot/vg/vgimg",
		"vgsvg":    "gonum.org/v1/plot/vg/vgsvg",
		"rand":     "math/rand",
	}
	for _, p := range []string{"fmt", "strings", "strconv", "math", "sort", "time", "os", "errors",
		"bufio", "bytes", "io", "sync", "context", "slices", "maps", "cmp", "iter", "unicode", "regexp",
		"encoding/json", "encoding/csv", "path/filepath", "math/cmplx", "runtime", "reflect", "log", "atomic",
		"math/big", "math/bits", "unicode/utf8", "encoding/base64", "encoding/hex", "container/heap",
		"net/http", "text/tabwriter", "image", "image/color", "image/png",
		"io/fs", "net/url", "os/exec", "encoding/binary", "encoding/xml", "text/template",
		"crypto/sha256", "hash/fnv", "unicode/utf16", "runtime/debug", "container/list"} {
		if p == "atomic" {
			m[p] = "sync/atomic"
			continue
		}
		m[path.Base(p)] = p
	}
	for _, k := range symbols.Keys() {
		p := path.Dir(k)
		if strings.HasPrefix(p, mlstdPrefix) {
			m[path.Base(k)] = p
		}
	}
	return m
}()

// usesRandV2 reports whether f names a member of rand that only
// math/rand/v2 has (rand.IntN, rand.NewPCG), for which goimports would
// import math/rand/v2 rather than math/rand.
func usesRandV2(f *ast.File) bool {
	v1, _ := symbols.Load("math/rand/rand")
	v2, _ := symbols.Load("math/rand/v2/rand")
	unresolved := map[*ast.Ident]bool{}
	for _, id := range f.Unresolved {
		unresolved[id] = true
	}
	found := false
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok || found {
			return !found
		}
		if x, ok := sel.X.(*ast.Ident); ok && x.Name == "rand" && unresolved[x] {
			_, in1 := v1[sel.Sel.Name]
			_, in2 := v2[sel.Sel.Name]
			in2 = in2 || sel.Sel.Name == "N" // generic: not in the table
			found = in2 && !in1
		}
		return !found
	})
	return found
}

const mlstdPrefix = "github.com/methodic-go/methodic/mlstd/"

// compileSupplements adds to yaegi's interpreted slices and maps
// packages the functions their Go 1.22 sources leave out, and compiles
// the package iter (supplement.go).
func (g *generation) compileSupplements() error {
	g.used["slices"], g.used["maps"], g.used["cmp"], g.used["iter"] = true, true, true, true
	if err := g.useSymbols("sort"); err != nil {
		return err
	}
	for _, src := range []string{slicesSupplement, mapsSupplement, iterSource} {
		if _, err := g.i.Compile(src); err != nil {
			return err
		}
	}
	return nil
}
