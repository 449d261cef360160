package interp

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"reflect"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"unsafe"
)

// The type checker's view of the session.
//
// Every piece of a cell is checked with go/types before yaegi sees it,
// against a package that holds every declaration and variable of the
// session: the cell gets Go's own compile errors at its own line and
// column, and the later stages get the real types (pointer or value
// receivers, inferred type arguments, the types of the values := gives
// its variables) instead of guessing them. Packages are imported from
// the export data embedded in package symbols (exportdata.go).
//
// The view is one types.Package, "main", whose scope holds the session's
// objects. Statements are checked against it as they are: they are
// wrapped in a function named _, which declares nothing, so a check of
// statements never changes the package (about 10 µs for a trivial cell).
// Declarations are checked in the package too; what the check declared
// is taken out again until yaegi has compiled it. The package and its
// scope stay the same objects throughout: go/types compares packages by
// identity (an unexported field of a struct declared in an earlier cell
// could not be set in a literal otherwise) and expects the objects of a
// package to have its scope as their parent (its check of generic
// instantiations failed otherwise). A scope has no deletion, so the view
// edits the scope's map of objects through reflection (scopeMap), and
// drops the file scopes each check leaves as children of the package
// scope, which would otherwise keep every checked cell alive. Both fields
// are looked up, with their types, when the process starts
// (TestScopeFields). A declaration that redefines a name of the session, or a method
// of a type declared in an earlier cell, is checked with every
// declaration of the session from source (go/types attaches methods only
// to types it declares itself): a declaration of an earlier cell that no
// longer compiles is dropped with a note, as the rebuild of the
// interpreter would drop it.
//
// The view is the seam through which other code of this package asks for
// the types of the session: Object, Package, and the types.Info of the
// last check of each piece.

// typeView is the session as go/types sees it. It is used on the
// execution goroutine only.
type typeView struct {
	fset *token.FileSet
	pkg  *types.Package
	ctx  *types.Var // the cells' ctx, once a check has imported context
	conf types.Config
	errs []types.Error // collected by conf.Error during a check
	// warnings are the errors of the last check that a notebook lets
	// pass (unusedError).
	warnings []types.Error
	// compiled are the names of the compiled cells, each from the last
	// cell that declared it (compiledtypes.go).
	compiled map[string]types.Object
}

// goVersion is the language version of the Go that built the kernel,
// whose standard library the cells see.
var goVersion = func() string {
	v := strings.TrimPrefix(runtime.Version(), "go")
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return "go1.26"
	}
	if i := strings.IndexAny(parts[1], "abcdefghijklmnopqrstuvwxyz+ -"); i >= 0 {
		parts[1] = parts[1][:i]
	}
	return "go" + parts[0] + "." + parts[1]
}()

func newTypeView(fset *token.FileSet) *typeView {
	v := &typeView{fset: fset, pkg: types.NewPackage("main", "main"), compiled: map[string]types.Object{}}
	v.conf = types.Config{
		Importer:  packageTypes,
		GoVersion: goVersion,
		Sizes:     types.SizesFor("gc", runtime.GOARCH),
		Error:     func(err error) { v.errs = append(v.errs, err.(types.Error)) },
	}
	return v
}

// Package returns the package that holds the session's declarations and
// variables.
func (v *typeView) Package() *types.Package { return v.pkg }

// Object returns the object of the session called name, or nil.
func (v *typeView) Object(name string) types.Object { return v.pkg.Scope().Lookup(name) }

// scopeFields are the indices of the fields of types.Scope the view
// edits, or -1 when this Go's go/types has none of the expected type.
var scopeFields = func() (f struct{ elems, children int }) {
	t := reflect.TypeOf(types.Scope{})
	e, ok1 := t.FieldByName("elems")
	c, ok2 := t.FieldByName("children")
	if !ok1 || !ok2 || e.Type != reflect.TypeOf(map[string]types.Object(nil)) || c.Type != reflect.TypeOf([]*types.Scope(nil)) {
		f.elems, f.children = -1, -1
		return f
	}
	f.elems, f.children = e.Index[0], c.Index[0]
	return f
}()

