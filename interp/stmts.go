package interp

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"path"
	"reflect"
	"strings"

	yaegi "github.com/traefik/yaegi/interp"

	"github.com/methodic-go/methodic/display"
	"github.com/methodic-go/methodic/interp/symbols"
)

func parseSrc(fset *token.FileSet, src string) (*ast.File, error) {
	return parser.ParseFile(fset, srcName, src, parser.AllErrors|parser.ParseComments)
}

// runDecl evaluates one top-level declaration of a cell.
func (s *Session) runDecl(ctx context.Context, cellID int, text string, line, col int) (failed *Error) {
	fset := s.gen.i.FileSet()
	src := "package main\n" + lineDirective(cellID, line, col) + text + "\n"
	f, err := parseSrc(fset, src)
	if err != nil {
		return s.errorFrom(err, cellID)
	}
	if e := s.autoImport(cellID, f); e != nil {
		return e
	}
	chk, e := s.checkDecls(f)
	if e != nil {
		return e
	}
	// The session's view takes the declarations and variables of the
	// chunk; when yaegi fails part way, the variables it declared.
	defer func() { s.adoptDecls(chk, failed == nil) }()
	entries, vars, entry := declEntries(fset, f, src, cellID)
	// The variables run in the order Go initializes them. Those whose
	// values name none of the chunk's declarations, nor a variable that
	// does, run first, so that its functions can use them (var
	// errNotFound = errors.New(...) above a func that returns it); the
	// others once the declarations are compiled. A variable of the second
	// kind that a function of the chunk uses is declared first with the
	// zero value of its type (type T int; var x T = 1; func f() T {
	// return x }), and assigned in its turn.
	declared := map[string]bool{}
	for _, e := range entries {
		for _, n := range e.names {
			declared[n] = true
		}
		if e.kind == "method" {
			declared[e.key[strings.LastIndex(e.key, ".")+1:]] = true
		}
	}
	specs := initOrder(vars, chk.info)
	var first, later []*ast.ValueSpec
	for _, sp := range specs {
		if namesAny(sp, declared) {
			later = append(later, sp)
			for _, n := range sp.Names {
				declared[n.Name] = true
			}
			continue
		}
		first = append(first, sp)
	}
	for _, sp := range first {
		if e := s.runVarDecl(ctx, cellID, &ast.GenDecl{Tok: token.VAR, Specs: []ast.Spec{sp}}); e != nil {
			return e
		}
	}
	// The variables to declare with their zero values first.
	used := usedByFuncs(f)
	var zeros []*ast.ValueSpec
	for _, sp := range later {
		for _, n := range sp.Names {
			if !used[n.Name] || n.Name == "_" {
				continue
			}
			if vr, _ := chk.info.Defs[n].(*types.Var); vr != nil {
				if typ, ok := s.typeSource(vr.Type()); ok {
					zeros = append(zeros, &ast.ValueSpec{Names: []*ast.Ident{{NamePos: n.Pos(), Name: n.Name}}, Type: typ})
				}
			}
		}
	}
	if len(zeros) == 0 {
		if len(entries) > 0 || len(chk.dropped) > 0 {
			if e := s.declare(cellID, entries, chk.dropped); e != nil {
				return e
			}
		}
	} else {
		// Types and constants, then the zero variables, then functions
		// and methods.
		var early, funcs []*declEntry
		for _, e := range entries {
			if e.kind == "func" || e.kind == "method" {
				funcs = append(funcs, e)
			} else {
				early = append(early, e)
			}
		}
		if len(early) > 0 || len(chk.dropped) > 0 {
			if e := s.declare(cellID, early, chk.dropped); e != nil {
				return e
			}
		}
		for _, zero := range zeros {
			if e := s.runVarDecl(ctx, cellID, &ast.GenDecl{Tok: token.VAR, Specs: []ast.Spec{zero}}); e != nil {
				return e
			}
		}
		if len(funcs) > 0 {
			if e := s.declare(cellID, funcs, nil); e != nil {
				return e
			}
		}
	}
	for _, sp := range later {
		if e := s.runVarDecl(ctx, cellID, &ast.GenDecl{Tok: token.VAR, Specs: []ast.Spec{sp}}); e != nil {
			return e
		}
	}
	// A pasted program runs: its init functions, then main. They are
	// not kept (yaegi would run a main of the cells' package again after
	// every later cell).
	for _, fd := range entry {
		if fd.Body == nil || len(fd.Body.List) == 0 {
			continue
		}
		rewrite(fd.Body, s.isIntName)
		if e := s.runWrapped(ctx, cellID, fd.Body.List); e != nil {
			return e
		}
	}
	return nil
}

// initOrder returns the specs of the var declarations in the order Go
// initializes their variables (info.InitOrder), specs without values in
// source order first.
func initOrder(vars []*ast.GenDecl, info *types.Info) []*ast.ValueSpec {
	byName := map[token.Pos]*ast.ValueSpec{}
	var all []*ast.ValueSpec
	for _, d := range vars {
		for _, sp := range d.Specs {
			vs := sp.(*ast.ValueSpec)
			all = append(all, vs)
			for _, n := range vs.Names {
				byName[n.Pos()] = vs
			}
		}
	}
	var out []*ast.ValueSpec
	done := map[*ast.ValueSpec]bool{}
	for _, vs := range all {
		if len(vs.Values) == 0 {
			out = append(out, vs)
			done[vs] = true
		}
	}
	if info != nil {
		for _, init := range info.InitOrder {
			for _, v := range init.Lhs {
				if vs := byName[v.Pos()]; vs != nil && !done[vs] {
					out = append(out, vs)
					done[vs] = true
				}
			}
		}
	}
	for _, vs := range all {
		if !done[vs] {
			out = append(out, vs) // blank names only: var _ = f()
		}
	}
	return out
}

// usedByFuncs returns the names the functions and methods of a file
// mention.
func usedByFuncs(f *ast.File) map[string]bool {
	used := map[string]bool{}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok {
					used[id.Name] = true
				}
				return true
			})
		}
	}
	return used
}

// namesAny reports whether n mentions any of names, as an identifier or
// as the selected name of a selector (a method).
func namesAny(n ast.Node, names map[string]bool) bool {
	if len(names) == 0 {
		return false
	}
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && names[id.Name] {
			found = true
		}
		return !found
	})
	return found
}

