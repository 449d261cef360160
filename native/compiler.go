package native

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/ast"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"plugin"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Options configures a Compiler. The zero value is a good default.
type Options struct {
	// Packages maps package names to the import paths a compiled cell
	// may use without importing them (the kernel's preloaded packages).
	Packages map[string]string

	// Dir is the work module's directory; empty means a new temporary
	// directory, removed by Close.
	Dir string

	// MaxCode is the most bytes of plugin files a Compiler loads in its
	// life: a Go plugin cannot be unloaded, so every compiled version of
	// a cell keeps its code mapped until the kernel exits. Zero means
	// 1 GiB; past it, Compile fails and says to restart the kernel.
	MaxCode int64

	// Progress, when set, receives one line for each slow step (fetching
	// a module, the first build of the kernel's packages for plugins).
	Progress io.Writer
}

// A Compiler compiles the cells of one session into plugins and loads
// them. Its methods must be called from one goroutine at a time.
type Compiler struct {
	opts Options

	once    sync.Once
	kernel  *Kernel
	tc      *Toolchain
	initErr error

	module  string // the work module's path
	dir     string
	tempDir bool
	n       int                // compiled cells so far
	names   map[string]forward // latest declaration of each name
	cells   map[int]*Cell
	code    int64 // bytes of plugins loaded
}

// Cell is a compiled cell, loaded.
type Cell struct {
	N       int    // its number in the session: package methodic.cells/cN
	Path    string // its import path
	Decls   []Decl // its top-level names
	Symbols map[string]reflect.Value
	// Notes are what the user should know: names whose earlier callers
	// could not be repointed, generic declarations not callable from
	// interpreted cells.
	Notes []string
	Size  int64         // bytes of its plugin file
	Build time.Duration // go build
	Load  time.Duration // plugin.Open

	forwards map[string]reflect.Value // pointers to its forward variables
}

// compilers counts the Compilers of the process.
var compilers atomic.Int64

// New returns a Compiler. Nothing is checked or built until the first
// Compile or Check.
func New(o Options) *Compiler {
	if o.MaxCode == 0 {
		o.MaxCode = 1 << 30
	}
	return &Compiler{opts: o, module: fmt.Sprintf("%s%d", modulePrefix, compilers.Add(1)), names: map[string]forward{}, cells: map[int]*Cell{}}
}

// Check finds the toolchain and the kernel's sources, and sets up the
// work module. Its error is a *ToolchainError saying how to fix it.
func (c *Compiler) Check(ctx context.Context) error {
	c.once.Do(func() { c.initErr = c.setup(ctx) })
	return c.initErr
}

func (c *Compiler) setup(ctx context.Context) error {
	k, err := ReadKernel()
	if err != nil {
		return err
	}
	tc, err := FindToolchain(ctx, k)
	if err != nil {
		return err
	}
	if err := tc.checkCC(ctx, k); err != nil {
		return err
	}
	c.kernel, c.tc = k, tc
	c.dir = c.opts.Dir
	if c.dir == "" {
		d, err := os.MkdirTemp("", "methodic-cells-")
		if err != nil {
			return fmt.Errorf("native: %w", err)
		}
		c.dir, c.tempDir = d, true
	}
	return writeModule(c.dir, c.module, k)
}

// Close removes the work module if the Compiler made it. The plugins it
// loaded stay loaded until the process exits.
func (c *Compiler) Close() error {
	if c.tempDir {
		return os.RemoveAll(c.dir)
	}
	return nil
}

// Dir returns the work module's directory ("" before Check).
func (c *Compiler) Dir() string { return c.dir }

// Kernel returns what Check found about the kernel (nil before Check).
func (c *Compiler) Kernel() *Kernel { return c.kernel }

// Toolchain returns the go command Check found (nil before Check).
func (c *Compiler) Toolchain() *Toolchain { return c.tc }

// Loaded returns the number of compiled cells and the bytes of plugin
// code loaded so far.
func (c *Compiler) Loaded() (cells int, bytes int64) { return len(c.cells), c.code }

// BuildError is a compiled cell that does not build: the compiler's
// errors, positioned in the notebook cell.
type BuildError struct {
	Errors []PosError
	Output string // the go command's output, unparsed
}

