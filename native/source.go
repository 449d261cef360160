package native

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Each compiled cell becomes a package of the session's work module,
// methodic.cells/cN, built into a plugin by a main package
// methodic.cells/pN. The package holds three files:
//
//	cell.go     the cell as written, after a header line of imports (the
//	            package clause, the interrupt package, the preloaded
//	            packages the cell names without importing them) and a
//	            //line directive, so that the compiler's errors point at
//	            the cell's own lines; the interrupt check is inserted
//	            after the opening brace of every function and loop body,
//	            on the same line, and goroutines recover (see edits).
//	forward.go  the functions, types and constants of earlier compiled
//	            cells, under their own names: var f = c1.X__f, type T =
//	            c1.X__T, const K = c1.X__K. A function is forwarded
//	            through a variable so that a redefinition can repoint it.
//	exports.go  the exported aliases that later cells forward to, and
//	            X__Exports, the map of every top-level name to a
//	            reflect.Value, which the kernel hands to the interpreter
//	            (yaegi's Use).

// modulePrefix starts the module path of a Compiler's work module,
// methodic.cells/sN, N counting the Compilers of the process: a package
// path names one package in a process, whatever plugin brought it.
const modulePrefix = "methodic.cells/s"

// interruptPath is the import path of the interrupt flag.
const interruptPath = "github.com/methodic-go/methodic/native/interrupt"

// cellFile is the file name compiler errors give for a cell's lines.
const cellFile = "cell.go"

// Kind is the kind of a top-level declaration.
type Kind int

// The kinds of top-level declarations of a compiled cell.
const (
	Func Kind = iota
	Type
	Var
	Const
)

func (k Kind) String() string {
	return [...]string{"func", "type", "var", "const"}[k]
}

// Decl is a top-level name declared by a compiled cell.
type Decl struct {
	Name    string
	Kind    Kind
	Generic bool // a generic function or type: compiled cells only
}

// parsedCell is the source of a compiled cell, parsed.
type parsedCell struct {
	file    *ast.File
	fset    *token.FileSet
	src     string // the source as written
	line    int    // where src starts in the notebook cell
	col     int
	hdr     int // bytes before src in the parsed file
	decls   []Decl
	imports map[string]bool // names the cell's imports bind
}

// parseCell parses a compiled cell: imports then declarations, as in a Go
// file without its package clause. line and col are where the code
// starts in the notebook cell.
func parseCell(src string, line, col int) (*parsedCell, error) {
	fset := token.NewFileSet()
	hdr := "package _\n" + lineDirective(line, col)
	f, err := parser.ParseFile(fset, cellFile, hdr+src, parser.AllErrors|parser.ParseComments)
	if err != nil {
		return nil, err
	}
	p := &parsedCell{file: f, fset: fset, src: src, line: line, col: col, hdr: len(hdr), imports: map[string]bool{}}
	for _, im := range f.Imports {
		p.imports[importName(im)] = true
	}
	seen := map[string]bool{}
	add := func(name string, k Kind, generic bool) {
		if name == "_" || seen[name] {
			return
		}
		seen[name] = true
		p.decls = append(p.decls, Decl{Name: name, Kind: k, Generic: generic})
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil && d.Name.Name != "init" {
				add(d.Name.Name, Func, d.Type.TypeParams != nil)
			}
		case *ast.GenDecl:
			for _, sp := range d.Specs {
				switch sp := sp.(type) {
				case *ast.TypeSpec:
					add(sp.Name.Name, Type, sp.TypeParams != nil)
				case *ast.ValueSpec:
					k := Var
					if d.Tok == token.CONST {
						k = Const
					}
					for _, n := range sp.Names {
						add(n.Name, k, false)
					}
				}
			}
		}
	}
	return p, nil
}