// declare adds declarations: new ones are compiled in place, a changed one
// rebuilds the interpreter, an identical one (a cell run again) is kept.
func (s *Session) declare(cellID int, entries []*declEntry, dropped map[*declEntry]string) *Error {
	var fresh []*declEntry
	changed := len(dropped) > 0
	for _, e := range entries {
		old, ok := s.store.decls[e.key]
		switch {
		case !ok:
			for _, n := range e.names {
				if o, ok := s.store.byName[n]; ok && o.key != e.key {
					changed = true
				}
				if s.isVar(n) {
					changed = true
				}
			}
			fresh = append(fresh, e)
		case old.src == e.src && old.kind == e.kind:
			// Run again: same source.
			e.cellID, e.line, e.col = old.cellID, old.line, old.col
		default:
			changed = true
			fresh = append(fresh, e)
		}
	}
	if changed {
		saved := *s.store
		saved.decls = cloneMap(s.store.decls)
		saved.byName = cloneMap(s.store.byName)
		for _, e := range entries {
			s.store.put(e)
		}
		s.dropDecls(dropped)
		if e := s.rebuild(cellID); e != nil {
			*s.store = saved
			return e
		}
		return nil
	}
	if len(fresh) == 0 {
		return nil
	}
	f, err := s.parseDeclFile(s.gen, declFile(fresh))
	if err != nil {
		return s.errorFrom(err, cellID)
	}
	p, err := s.gen.compile(f)
	if err != nil {
		return s.errorFrom(err, cellID)
	}
	if _, err := s.gen.i.Execute(p); err != nil {
		return s.errorFrom(err, cellID)
	}
	for _, e := range fresh {
		s.store.put(e)
	}
	return nil
}

