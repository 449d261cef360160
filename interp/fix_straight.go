package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// The fix straight-line-checks (see the table in fixes.go): a run-time
// error nothing recovers ends the cell with what reflect's panic left of
// it. An index or a slice bound out of range then says "index out of
// range" without Go's "[3] with length 1" (reflect's panic names
// neither), a nil *int dereferenced and handed on says "reflect: call of
// reflect.Value.Interface on zero Value" (yaegi's dereference gives the
// zero Value and the next use fails), and the error points at the first
// statement of the function the statements run in, not at the failing
// line (yaegi reports a function's frame at its first statement).
//
// Checking every index would slow every loop (fix bounds-values measured
// a kernel call per index at 4-7 times slower), so the checks go where
// they cost nothing that grows with the work: the straight-line code of
// a cell, the statements outside loops and function literals, which run
// once each time the cell runs. There
//
//   - x[i] becomes x[_methodicIndexAt(i, len(x), line, col)], x[lo:hi]
//     x[_methodicSliceAt(lo, hi, cap(x), false, line, col):hi] (as fix
//     bounds-values writes them, with the place);
//   - *p, read, becomes func() T { _methodicDerefAt(p == nil, line, col);
//     return *p }();
//   - x << n, n a variable of a signed type, checks n < 0 (yaegi
//     shifted by uint(n), Go panics with "negative shift amount");
//
// so that the panic carries Go's words and numbers and the place, which
// the cell's error shows (panicError). Loops, functions and function
// literals keep the fast path: an error there keeps reflect's account
// (Go's words without the numbers) and the function's first line. So do
// operands that are not plain (x[f()] would call f twice), a piece with a
// label (a goto may loop), the code %timeit times (it runs many times),
// and a dereference whose type the kernel cannot write (a type declared
// inside a block).

// straightFixer is the state of fix straight-line-checks in a fixer.
type straightFixer struct {
	known bool
	// once holds the nodes of the piece's straight-line code, lvalue
	// the dereferences written to (*p = 1), which stay.
	once, lvalue map[ast.Node]bool
}

// fixStraightLine is the rewrite of fix straight-line-checks.
func fixStraightLine(f *fixer, n ast.Node) {
	if !f.straightLine()[n] {
		return
	}
	if f.orig == nil {
		f.orig = map[ast.Node]ast.Node{}
	}
	if f.made == nil {
		f.made = map[ast.Node]bool{}
	}
	switch n := n.(type) {
	case *ast.IndexExpr:
		f.checkIndexExpr(n)
		f.place(n.Index, n.Pos(), "_methodicIndex")
		if isPointer(f.typeOf(n.X)) {
			n.X = f.guarded(n.X, n.Pos(), failNil) // a nil *[N]T
		}
	case *ast.SliceExpr:
		f.checkSliceExpr(n)
		f.place(n.Low, n.Pos(), "_methodicSlice", "_methodicSlice3")
	case *ast.StarExpr:
		f.checkDeref(n)
	case *ast.BlockStmt:
		n.List = f.placeStmts(n, n.List)
	case *ast.CaseClause:
		n.Body = f.placeStmts(n, n.Body)
	case *ast.CommClause:
		n.Body = f.placeStmts(n, n.Body)
	case *ast.SelectorExpr:
		// p.X through a nil pointer p
		if sel := f.selection(n); sel != nil && sel.Kind() == types.FieldVal && isPointer(f.typeOf(n.X)) {
			n.X = f.guarded(n.X, n.Pos(), failNil)
		} else if sel != nil && sel.Kind() == types.MethodVal && cellInterface(f.typeOf(n.X)) {
			// a method of a nil interface of the cells: reflect's
			// zero Value error in yaegi (one of compiled code is right)
			n.X = f.guarded(n.X, n.Pos(), failNil)
		}
	case *ast.AssignStmt:
		for _, x := range n.Lhs {
			f.guardMapWrite(x)
		}
		if (n.Tok == token.QUO_ASSIGN || n.Tok == token.REM_ASSIGN) && len(n.Rhs) == 1 && isInteger(f.typeOf(n.Rhs[0])) {
			n.Rhs[0] = f.guarded(n.Rhs[0], n.TokPos, failDivide)
		}
		if (n.Tok == token.SHL_ASSIGN || n.Tok == token.SHR_ASSIGN) && len(n.Rhs) == 1 && isSigned(f.typeOf(n.Rhs[0])) {
			n.Rhs[0] = f.guarded(n.Rhs[0], n.TokPos, failShift)
		}
	case *ast.IncDecStmt:
		f.guardMapWrite(n.X)
	case *ast.BinaryExpr:
		if (n.Op == token.QUO || n.Op == token.REM) && isInteger(f.typeOf(n)) {
			n.Y = f.guarded(n.Y, n.OpPos, failDivide)
		}
		if (n.Op == token.SHL || n.Op == token.SHR) && isSigned(f.typeOf(n.Y)) {
			n.Y = f.guarded(n.Y, n.OpPos, failShift) // yaegi shifted by uint(n)
		}
	}
}