// PosError is one error of the Go compiler at a line and column of the
// cell.
type PosError struct {
	Line, Col int
	Msg       string
}

func (e *BuildError) Error() string {
	if len(e.Errors) == 0 {
		return "native: go build failed: " + strings.TrimSpace(e.Output)
	}
	var b strings.Builder
	for i, pe := range e.Errors {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%d:%d: %s", pe.Line, pe.Col, pe.Msg)
	}
	return b.String()
}

// Compile builds the declarations of a cell (imports first, then
// declarations, as in a Go file without its package clause) into a
// plugin and loads it. line and col are where src starts in the
// notebook cell, for the positions of errors. A parse or build error is
// a *BuildError (or a scanner.ErrorList from go/parser).
//
// What a compiled cell cannot do, and why:
//   - Use what interpreted cells declare: compiled code knows only
//     compiled packages. Pass interpreted values in as arguments.
//   - Use the package-level variables of an earlier compiled cell by
//     name (Go has no alias for a variable); its functions, types and
//     constants it sees. Interpreted cells see all four.
//   - Use the unexported fields and methods of a type declared in another
//     compiled cell, or declare methods on it: each cell is a package.
//     Interpreted cells cannot use them either.
//   - Export a generic function or type: it works inside its cell, but
//     interpreted cells cannot call it (yaegi cannot instantiate compiled
//     generics) and later compiled cells do not see it.
//   - Put an import after a declaration: the cell is a Go file. Its
//     statements run interpreted, after its declarations are loaded.
//   - Change what the functions of its own cell call by redefining one of
//     them in a later cell: calls inside a cell are direct (and inlined).
//     Interpreted callers and later compiled cells do follow.
//   - Keep Go's evaluation order for go f(x): the arguments are evaluated
//     in the new goroutine, which recovers an interrupt.
//   - Be unloaded: see the package documentation for the memory it keeps.
//   - Print %T as main.T: its types are in package cK (c3.Point).
func (c *Compiler) Compile(ctx context.Context, src string, line, col int) (*Cell, error) {
	if err := c.Check(ctx); err != nil {
		return nil, err
	}
	if c.code >= c.opts.MaxCode {
		return nil, fmt.Errorf("native: this session has loaded %d compiled cells, %d MB of plugin code, which stays in memory until the kernel restarts (the limit is %d MB); restart the kernel to compile more",
			len(c.cells), c.code>>20, c.opts.MaxCode>>20)
	}
	p, err := parseCell(src, line, col)
	if err != nil {
		return nil, err
	}
	if len(p.decls) == 0 && !hasInit(p) {
		return nil, errors.New("native: a compiled cell declares functions, types, variables or constants; this one declares none")
	}
	n := c.n + 1
	cell, fwd, exp := cellSource(c.module, n, p, c.names, c.opts.Packages)
	pkgDir := filepath.Join(c.dir, fmt.Sprintf("c%d", n))
	mainDir := filepath.Join(c.dir, fmt.Sprintf("p%d", n))
	for _, d := range []string{pkgDir, mainDir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, fmt.Errorf("native: %w", err)
		}
	}
	files := map[string]string{
		filepath.Join(pkgDir, cellFile):     cell,
		filepath.Join(pkgDir, "forward.go"): fwd,
		filepath.Join(pkgDir, "exports.go"): exp,
		filepath.Join(mainDir, "main.go"):   pluginMain(c.module, n),
	}
	for f, text := range files {
		if err := os.WriteFile(f, []byte(text), 0o644); err != nil {
			return nil, fmt.Errorf("native: %w", err)
		}
	}
	so := filepath.Join(c.dir, fmt.Sprintf("p%d.so", n))
	t0 := time.Now()
	if err := c.build(ctx, n, so); err != nil {
		os.RemoveAll(pkgDir)
		os.RemoveAll(mainDir)
		return nil, err
	}
	built := time.Since(t0)
	out, err := c.load(n, so, p.decls)
	if err != nil {
		return nil, err
	}
	out.Build = built
	out.Load = time.Since(t0) - built
	c.n = n
	return out, nil
}