func cloneMap[K comparable, V any](m map[K]V) map[K]V {
	out := make(map[K]V, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// isVar reports whether name is a global variable or constant of the
// session.
func (s *Session) isVar(name string) bool { return s.vars.has(name) }

// runStmts runs top-level statements. When last is set and the final
// statement is an expression, its value is rendered (YAEGI.md item 4: the
// parsed cell, not yaegi's return value, decides).
func (s *Session) runStmts(ctx context.Context, cellID int, text string, line, col int, last bool) (*display.Bundle, *Error) {
	fset := s.gen.i.FileSet()
	body, f, err := s.parseStmts(fset, cellID, text, line, col)
	if err != nil {
		return nil, s.errorFrom(err, cellID)
	}
	if e := s.autoImport(cellID, f); e != nil {
		return nil, e
	}
	chk, e := s.checkStmts(body, last)
	if e != nil {
		return nil, e
	}
	rewrite(body, s.isIntName)
	stmts := body.List
	var trailing ast.Expr
	if n := len(stmts); last && n > 0 {
		if es, ok := stmts[n-1].(*ast.ExprStmt); ok {
			trailing = es.X
			stmts = stmts[:n-1]
		}
	}
	var group []ast.Stmt
	flush := func() *Error {
		if len(group) == 0 {
			return nil
		}
		e := s.runWrapped(ctx, cellID, group)
		group = nil
		return e
	}
	for _, st := range stmts {
		if ctx.Err() != nil {
			return nil, s.errorFrom(ctx.Err(), cellID)
		}
		if as, ok := st.(*ast.AssignStmt); ok && as.Tok == token.DEFINE {
			if e := flush(); e != nil {
				return nil, e
			}
			if e := s.runDefine(ctx, cellID, as); e != nil {
				return nil, e
			}
			s.commitVars(chk, as.Lhs)
			continue
		}
		if ds, ok := st.(*ast.DeclStmt); ok {
			if gd, ok := ds.Decl.(*ast.GenDecl); ok && gd.Tok == token.VAR {
				if e := flush(); e != nil {
					return nil, e
				}
				if e := s.runVarDecl(ctx, cellID, gd); e != nil {
					return nil, e
				}
				for _, sp := range gd.Specs {
					var names []ast.Expr
					for _, n := range sp.(*ast.ValueSpec).Names {
						names = append(names, n)
					}
					s.commitVars(chk, names)
				}
				continue
			}
		}
		group = append(group, st)
	}
	if e := flush(); e != nil {
		return nil, e
	}
	if trailing == nil {
		return nil, nil
	}
	return s.runTrailing(ctx, cellID, trailing)
}

// runWrapped runs statements inside a function declared for them and
// called at once. yaegi's handling of top-level statements breaks on some
// forms (an if with an init statement panics with "nil type"); in a
// function body they are on well-trodden ground. Variables the statements
// declare are local to them, as in a block; top-level := is handled by
// runDefine.
//
// The function is declared with a name of its own rather than written as
// a function literal: yaegi copies the whole global frame into every
// closure it makes at top level, and each cell adds to that frame, so a
// literal made each cell cost more than the one before (0.2 ms more
// every 1,000 cells). The name is forgotten once the call returns.
//
// The function defers _methodicDone, which yaegi runs even when an
// interrupt stops the function: it tells the session when the statements
// have really stopped, compiled calls included, so that the next cell
// never runs alongside them.
func (s *Session) runWrapped(ctx context.Context, cellID int, stmts []ast.Stmt) *Error {
	p0, end := stmts[0].Pos(), stmts[len(stmts)-1].End()
	done := &ast.DeferStmt{Defer: p0, Call: &ast.CallExpr{Fun: &ast.Ident{NamePos: p0, Name: "_methodicDone"}, Lparen: p0, Rparen: p0}}
	name, forget, e := s.declareOnce(ctx, cellID, p0, &ast.FuncType{Func: p0, Params: &ast.FieldList{}},
		&ast.BlockStmt{Lbrace: p0, List: append([]ast.Stmt{done}, stmts...), Rbrace: end})
	if e != nil {
		return e
	}
	defer forget()
	call := &ast.CallExpr{Fun: &ast.Ident{NamePos: end, Name: name}, Lparen: end, Rparen: end}
	return s.runCompiled(ctx, cellID, &ast.BlockStmt{Lbrace: p0, List: []ast.Stmt{&ast.ExprStmt{X: call}}}, true)
}

// declareOnce declares a function with the given type and body under a
// name of its own, for one use: the caller calls forget once it has
// called the function, which takes the name out of the cells' scope
// (code compiled against it keeps its own reference).
func (s *Session) declareOnce(ctx context.Context, cellID int, pos token.Pos, typ *ast.FuncType, body *ast.BlockStmt) (name string, forget func(), e *Error) {
	s.runs++
	name = fmt.Sprintf("%s%d", runFuncPrefix, s.runs)
	g := s.gen
	forget = func() { g.forget(name) }
	decl := &ast.FuncDecl{Name: &ast.Ident{NamePos: pos, Name: name}, Type: typ, Body: body}
	p, err := g.compile(&ast.File{Package: pos, Name: &ast.Ident{NamePos: pos, Name: "main"}, Decls: []ast.Decl{decl}})
	if err != nil {
		forget()
		return "", nil, s.errorFrom(err, cellID)
	}
	if _, err := s.execute(ctx, p); err != nil {
		forget()
		return "", nil, s.errorFrom(err, cellID)
	}
	return name, forget, nil
}

// runFuncPrefix starts the names of the functions declareOnce declares.
const runFuncPrefix = "_methodicRun"

func (s *Session) runBlock(ctx context.Context, cellID int, b *ast.BlockStmt) *Error {
	return s.runCompiled(ctx, cellID, b, false)
}

// runCompiled compiles and runs a block; wrapped says it is a function
// of runWrapped that will signal its end through _methodicDone.
func (s *Session) runCompiled(ctx context.Context, cellID int, b *ast.BlockStmt, wrapped bool) *Error {
	p, err := s.gen.compile(b)
	if err != nil {
		return s.errorFrom(err, cellID)
	}
	if wrapped {
		s.runDone = make(chan struct{})
	}
	if _, err := s.execute(ctx, p); err != nil {
		return s.errorFrom(err, cellID)
	}
	return nil
}

// runDefine runs a top-level a, b := x, y. New names become global
// variables. A name that exists is assigned, as := does, so that
// functions declared earlier see the new value (yaegi would otherwise
// make a second variable they do not see); if the value does not fit its
// type, the variable is redeclared with the new type and the interpreter
// rebuilt, so that functions see the new variable.
func (s *Session) runDefine(ctx context.Context, cellID int, as *ast.AssignStmt) *Error {
	var names []*ast.Ident
	for _, l := range as.Lhs {
		id, ok := l.(*ast.Ident)
		if !ok {
			return s.positionedNode("SyntaxError", "non-name on left side of :=", cellID, l)
		}
		names = append(names, id)
	}
	spec := &ast.ValueSpec{Names: names, Values: as.Rhs}
	return s.defineSpec(ctx, cellID, spec, as.Pos())
}

// runVarDecl runs a top-level var declaration, spec by spec, with the
// same rules as runDefine.
func (s *Session) runVarDecl(ctx context.Context, cellID int, d *ast.GenDecl) *Error {
	for _, sp := range d.Specs {
		if e := s.defineSpec(ctx, cellID, sp.(*ast.ValueSpec), sp.Pos()); e != nil {
			return e
		}
	}
	return nil
}

func (s *Session) defineSpec(ctx context.Context, cellID int, spec *ast.ValueSpec, pos token.Pos) *Error {
	// A variable takes the name of a function, type or constant of an
	// earlier cell: the declaration goes, as a redefinition replaces
	// what it redefines (and the functions that used it as such are
	// dropped by the rebuild, with a note).
	var gone []*declEntry
	for _, n := range spec.Names {
		if e, ok := s.store.byName[n.Name]; ok && e.kind != "prelude" {
			gone = append(gone, e)
		}
	}
	if len(gone) > 0 {
		saved := *s.store
		saved.decls, saved.byName = cloneMap(s.store.decls), cloneMap(s.store.byName)
		for _, e := range gone {
			delete(s.store.decls, e.key)
			for _, n := range e.names {
				delete(s.store.byName, n)
			}
		}
		s.store.seq++
		if e := s.rebuild(cellID); e != nil {
			*s.store = saved
			return e
		}
		s.reindexVars()
	}
	allNew := true
	for _, n := range spec.Names {
		if n.Name != "_" && (s.isVar(n.Name) || s.store.declared(n.Name)) {
			allNew = false
		}
	}
	if allNew {
		return s.runVarSpec(ctx, cellID, spec, pos)
	}
	if done, e := s.assignSameType(ctx, cellID, spec); done {
		return e
	}
	if done, e := s.assignInPlace(ctx, cellID, spec); done {
		return e
	}
	// Evaluate into temporaries, then assign or declare each name.
	tmp := &ast.ValueSpec{Type: spec.Type, Values: spec.Values}
	for i, n := range spec.Names {
		name := "_"
		if n.Name != "_" {
			name = fmt.Sprintf("_methodicT%d", i)
		}
		tmp.Names = append(tmp.Names, &ast.Ident{NamePos: n.Pos(), Name: name})
	}
	if e := s.runVarSpec(ctx, cellID, tmp, pos); e != nil {
		return e
	}
	overrides := map[string]yglobal{}
	for i, n := range spec.Names {
		if n.Name == "_" {
			continue
		}
		t := fmt.Sprintf("_methodicT%d", i)
		if s.isVar(n.Name) {
			assign := &ast.AssignStmt{Lhs: []ast.Expr{&ast.Ident{NamePos: n.Pos(), Name: n.Name}}, TokPos: n.Pos(), Tok: token.ASSIGN, Rhs: []ast.Expr{&ast.Ident{NamePos: n.Pos(), Name: t}}}
			p, err := s.gen.compile(&ast.BlockStmt{Lbrace: n.Pos(), List: []ast.Stmt{assign}})
			if err == nil {
				if _, err := s.gen.i.Execute(p); err != nil {
					return s.errorFrom(err, cellID)
				}
				continue
			}
			// The value does not fit the variable's type: the variable
			// takes the new type, and the rebuild makes every function
			// see it.
			overrides[n.Name] = yglobal{Name: t}
			continue
		}
		if s.store.declared(n.Name) {
			return s.positionedNode("CompileError", fmt.Sprintf("%s is declared as a %s; a variable cannot take its name", n.Name, s.store.byName[n.Name].kind), cellID, n)
		}
		decl := &ast.ValueSpec{Names: []*ast.Ident{{NamePos: n.Pos(), Name: n.Name}}, Values: []ast.Expr{&ast.Ident{NamePos: n.Pos(), Name: t}}}
		if e := s.runVarSpec(ctx, cellID, decl, pos); e != nil {
			return e
		}
	}
	if len(overrides) > 0 {
		for name, o := range overrides {
			if g, ok := s.gen.global(o.Name); ok {
				overrides[name] = yglobal{Name: o.Name, Kind: "var", Type: g.Type}
			}
		}
		return s.rebuildWith(cellID, overrides)
	}
	return nil
}

// assignSameType runs x := v, where x is a variable of the session and
// v has x's type already, as the assignment x = v: one compilation,
// where going through a temporary takes three or four and adds to
// yaegi's global frame. Re-running a cell that sets a hyperparameter
// (lr := 0.01) or updates a result (acc := model.Score(test)) comes this
// way. v must not be a constant other than a literal, whose type yaegi
// changes to x's: x := 1 keeps an int x an int, and makes a float64 x
// an int through the general path. Variables of interface types are
// left to assignInPlace. done is false when spec is not of this form,
// when the assignment does not compile, or when v's type is not x's;
// defineSpec then goes on, and v has not been evaluated.
func (s *Session) assignSameType(ctx context.Context, cellID int, spec *ast.ValueSpec) (done bool, e *Error) {
	if spec.Type != nil || len(spec.Names) != 1 || len(spec.Values) != 1 {
		return false, nil
	}
	name := spec.Names[0]
	if name.Name == "_" {
		return false, nil
	}
	g, ok := s.gen.global(name.Name)
	if !ok || g.Kind != "var" || g.Type == nil || isInterface(g.Type) {
		return false, nil
	}
	lit := literalType(spec.Values[0])
	if lit != "" && lit != g.Type.Str {
		return false, nil
	}
	assign := &ast.AssignStmt{Lhs: []ast.Expr{&ast.Ident{NamePos: name.Pos(), Name: name.Name}}, TokPos: name.Pos(), Tok: token.ASSIGN, Rhs: spec.Values}
	p, err := s.gen.compile(&ast.BlockStmt{Lbrace: name.Pos(), List: []ast.Stmt{assign}})
	if err != nil {
		return false, nil
	}
	if lit == "" {
		if t, constant := s.gen.assignedType(p); constant || !sameType(t, g.Type) {
			return false, nil
		}
	}
	if _, err := s.execute(ctx, p); err != nil {
		return true, s.errorFrom(err, cellID)
	}
	return true, nil
}

// runeDefault returns x, converted to rune when x is an untyped rune
// constant made of literals ('a', 'a' + 1): yaegi gives such a constant
// the type int when it declares a variable at top level (inside a
// function it gives rune, as Go does).
func runeDefault(x ast.Expr) ast.Expr {
	if untypedKind(x) != token.CHAR {
		return x
	}
	return &ast.CallExpr{Fun: &ast.Ident{NamePos: x.Pos(), Name: "rune"}, Lparen: x.Pos(), Args: []ast.Expr{x}, Rparen: x.End()}
}

// untypedKind returns the kind of an untyped constant expression made of
// basic literals, parentheses and arithmetic (token.INT, CHAR, FLOAT,
// IMAG or STRING), or token.ILLEGAL for any other expression. As in Go,
// the kind of an operation is the later of its operands' kinds in the
// order integer, rune, floating-point, complex, and a shift has the kind
// of its left operand.
func untypedKind(x ast.Expr) token.Token {
	switch x := x.(type) {
	case *ast.BasicLit:
		return x.Kind
	case *ast.ParenExpr:
		return untypedKind(x.X)
	case *ast.UnaryExpr:
		switch x.Op {
		case token.ADD, token.SUB, token.XOR:
			return untypedKind(x.X)
		}
	case *ast.BinaryExpr:
		l, r := untypedKind(x.X), untypedKind(x.Y)
		if l == token.ILLEGAL || r == token.ILLEGAL {
			return token.ILLEGAL
		}
		switch x.Op {
		case token.SHL, token.SHR:
			return l
		case token.ADD, token.SUB, token.MUL, token.QUO, token.REM, token.AND, token.OR, token.XOR, token.AND_NOT:
			if l == token.STRING || r == token.STRING {
				if l == r && x.Op == token.ADD {
					return token.STRING
				}
				return token.ILLEGAL
			}
			if kindRank[r] > kindRank[l] {
				return r
			}
			return l
		}
	}
	return token.ILLEGAL
}

// kindRank orders the kinds of untyped numeric constants.
var kindRank = map[token.Token]int{token.INT: 0, token.CHAR: 1, token.FLOAT: 2, token.IMAG: 3}

// literalType returns the default type of a numeric, rune or string
// literal, signed or not, as yaegi spells it, or "" for any other
// expression.
func literalType(x ast.Expr) string {
	if u, ok := x.(*ast.UnaryExpr); ok && (u.Op == token.SUB || u.Op == token.ADD) {
		x = u.X
	}
	if p, ok := x.(*ast.ParenExpr); ok {
		return literalType(p.X)
	}
	lit, ok := x.(*ast.BasicLit)
	if !ok {
		return ""
	}
	switch lit.Kind {
	case token.INT:
		return "int"
	case token.FLOAT:
		return "float64"
	case token.IMAG:
		return "complex128"
	case token.CHAR:
		return "int32"
	case token.STRING:
		return "string"
	}
	return ""
}

// assignInPlace runs var x T = v or x := v, where every name is a
// variable of the session that has the type T (or the type of v) already,
// as the assignment x = v inside a function. done is false when the spec
// is not of that form; defineSpec then goes through temporaries.
//
// Going through a temporary loses a value of a cell type held in a
// compiled interface: after err := fmt.Errorf("x"), var err error = E{}
// would make a temporary of yaegi's own error type holding E{} as a bare
// struct, which reflect.Set cannot store into err (yaegi wraps the value
// for a compiled interface only when it assigns the struct itself).
func (s *Session) assignInPlace(ctx context.Context, cellID int, spec *ast.ValueSpec) (done bool, e *Error) {
	if len(spec.Values) != len(spec.Names) {
		return false, nil
	}
	types := map[string]*ytype{}
	for _, n := range spec.Names {
		if g, ok := s.gen.global(n.Name); ok && g.Kind == "var" {
			types[n.Name] = g.Type
		}
	}
	// Only variables of interface types: other types go through
	// temporaries without loss, and probing a type that points to a
	// compiled one (*data.Dataset) makes yaegi panic while typing it.
	for _, n := range spec.Names {
		if n.Name == "_" {
			continue
		}
		vt, ok := types[n.Name]
		if !ok || !s.isVar(n.Name) || !isInterface(vt) {
			return false, nil
		}
	}
	var declared *ytype
	if spec.Type != nil {
		declared = s.staticType(&ast.StarExpr{Star: spec.Type.Pos(), X: &ast.CallExpr{
			Fun: &ast.Ident{NamePos: spec.Type.Pos(), Name: "new"}, Lparen: spec.Type.Pos(), Rparen: spec.Type.End(), Args: []ast.Expr{spec.Type}}})
		if declared == nil {
			return false, nil
		}
	}
	assign := &ast.AssignStmt{TokPos: spec.Pos(), Tok: token.ASSIGN}
	for i, n := range spec.Names {
		if n.Name != "_" {
			t := declared
			if t == nil {
				t = s.staticType(spec.Values[i])
			}
			if !sameType(t, types[n.Name]) {
				return false, nil
			}
		}
		assign.Lhs = append(assign.Lhs, &ast.Ident{NamePos: n.Pos(), Name: n.Name})
		assign.Rhs = append(assign.Rhs, spec.Values[i])
	}
	if _, err := s.gen.compile(&ast.BlockStmt{Lbrace: spec.Pos(), List: []ast.Stmt{assign}}); err != nil {
		return false, nil
	}
	if len(spec.Names) == 1 && spec.Names[0].Name != "_" {
		// Into a compiled interface, a value of a cell type keeps its
		// methods only as a function's result (see declareThroughFunc).
		typ := spec.Type
		if call, ok := spec.Values[0].(*ast.CallExpr); ok && typ == nil && len(call.Args) == 1 && call.Ellipsis == token.NoPos && s.isCompiledInterface(call.Fun) {
			typ = call.Fun
		}
		if typ == nil && isErrorType(types[spec.Names[0].Name]) {
			typ = &ast.Ident{NamePos: spec.Names[0].Pos(), Name: "error"}
		}
		if typ != nil && s.isCompiledInterface(typ) {
			return true, s.throughFunc(ctx, cellID, spec.Names[0], typ, spec.Values[0], token.ASSIGN, spec.Pos())
		}
	}
	stmts := []ast.Stmt{assign}
	if split := splitNilAssign(assign); split != nil {
		stmts = split
	}
	return true, s.runWrapped(ctx, cellID, stmts)
}

// staticType returns the type yaegi gives to the expression x, compiled
// but not run, or nil.
func (s *Session) staticType(x ast.Expr) *ytype {
	keep := &ast.CallExpr{Fun: &ast.Ident{NamePos: x.Pos(), Name: "_methodicKeep"}, Lparen: x.Pos(), Args: []ast.Expr{x}, Rparen: x.End()}
	mark := s.gen.markFrame()
	defer s.gen.releaseFrame(mark)
	p, err := s.gen.compile(&ast.BlockStmt{Lbrace: x.Pos(), List: []ast.Stmt{&ast.ExprStmt{X: keep}}})
	if err != nil {
		return nil
	}
	return s.gen.resultType(p)
}

// isErrorType reports whether t is the type error.
func isErrorType(t *ytype) bool {
	return t != nil && (t.Cat == ycError || t.RType == errorType)
}

// isCompiledInterface reports whether x names a compiled interface type
// with methods: error, or a type of an imported package (fmt.Stringer).
func (s *Session) isCompiledInterface(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.Ident:
		return x.Name == "error" && !s.isVar("error") && !s.store.declared("error")
	case *ast.SelectorExpr:
		pkg, ok := x.X.(*ast.Ident)
		if !ok || s.isVar(pkg.Name) || s.store.declared(pkg.Name) {
			return false
		}
		p, ok := s.store.imports[pkg.Name]
		if !ok {
			return false
		}
		syms, ok := symbols.Load(p + "/" + path.Base(p))
		if !ok {
			return false
		}
		v, ok := syms[x.Sel.Name]
		// A type is exported as a nil pointer to it.
		return ok && v.Kind() == reflect.Pointer && v.IsNil() && v.Type().Elem().Kind() == reflect.Interface && v.Type().Elem().NumMethod() > 0
	}
	return false
}

// isInterface reports whether t is an interface type, of the cells or
// compiled (error, fmt.Stringer).
func isInterface(t *ytype) bool {
	if t == nil {
		return false
	}
	switch t.Cat {
	case ycError, ycInterface:
		return true
	}
	return t.RType != nil && t.RType.Kind() == reflect.Interface
}

// sameType reports whether two static types are surely the same type:
// yaegi spells them alike, and neither is an untyped constant (x := 'a'
// must give an int x the type rune).
func sameType(a, b *ytype) bool {
	return a != nil && b != nil && a.Str != "" && a.Str == b.Str && !strings.HasPrefix(a.Str, "untyped")
}

// parseDeclFile parses declarations for compiling, with the cell rewrites.
func (s *Session) parseDeclFile(g *generation, src string) (*ast.File, error) {
	f, err := parseFile(g, src)
	if err != nil {
		return nil, err
	}
	rewrite(f, s.isIntName)
	return f, nil
}

// runVarSpec declares global variables from one spec, as a top-level :=
// in yaegi's REPL mode: yaegi's package-level var declarations cannot
// refer to variables of earlier evaluations ("variable definition loop").
// var x T = v becomes x := T(v), and var x T becomes x := *new(T).
func (s *Session) runVarSpec(ctx context.Context, cellID int, spec *ast.ValueSpec, pos token.Pos) *Error {
	if spec.Type == nil && len(spec.Names) == 1 && len(spec.Values) == 1 {
		// x := error(v) is declared as var x error = v, which works
		// where the conversion of a cell value at top level does not.
		if call, ok := spec.Values[0].(*ast.CallExpr); ok && len(call.Args) == 1 && call.Ellipsis == token.NoPos && s.isCompiledInterface(call.Fun) {
			spec = &ast.ValueSpec{Names: spec.Names, Type: call.Fun, Values: call.Args}
		}
	}
	if len(spec.Names) == 1 && len(spec.Values) == 1 && spec.Names[0].Name != "_" && spec.Type != nil && s.isCompiledInterface(spec.Type) {
		return s.declareThroughFunc(ctx, cellID, spec, pos)
	}
	as := &ast.AssignStmt{TokPos: pos, Tok: token.DEFINE}
	allBlank := true
	for _, n := range spec.Names {
		as.Lhs = append(as.Lhs, &ast.Ident{NamePos: n.Pos(), Name: n.Name})
		if n.Name != "_" {
			allBlank = false
		}
	}
	if allBlank {
		as.Tok = token.ASSIGN
	}
	typ := spec.Type
	if typ != nil {
		switch typ.(type) {
		case *ast.Ident, *ast.SelectorExpr, *ast.ArrayType, *ast.MapType, *ast.IndexExpr, *ast.IndexListExpr:
		default:
			typ = &ast.ParenExpr{Lparen: typ.Pos(), X: typ, Rparen: typ.End()}
		}
	}
	switch {
	case len(spec.Values) == 0:
		for _, n := range spec.Names {
			as.Rhs = append(as.Rhs, &ast.StarExpr{Star: n.Pos(), X: &ast.CallExpr{
				Fun: &ast.Ident{NamePos: n.Pos(), Name: "new"}, Lparen: n.Pos(), Rparen: n.Pos(), Args: []ast.Expr{spec.Type}}})
		}
	case typ != nil && len(spec.Values) == len(spec.Names) && allBlank:
		// var _ T = v checks that v is a T.
		for _, v := range spec.Values {
			as.Rhs = append(as.Rhs, &ast.CallExpr{Fun: typ, Lparen: v.Pos(), Args: []ast.Expr{v}, Rparen: v.End()})
		}
	case typ != nil && len(spec.Values) == len(spec.Names):
		// x := *new(T) and then x = v inside a function: at top level
		// yaegi fails to convert or assign a value of a cell type to a
		// compiled interface (error(v) panics in reflect.Set). One
		// variable of a compiled interface type with methods has gone
		// through declareThroughFunc above, which keeps them.
		assign := &ast.AssignStmt{TokPos: pos, Tok: token.ASSIGN, Lhs: as.Lhs, Rhs: spec.Values}
		for _, n := range spec.Names {
			as.Rhs = append(as.Rhs, &ast.StarExpr{Star: n.Pos(), X: &ast.CallExpr{
				Fun: &ast.Ident{NamePos: n.Pos(), Name: "new"}, Lparen: n.Pos(), Rparen: n.Pos(), Args: []ast.Expr{spec.Type}}})
		}
		if e := s.declareVars(ctx, cellID, as, spec, pos); e != nil {
			return e
		}
		// The assignment runs in a function, where yaegi converts.
		if split := splitNilAssign(assign); split != nil {
			return s.runWrapped(ctx, cellID, split)
		}
		return s.runWrapped(ctx, cellID, []ast.Stmt{assign})
	default:
		for _, v := range spec.Values {
			as.Rhs = append(as.Rhs, runeDefault(v))
		}
	}
	return s.declareVars(ctx, cellID, as, spec, pos)
}

// declareVars runs the top-level := as that declares the variables of
// spec, and records them.
func (s *Session) declareVars(ctx context.Context, cellID int, as *ast.AssignStmt, spec *ast.ValueSpec, pos token.Pos) *Error {
	p, err := s.gen.compile(&ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{as}})
	if err == nil {
		if _, err = s.execute(ctx, p); err == nil {
			s.noteVars(spec)
			return nil
		}
	}
	// A failed cell declares nothing: yaegi keeps the names it was
	// declaring in its scope, half made (y := f() with f panicking left
	// y defined as 0).
	for _, n := range spec.Names {
		if n.Name != "_" && !s.vars.has(n.Name) {
			s.gen.forget(n.Name)
		}
	}
	return s.errorFrom(err, cellID)
}