// scopeMap returns the map of objects of the package scope, which the
// view edits in place.
func (v *typeView) scopeMap() map[string]types.Object {
	f := reflect.ValueOf(v.pkg.Scope()).Elem().Field(scopeFields.elems)
	p := (*map[string]types.Object)(unsafe.Pointer(f.UnsafeAddr()))
	if *p == nil {
		*p = map[string]types.Object{}
	}
	return *p
}

// snapshot returns a copy of the package scope's objects.
func (v *typeView) snapshot() map[string]types.Object {
	m := v.scopeMap()
	out := make(map[string]types.Object, len(m))
	for k, o := range m {
		out[k] = o
	}
	return out
}

// restore makes m the objects of the package scope.
func (v *typeView) restore(m map[string]types.Object) {
	f := reflect.ValueOf(v.pkg.Scope()).Elem().Field(scopeFields.elems)
	*(*map[string]types.Object)(unsafe.Pointer(f.UnsafeAddr())) = m
}

// dropChildren forgets the file scopes a check attached to the package
// scope.
func (v *typeView) dropChildren() {
	f := reflect.ValueOf(v.pkg.Scope()).Elem().Field(scopeFields.children)
	*(*[]*types.Scope)(unsafe.Pointer(f.UnsafeAddr())) = nil
}

// ensureCtx declares the cells' ctx in the view.
func (v *typeView) ensureCtx() error {
	if v.ctx != nil {
		return nil
	}
	p, err := packageTypes.Import("context")
	if err != nil {
		return err
	}
	v.ctx = types.NewVar(token.NoPos, v.pkg, "ctx", p.Scope().Lookup("Context").Type())
	v.pkg.Scope().Insert(v.ctx)
	return nil
}

// run checks files in pkg and returns the errors a user must see.
func (v *typeView) run(files []*ast.File, info *types.Info, ignore func(types.Error) bool) []types.Error {
	v.errs = v.errs[:0]
	_ = types.NewChecker(&v.conf, v.fset, v.pkg, info).Files(files)
	v.dropChildren()
	var out []types.Error
	v.warnings = v.warnings[:0]
	for _, e := range v.errs {
		if !e.Pos.IsValid() {
			// The session's imports, prepended to every check, are
			// not the cell's: an unused one is no error.
			continue
		}
		if ignore != nil && ignore(e) {
			continue
		}
		if unusedError(e) {
			v.warnings = append(v.warnings, e)
			continue
		}
		out = append(out, e)
	}
	return out
}

// unusedError reports whether e says that a variable, import or label is
// not used. go build refuses such code; a notebook, where a cell is often
// half written, runs it and warns (see warn).
func unusedError(e types.Error) bool {
	return e.Soft && (strings.Contains(e.Msg, "declared and not used") || strings.Contains(e.Msg, "and not used") ||
		strings.Contains(e.Msg, "defined and not used"))
}

// warn writes the warnings of the last check to the cell's stderr.
func (s *Session) warn() {
	if s.checkOnly {
		s.types.warnings = s.types.warnings[:0]
		return // precheck.go: the chunk's own check warns
	}
	for _, e := range s.types.warnings {
		p := s.types.fset.Position(e.Pos)
		fmt.Fprintf(os.Stderr, "warning: %s (%s; go build refuses this)\n", e.Msg, s.where(p.Line/lineBase, p.Line%lineBase, p.Column))
	}
	s.types.warnings = s.types.warnings[:0]
}

// newInfo returns a types.Info that records what the later stages use.
func newInfo() *types.Info {
	return &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Instances:  map[*ast.Ident]types.Instance{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
		Scopes:     map[ast.Node]*types.Scope{},
		InitOrder:  nil,
	}
}

// importDecl declares the session's imports for a check. The specs have
// no position, so that go/types reports an unused one at no position
// (run leaves those out).
func (s *Session) importDecl() *ast.GenDecl {
	d := &ast.GenDecl{Tok: token.IMPORT}
	var names []string
	for n := range s.store.imports {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		p := s.store.imports[n]
		if !packageTypes.has(p) || s.types.Object(n) != nil {
			// A name the cells gave to a variable or declaration since
			// means that now.
			continue
		}
		d.Specs = append(d.Specs, &ast.ImportSpec{Name: ast.NewIdent(n), Path: &ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(p)}})
	}
	var dots []string
	for p := range s.store.dotImports {
		dots = append(dots, p)
	}
	sort.Strings(dots)
	for _, p := range dots {
		if !packageTypes.has(p) {
			continue
		}
		d.Specs = append(d.Specs, &ast.ImportSpec{Name: ast.NewIdent("."), Path: &ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(p)}})
	}
	return d
}

