package interp

import (
	"go/ast"
	"go/token"
	"sort"
	"strconv"
	"strings"
)

// The store keeps every import and declaration of the session by name, so
// that the interpreter can be rebuilt when one changes (fix rebuild):
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
	decl   ast.Decl // as checked, for the type checker (typecheck.go)
	run    ast.Decl // with the fixes of fixes.go: what yaegi compiles
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
func declEntries(fset *token.FileSet, piece *declsPiece, cellID int) (out []*declEntry, vars []*ast.GenDecl, entry []*ast.FuncDecl) {
	f, src := piece.file, piece.src
	// copyOf is the fixed copy of a checked node, which yaegi compiles.
	copyOf := make(map[ast.Node]ast.Node, len(piece.orig))
	for c, o := range piece.orig {
		copyOf[o] = c
	}
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
			e := &declEntry{key: d.Name.Name, names: []string{d.Name.Name}, kind: "func", src: text(d), decl: d, run: copyOf[d].(ast.Decl), cellID: cellID, line: l, col: c}
			if d.Recv != nil && len(d.Recv.List) > 0 {
				e.kind = "method"
				e.key = recvTypeName(d.Recv.List[0].Type) + "." + d.Name.Name
				e.names = nil
			} else {
				switch d.Name.Name {
				case "main":
					main = copyOf[d].(*ast.FuncDecl)
					continue
				case "init":
					entry = append(entry, copyOf[d].(*ast.FuncDecl))
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
					var decl, run ast.Decl = d, copyOf[d].(ast.Decl)
					if n == ast.Node(ts) {
						// One spec of a group, alone.
						decl = &ast.GenDecl{TokPos: ts.Pos(), Tok: token.TYPE, Specs: []ast.Spec{ts}}
						run = &ast.GenDecl{TokPos: ts.Pos(), Tok: token.TYPE, Specs: []ast.Spec{copyOf[ts].(ast.Spec)}}
					}
					out = append(out, &declEntry{key: ts.Name.Name, names: []string{ts.Name.Name}, kind: "type",
						src: src, decl: decl, run: run, cellID: cellID, line: l, col: c})
				}
			case token.CONST:
				l, c := pos(d)
				e := &declEntry{kind: "const", src: text(d), decl: d, run: copyOf[d].(ast.Decl), cellID: cellID, line: l, col: c}
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

func hiddenName(n string) bool { return strings.HasPrefix(n, "_methodic") || n == "_" }

func parseFile(g *generation, src string) (*ast.File, error) {
	return parseSrc(g.i.FileSet(), src)
}

// quoteIdent is strconv.Quote, named for what it is used for here.
var _ = strconv.Quote