// declareThroughFunc runs var x I = v, with I a compiled interface
// type, as x := f() with f a function declared for it that returns v as
// an I. A value of a cell type reaches a compiled interface whole only
// through a function's result: converted or assigned at top level or in
// a function, it lost its methods (x.Error() failed with "Method index
// out of range").
func (s *Session) declareThroughFunc(ctx context.Context, cellID int, spec *ast.ValueSpec, pos token.Pos) *Error {
	if e := s.throughFunc(ctx, cellID, spec.Names[0], spec.Type, spec.Values[0], token.DEFINE, pos); e != nil {
		return e
	}
	s.noteVars(spec)
	return nil
}

// throughFunc runs x tok f(), tok := or =, where f is a function declared
// for it that returns v as a typ, and forgotten afterwards.
func (s *Session) throughFunc(ctx context.Context, cellID int, x *ast.Ident, typ, v ast.Expr, tok token.Token, pos token.Pos) *Error {
	if call, ok := v.(*ast.CallExpr); ok && len(call.Args) == 1 && call.Ellipsis == token.NoPos && types.ExprString(call.Fun) == types.ExprString(typ) {
		// return error(E{}) fails in yaegi where return E{} works, and
		// the return converts to the result type by itself.
		v = call.Args[0]
	}
	p0 := x.Pos()
	name, forget, e := s.declareOnce(ctx, cellID, p0,
		&ast.FuncType{Func: p0, Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{Type: typ}}}},
		&ast.BlockStmt{Lbrace: p0, List: []ast.Stmt{&ast.ReturnStmt{Return: p0, Results: []ast.Expr{v}}}, Rbrace: v.End()})
	if e != nil {
		return e
	}
	defer forget()
	as := &ast.AssignStmt{TokPos: pos, Tok: tok,
		Lhs: []ast.Expr{&ast.Ident{NamePos: p0, Name: x.Name}},
		Rhs: []ast.Expr{&ast.CallExpr{Fun: &ast.Ident{NamePos: p0, Name: name}, Lparen: p0, Rparen: p0}}}
	return s.runBlock(ctx, cellID, &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{as}})
}