// hasInit reports whether a cell declares func init, which runs when
// its plugin loads.
func hasInit(p *parsedCell) bool {
	for _, d := range p.file.Decls {
		if f, ok := d.(*ast.FuncDecl); ok && f.Recv == nil && f.Name.Name == "init" {
			return true
		}
	}
	return false
}

// build runs go build for compiled cell n, fetching the modules of
// imports that the work module does not require yet.
func (c *Compiler) build(ctx context.Context, n int, so string) error {
	args := append([]string{"build", "-buildmode=plugin", "-ldflags=" + linkFlags(), "-o", so}, c.kernel.buildFlags()...)
	args = append(args, fmt.Sprintf("./p%d", n))
	for attempt := 0; ; attempt++ {
		out, err := c.goCmd(ctx, args...)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		missing := missingPackages(out)
		if len(missing) == 0 || attempt > 0 {
			return buildError(out)
		}
		if c.opts.Progress != nil {
			fmt.Fprintf(c.opts.Progress, "go get %s\n", strings.Join(missing, " "))
		}
		if _, err := c.Get(ctx, missing...); err != nil {
			return err
		}
	}
}

// linkFlags are the linker's flags for a plugin: no DWARF (a panic's
// trace comes from the symbol table), and gold as the external linker
// when it is installed, about 15% less time than ld.bfd. A plugin must be
// linked externally.
func linkFlags() string {
	if _, err := exec.LookPath("ld.gold"); err == nil {
		return "-w -extldflags=-fuse-ld=gold"
	}
	return "-w"
}

// Get runs go get in the work module (the %go get magic, and the imports
// of a compiled cell that no required module provides). A module that
// would change the version of a module the kernel is built with is
// refused, and the work module is left as it was: a plugin must use the
// kernel's versions.
func (c *Compiler) Get(ctx context.Context, args ...string) (string, error) {
	if err := c.Check(ctx); err != nil {
		return "", err
	}
	// A module of the kernel asked for at another version is refused
	// before the go command tries to move the kernel's own module.
	var asked conflicts
	for _, a := range args {
		p, v, ok := strings.Cut(a, "@")
		if !ok {
			continue
		}
		for _, d := range c.kernel.Deps {
			if d.Path == p && d.Version != v {
				asked = append(asked, conflict{path: p, kernel: d.Version, wanted: v})
			}
		}
		if p == c.kernel.Module {
			return "", &ToolchainError{Problem: fmt.Sprintf("%s is the kernel's own module", p), Fix: "a compiled cell uses the kernel's version of it; rebuild the kernel to change it"}
		}
	}
	if len(asked) > 0 {
		return "", c.conflictError(args, asked)
	}
	modFile := filepath.Join(c.dir, "go.mod")
	sumFile := filepath.Join(c.dir, "go.sum")
	oldMod, err := os.ReadFile(modFile)
	if err != nil {
		return "", fmt.Errorf("native: %w", err)
	}
	oldSum, _ := os.ReadFile(sumFile)
	out, err := c.goCmd(ctx, append([]string{"get"}, args...)...)
	if err != nil {
		os.WriteFile(modFile, oldMod, 0o644)
		os.WriteFile(sumFile, oldSum, 0o644)
		return out, fmt.Errorf("native: go get %s: %s", strings.Join(args, " "), strings.TrimSpace(out))
	}
	newMod, _ := os.ReadFile(modFile)
	if bad := c.kernel.conflicts(newMod); len(bad) > 0 {
		os.WriteFile(modFile, oldMod, 0o644)
		os.WriteFile(sumFile, oldSum, 0o644)
		return out, c.conflictError(args, bad)
	}
	return out, nil
}

// conflictError says that go get args would change modules the kernel is
// built with.
func (c *Compiler) conflictError(args []string, bad conflicts) error {
	return &ToolchainError{
		Problem: fmt.Sprintf("go get %s needs %s, but the kernel is built with %s, and a compiled cell must use the kernel's versions of the modules in it",
			strings.Join(args, " "), strings.Join(bad.wanted(), ", "), strings.Join(bad.have(), ", ")),
		Fix: "ask for a version of the module that works with them (go get module@version), or rebuild the kernel with the versions you want (go get them in its checkout)"}
}