// guardMapWrite guards the map of m[k] written to.
func (f *fixer) guardMapWrite(x ast.Expr) {
	ix, ok := ast.Unparen(x).(*ast.IndexExpr)
	if !ok {
		return
	}
	if t := f.typeOf(ix.X); t != nil {
		if _, ok := t.Underlying().(*types.Map); ok {
			ix.X = f.guarded(ix.X, ix.Pos(), failNilMap)
		}
	}
}

func isPointer(t types.Type) bool {
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Pointer)
	return ok
}

func isInteger(t types.Type) bool {
	if t == nil {
		return false
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}

// isSigned reports whether t is a signed integer type (not untyped).
func isSigned(t types.Type) bool {
	if t == nil {
		return false
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&(types.IsInteger|types.IsUnsigned|types.IsUntyped) == types.IsInteger
}

// straightLine returns the nodes of the straight-line code of the piece,
// worked out on the first call: the statements of a cell (the root a
// block), outside loops, function literals and declarations of
// functions; nil for a piece with a label, a piece of declarations, or
// the code %timeit times.
func (f *fixer) straightLine() map[ast.Node]bool {
	st := &f.straight
	if st.known {
		return st.once
	}
	st.known = true
	body, ok := f.root.(*ast.BlockStmt)
	if !ok || f.s.straightOff {
		return nil
	}
	once, lvalue, label := map[ast.Node]bool{}, map[ast.Node]bool{}, false
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		if n == nil || label {
			return false
		}
		once[n] = true
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.LabeledStmt:
			if strings.HasPrefix(n.Label.Name, "_methodicSel") {
				return true // the label of fix select-branch: a break's target
			}
			label = true
			return false
		case *ast.ForStmt:
			if n.Init != nil {
				ast.Inspect(n.Init, visit)
			}
			return false // the condition, the post statement and the body repeat
		case *ast.RangeStmt:
			ast.Inspect(n.X, visit)
			return false
		case *ast.AssignStmt:
			for _, x := range n.Lhs {
				lvalue[ast.Unparen(x)] = true
			}
		case *ast.IncDecStmt:
			lvalue[ast.Unparen(n.X)] = true
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				lvalue[ast.Unparen(n.X)] = true
			}
		}
		return true
	}
	ast.Inspect(body, visit)
	if label {
		return nil
	}
	st.once, st.lvalue = once, lvalue
	return once
}

// place gives the kernel call of fix bounds-values that x is (when it is
// one of names) the place p: name becomes nameAt, with line and col.
func (f *fixer) place(x ast.Expr, p token.Pos, names ...string) {
	call, ok := x.(*ast.CallExpr)
	if !ok || !f.made[call] {
		return
	}
	id, ok := call.Fun.(*ast.Ident)
	if !ok {
		return
	}
	for _, name := range names {
		if id.Name == name {
			id.Name = name + "At"
			call.Args = append(call.Args, f.placeArgs(p)...)
			return
		}
	}
}

// placeArgs is line, col of p as the cells' positions encode them, two
// constants.
func (f *fixer) placeArgs(p token.Pos) []ast.Expr {
	pos := f.s.fset.Position(p)
	return []ast.Expr{
		&ast.BasicLit{ValuePos: p, Kind: token.INT, Value: strconv.Itoa(pos.Line)},
		&ast.BasicLit{ValuePos: p, Kind: token.INT, Value: strconv.Itoa(pos.Column)},
	}
}

