package interp

import (
	"fmt"
	"go/ast"
	"go/token"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"

	yaegi "github.com/traefik/yaegi/interp"
)

// The store keeps every import and declaration of the session by name, so
// that the interpreter can be rebuilt when one changes (YAEGI.md item 3):
// yaegi lets functions compiled earlier call the old body of a redefined
// function and ignores a redefined type. A rebuild makes a new
// interpreter, imports what the session imported, compiles the current
// declarations, redeclares the variables and copies their values across
// by reflection; a variable whose type changed is dropped with a note.

type declEntry struct {
	key    string   // "f", "T", "T.m" for a method, "const a b" for a const group
	names  []string // names declared at package level
	kind   string   // "func", "method", "type", "const"
	src    string   // source, starting with its keyword
	decl   ast.Decl // as parsed, for the type checker (typecheck.go)
	cellID int
	line   int
	col    int
	seq    int
}

type importEntry struct {
	name string // as written: "", "m", "."
	path string
}

type store struct {
	imports    map[string]string // bound name -> path
	importList []importEntry
	dotImports map[string]bool
	decls      map[string]*declEntry // by key
	byName     map[string]*declEntry
	seq        int
}

func newStore() *store {
	st := &store{
		imports:    map[string]string{"display": "github.com/methodic-go/methodic/display"},
		dotImports: map[string]bool{},
		decls:      map[string]*declEntry{},
		byName:     map[string]*declEntry{},
	}
	for _, n := range preludeNames {
		e := &declEntry{key: n, names: []string{n}, kind: "prelude"}
		st.decls[n] = e
		st.byName[n] = e
	}
	return st
}

func (st *store) setImport(bound, path, name string) {
	st.seq++ // the snapshot of imports is out of date
	if bound == "." {
		st.dotImports[path] = true
	} else {
		st.imports[bound] = path
	}
	for i, e := range st.importList {
		b := e.name
		if b == "" {
			b = packageName(e.path)
		}
		if b == bound && bound != "." {
			st.importList[i] = importEntry{name, path}
			return
		}
	}
	st.importList = append(st.importList, importEntry{name, path})
}

// declared reports whether name is declared by a cell (not an import).
func (st *store) declared(name string) bool {
	_, ok := st.byName[name]
	return ok
}

func (st *store) put(e *declEntry) {
	st.seq++
	e.seq = st.seq
	if old, ok := st.decls[e.key]; ok {
		e.seq = old.seq
	}
	// A name declared anew removes any older declaration of it (a const
	// of a group redeclared as a function, say).
	for _, n := range e.names {
		if old, ok := st.byName[n]; ok && old.key != e.key {
			delete(st.decls, old.key)
			for _, on := range old.names {
				delete(st.byName, on)
			}
		}
	}
	st.decls[e.key] = e
	for _, n := range e.names {
		st.byName[n] = e
	}
}

// sorted returns the declarations in the order they were first made.
func (st *store) sorted() []*declEntry {
	var out []*declEntry
	for _, e := range st.decls {
		if e.kind != "prelude" {
			out = append(out, e)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].seq < out[j].seq })
	return out
}

