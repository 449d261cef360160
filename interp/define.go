package interp

import (
	"context"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path"
	"reflect"
	"strings"

	"github.com/methodic-go/methodic/interp/symbols"
)

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
		e, ok := s.store.byName[n.Name]
		switch {
		case ok && e.kind == "prelude" && !hiddenName(n.Name):
			// max := 0, as Go lets a variable shadow the builtins
			// min and max; the prelude's generic stays in yaegi's
			// scope until the variable replaces it.
			delete(s.store.decls, e.key)
			delete(s.store.byName, n.Name)
		case ok && e.kind != "prelude":
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
		t := &ast.Ident{NamePos: n.Pos(), Name: name}
		tmp.Names = append(tmp.Names, t)
		if s.running != nil {
			s.running.alias[t] = n // the temporary has n's type
		}
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
		if s.isVar(n.Name) && !s.keepsType(n) {
			// The value does not fit the variable's type, as the type
			// checker says: the variable takes the new type, written
			// out at the rebuild as the check has it (yaegi's type of
			// the temporary made a channel of another element type
			// nil: a send failed, a receive waited for good).
			overrides[n.Name] = yglobal{Name: t, checked: s.checkedVar(n)}
			continue
		}
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
			overrides[n.Name] = yglobal{Name: t, checked: s.checkedVar(n)}
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
				overrides[name] = yglobal{Name: o.Name, Kind: "var", Type: g.Type, checked: o.checked}
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
	if split := (&fixer{s: s}).splitNilAssign(assign); split != nil {
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

// runVarSpec declares global variables from one spec, as a top-level :=
// in yaegi's REPL mode: yaegi's package-level var declarations cannot
// refer to variables of earlier evaluations ("variable definition loop").
// var x T = v becomes x := T(v), and var x T becomes x := *new(T).
func (s *Session) runVarSpec(ctx context.Context, cellID int, spec *ast.ValueSpec, pos token.Pos) *Error {
	if done, e := s.defineThroughFunc(ctx, cellID, spec, pos); done {
		return e
	}
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
			as.Rhs = append(as.Rhs, s.running.zeroOf(spec.Type, spec.Type, n.Pos()))
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
			as.Rhs = append(as.Rhs, s.running.zeroOf(spec.Type, spec.Type, n.Pos()))
		}
		if e := s.declareVars(ctx, cellID, as, spec, pos); e != nil {
			return e
		}
		// The assignment runs in a function, where yaegi converts.
		if split := (&fixer{s: s}).splitNilAssign(assign); split != nil {
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

// defineThroughFunc runs x, y := v, w, when yaegi fails on it at top
// level, as x, y := f() with f a function declared for it: func() (X, Y)
// { x, y := v, w; return x, y } (fix toplevel-define). A comma-ok form
// (v, ok := m[k]) fails at top level with "nil type", a call of a generic
// function with "nil reflect type"; the result of a function is declared
// where yaegi gets them right.
// The types come from the check of the running piece; done is false when
// spec is of none of these forms, or a type cannot be written.
func (s *Session) defineThroughFunc(ctx context.Context, cellID int, spec *ast.ValueSpec, pos token.Pos) (done bool, e *Error) {
	ti := s.running
	if ti == nil || spec.Type != nil || len(spec.Values) == 0 || !ti.topLevelRisk(spec) {
		return false, nil
	}
	p0 := spec.Names[0].Pos()
	results := &ast.FieldList{}
	inner := &ast.AssignStmt{TokPos: p0, Tok: token.DEFINE, Rhs: spec.Values}
	ret := &ast.ReturnStmt{Return: p0}
	outer := &ast.AssignStmt{TokPos: pos, Tok: token.DEFINE}
	for _, n := range spec.Names {
		if n.Name == "_" {
			inner.Lhs = append(inner.Lhs, &ast.Ident{NamePos: n.Pos(), Name: "_"})
			continue
		}
		obj := ti.objectOf(n)
		if obj == nil {
			return false, nil
		}
		typ, ok := s.typeSourceImporting(cellID, obj.Type(), n.Pos())
		if !ok {
			return false, nil
		}
		tmp := ti.temp("_methodicV")
		results.List = append(results.List, &ast.Field{Type: typ})
		inner.Lhs = append(inner.Lhs, &ast.Ident{NamePos: n.Pos(), Name: tmp})
		ret.Results = append(ret.Results, &ast.Ident{NamePos: n.Pos(), Name: tmp})
		outer.Lhs = append(outer.Lhs, &ast.Ident{NamePos: n.Pos(), Name: n.Name})
	}
	if len(outer.Lhs) == 0 {
		return false, nil
	}
	name, forget, e := s.declareOnce(ctx, cellID, p0, &ast.FuncType{Func: p0, Params: &ast.FieldList{}, Results: results},
		&ast.BlockStmt{Lbrace: p0, List: []ast.Stmt{inner, ret}, Rbrace: spec.End()})
	if e != nil {
		return true, e
	}
	defer forget()
	outer.Rhs = []ast.Expr{&ast.CallExpr{Fun: &ast.Ident{NamePos: p0, Name: name}, Lparen: p0, Rparen: p0}}
	return true, s.declareVars(ctx, cellID, outer, spec, pos)
}

// topLevelRisk reports whether yaegi fails on spec as a := at top level:
// a comma-ok form, a call of a generic function (min and max included), an element of a slice,
// array or map (fix toplevel-index), or a method called on a conversion
// (fix toplevel-conversion-method).
func (f *fixer) topLevelRisk(spec *ast.ValueSpec) bool {
	for _, v := range spec.Values {
		if f.indexesValue(v) || f.callsMethodOfConversion(v) {
			return true
		}
	}
	if len(spec.Names) == 2 && len(spec.Values) == 1 {
		switch x := ast.Unparen(spec.Values[0]).(type) {
		case *ast.IndexExpr, *ast.TypeAssertExpr:
			return true
		case *ast.UnaryExpr:
			if x.Op == token.ARROW {
				return true
			}
		}
	}
	risky := false
	for _, v := range spec.Values {
		ast.Inspect(v, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if _, ok := f.instance(id); ok || isPreludeGeneric(id.Name) || isMinMax(f.objectOf(id)) {
					risky = true
				}
			}
			return !risky
		})
	}
	return risky
}

// isMinMax reports whether obj is the builtin min or max, which the
// kernel's prelude defines as generic functions (fix builtins).
func isMinMax(obj types.Object) bool {
	b, ok := obj.(*types.Builtin)
	return ok && (b.Name() == "min" || b.Name() == "max")
}

// keepsType reports whether an existing variable of the session keeps its
// type when a top-level := or var of the running piece gives it a value
// (n is the name as the piece declares it): the value's type is the
// variable's, or the variable is of an interface type the value
// implements. Otherwise the variable is declared anew with the value's
// type, as a new := would. Without the types (no check for the piece),
// it says yes, and the assignment is tried.
func (s *Session) keepsType(n *ast.Ident) bool {
	if s.running == nil {
		return true
	}
	nv, ok1 := s.running.objectOf(n).(*types.Var)
	old, ok2 := s.types.Object(n.Name).(*types.Var)
	if !ok1 || !ok2 {
		return true
	}
	v, x := nv.Type(), old.Type()
	return types.Identical(v, x) || types.IsInterface(x) && types.AssignableTo(v, x)
}

// checkedVar returns the type the check of the running piece gives the
// variable n declares, or nil.
func (s *Session) checkedVar(n *ast.Ident) types.Type {
	if s.running == nil {
		return nil
	}
	if v, ok := s.running.objectOf(n).(*types.Var); ok {
		return v.Type()
	}
	return nil
}