// checkDeref makes *p, read, *[]T{p}[_methodicNilAt(p == nil, line,
// col)], p plain and T its type: the check runs before the dereference,
// in the same function (a function literal would be a frame of its own).
func (f *fixer) checkDeref(n *ast.StarExpr) {
	if f.straight.lvalue[n] {
		return
	}
	c, ok := f.checked(n).(ast.Expr)
	if !ok || f.info == nil {
		return
	}
	if tv, ok := f.info.Types[c]; !ok || !tv.IsValue() {
		return // a type: *int in var p *int
	}
	if isPointer(f.typeOf(n.X)) {
		n.X = f.guarded(n.X, n.Star, failNil)
	}
}

// guarded returns x, a plain expression, as []T{x}[_methodicFailAt(x
// == z, what, line, col)], T its type and z nil (a pointer dereferenced,
// a map written to) or 0 (a divisor), or as []T{x}[_methodicFailAt(x <
// 0, ...)] for a shift count: it panics with Go's error what (failNil,
// failNilMap, failDivide, failShift) at p when x is z (or negative); or
// x itself when the kernel cannot write T.
func (f *fixer) guarded(x ast.Expr, p token.Pos, what int) ast.Expr {
	t := f.typeOf(x)
	if t == nil || !f.plain(x) || f.constant(x) {
		return x
	}
	typ, ok := f.s.typeSource(t, p)
	if !ok {
		return x
	}
	z, op := ast.Expr(&ast.Ident{NamePos: p, Name: "nil"}), token.EQL
	switch what {
	case failDivide:
		z = &ast.BasicLit{ValuePos: p, Kind: token.INT, Value: "0"}
	case failShift:
		z, op = &ast.BasicLit{ValuePos: p, Kind: token.INT, Value: "0"}, token.LSS
	}
	cond := &ast.BinaryExpr{X: f.copyExpr(x), OpPos: p, Op: op, Y: z}
	args := append([]ast.Expr{cond, &ast.BasicLit{ValuePos: p, Kind: token.INT, Value: strconv.Itoa(what)}}, f.placeArgs(p)...)
	lit := &ast.CompositeLit{Type: &ast.ArrayType{Lbrack: p, Elt: typ}, Lbrace: p, Elts: []ast.Expr{x}, Rbrace: p}
	return &ast.IndexExpr{X: lit, Lbrack: p, Index: f.kernelCall(p, "_methodicFailAt", args...), Rbrack: p}
}

// The run-time errors of _methodicFailAt.
const (
	failNil = iota
	failNilMap
	failDivide
	failShift
)

var failMessages = [...]string{
	failNil:    nilDeref,
	failNilMap: "assignment to entry in nil map",
	failDivide: "runtime error: integer divide by zero",
	failShift:  "runtime error: negative shift amount",
}

// failAt is _methodicFailAt: 0, or Go's panic what at line, col when
// fail.
func failAt(fail bool, what, line, col int) int {
	if fail {
		panic(placedError{goRuntimeError{failMessages[what]}, line, col})
	}
	return 0
}

// placeStmts puts _methodicAt(line, col) before each statement of list,
// a block of the straight-line code, so that a run-time error no check
// placed (a failed assertion, a panic, a call that fails, a loop) is shown
// at the statement that ran. At the top of the piece it leaves out the
// statements the session runs apart (a top-level := or var, which the
// session places itself, and a trailing expression), so that no
// statement runs alone for its place's sake.
func (f *fixer) placeStmts(block ast.Node, list []ast.Stmt) []ast.Stmt {
	var out []ast.Stmt
	for i, st := range list {
		if f.runsApart(block, st, i == len(list)-1) || !f.mayFail(st) {
			out = append(out, st)
			continue
		}
		p := st.Pos()
		at := f.kernelCall(p, "_methodicAt", f.placeArgs(p)...)
		out = append(out, &ast.ExprStmt{X: at}, st)
	}
	return out
}