// noteVars records the variables of spec in the index at once, so that
// later statements of the same cell see them as existing. It reads their
// static types, never their values.
func (s *Session) noteVars(spec *ast.ValueSpec) {
	for _, n := range spec.Names {
		s.noteName(n.Name)
	}
}

func (s *Session) positionedNode(name, msg string, cellID int, n ast.Node) *Error {
	p := s.gen.i.FileSet().Position(n.Pos())
	return s.positioned(name, msg, p.Line, p.Column)
}

// runTrailing evaluates the trailing expression of a cell and renders it.
func (s *Session) runTrailing(ctx context.Context, cellID int, x ast.Expr) (*display.Bundle, *Error) {
	if s.printsToStdout(x) {
		// fmt.Println(...) at the end of a cell shows nothing, as print
		// does in Python: run it as a statement, without a look at its
		// results (three compilations fewer).
		return nil, s.runWrapped(ctx, cellID, []ast.Stmt{&ast.ExprStmt{X: x}})
	}
	b, ok, e := s.renderExpr(ctx, cellID, x)
	if e != nil || ok {
		return b, e
	}
	if n := s.countResults(x); n > 1 {
		return s.renderResults(ctx, cellID, x, n)
	}
	// Not a value (a call of a function with no result): run it as a
	// statement.
	return nil, s.runWrapped(ctx, cellID, []ast.Stmt{&ast.ExprStmt{X: x}})
}