// stmtsCheck is what the check of a run of top-level statements found.
type stmtsCheck struct {
	info *types.Info
	// vars are the variables that the top-level := and var statements
	// declare, by their identifier: globals of the session once the
	// statements have run.
	vars map[*ast.Ident]*types.Var
}

// checkStmts checks the top-level statements of a cell, body being the
// body of the function parseStmts wraps them in. Top-level := and var
// declare variables of the session: each may redeclare a name with
// another type (x := 1, then x := "s"), so each opens, for the check, a
// block holding the statements after it. A trailing expression is not
// "unused": the cell shows it.
func (s *Session) checkStmts(body *ast.BlockStmt, last bool) (*stmtsCheck, *Error) {
	v := s.types
	if err := v.ensureCtx(); err != nil {
		return nil, internalError(err)
	}
	var trailing ast.Expr
	if n := len(body.List); last && n > 0 {
		if es, ok := body.List[n-1].(*ast.ExprStmt); ok {
			trailing = es.X
		}
	}
	tops := map[token.Pos]bool{}
	fn := &ast.FuncDecl{Name: ast.NewIdent("_"), Type: &ast.FuncType{Params: &ast.FieldList{}},
		Body: &ast.BlockStmt{List: nestDefines(body.List, tops)}}
	f := &ast.File{Name: ast.NewIdent("main"), Decls: []ast.Decl{s.importDecl(), fn}}
	info := newInfo()
	errs := v.run([]*ast.File{f}, info, func(e types.Error) bool {
		if tops[e.Pos] && strings.HasPrefix(e.Msg, "declared and not used") {
			return true // a global of the session
		}
		return trailing != nil && e.Pos == trailing.Pos() && strings.HasSuffix(e.Msg, " is not used")
	})
	if len(errs) > 0 {
		return nil, s.typeErrors(errs)
	}
	s.warn()
	c := &stmtsCheck{info: info, vars: map[*ast.Ident]*types.Var{}}
	for id, obj := range info.Defs {
		if tops[id.Pos()] {
			if vr, ok := obj.(*types.Var); ok {
				c.vars[id] = vr
			}
		}
	}
	return c, nil
}

// nestDefines returns list with the statements after each top-level :=
// or var declaration in a block of their own, and records in tops the
// positions of the names those declare.
func nestDefines(list []ast.Stmt, tops map[token.Pos]bool) []ast.Stmt {
	for i, st := range list {
		var names []*ast.Ident
		switch st := st.(type) {
		case *ast.AssignStmt:
			if st.Tok == token.DEFINE {
				for _, l := range st.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						names = append(names, id)
					}
				}
			}
		case *ast.DeclStmt:
			if gd, ok := st.Decl.(*ast.GenDecl); ok && gd.Tok == token.VAR {
				for _, sp := range gd.Specs {
					names = append(names, sp.(*ast.ValueSpec).Names...)
				}
			}
		}
		if len(names) == 0 {
			continue
		}
		for _, id := range names {
			if id.Name != "_" {
				tops[id.Pos()] = true
			}
		}
		out := append([]ast.Stmt(nil), list[:i+1]...)
		if rest := list[i+1:]; len(rest) > 0 {
			out = append(out, &ast.BlockStmt{List: nestDefines(rest, tops)})
		}
		return out
	}
	return list
}

// declsCheck is what the check of top-level declarations found: the
// objects of the package scope after the check, which become the view's
// once yaegi has compiled them.
type declsCheck struct {
	objects map[string]types.Object
	info    *types.Info
	full    bool // every declaration of the session was checked (checkAll)
	// dropped are declarations of earlier cells that no longer compile
	// with the new ones, each with Go's message.
	dropped map[*declEntry]string
}