// mayFail reports whether st may fail with a run-time error the checks
// do not place, so that it needs its place noted: a loop, or a statement
// that calls a function (not a builtin that cannot fail), asserts a
// type or sends on a channel. An index, a slice, a dereference, a field
// through a pointer, a map write and a division are placed by their
// checks; making the others' yaegi code costs more than it runs.
func (f *fixer) mayFail(st ast.Stmt) bool {
	found := false
	ast.Inspect(st, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ForStmt, *ast.RangeStmt, *ast.TypeAssertExpr, *ast.SendStmt, *ast.StarExpr:
			found = true
		case *ast.CallExpr:
			found = !f.safeBuiltin(n)
		case *ast.IndexExpr:
			found = !f.indexPlaced(n)
		case *ast.SliceExpr:
			found = f.sliceable(n) == nil
		case *ast.BinaryExpr:
			found = (n.Op == token.QUO || n.Op == token.REM) && !f.plain(n.Y)
		}
		return !found
	})
	return found
}

// indexPlaced reports whether x[i] cannot fail unplaced: a map read, an
// index the checks take, or a constant index of an array.
func (f *fixer) indexPlaced(n *ast.IndexExpr) bool {
	t := f.typeOf(n.X)
	if t == nil {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Map:
		return true
	case *types.Array:
		if f.constant(n.Index) {
			return true
		}
	case *types.Pointer:
		if _, ok := u.Elem().Underlying().(*types.Array); ok && f.constant(n.Index) {
			return f.plain(n.X)
		}
	}
	return f.indexable(n.X, n.Index) != nil
}

// safeBuiltin reports whether call calls a builtin that cannot panic.
func (f *fixer) safeBuiltin(call *ast.CallExpr) bool {
	if !f.isBuiltinCall(call) {
		return false
	}
	switch ast.Unparen(call.Fun).(*ast.Ident).Name {
	case "len", "cap", "append", "min", "max", "new", "complex", "real", "imag", "copy", "delete", "clear", "print", "println":
		return true
	}
	return false
}

// runsApart reports whether st, a statement of block, is one that
// placeStmts leaves alone.
func (f *fixer) runsApart(block ast.Node, st ast.Stmt, last bool) bool {
	switch st.(type) {
	case *ast.EmptyStmt, *ast.CaseClause, *ast.CommClause:
		return true // the clauses of a switch's or select's body
	}
	if block != f.root {
		return false
	}
	switch st := st.(type) {
	case *ast.AssignStmt:
		return st.Tok == token.DEFINE
	case *ast.DeclStmt:
		return true
	case *ast.ExprStmt:
		return last
	}
	return false
}

// placeAt is _methodicAt: the straight-line code of the cell runs the
// statement at line, col.
func (s *Session) placeAt(line, col int) {
	s.place.Store(int64(line)<<20 | int64(col&(1<<20-1)))
}

// assertionPlace returns the place yaegi gives a failed type assertion
// ("30016:72: interface conversion: ..."), the one run-time error it
// reports with the failing place, as a frame's line and col with exact
// set; or the zero frame.
func assertionPlace(v any) traceFrame {
	err, ok := v.(error)
	if !ok {
		return traceFrame{}
	}
	l, c, rest, ok := splitPos(err.Error())
	if !ok || !strings.HasPrefix(rest, "interface conversion: ") {
		return traceFrame{}
	}
	return traceFrame{line: l, col: c, exact: true}
}

// placeFrames puts into frames, the interpreted call stack of a
// run-time error, the places the kernel knows better than yaegi, which
// names the first statement of each function: the place a check of the
// straight-line code panicked with (v a placedError), the place of a
// failed assertion (exact) in the innermost frame, and the statement of
// the straight-line code that ran in the frame of the cell's statements.
func (s *Session) placeFrames(frames []traceFrame, v any, exact traceFrame) {
	if len(frames) == 0 {
		return
	}
	top := &frames[0]
	pe, placed := v.(placedError)
	switch {
	case placed && frameFunc(*top) == "cell":
		top.line, top.col = pe.line, pe.col
		return
	case placed && pe.line != 0:
		top.line, top.col, top.exact = pe.line, pe.col, true // fix index-guards
	case exact.exact && exact.line/lineBase == top.line/lineBase:
		top.line, top.col = exact.line, exact.col
		if frameFunc(*top) == "cell" {
			return
		}
		top.exact = true
	}
	p := s.place.Load()
	if p == 0 {
		return
	}
	for i := range frames {
		if frameFunc(frames[i]) == "cell" {
			frames[i].line, frames[i].col = int(p>>20), int(p&(1<<20-1))
			return
		}
	}
}