// importName is the name an import binds in its file.
func importName(im *ast.ImportSpec) string {
	p, _ := strconv.Unquote(im.Path.Value)
	if im.Name != nil {
		return im.Name.Name
	}
	base := path.Base(p)
	// gopkg.in/yaml.v3 and example.com/foo/v2 name their packages yaml, foo.
	if i := strings.IndexByte(base, '.'); i > 0 {
		base = base[:i]
	}
	if len(base) >= 2 && base[0] == 'v' && strings.Trim(base[1:], "0123456789") == "" {
		base = path.Base(path.Dir(p))
	}
	return base
}

// unresolved returns the identifiers the parser could not resolve in the
// cell's file: predeclared names, package names and earlier cells' names.
func (p *parsedCell) unresolved() map[string]bool {
	m := map[string]bool{}
	for _, id := range p.file.Unresolved {
		m[id.Name] = true
	}
	return m
}

// An edit inserts text at an offset of the source as written.
type edit struct {
	off  int
	text string
}

// checkStmt is what compiled code runs at the top of every function and
// loop body (see package interrupt).
const checkStmt = " _ = *_mi.Live.Load();"

// edits returns the insertions into the cell's source: the interrupt
// check after the opening brace of every function body and loop body,
// and a deferred interrupt.Recover in every goroutine a go statement
// starts (go f(x) becomes go func() { defer _mi.Recover(); f(x) }(), so
// its arguments are evaluated in the new goroutine).
func (p *parsedCell) edits() []edit {
	base := p.fset.File(p.file.Pos()).Base() + p.hdr
	off := func(pos token.Pos) int { return int(pos) - base }
	var es []edit
	check := func(b *ast.BlockStmt) {
		if b != nil && b.Lbrace.IsValid() {
			es = append(es, edit{off(b.Lbrace) + 1, checkStmt})
		}
	}
	ast.Inspect(p.file, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			check(n.Body)
		case *ast.FuncLit:
			check(n.Body)
		case *ast.ForStmt:
			check(n.Body)
		case *ast.RangeStmt:
			check(n.Body)
		case *ast.GoStmt:
			if lit, ok := n.Call.Fun.(*ast.FuncLit); ok {
				es = append(es, edit{off(lit.Body.Lbrace) + 1, " defer _mi.Recover();"})
			} else {
				es = append(es, edit{off(n.Call.Pos()), "func() { defer _mi.Recover(); "}, edit{off(n.Call.End()), " }()"})
			}
		}
		return true
	})
	sort.SliceStable(es, func(i, j int) bool { return es[i].off < es[j].off })
	return es
}

// forward is a name of an earlier compiled cell that a later one sees.
type forward struct {
	Decl
	cell int // the compiled cell that declares it
}

