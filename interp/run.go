package interp

import (
	"context"
	"fmt"
	"go/ast"
	"go/token"
	"strconv"

	yaegi "github.com/traefik/yaegi/interp"

	"github.com/methodic-go/methodic/display"
)

// isVar reports whether name is a global variable or constant of the
// session.
func (s *Session) isVar(name string) bool { return s.vars.has(name) }

// runStmts runs top-level statements. When last is set and the final
// statement is an expression, its value is rendered (fix last-expression:
// the parsed cell, not yaegi's return value, decides).
func (s *Session) runStmts(ctx context.Context, cellID int, text string, line, col int, last bool) (*display.Bundle, *Error) {
	piece, e := s.prepStmts(cellID, text, line, col, last)
	if e != nil {
		return nil, e
	}
	chk := piece.check
	s.running = &fixer{s: s, info: chk.info, alias: map[*ast.Ident]*ast.Ident{}}
	defer func() { s.running = nil }()
	stmts := piece.body.List
	if s.running.cellDefers(stmts) && s.deferPos == token.NoPos {
		s.deferPos = piece.body.Pos()
	}
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
// never runs alongside them. Its first call, _methodicBegin, ends it at
// once when the cell was interrupted before it began (interrupt.go).
func (s *Session) runWrapped(ctx context.Context, cellID int, stmts []ast.Stmt) *Error {
	p0, end := stmts[0].Pos(), stmts[len(stmts)-1].End()
	s.doneSeq++
	run := s.doneSeq
	done := &ast.DeferStmt{Defer: p0, Call: &ast.CallExpr{Fun: &ast.Ident{NamePos: p0, Name: "_methodicDone"}, Lparen: p0, Rparen: p0,
		Args: []ast.Expr{&ast.BasicLit{ValuePos: p0, Kind: token.INT, Value: strconv.FormatInt(run, 10)}}}}
	begin := &ast.ExprStmt{X: &ast.CallExpr{Fun: &ast.Ident{NamePos: p0, Name: "_methodicBegin"}, Lparen: p0, Rparen: p0,
		Args: []ast.Expr{&ast.BasicLit{ValuePos: p0, Kind: token.INT, Value: strconv.FormatInt(run, 10)}}}}
	name, forget, e := s.declareOnce(ctx, cellID, p0, &ast.FuncType{Func: p0, Params: &ast.FieldList{}},
		&ast.BlockStmt{Lbrace: p0, List: append([]ast.Stmt{done, begin}, stmts...), Rbrace: end})
	if e != nil {
		return e
	}
	defer forget()
	call := &ast.CallExpr{Fun: &ast.Ident{NamePos: end, Name: name}, Lparen: end, Rparen: end}
	return s.runCompiled(ctx, cellID, &ast.BlockStmt{Lbrace: p0, List: []ast.Stmt{&ast.ExprStmt{X: call}}}, run)
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
	return s.runCompiled(ctx, cellID, b, 0)
}

// runCompiled compiles and runs a block; run, when not 0, is the number of
// the function of runWrapped it calls, which signals its end through
// _methodicDone.
func (s *Session) runCompiled(ctx context.Context, cellID int, b *ast.BlockStmt, run int64) *Error {
	p, err := s.gen.compile(b)
	if err != nil {
		return s.errorFrom(err, cellID)
	}
	if run != 0 {
		s.runDone = make(chan struct{})
		s.runDoneID.Store(run)
	}
	if _, err := s.execute(ctx, p); err != nil {
		return s.errorFrom(err, cellID)
	}
	return nil
}

// compile compiles an AST in the current interpreter, turning a panic of
// yaegi into an error (fix builtins).
func (g *generation) compile(n ast.Node) (p *yaegi.Program, err error) {
	filterYaegiLog() // fix yaegi-log
	yaegiCompiling.Add(1)
	defer yaegiCompiling.Add(-1)
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, &yaegiPanic{r}
		}
	}()
	// fix generic-methods: yaegi's cache of generic code mixes up the
	// methods of generic types sharing a method name (genericcache.go).
	declared := genericMethods(n)
	if len(declared) == 0 {
		g.forgetMethodInstances()
		return g.i.CompileAST(n)
	}
	g.noteGenerics(declared)
	if f, ok := n.(*ast.File); ok && len(g.generics.shared) > 0 {
		for _, piece := range g.splitGeneric(f, declared) {
			if p, err = g.compileMethods(piece); err != nil {
				return nil, err
			}
		}
		return p, nil
	}
	return g.compileMethods(n)
}

// compileMethods compiles a piece declaring methods of generic types
// (fix generic-methods).
func (g *generation) compileMethods(n ast.Node) (*yaegi.Program, error) {
	declared := genericMethods(n)
	g.forgetMethodInstances()
	var before map[string]bool
	if len(g.generics.shared) > 0 {
		before = g.cacheKeys()
	}
	p, err := g.i.CompileAST(n)
	g.renameMethods(declared)
	if err == nil && len(g.generics.shared) > 0 {
		if e := g.checkMethodInstances(declared, before); e != nil {
			return nil, &yaegiPanic{e.Error()}
		}
	}
	return p, err
}