// declEntries cuts a parsed declaration into store entries, the var
// declarations, and the functions a pasted program runs: its init
// functions, in order, then main (see runDecl). src is the source the
// file was parsed from.
func declEntries(fset *token.FileSet, f *ast.File, src string, cellID int) (out []*declEntry, vars []*ast.GenDecl, entry []*ast.FuncDecl) {
	var main *ast.FuncDecl
	// A declaration's source starts at its doc comment, which inspection
	// shows.
	start := func(n ast.Node) token.Pos {
		var doc *ast.CommentGroup
		switch d := n.(type) {
		case *ast.FuncDecl:
			doc = d.Doc
		case *ast.GenDecl:
			doc = d.Doc
		case *ast.TypeSpec:
			doc = d.Doc
		}
		if doc != nil {
			// Skip the kernel's own //line directive.
			for _, c := range doc.List {
				if !strings.HasPrefix(c.Text, "//line ") {
					return c.Pos()
				}
			}
		}
		return n.Pos()
	}
	text := func(n ast.Node) string {
		tf := fset.File(n.Pos())
		return src[tf.Offset(start(n)):tf.Offset(n.End())]
	}
	pos := func(n ast.Node) (int, int) {
		p := fset.Position(start(n))
		return p.Line % lineBase, p.Column
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			l, c := pos(d)
			e := &declEntry{key: d.Name.Name, names: []string{d.Name.Name}, kind: "func", src: text(d), decl: d, cellID: cellID, line: l, col: c}
			if d.Recv != nil && len(d.Recv.List) > 0 {
				e.kind = "method"
				e.key = recvTypeName(d.Recv.List[0].Type) + "." + d.Name.Name
				e.names = nil
			} else {
				switch d.Name.Name {
				case "main":
					main = d
					continue
				case "init":
					entry = append(entry, d)
					continue
				}
			}
			out = append(out, e)
		case *ast.GenDecl:
			switch d.Tok {
			case token.IMPORT:
				continue
			case token.VAR:
				vars = append(vars, d)
			case token.TYPE:
				for _, sp := range d.Specs {
					ts := sp.(*ast.TypeSpec)
					var n ast.Node = ts
					if len(d.Specs) == 1 && !d.Lparen.IsValid() {
						n = d // type T ..., with its doc comment
					}
					l, c := pos(n)
					src := text(n)
					if n == ast.Node(ts) {
						src = "type " + src
					}
					var decl ast.Decl = d
					if n == ast.Node(ts) {
						// One spec of a group, alone.
						decl = &ast.GenDecl{TokPos: ts.Pos(), Tok: token.TYPE, Specs: []ast.Spec{ts}}
					}
					out = append(out, &declEntry{key: ts.Name.Name, names: []string{ts.Name.Name}, kind: "type",
						src: src, decl: decl, cellID: cellID, line: l, col: c})
				}
			case token.CONST:
				l, c := pos(d)
				e := &declEntry{kind: "const", src: text(d), decl: d, cellID: cellID, line: l, col: c}
				for _, sp := range d.Specs {
					for _, n := range sp.(*ast.ValueSpec).Names {
						if n.Name != "_" {
							e.names = append(e.names, n.Name)
						}
					}
				}
				e.key = "const " + strings.Join(e.names, " ")
				out = append(out, e)
			}
		}
	}
	if main != nil {
		entry = append(entry, main)
	}
	return out, vars, entry
}

// recvTypeName returns T for receivers T, *T, T[K], *T[K].
func recvTypeName(x ast.Expr) string {
	for {
		switch t := x.(type) {
		case *ast.StarExpr:
			x = t.X
		case *ast.ParenExpr:
			x = t.X
		case *ast.IndexExpr:
			x = t.X
		case *ast.IndexListExpr:
			x = t.X
		case *ast.Ident:
			return t.Name
		default:
			return "?"
		}
	}
}

// declFile is the source of a file that declares every entry, each under
// a line directive pointing at its cell.
func declFile(entries []*declEntry) string {
	var b strings.Builder
	b.WriteString("package main\n")
	for _, e := range entries {
		b.WriteString(lineDirective(e.cellID, e.line, e.col))
		b.WriteString(e.src)
		b.WriteString("\n")
	}
	return b.String()
}

// rebuild replaces the interpreter with a new one holding the session's
// imports, its current declarations and its variables.
func (s *Session) rebuild(cellID int) *Error { return s.rebuildWith(cellID, nil) }