// checkDecls checks a chunk of top-level declarations (file, parsed by
// runDecl) against the session.
func (s *Session) checkDecls(file *ast.File) (*declsCheck, *Error) {
	v := s.types
	if err := v.ensureCtx(); err != nil {
		return nil, internalError(err)
	}
	declared, recvs := declaredNames(file)
	for m := range methodKeys(file) {
		declared[m] = true // a method replaces its earlier declaration
	}
	full := false
	for n := range declared {
		if obj := v.Object(n); obj != nil && obj != types.Object(v.ctx) {
			full = true // a redefinition
		}
	}
	for r := range recvs {
		if !declared[r] {
			full = true // a method of a type of an earlier cell
		}
	}
	f := &ast.File{Name: file.Name, Decls: append([]ast.Decl{s.importDecl()}, file.Decls...)}
	if !full {
		before := v.snapshot()
		info := newInfo()
		errs := v.run([]*ast.File{f}, info, nil)
		after := v.snapshot()
		v.restore(before)
		if len(errs) > 0 {
			return nil, s.typeErrors(errs)
		}
		s.warn()
		return &declsCheck{objects: after, info: info}, nil
	}
	return s.checkAll(f, declared)
}

// declaredNames returns the names a file of declarations declares at
// package level, and the base type names of the receivers of its
// methods.
func declaredNames(f *ast.File) (names, recvs map[string]bool) {
	names, recvs = map[string]bool{}, map[string]bool{}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv != nil && len(d.Recv.List) > 0 {
				recvs[recvTypeName(d.Recv.List[0].Type)] = true
			} else if d.Name.Name != "_" {
				names[d.Name.Name] = true
			}
		case *ast.GenDecl:
			for _, sp := range d.Specs {
				switch sp := sp.(type) {
				case *ast.TypeSpec:
					names[sp.Name.Name] = true
				case *ast.ValueSpec:
					for _, n := range sp.Names {
						if n.Name != "_" {
							names[n.Name] = true
						}
					}
				}
			}
		}
	}
	return names, recvs
}

// checkAll checks file with every declaration of the session from
// source, in a new package, with the session's variables. A declaration
// of an earlier cell that fails is left out and reported in dropped; an
// error in file itself is the cell's.
func (s *Session) checkAll(file *ast.File, declared map[string]bool) (*declsCheck, *Error) {
	v := s.types
	cellID := len(s.cells) - 1
	dropped := map[*declEntry]string{}
	before := v.snapshot()
	defer v.restore(before)
	for attempt := 0; ; attempt++ {
		sc := map[string]types.Object{"ctx": v.ctx}
		old := &ast.File{Name: ast.NewIdent("main"), Decls: []ast.Decl{s.importDecl()}}
		var owners []*declEntry // the entry of each declaration of old
		for _, e := range s.store.sorted() {
			if e.decl == nil || dropped[e] != "" || replaced(e, declared) {
				continue
			}
			old.Decls = append(old.Decls, e.decl)
			owners = append(owners, e)
		}
		// The variables: as they are when their types name no type of
		// the cells, or declared anew with their types written out,
		// which go/types then resolves to the new declarations.
		for name, obj := range v.compiled {
			if !declared[name] && !s.store.declared(name) && before[name] == obj {
				sc[name] = obj
			}
		}
		vars := &ast.File{Name: ast.NewIdent("main"), Decls: []ast.Decl{s.importDecl()}}
		for name, obj := range before {
			vr, ok := obj.(*types.Var)
			if !ok || vr == v.ctx || declared[name] {
				continue
			}
			if !mentionsMain(vr.Type()) {
				sc[name] = vr
				continue
			}
			if d := s.varDecl(name, vr.Type()); d != nil {
				vars.Decls = append(vars.Decls, d)
			}
		}
		info := newInfo()
		v.restore(sc)
		errs := v.run([]*ast.File{old, vars, file}, info, nil)
		after := v.snapshot()
		var mine []types.Error
		progress := false
		for _, e := range errs {
			p := v.fset.Position(e.Pos)
			if p.Line/lineBase == cellID%maxCells {
				mine = append(mine, e)
				continue
			}
			if owner := ownerOf(e.Pos, old.Decls[1:], owners); owner != nil && dropped[owner] == "" {
				dropped[owner] = e.Msg
				progress = true
			}
		}
		if len(mine) > 0 {
			return nil, s.typeErrors(mine)
		}
		// Warnings about declarations of earlier cells were given then.
		var warnings []types.Error
		for _, w := range v.warnings {
			if v.fset.Position(w.Pos).Line/lineBase == cellID%maxCells {
				warnings = append(warnings, w)
			}
		}
		v.warnings = warnings
		if len(errs) == 0 || !progress || attempt > 100 {
			if len(errs) > 0 && !progress {
				// An error in neither the cell nor a declaration (a
				// variable whose type no longer exists): the
				// variable is dropped by the rebuild.
				_ = errs
			}
			s.warn()
			return &declsCheck{objects: after, info: info, dropped: dropped, full: true}, nil
		}
	}
}