// countResults returns the number of results of x when it is a call with
// several, or 0.
func (s *Session) countResults(x ast.Expr) int {
	if _, ok := x.(*ast.CallExpr); !ok {
		return 0
	}
	call := &ast.CallExpr{Fun: &ast.Ident{NamePos: x.Pos(), Name: "_methodicResults"}, Lparen: x.Pos(), Args: []ast.Expr{x}, Rparen: x.End()}
	mark := s.gen.markFrame()
	defer s.gen.releaseFrame(mark)
	p, err := s.gen.compile(&ast.BlockStmt{Lbrace: x.Pos(), List: []ast.Stmt{&ast.ExprStmt{X: call}}})
	if err != nil {
		return 0
	}
	return s.gen.resultCount(p)
}

// renderResults renders a trailing call with n results, as the package
// documentation says: when the last result is an error, a nil error
// leaves the other results (the value alone when there is one) and a
// non-nil error is shown by itself; otherwise the results show as a
// tuple, (a, b). The results are kept in hidden globals _methodicR0...,
// so that each renders as a trailing expression of its own would, by
// the methods of cell types too.
func (s *Session) renderResults(ctx context.Context, cellID int, x ast.Expr, n int) (*display.Bundle, *Error) {
	p0 := x.Pos()
	ident := func(k int) *ast.Ident { return &ast.Ident{NamePos: p0, Name: fmt.Sprintf("_methodicR%d", k)} }
	// The hidden globals live for this rendering only: forgotten after
	// it, their frame slots are given back (each such cell added nine).
	g, mark := s.gen, s.gen.markFrame()
	defer func() {
		for k := 0; k < n; k++ {
			g.forget(ident(k).Name)
		}
		if s.gen == g {
			g.releaseFrame(mark)
		}
	}()
	def := &ast.AssignStmt{TokPos: p0, Tok: token.DEFINE, Rhs: []ast.Expr{x}}
	for k := 0; k < n; k++ {
		def.Lhs = append(def.Lhs, ident(k))
	}
	if e := s.runBlock(ctx, cellID, &ast.BlockStmt{Lbrace: p0, List: []ast.Stmt{def}}); e != nil {
		return nil, e
	}
	show := make([]int, n)
	for k := range show {
		show[k] = k
	}
	if s.isErrorGlobal(ident(n - 1).Name) {
		isNil, e := s.evalBool(ctx, cellID, &ast.BinaryExpr{X: ident(n - 1), OpPos: p0, Op: token.EQL, Y: &ast.Ident{NamePos: p0, Name: "nil"}})
		if e != nil {
			return nil, e
		}
		if isNil {
			if s.writesOutput(x) {
				// fmt.Println("x") shows nothing, as print does in
				// Python.
				return nil, nil
			}
			show = show[:n-1]
		} else {
			show = show[n-1:]
		}
	}
	if len(show) == 1 {
		b, _, e := s.renderExpr(ctx, cellID, ident(show[0]))
		return b, e
	}
	texts := make([]string, len(show))
	for i, k := range show {
		b, _, e := s.renderExpr(ctx, cellID, ident(k))
		if e != nil {
			return nil, e
		}
		if b != nil {
			texts[i] = b.Text()
		}
	}
	var b display.Bundle
	b = b.Set(display.MIMEText, "("+strings.Join(texts, ", ")+")")
	return &b, nil
}