// goCmd runs the go command in the work module and returns its combined
// output.
func (c *Compiler) goCmd(ctx context.Context, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, c.tc.Go, args...)
	cmd.Dir = c.dir
	cmd.Env = c.kernel.env()
	cmd.WaitDelay = time.Second
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

var missingRE = regexp.MustCompile(`no required module provides package ([^\s;]+)`)

// missingPackages reads the packages go build could not find in the
// build list.
func missingPackages(out string) []string {
	seen := map[string]bool{}
	var ps []string
	for _, m := range missingRE.FindAllStringSubmatch(out, -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			ps = append(ps, m[1])
		}
	}
	return ps
}

var errLineRE = regexp.MustCompile(`(?m)^(?:\S*/)?` + regexp.QuoteMeta(cellFile) + `:(\d+):(\d+): (.*)$`)

// buildError reads the compiler's errors at positions of the cell.
func buildError(out string) *BuildError {
	e := &BuildError{Output: out}
	for _, m := range errLineRE.FindAllStringSubmatch(out, -1) {
		l, _ := strconv.Atoi(m[1])
		col, _ := strconv.Atoi(m[2])
		e.Errors = append(e.Errors, PosError{Line: l, Col: col, Msg: m[3]})
	}
	return e
}

// load opens the plugin of compiled cell n and records its names.
func (c *Compiler) load(n int, so string, decls []Decl) (*Cell, error) {
	fi, err := os.Stat(so)
	if err != nil {
		return nil, fmt.Errorf("native: %w", err)
	}
	p, err := plugin.Open(so)
	if err != nil {
		modCache, gerr := c.goCmd(context.Background(), "env", "GOMODCACHE")
		if gerr != nil {
			modCache = ""
		}
		return nil, c.kernel.loadError(err, strings.TrimSpace(modCache))
	}
	c.code += fi.Size()
	sym, err := p.Lookup("Exports")
	if err != nil {
		return nil, fmt.Errorf("native: plugin of cell %d: %w", n, err)
	}
	exp, ok := sym.(*map[string]reflect.Value)
	if !ok {
		return nil, fmt.Errorf("native: plugin of cell %d exports %T", n, sym)
	}
	cell := &Cell{N: n, Path: fmt.Sprintf("%s/c%d", c.module, n), Decls: decls, Symbols: map[string]reflect.Value{}, Size: fi.Size()}
	for k, v := range *exp {
		if !strings.HasPrefix(k, "&") {
			cell.Symbols[k] = v
		}
	}
	// Repoint the forwards of earlier cells to redefined functions.
	for _, d := range decls {
		if d.Generic {
			cell.Notes = append(cell.Notes, fmt.Sprintf("%s is generic: later compiled cells cannot use it, nor can interpreted cells call it", d.Name))
			continue
		}
		if d.Kind != Func {
			continue
		}
		nv := cell.Symbols[d.Name]
		var stale []string
		for _, j := range c.cellNumbers() {
			ptr, ok := c.cells[j].forwards[d.Name]
			if !ok {
				continue
			}
			if ptr.Elem().Type() == nv.Type() {
				ptr.Elem().Set(nv)
			} else {
				stale = append(stale, fmt.Sprintf("%d", j))
			}
		}
		if len(stale) > 0 {
			cell.Notes = append(cell.Notes, fmt.Sprintf("%s changed its type: compiled cells %s keep calling the old %s until they are compiled again",
				d.Name, strings.Join(stale, ", "), d.Name))
		}
	}
	cell.forwards = map[string]reflect.Value{}
	for k, v := range *exp {
		if strings.HasPrefix(k, "&") {
			cell.forwards[k[1:]] = v
		}
	}
	for _, d := range decls {
		c.names[d.Name] = forward{Decl: d, cell: n}
	}
	c.cells[n] = cell
	return cell, nil
}

func (c *Compiler) cellNumbers() []int {
	var ns []int
	for n := range c.cells {
		ns = append(ns, n)
	}
	sort.Ints(ns)
	return ns
}