// methodKeys returns the keys ("T.m") of the methods a file of
// declarations declares, as the store keys them.
func methodKeys(f *ast.File) map[string]bool {
	keys := map[string]bool{}
	for _, d := range f.Decls {
		if d, ok := d.(*ast.FuncDecl); ok && d.Recv != nil && len(d.Recv.List) > 0 {
			keys[recvTypeName(d.Recv.List[0].Type)+"."+d.Name.Name] = true
		}
	}
	return keys
}

// replaced reports whether e declares one of the names a new chunk
// declares, or is a method it declares again (declared holds "T.m").
func replaced(e *declEntry, declared map[string]bool) bool {
	if e.kind == "method" && declared[e.key] {
		return true
	}
	for _, n := range e.names {
		if declared[n] {
			return true
		}
	}
	return false
}

// ownerOf returns the entry whose declaration holds pos.
func ownerOf(pos token.Pos, decls []ast.Decl, owners []*declEntry) *declEntry {
	for i, d := range decls {
		if d.Pos() <= pos && pos < d.End() {
			return owners[i]
		}
	}
	return nil
}

// varDecl declares a variable of the session with its type written out,
// for a check that declares the session's types anew; nil when the type
// cannot be written (a type declared inside a function, say).
func (s *Session) varDecl(name string, t types.Type) ast.Decl {
	typ, ok := s.typeSource(t, token.NoPos)
	if !ok {
		return nil
	}
	spec := &ast.ValueSpec{Names: []*ast.Ident{ast.NewIdent(name)}, Type: typ}
	return &ast.GenDecl{Tok: token.VAR, Specs: []ast.Spec{spec}}
}

// typeSource writes t as a type expression of the cells, naming packages
// by the names the session imports them under, with every position pos;
// ok is false when it cannot (a package the session has not imported, a
// type declared inside a function). yaegi looks a package name up in the
// imports of the file of its position: code for yaegi gives a position in
// the cell, a declaration for the type checker alone token.NoPos.
func (s *Session) typeSource(t types.Type, pos token.Pos) (ast.Expr, bool) {
	t = unaliasGeneric(t, 0)
	ok := true
	x := typeExpr(t, pos, func(p *types.Package) string {
		if p.Path() == "main" {
			return ""
		}
		for n, path := range s.store.imports {
			if path == p.Path() && s.types.Object(n) == nil {
				return n
			}
		}
		ok = false
		return p.Name()
	})
	if mentionsLocal(t) {
		ok = false
	}
	return x, ok && x != nil
}

// typeExpr writes a type as an expression, naming packages by qualify
// ("" for the cells' own), or returns nil when it cannot.
func typeExpr(t types.Type, pos token.Pos, qualify func(*types.Package) string) ast.Expr {
	var x ast.Expr
	var err error
	if params := typeParamsOf(t); params != nil {
		// fix type-param-names
		if x, err = typeExprParams(t, params, qualify); err == nil {
			setPositions(x, pos)
		}
	} else {
		x, err = parseTypeExpr(types.TypeString(t, qualify), pos)
	}
	if err != nil {
		return nil
	}
	unnameParams(x)
	return x
}

// unnameParams drops the parameter and result names of the func types in
// x (func(s []string, v string) int becomes func([]string, string) int):
// the names the checker keeps from a declaration mean nothing in a type,
// and yaegi resolves them against the cells' variables ("variable
// definition loop" when a variable s exists).
func unnameParams(x ast.Expr) {
	ast.Inspect(x, func(n ast.Node) bool {
		ft, ok := n.(*ast.FuncType)
		if !ok {
			return true
		}
		for _, fl := range []*ast.FieldList{ft.Params, ft.Results} {
			if fl == nil {
				continue
			}
			var out []*ast.Field
			for _, f := range fl.List {
				if len(f.Names) == 0 {
					out = append(out, f)
					continue
				}
				for range f.Names {
					out = append(out, &ast.Field{Type: f.Type})
				}
			}
			fl.List = out
		}
		return true
	})
}