// printsToStdout reports whether x is a call of fmt's Print, Println or
// Printf.
func (s *Session) printsToStdout(x ast.Expr) bool {
	path, name, ok := s.packageCall(x)
	return ok && path == "fmt" && (name == "Print" || name == "Println" || name == "Printf")
}

// packageCall returns the import path of the package and the name of the
// function that x calls when x is pkg.F(...) with pkg an imported
// package the cell does not shadow; path is "" when pkg names no import.
func (s *Session) packageCall(x ast.Expr) (path, name string, ok bool) {
	call, ok := x.(*ast.CallExpr)
	if !ok {
		return "", "", false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return "", "", false
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok || pkg.Obj != nil || s.isVar(pkg.Name) || s.store.declared(pkg.Name) {
		return "", "", false
	}
	return s.store.imports[pkg.Name], sel.Sel.Name, true
}

// writesOutput reports whether x is a call made to write, whose results
// are a count and an error: fmt's Print, Println, Printf and Fprint
// functions, io.Copy, io.CopyN, io.WriteString, and methods named Write,
// WriteString, WriteRune, WriteTo and ReadFrom.
func (s *Session) writesOutput(x ast.Expr) bool {
	call, ok := x.(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	if path, name, ok := s.packageCall(x); ok && path != "" {
		switch path {
		case "fmt":
			switch name {
			case "Print", "Println", "Printf", "Fprint", "Fprintln", "Fprintf":
				return true
			}
		case "io":
			switch name {
			case "Copy", "CopyN", "CopyBuffer", "WriteString":
				return true
			}
		}
		return false
	}
	switch sel.Sel.Name {
	case "Write", "WriteString", "WriteRune", "WriteTo", "ReadFrom":
		return true
	}
	return false
}

// isErrorGlobal reports whether the global variable name has the static
// type error.
func (s *Session) isErrorGlobal(name string) bool {
	g, ok := s.gen.global(name)
	return ok && g.Type != nil && (g.Type.Cat == ycError || g.Type.RType == errorType)
}

// evalBool evaluates a boolean expression in the interpreter.
func (s *Session) evalBool(ctx context.Context, cellID int, x ast.Expr) (bool, *Error) {
	keep := &ast.CallExpr{Fun: &ast.Ident{NamePos: x.Pos(), Name: "_methodicKeep"}, Lparen: x.Pos(), Args: []ast.Expr{x}, Rparen: x.End()}
	s.kept = reflect.Value{}
	if e := s.runBlock(ctx, cellID, &ast.BlockStmt{Lbrace: x.Pos(), List: []ast.Stmt{&ast.ExprStmt{X: keep}}}); e != nil {
		return false, e
	}
	v := s.kept
	s.kept = reflect.Value{}
	return v.IsValid() && v.Kind() == reflect.Bool && v.Bool(), nil
}

// renderExpr evaluates x and renders its value. ok is false when x has no
// single value. A value of a compiled type renders with display.Render. A
// value of a type declared in a cell renders through the display methods
// the cells declared for it, called inside the interpreter (YAEGI.md item
// 10: compiled code cannot see them), and prints with its type and field
// names (item 11).
func (s *Session) renderExpr(ctx context.Context, cellID int, x ast.Expr) (*display.Bundle, bool, *Error) {
	keep := &ast.CallExpr{Fun: &ast.Ident{NamePos: x.Pos(), Name: "_methodicKeep"}, Lparen: x.Pos(), Args: []ast.Expr{x}, Rparen: x.End()}
	g, mark := s.gen, s.gen.markFrame()
	p, err := g.compile(&ast.BlockStmt{Lbrace: x.Pos(), List: []ast.Stmt{&ast.ExprStmt{X: keep}}})
	if err != nil {
		g.releaseFrame(mark)
		return nil, false, nil
	}
	t := g.resultType(p)
	if methods := s.cellMethods(t); len(methods) > 0 {
		g.releaseFrame(mark)
		return s.renderByMethods(ctx, cellID, x, t, methods)
	}
	s.kept = reflect.Value{}
	if _, err := s.execute(ctx, p); err != nil {
		return nil, true, s.errorFrom(err, cellID)
	}
	if s.gen == g {
		g.releaseFrame(mark)
	}
	var b display.Bundle
	if usesCellTypes(t) || !s.kept.IsValid() || !s.kept.CanInterface() {
		b = b.Set(display.MIMEText, formatValue(s.kept, t))
	} else {
		b = display.Render(s.kept.Interface())
	}
	s.kept = reflect.Value{}
	return &b, true, nil
}

// cellMethods returns the display methods, String and Error that the
// cells declared for the type t (or the type t points to).
func (s *Session) cellMethods(t *ytype) map[string]bool {
	if t == nil {
		return nil
	}
	if t.Cat == ycPtr && t.Elem != nil {
		t = t.Elem
	}
	if t.Path != "main" || t.Name == "" {
		return nil
	}
	m := map[string]bool{}
	for _, d := range append(displayMethods, struct{ name, mime string }{"String", ""}, struct{ name, mime string }{"Error", ""}) {
		if e, ok := s.store.decls[t.Name+"."+d.name]; ok && e.kind == "method" {
			m[d.name] = true
		}
	}
	return m
}

// renderByMethods keeps the value of x in a variable of the interpreter
// and calls its methods there.
func (s *Session) renderByMethods(ctx context.Context, cellID int, x ast.Expr, t *ytype, methods map[string]bool) (*display.Bundle, bool, *Error) {
	const tmp = "_methodicV"
	def := &ast.AssignStmt{Lhs: []ast.Expr{&ast.Ident{NamePos: x.Pos(), Name: tmp}}, TokPos: x.Pos(), Tok: token.DEFINE, Rhs: []ast.Expr{x}}
	if e := s.runBlock(ctx, cellID, &ast.BlockStmt{Lbrace: x.Pos(), List: []ast.Stmt{def}}); e != nil {
		return nil, true, e
	}
	var calls []string
	for _, d := range displayMethods {
		if methods[d.name] {
			calls = append(calls, fmt.Sprintf("_methodicSet(%q, %s.%s())", d.mime, tmp, d.name))
			break
		}
	}
	switch {
	case methods["String"]:
		calls = append(calls, fmt.Sprintf("_methodicSet(%q, %s.String())", display.MIMEText, tmp))
	case methods["Error"]:
		calls = append(calls, fmt.Sprintf("_methodicSet(%q, %s.Error())", display.MIMEText, tmp))
	}
	calls = append(calls, "_methodicKeep("+tmp+")")
	s.rendered, s.kept = display.Bundle{}, reflect.Value{}
	body, _, err := s.parseStmts(s.gen.i.FileSet(), 0, strings.Join(calls, "\n"), 1, 1)
	if err != nil {
		return nil, true, internalError(err)
	}
	if e := s.runBlock(ctx, cellID, body); e != nil {
		return nil, true, e
	}
	b := s.rendered
	if _, ok := b.Data[display.MIMEText]; !ok {
		b = b.Set(display.MIMEText, formatValue(s.kept, t))
	}
	s.rendered, s.kept = display.Bundle{}, reflect.Value{}
	return &b, true, nil
}

// isIntName reports whether name is a global variable or constant of
// integer type, for the range-over-int rewrite.
func (s *Session) isIntName(name string) bool {
	v, ok := s.vars.get(name)
	return ok && v.isInt
}

var _ = yaegi.Panic{}
var _ = strings.TrimSpace