// rebuildWith rebuilds; overrides maps a variable to the global of the old
// interpreter whose type and value it takes instead of its own.
func (s *Session) rebuildWith(cellID int, overrides map[string]yglobal) *Error {
	old := s.gen
	// The variables carried are those of the index, whose values are
	// read by name (a global that a failed cell left half-declared in
	// yaegi's scope is not among them).
	var oldVars []yglobal
	oldVals := map[string]reflect.Value{}
	for _, v := range s.vars.all() {
		if v.kind != "var" {
			continue
		}
		gv, ok := old.global(v.name)
		if !ok || gv.Kind != "var" {
			continue
		}
		oldVars = append(oldVars, gv)
		if val, ok := old.globalValue(v.name); ok {
			oldVals[v.name] = val
		}
	}
	for _, o := range overrides {
		if val, ok := old.globalValue(o.Name); ok {
			oldVals[o.Name] = val
		}
	}

	g, err := s.newGeneration()
	if err != nil {
		return internalError(err)
	}
	for _, imp := range s.store.importList {
		if err := g.useSymbols(imp.path); err != nil {
			return internalError(err)
		}
		if err := s.evalImport(g, imp.name, imp.path); err != nil {
			return s.errorFrom(err, cellID)
		}
	}
	// Types and constants first, then the variables, then functions and
	// methods, which may use both. A declaration that no longer compiles
	// (a function using a variable whose type changed, say) is dropped
	// with a note rather than failing the cell.
	var notes []string
	var early, late []*declEntry
	for _, e := range s.store.sorted() {
		if e.kind == "func" || e.kind == "method" {
			late = append(late, e)
		} else {
			early = append(early, e)
		}
	}
	if e := s.compileDropping(g, early, &notes); e != nil {
		return e
	}
	// Redeclare the variables and carry their values.
	carry := map[string]reflect.Value{}
	for name, o := range overrides {
		ov, ok := oldVals[o.Name]
		if !ok {
			continue
		}
		gv := yglobal{Name: name, Kind: "var", Type: o.Type}
		if note := s.redeclareVar(g, gv, ov, carry); note != "" {
			notes = append(notes, note)
		}
	}
	for _, gv := range oldVars {
		if gv.Kind != "var" || hiddenName(gv.Name) {
			continue
		}
		if _, ok := overrides[gv.Name]; ok {
			continue
		}
		if s.store.declared(gv.Name) {
			// A declaration now owns the name.
			notes = append(notes, fmt.Sprintf("variable %s was dropped: %s is now declared as a %s", gv.Name, gv.Name, s.store.byName[gv.Name].kind))
			continue
		}
		ov, ok := oldVals[gv.Name]
		if !ok || !ov.IsValid() {
			continue
		}
		if note := s.redeclareVar(g, gv, ov, carry); note != "" {
			notes = append(notes, note)
		}
	}
	if e := s.compileDropping(g, late, &notes); e != nil {
		return e
	}
	nv := g.i.Globals()
	for name, ov := range carry {
		v, ok := nv[name]
		if !ok || !v.CanSet() {
			notes = append(notes, fmt.Sprintf("variable %s was dropped: it could not be redeclared", name))
			continue
		}
		if !ov.Type().AssignableTo(v.Type()) {
			t := oldVarType(oldVars, name)
			if o, ok := overrides[name]; ok {
				t = o.Type
			}
			notes = append(notes, fmt.Sprintf("variable %s was dropped: its type %s changed", name, typeLabel(t)))
			continue
		}
		v.Set(ov)
	}
	sort.Strings(notes)
	for _, n := range notes {
		fmt.Fprintln(os.Stderr, "note: "+n)
	}
	s.gen = g
	return nil
}

// compileDropping compiles declarations into g, dropping from the store
// each one that fails, with a note.
func (s *Session) compileDropping(g *generation, entries []*declEntry, notes *[]string) *Error {
	for len(entries) > 0 {
		f, err := s.parseDeclFile(g, declFile(entries))
		if err != nil {
			return s.errorFrom(err, len(s.cells)-1)
		}
		p, err := g.compile(f)
		if err == nil {
			if _, err = g.i.Execute(p); err == nil {
				return nil
			}
		}
		bad := failedEntry(err, entries)
		if bad < 0 {
			return s.errorFrom(err, len(s.cells)-1)
		}
		e := entries[bad]
		msg := err.Error()
		if _, _, rest, ok := splitPos(msg); ok {
			msg = rest
		}
		*notes = append(*notes, fmt.Sprintf("%s %s (%s) was dropped: %s", e.kind, strings.TrimPrefix(e.key, "const "), s.where(e.cellID, e.line, e.col), msg))
		delete(s.store.decls, e.key)
		for _, n := range e.names {
			delete(s.store.byName, n)
		}
		entries = append(entries[:bad:bad], entries[bad+1:]...)
	}
	return nil
}