// commitDecls makes the objects of a successful check of declarations
// the view's.
func (v *typeView) commitDecls(c *declsCheck) { v.restore(c.objects) }

// setVar makes name a variable of the session of type t, replacing what
// the name meant before.
func (v *typeView) setVar(name string, t types.Type, pos token.Pos) {
	sc := v.pkg.Scope()
	if old, ok := sc.Lookup(name).(*types.Var); ok && types.Identical(old.Type(), t) {
		return
	}
	if sc.Lookup(name) != nil {
		v.remove(name)
		sc = v.pkg.Scope()
	}
	sc.Insert(types.NewVar(pos, v.pkg, name, t))
}

// remove takes names out of the view.
func (v *typeView) remove(names ...string) {
	m := v.scopeMap()
	for _, n := range names {
		delete(m, n)
	}
}

// typeErrors turns the errors of a check into the cell's error: the
// first with its source line, the others (up to ten, as the compiler
// reports them) listed below.
func (s *Session) typeErrors(errs []types.Error) *Error {
	// go/types reports in the order it checks, and follows an error with
	// its details as errors whose message starts with a tab ("other
	// declaration of f"), as the compiler prints them.
	first := s.types.fset.Position(errs[0].Pos)
	e := s.positioned("CompileError", errs[0].Msg, first.Line, first.Column)
	n := 1
	for _, o := range errs[1:] {
		p := s.types.fset.Position(o.Pos)
		cellID, l := p.Line/lineBase, p.Line%lineBase
		if strings.HasPrefix(o.Msg, "\t") {
			e.Traceback = append(e.Traceback, fmt.Sprintf("    %s: %s", s.where(cellID, l, p.Column), strings.TrimSpace(o.Msg)))
			continue
		}
		if n == 10 {
			e.Traceback = append(e.Traceback, "  too many errors")
			break
		}
		n++
		e.Traceback = append(e.Traceback, fmt.Sprintf("  %s: %s", s.where(cellID, l, p.Column), o.Msg))
	}
	return e
}

// parseTypeExpr parses the spelling of a type, with every position pos:
// the nodes must not point elsewhere in the session's files.
func parseTypeExpr(src string, pos token.Pos) (ast.Expr, error) {
	x, err := parser.ParseExpr(src)
	if err != nil {
		return nil, err
	}
	setPositions(x, pos)
	return x, nil
}

// setPositions sets every position of the syntax tree n to pos.
func setPositions(n ast.Node, pos token.Pos) {
	posType := reflect.TypeOf(token.NoPos)
	ast.Inspect(n, func(n ast.Node) bool {
		if n == nil {
			return false
		}
		v := reflect.ValueOf(n)
		if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
			return true
		}
		e := v.Elem()
		for i := 0; i < e.NumField(); i++ {
			if f := e.Field(i); f.Type() == posType && f.CanSet() {
				f.Set(reflect.ValueOf(pos))
			}
		}
		return true
	})
}

// adoptDecls brings the view up to date after a chunk of declarations
// checked as c ran: the package of the check becomes the view when the
// chunk ran through; otherwise the view only takes the variables the
// chunk declared before it failed.
func (s *Session) adoptDecls(c *declsCheck, ok bool) {
	if ok {
		s.types.commitDecls(c)
		s.syncView()
		if c.full {
			s.refix(c)
		}
		return
	}
	for _, vi := range s.vars.all() {
		if s.types.Object(vi.name) != nil {
			continue
		}
		if vr, ok := c.objects[vi.name].(*types.Var); ok {
			s.types.pkg.Scope().Insert(vr)
		}
	}
}

// syncView takes out of the view what the session no longer has: the
// variables a rebuild of the interpreter could not carry, and the
// declarations it dropped.
func (s *Session) syncView() {
	var gone []string
	for _, n := range s.types.pkg.Scope().Names() {
		obj := s.types.pkg.Scope().Lookup(n)
		if obj == types.Object(s.types.ctx) || s.types.compiled[n] == obj {
			continue
		}
		switch obj.(type) {
		case *types.Var:
			if !s.vars.has(n) {
				gone = append(gone, n)
			}
		case *types.Const:
			if !s.store.declared(n) && !s.vars.has(n) {
				gone = append(gone, n)
			}
		default:
			if !s.store.declared(n) {
				gone = append(gone, n)
			}
		}
	}
	s.types.remove(gone...)
}

