package interp

import (
	"context"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strings"

	"github.com/methodic-go/methodic/display"
)

// runTrailing evaluates the trailing expression of a cell and renders it.
func (s *Session) runTrailing(ctx context.Context, cellID int, x ast.Expr) (*display.Bundle, *Error) {
	if s.printsToStdout(x) {
		// fmt.Println(...) at the end of a cell shows nothing, as print
		// does in Python: run it as a statement, without a look at its
		// results (three compilations fewer).
		return nil, s.runWrapped(ctx, cellID, []ast.Stmt{&ast.ExprStmt{X: x}})
	}
	if s.returnsError(x) || s.returnsCellInterface(x) {
		// A call whose result is of an interface type of the cells
		// is kept in a variable first: read straight from the call, a
		// nil one is an invalid reflect.Value (fix nil-interface-result).
		// A call whose one result is an error shows nothing when the
		// error is nil, as the last result of several does: w.Flush()
		// or enc.Encode(v) at the end of a cell, which a program would
		// call for its effect (D17).
		return s.renderResults(ctx, cellID, x, 1)
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

// returnsError reports whether x is a call whose one result is of type
// error, as the check says.
func (s *Session) returnsError(x ast.Expr) bool {
	if _, ok := x.(*ast.CallExpr); !ok || s.running == nil {
		return false
	}
	t := s.running.typeOf(x)
	return t != nil && types.Identical(t, types.Universe.Lookup("error").Type())
}

// returnsCellInterface reports whether x is a call (no conversion) whose
// one result is of an interface type declared in the cells.
func (s *Session) returnsCellInterface(x ast.Expr) bool {
	return s.running != nil && s.running.info != nil && s.running.cellInterfaceCall(x)
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
	if len(show) == 0 {
		return nil, nil
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
// the cells declared for it, called inside the interpreter (fix
// display-wrappers: compiled code cannot see them), and prints with its
// type and field names (fix fmt-cell-types).
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
	budget := 10000
	if usesCellTypes(t) || !s.kept.IsValid() || !s.kept.CanInterface() || holdsCellValues(s.kept, s.cellTypeTable(), &budget) {
		b = b.Set(display.MIMEText, formatValue(s.kept, t, s.cellTypeTable(), s.fmtPairs().named))
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
		b = b.Set(display.MIMEText, formatValue(s.kept, t, s.cellTypeTable(), s.fmtPairs().named))
	}
	s.rendered, s.kept = display.Bundle{}, reflect.Value{}
	return &b, true, nil
}