// failedEntry finds the declaration an error points into.
func failedEntry(err error, entries []*declEntry) int {
	l, _, _, ok := splitPos(err.Error())
	if !ok {
		return -1
	}
	cellID, line := l/lineBase, l%lineBase
	best := -1
	for i, e := range entries {
		if e.cellID == cellID && e.line <= line && (best < 0 || e.line > entries[best].line) {
			best = i
		}
	}
	return best
}

func oldVarType(vs []yglobal, name string) *ytype {
	for _, v := range vs {
		if v.Name == name {
			return v.Type
		}
	}
	return nil
}

// typeLabel names a type as a user reads it: P for a type of the cells.
func typeLabel(t *ytype) string {
	if t == nil {
		return "?"
	}
	return strings.ReplaceAll(t.Str, "main.", "")
}

// redeclareVar declares gv in g: with its type written out when the type
// involves types declared in cells, or with the exact reflect type of the
// value otherwise (compiled types need no import to be named that way).
func (s *Session) redeclareVar(g *generation, gv yglobal, ov reflect.Value, carry map[string]reflect.Value) string {
	var src string
	if usesCellTypes(gv.Type) {
		src = fmt.Sprintf("var %s %s", gv.Name, typeLabel(gv.Type))
	} else {
		// The zero value comes from a compiled function returning it: a
		// nil pointer exported as a value would be taken by yaegi for
		// the type it points to (exported types are nil pointers), and
		// the variable would get the element type (a *data.Split
		// redeclared as a data.Split, then dropped).
		t := ov.Type()
		zero := reflect.MakeFunc(reflect.FuncOf(nil, []reflect.Type{t}, false), func([]reflect.Value) []reflect.Value {
			return []reflect.Value{reflect.Zero(t)}
		})
		sym := "_methodicZero_" + gv.Name
		if err := g.i.Use(yaegi.Exports{carryPkgPath + "/_methodiccarry": {sym: zero}}); err != nil {
			return fmt.Sprintf("variable %s was dropped: %v", gv.Name, err)
		}
		if !g.used[carryPkgPath] {
			g.used[carryPkgPath] = true
			if err := s.evalImport(g, "_methodiccarry", carryPkgPath); err != nil {
				return fmt.Sprintf("variable %s was dropped: %v", gv.Name, err)
			}
		}
		src = fmt.Sprintf("var %s = _methodiccarry.%s()", gv.Name, sym)
	}
	f, err := parseFile(g, "package main\n"+src+"\n")
	if err == nil {
		var p *yaegi.Program
		if p, err = g.compile(f); err == nil {
			_, err = g.i.Execute(p)
		}
	}
	if err != nil {
		if usesCellTypes(gv.Type) {
			return fmt.Sprintf("variable %s was dropped: its type %s changed", gv.Name, typeLabel(gv.Type))
		}
		return fmt.Sprintf("variable %s was dropped: %v", gv.Name, err)
	}
	carry[gv.Name] = ov
	return ""
}

const carryPkgPath = "_methodiccarry"

// usesCellTypes reports whether t mentions a type declared in a cell.
func usesCellTypes(t *ytype) bool {
	if t == nil {
		return false
	}
	if t.Path == "main" {
		return true
	}
	if t.Name != "" {
		return false
	}
	for _, f := range t.Fields {
		if usesCellTypes(f.Type) {
			return true
		}
	}
	return usesCellTypes(t.Elem) || usesCellTypes(t.Key)
}

func hiddenName(n string) bool { return strings.HasPrefix(n, "_methodic") || n == "_" }

func parseFile(g *generation, src string) (*ast.File, error) {
	return parseSrc(g.i.FileSet(), src)
}

// quoteIdent is strconv.Quote, named for what it is used for here.
var _ = strconv.Quote