// dropDecls takes out of the store the declarations of earlier cells
// that no longer compile, with a note saying why.
func (s *Session) dropDecls(dropped map[*declEntry]string) {
	var notes []string
	for e, msg := range dropped {
		notes = append(notes, fmt.Sprintf("%s %s (%s) was dropped: %s", e.kind, strings.TrimPrefix(e.key, "const "), s.where(e.cellID, e.line, e.col), msg))
		if cur, ok := s.store.decls[e.key]; ok && cur == e {
			delete(s.store.decls, e.key)
			for _, n := range e.names {
				if s.store.byName[n] == e {
					delete(s.store.byName, n)
				}
			}
		}
	}
	sort.Strings(notes)
	for _, n := range notes {
		fmt.Fprintln(os.Stderr, "note: "+n)
	}
}

// commitVars records in the view the variables that a top-level := or
// var statement, checked as c, declared: with the type the check gave
// them, or the interface type a variable had when the value implements
// it (the variable is assigned, keeping its type; see defineSpec).
func (s *Session) commitVars(c *stmtsCheck, lhs []ast.Expr) {
	for _, l := range lhs {
		id, ok := l.(*ast.Ident)
		if !ok || id.Name == "_" {
			continue
		}
		vr := c.vars[id]
		if vr == nil || !s.vars.has(id.Name) {
			continue
		}
		t := vr.Type()
		if old, ok := s.types.Object(id.Name).(*types.Var); ok && types.IsInterface(old.Type()) && !types.Identical(old.Type(), t) && types.AssignableTo(t, old.Type()) {
			t = old.Type()
		}
		s.types.setVar(id.Name, t, id.Pos())
	}
}

// addCompiled makes the names of a compiled cell objects of the view,
// replacing what the names meant.
func (v *typeView) addCompiled(objs map[string]types.Object) {
	var names []string
	for n := range objs {
		names = append(names, n)
	}
	v.remove(names...)
	for n, obj := range objs {
		v.compiled[n] = obj
		v.pkg.Scope().Insert(obj)
	}
}

// unaliasGeneric returns t with the instances of generic aliases in it
// replaced by the types they stand for (fix generic-alias: yaegi cannot
// instantiate a generic alias).
func unaliasGeneric(t types.Type, depth int) types.Type {
	if depth > 20 {
		return t
	}
	d := depth + 1
	switch u := t.(type) {
	case *types.Alias:
		if u.TypeArgs().Len() > 0 {
			return unaliasGeneric(types.Unalias(u), d)
		}
	case *types.Slice:
		if e := unaliasGeneric(u.Elem(), d); e != u.Elem() {
			return types.NewSlice(e)
		}
	case *types.Pointer:
		if e := unaliasGeneric(u.Elem(), d); e != u.Elem() {
			return types.NewPointer(e)
		}
	case *types.Array:
		if e := unaliasGeneric(u.Elem(), d); e != u.Elem() {
			return types.NewArray(e, u.Len())
		}
	case *types.Chan:
		if e := unaliasGeneric(u.Elem(), d); e != u.Elem() {
			return types.NewChan(u.Dir(), e)
		}
	case *types.Map:
		k, e := unaliasGeneric(u.Key(), d), unaliasGeneric(u.Elem(), d)
		if k != u.Key() || e != u.Elem() {
			return types.NewMap(k, e)
		}
	case *types.Signature:
		if u.TypeParams().Len() > 0 || u.Recv() != nil {
			return t
		}
		changed := false
		tuple := func(tu *types.Tuple) *types.Tuple {
			if tu == nil {
				return nil
			}
			vars := make([]*types.Var, tu.Len())
			for i := range vars {
				v := tu.At(i)
				nt := unaliasGeneric(v.Type(), d)
				if nt != v.Type() {
					changed = true
				}
				vars[i] = types.NewParam(v.Pos(), v.Pkg(), v.Name(), nt)
			}
			return types.NewTuple(vars...)
		}
		p, r := tuple(u.Params()), tuple(u.Results())
		if changed {
			return types.NewSignatureType(nil, nil, nil, p, r, u.Variadic())
		}
	}
	return t
}