// cellSource writes the three files of compiled cell n (see above).
// earlier maps each name of earlier compiled cells to its latest
// declaration; packages maps package names to the import paths that a
// cell may use without importing them.
func cellSource(modulePath string, n int, p *parsedCell, earlier map[string]forward, packages map[string]string) (cell, fwd, exports string) {
	pkg := fmt.Sprintf("c%d", n)
	own := map[string]bool{}
	for _, d := range p.decls {
		own[d.Name] = true
	}
	unres := p.unresolved()

	// Forwards: every earlier name the cell does not declare itself and
	// that no import of the cell hides. Only names the cell uses are
	// forwarded, so that an import of an earlier cell is never unused.
	var fw []forward
	for name, f := range earlier {
		if own[name] || p.imports[name] || f.Generic || !unres[name] {
			continue
		}
		fw = append(fw, f)
	}
	sort.Slice(fw, func(i, j int) bool { return fw[i].Name < fw[j].Name })
	forwarded := map[string]bool{}
	for _, f := range fw {
		forwarded[f.Name] = true
	}

	// Header: the interrupt package and the packages the cell names
	// without importing them, all on the package clause's line.
	es := p.edits()
	var head strings.Builder
	fmt.Fprintf(&head, "package %s", pkg)
	if len(es) > 0 {
		fmt.Fprintf(&head, "; import _mi %q", interruptPath)
	}
	var auto []string
	for name := range unres {
		if ip, ok := packages[name]; ok && !own[name] && !forwarded[name] && !p.imports[name] {
			auto = append(auto, fmt.Sprintf("; import %s %q", name, ip))
		}
	}
	sort.Strings(auto)
	for _, a := range auto {
		head.WriteString(a)
	}
	head.WriteString("\n")
	head.WriteString(lineDirective(p.line, p.col))

	// The cell's own text, with checks inserted.
	var b strings.Builder
	b.WriteString(head.String())
	body := p.src
	last := 0
	for _, e := range es {
		if e.off < last || e.off > len(body) {
			continue
		}
		b.WriteString(body[last:e.off])
		b.WriteString(e.text)
		last = e.off
	}
	b.WriteString(body[last:])
	b.WriteString("\n")
	cell = b.String()

	// Forwards.
	var f strings.Builder
	fmt.Fprintf(&f, "package %s\n\n", pkg)
	cells := map[int]bool{}
	for _, x := range fw {
		cells[x.cell] = true
	}
	var ids []int
	for c := range cells {
		ids = append(ids, c)
	}
	sort.Ints(ids)
	for _, c := range ids {
		fmt.Fprintf(&f, "import _c%d %q\n", c, fmt.Sprintf("%s/c%d", modulePath, c))
	}
	for _, x := range fw {
		switch x.Kind {
		case Func:
			fmt.Fprintf(&f, "var %s = _c%d.X__%s\n", x.Name, x.cell, x.Name)
		case Type:
			fmt.Fprintf(&f, "type %s = _c%d.X__%s\n", x.Name, x.cell, x.Name)
		case Const:
			fmt.Fprintf(&f, "const %s = _c%d.X__%s\n", x.Name, x.cell, x.Name)
		case Var:
			fmt.Fprintf(&f, "var %s = _c%d.X__%s\n", x.Name, x.cell, x.Name)
		}
	}
	fwd = f.String()

	// Exports.
	var e strings.Builder
	fmt.Fprintf(&e, "package %s\n\nimport _mreflect \"reflect\"\nimport _mi %q\n\nvar _ = _mi.Raised\n\n", pkg, interruptPath)
	for _, d := range p.decls {
		if d.Generic {
			continue
		}
		switch d.Kind {
		case Func:
			fmt.Fprintf(&e, "var X__%s = %s\n", d.Name, d.Name)
		case Type:
			fmt.Fprintf(&e, "type X__%s = %s\n", d.Name, d.Name)
		case Const:
			fmt.Fprintf(&e, "const X__%s = %s\n", d.Name, d.Name)
		case Var:
			fmt.Fprintf(&e, "var X__%s = &%s\n", d.Name, d.Name)
		}
	}
	e.WriteString("\nvar X__Exports = map[string]_mreflect.Value{\n")
	for _, d := range p.decls {
		if d.Generic {
			continue
		}
		switch d.Kind {
		case Func, Const:
			fmt.Fprintf(&e, "\t%q: _mreflect.ValueOf(%s),\n", d.Name, d.Name)
		case Type:
			fmt.Fprintf(&e, "\t%q: _mreflect.ValueOf((*%s)(nil)),\n", d.Name, d.Name)
		case Var:
			fmt.Fprintf(&e, "\t%q: _mreflect.ValueOf(&%s).Elem(),\n", d.Name, d.Name)
		}
	}
	for _, x := range fw {
		if x.Kind == Func {
			fmt.Fprintf(&e, "\t%q: _mreflect.ValueOf(&%s),\n", "&"+x.Name, x.Name)
		}
	}
	e.WriteString("}\n")
	exports = e.String()
	return cell, fwd, exports
}

// lineDirective puts the next line at line, col of the notebook cell.
func lineDirective(line, col int) string {
	return fmt.Sprintf("//line %s:%d:%d\n", cellFile, line, col)
}

// pluginMain is the main package of the plugin of compiled cell n.
func pluginMain(modulePath string, n int) string {
	return fmt.Sprintf("package main\n\nimport c %q\n\n// Exports is what the kernel looks up.\nvar Exports = c.X__Exports\n", fmt.Sprintf("%s/c%d", modulePath, n))
}
