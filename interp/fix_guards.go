package interp

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strconv"
	"strings"
)

// The fix index-guards (see the table in fixes.go): fix straight-line-
// checks gives an index out of range Go's numbers and place in the
// straight-line code of a cell only; inside a function or a loop body an
// unrecovered index error said "index out of range" without "[5] with
// length 2" and named the function's first line, and a nil *int
// dereferenced there said reflect's "call of reflect.Value.Int on zero
// Value" (E22). The numbers are gone once reflect has panicked, and
// yaegi names only the function (traefik/yaegi#1266). A check per index
// that calls the kernel costs 4-7 times the loop; a plain if in front of
// the statement,
//
//	if i >= len(xs) { _methodicIndexFail(i, xs, line, col) } else if i < 0 { ... }
//	if p == nil { _methodicFailAt(true, failNil, line, col) }
//
// calls nothing unless it fails, but still costs yaegi a few operations
// per run and three slots of the function's frame, which yaegi allocates
// at each call: measured (CPU time, interleaved), +23% on a loop as
// light as a distance's inner loop (d := a[k] - b[k]; s += d * d),
// +15-20% beside a call of a compiled function (math.Abs) and on a small
// function called in a loop, nothing measurable beside a print. So the
// guards go where they cost little:
//
//   - into a loop body whose own statements (not those under an if, a
//     switch or a select) hold a loop, print (fmt, log, print, println)
//     or call a function of the cells or a function value (heavy);
//   - into the statements of a function outside its loops when they
//     print or hold a heavy loop (heavyFunc: the frame's slots are paid
//     at each call, an interpreted call is not enough).
//
// A light loop or function keeps the fast path. When it fails, the
// kernel still finds the place when the function (or the cell's loop) has
// only one index, slice or dereference of the failing kind left without
// a guard (noteUnguarded, unguardedPlace): Go's words and the line,
// without the numbers, and a zero Value of reflect there is Go's nil
// dereference.
//
// A guard goes in front of a simple statement (an expression, an
// assignment, a return, ++/--, a send, a var declaration, the condition
// of an if or the tag of a switch without init statement, the init
// statement of an if) for the indexes and dereferences the statement
// always evaluates, in the order Go evaluates them, as long as nothing
// the statement does before them may have an effect or fail otherwise:
// no guard for an operand under a call it is not an argument of (gc may
// call that function first), nor after a division, an assertion, a
// receive or an index the guards cannot take; nothing under && or ||
// right of the operator, nothing in a function literal (which gets its
// own guards). The operands must be plain (f.plain): evaluating them
// twice does what evaluating them once does.

// guardsFixer is the state of fix index-guards in a fixer.
type guardsFixer struct {
	done bool
	// noted holds the scopes noteUnguarded met in this piece: a second
	// function of the same name (function literals in one function)
	// adds its places to the first's.
	noted map[guardScope]bool
	// guarded holds the indexes and dereferences that got a guard,
	// made the guards themselves.
	guarded, made map[ast.Node]bool
}

// fixIndexGuards is the rewrite of fix index-guards: at the root of the
// piece, before the other rewrites go into it, it walks the piece once.
func fixIndexGuards(f *fixer, n ast.Node) {
	if n != f.root || f.guards.done || f.s.guardsOff || f.info == nil {
		return
	}
	f.guards.done = true
	if f.orig == nil {
		f.orig = map[ast.Node]ast.Node{}
	}
	if f.made == nil {
		f.made = map[ast.Node]bool{}
	}
	if r, ok := n.(*ast.BlockStmt); ok {
		// The cell's own statements are fix straight-line-checks':
		// only the loops and function literals among them.
		f.guardList(r.List, false, "")
		return
	}
	ast.Inspect(n, func(n ast.Node) bool { // declarations
		switch n := n.(type) {
		case *ast.FuncDecl:
			if n.Body != nil {
				f.guardFunc(n.Body, n.Name.Name)
			}
			return false
		case *ast.FuncLit:
			f.guardFunc(n.Body, "func")
			return false
		}
		return true
	})
}

// guardFunc guards the body of a function, named as yaegi names its
// frames (fn, fn.func for a function literal in it), and notes what it
// left without a guard.
func (f *fixer) guardFunc(body *ast.BlockStmt, name string) {
	body.List = f.guardList(body.List, f.heavyFunc(body.List), name)
	f.noteUnguarded(body, guardScope{fn: name})
}

// guardList returns list with its guards; on tells whether its simple
// statements get guards (those of a heavy loop or function, and the
// blocks under them).
// fn names the function the list is in ("" for the cell's own
// statements).
func (f *fixer) guardList(list []ast.Stmt, on bool, fn string) []ast.Stmt {
	var out []ast.Stmt
	for _, st := range list {
		if on {
			out = append(out, f.guardsOf(st)...)
		}
		f.guardInside(st, on, fn)
		out = append(out, st)
	}
	return out
}

// guardInside guards the statements inside st and the function literals
// in it.
func (f *fixer) guardInside(st ast.Stmt, on bool, fn string) {
	lits := func(nodes ...ast.Node) {
		for _, n := range nodes {
			if n == nil {
				continue
			}
			ast.Inspect(n, func(n ast.Node) bool {
				if lit, ok := n.(*ast.FuncLit); ok {
					f.guardFunc(lit.Body, strings.TrimPrefix(fn+".func", "."))
					return false
				}
				return true
			})
		}
	}
	switch st := st.(type) {
	case *ast.BlockStmt:
		st.List = f.guardList(st.List, on, fn)
	case *ast.LabeledStmt:
		f.guardInside(st.Stmt, on, fn)
	case *ast.IfStmt:
		lits(st.Init, st.Cond)
		st.Body.List = f.guardList(st.Body.List, on, fn)
		if st.Else != nil {
			if b, ok := st.Else.(*ast.BlockStmt); ok {
				b.List = f.guardList(b.List, on, fn)
			} else {
				// else if: its own guards go into a block of their own
				if gs := f.guardsOf(st.Else); on && len(gs) > 0 {
					f.guardInside(st.Else, on, fn)
					st.Else = &ast.BlockStmt{Lbrace: st.Else.Pos(), List: append(gs, st.Else), Rbrace: st.Else.End()}
				} else {
					f.guardInside(st.Else, on, fn)
				}
			}
		}
	case *ast.ForStmt:
		lits(st.Init, st.Cond, st.Post)
		st.Body.List = f.guardList(st.Body.List, f.heavy(st.Body.List), fn)
		f.noteLoop(st, fn)
	case *ast.RangeStmt:
		lits(st.X)
		st.Body.List = f.guardList(st.Body.List, f.heavy(st.Body.List), fn)
		f.noteLoop(st, fn)
	case *ast.SwitchStmt:
		lits(st.Init, st.Tag)
		for _, c := range st.Body.List {
			cc := c.(*ast.CaseClause)
			lits(exprNodes(cc.List)...)
			cc.Body = f.guardList(cc.Body, on, fn)
		}
	case *ast.TypeSwitchStmt:
		lits(st.Init, st.Assign)
		for _, c := range st.Body.List {
			cc := c.(*ast.CaseClause)
			cc.Body = f.guardList(cc.Body, on, fn)
		}
	case *ast.SelectStmt:
		for _, c := range st.Body.List {
			cc := c.(*ast.CommClause)
			lits(cc.Comm)
			cc.Body = f.guardList(cc.Body, on, fn)
		}
	default:
		lits(st)
	}
}

func exprNodes(xs []ast.Expr) []ast.Node {
	out := make([]ast.Node, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

// heavy reports whether the body of a loop (its own statements, not
// those under an if, a switch or a select) does work beside which the
// guards' comparisons, a few operations of yaegi per run, are lost: it
// holds a loop, or it calls a function of package fmt or log, print or
// println, or a function or method of the cells (an interpreted call,
// whose frame yaegi allocates). A call of a compiled function (math.Abs)
// is not enough: measured, guards cost 15-20% beside one.
func (f *fixer) heavy(list []ast.Stmt) bool {
	return f.holds(list, true)
}

// heavyFunc reports whether the statements of a function outside its
// loops get guards: its own statements print (package fmt or log, print,
// println) or hold a heavy loop. A guard costs a function three slots of
// its frame, which yaegi allocates at each call (measured: 20% on a
// function that calls a compiled function, called in a loop), so an
// interpreted call is not enough there.
func (f *fixer) heavyFunc(list []ast.Stmt) bool {
	return f.holds(list, false)
}

// holds is heavy (loop) or heavyFunc.
func (f *fixer) holds(list []ast.Stmt, loop bool) bool {
	for _, st := range list {
		var parts []ast.Node
		switch st := st.(type) {
		case *ast.ForStmt:
			if loop || f.heavy(st.Body.List) {
				return true
			}
			parts = []ast.Node{st.Init, st.Cond, st.Post}
		case *ast.RangeStmt:
			if loop || f.heavy(st.Body.List) {
				return true
			}
			parts = []ast.Node{st.X}
		case *ast.LabeledStmt:
			if f.holds([]ast.Stmt{st.Stmt}, loop) {
				return true
			}
		case *ast.BlockStmt:
			if f.holds(st.List, loop) {
				return true
			}
		case *ast.IfStmt:
			parts = []ast.Node{st.Init, st.Cond}
		case *ast.SwitchStmt:
			parts = []ast.Node{st.Init, st.Tag}
		case *ast.TypeSwitchStmt:
			parts = []ast.Node{st.Init, st.Assign}
		case *ast.SelectStmt:
		default:
			parts = []ast.Node{st}
		}
		for _, p := range parts {
			if p != nil && f.costlyCall(p, loop) {
				return true
			}
		}
	}
	return false
}

// costlyCall reports whether n, outside function literals, calls a
// function of fmt or log, print or println, or (cells, for a loop) a
// function or a method of the cells or a function value.
func (f *fixer) costlyCall(n ast.Node, cells bool) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			found = f.costly(n, cells)
		}
		return !found
	})
	return found
}

// costly is costlyCall for one call.
func (f *fixer) costly(call *ast.CallExpr, cells bool) bool {
	if f.isBuiltinCall(call) {
		name := ast.Unparen(call.Fun).(*ast.Ident).Name
		return name == "print" || name == "println"
	}
	if f.cheapCall(call) {
		return false
	}
	var obj types.Object
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		obj = f.objectOf(fun)
	case *ast.SelectorExpr:
		if sel := f.selection(fun); sel != nil {
			obj = sel.Obj()
		} else {
			obj = f.objectOf(fun.Sel)
		}
	default:
		return cells // a function value called at once, a generic instance
	}
	switch obj := obj.(type) {
	case *types.Func:
		if obj.Pkg() == nil {
			return false
		}
		switch obj.Pkg().Path() {
		case "fmt", "log":
			return true
		case "main":
			return cells
		}
		return false
	case *types.Var:
		return cells // a function value: a closure of the cells, likely
	}
	return false
}

// cheapCall reports whether call is a conversion or a builtin that does
// not allocate: len, cap, min, max, real, imag, complex.
func (f *fixer) cheapCall(call *ast.CallExpr) bool {
	if f.isBuiltinCall(call) {
		switch ast.Unparen(call.Fun).(*ast.Ident).Name {
		case "len", "cap", "min", "max", "real", "imag", "complex":
			return true
		}
		return false
	}
	if c, ok := f.checked(call.Fun).(ast.Expr); ok {
		return f.info.Types[c].IsType()
	}
	return false
}

// guardsOf returns the guards to put in front of st.
func (f *fixer) guardsOf(st ast.Stmt) []ast.Stmt {
	var parts []ast.Node
	switch st := st.(type) {
	case *ast.ExprStmt, *ast.ReturnStmt, *ast.IncDecStmt, *ast.SendStmt:
		parts = []ast.Node{st}
	case *ast.AssignStmt:
		parts = []ast.Node{st}
	case *ast.DeclStmt:
		parts = []ast.Node{st}
	case *ast.IfStmt:
		if st.Init != nil {
			return f.guardsOf(st.Init)
		}
		parts = []ast.Node{st.Cond}
	case *ast.SwitchStmt:
		if st.Init != nil || st.Tag == nil {
			return nil
		}
		parts = []ast.Node{st.Tag}
	default:
		return nil
	}
	var order []ast.Node // the nodes in the order Go evaluates them
	var calls []*ast.CallExpr
	lvalue := map[ast.Node]bool{}
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		if n == nil {
			return
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return
		case *ast.BinaryExpr:
			walk(n.X)
			if n.Op == token.LAND || n.Op == token.LOR {
				order = append(order, n)
				return // the right operand may not run
			}
			walk(n.Y)
			order = append(order, n)
			return
		case *ast.AssignStmt:
			for _, x := range n.Lhs {
				if s, ok := ast.Unparen(x).(*ast.StarExpr); ok && n.Tok == token.ASSIGN {
					lvalue[s] = true
				}
				walk(x)
			}
			for _, x := range n.Rhs {
				walk(x)
			}
			return
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				if s, ok := ast.Unparen(n.X).(*ast.StarExpr); ok {
					lvalue[s] = true
				}
			}
		case *ast.CallExpr:
			calls = append(calls, n)
		case *ast.KeyValueExpr:
			if _, ok := n.Key.(*ast.Ident); ok {
				walk(n.Value) // a field name, not an operand
				return
			}
		case *ast.SelectorExpr:
			walk(n.X)
			order = append(order, n)
			return
		}
		var kids []ast.Node
		ast.Inspect(n, func(c ast.Node) bool {
			if c == n {
				return true
			}
			if c != nil {
				kids = append(kids, c)
			}
			return false
		})
		for _, c := range kids {
			walk(c)
		}
		order = append(order, n)
	}
	for _, p := range parts {
		walk(p)
	}
	var guards []ast.Stmt
	for _, n := range order {
		switch n := n.(type) {
		case *ast.IndexExpr:
			t := f.typeOf(n.X)
			if t == nil {
				return guards
			}
			if _, ok := t.Underlying().(*types.Map); ok {
				continue
			}
			if f.indexable(n.X, n.Index) == nil || isPointer(t) {
				if isIndexable(t) && !f.constant(n.Index) {
					return guards // an index the guards cannot take
				}
				continue
			}
			if !underCallsOnly(n, calls) {
				return guards
			}
			guards = append(guards, f.indexGuard(n))
			f.markGuarded(n, guards[len(guards)-1])
		case *ast.StarExpr:
			if lvalue[n] {
				continue
			}
			c, ok := f.checked(n).(ast.Expr)
			if !ok {
				return guards
			}
			if tv, ok := f.info.Types[c]; !ok || !tv.IsValue() || !isPointer(f.typeOf(n.X)) {
				continue
			}
			if !f.plain(n.X) || f.constant(n.X) {
				return guards
			}
			if !underCallsOnly(n, calls) {
				return guards
			}
			guards = append(guards, f.nilGuard(n))
			f.markGuarded(n, guards[len(guards)-1])
		case *ast.CallExpr:
			if !f.cheapCall(n) {
				return guards // gc may call it before what follows
			}
		case *ast.SliceExpr, *ast.TypeAssertExpr:
			return guards
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				return guards
			}
		case *ast.BinaryExpr:
			if (n.Op == token.QUO || n.Op == token.REM) && isInteger(f.typeOf(n)) && !f.constant(n.Y) {
				return guards
			}
		}
	}
	return guards
}

// isIndexable reports whether t is indexed with a bounds check: a slice,
// an array, a string, a pointer to an array.
func isIndexable(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Slice, *types.Array:
		return true
	case *types.Basic:
		return u.Info()&types.IsString != 0
	case *types.Pointer:
		_, ok := u.Elem().Underlying().(*types.Array)
		return ok
	}
	return false
}

// underCallsOnly reports whether every call of calls that is not a cheap
// one holds n: n is evaluated before any of them runs.
func underCallsOnly(n ast.Node, calls []*ast.CallExpr) bool {
	for _, c := range calls {
		if n.Pos() < c.Pos() || n.End() > c.End() {
			return false
		}
	}
	return true
}

// indexGuard is, for x[i],
//
//	if i >= len(x) { _methodicIndexFail(i, x, line, col) } else if i < 0 { ... }
//
// (the else if left out for a constant i). Every value an expression
// computes is a slot of yaegi's frame, allocated at each call of the
// function: this form costs three (len(x) and two comparisons; x handed
// over whole, not len(x) again), where i < 0 || i >= len(x) cost four
// and uint(i) >= uint(len(x)) allocated at each run.
func (f *fixer) indexGuard(n *ast.IndexExpr) ast.Stmt {
	p := n.Pos()
	idx := func() ast.Expr { return f.asInt(f.copyExpr(n.Index)) }
	fail := func() *ast.BlockStmt {
		call := f.kernelCall(p, "_methodicIndexFail", append([]ast.Expr{idx(), f.copyExpr(n.X)}, f.placeArgs(p)...)...)
		return &ast.BlockStmt{Lbrace: p, List: []ast.Stmt{&ast.ExprStmt{X: call}}, Rbrace: p}
	}
	guard := &ast.IfStmt{If: p, Cond: &ast.BinaryExpr{X: idx(), OpPos: p, Op: token.GEQ, Y: f.lenOf(n.X, "len")}, Body: fail()}
	if !f.constant(n.Index) {
		neg := &ast.BinaryExpr{X: idx(), OpPos: p, Op: token.LSS, Y: &ast.BasicLit{ValuePos: p, Kind: token.INT, Value: "0"}}
		guard.Else = &ast.IfStmt{If: p, Cond: neg, Body: fail()}
	}
	return guard
}

// indexFail is _methodicIndexFail: Go's panic for x[i] at line, col.
func indexFail(i int, x any, line, col int) {
	checkIndexAt(i, reflect.ValueOf(x).Len(), line, col)
}

// nilGuard is if p == nil { _methodicFailAt(true, failNil, line, col) }
// for *p.
func (f *fixer) nilGuard(n *ast.StarExpr) ast.Stmt {
	p := n.Star
	cond := &ast.BinaryExpr{X: f.copyExpr(n.X), OpPos: p, Op: token.EQL, Y: &ast.Ident{NamePos: p, Name: "nil"}}
	args := append([]ast.Expr{&ast.Ident{NamePos: p, Name: "true"}, &ast.BasicLit{ValuePos: p, Kind: token.INT, Value: strconv.Itoa(failNil)}}, f.placeArgs(p)...)
	call := f.kernelCall(p, "_methodicFailAt", args...)
	return &ast.IfStmt{If: p, Cond: cond, Body: &ast.BlockStmt{Lbrace: p, List: []ast.Stmt{&ast.ExprStmt{X: call}}, Rbrace: p}}
}

// markGuarded notes that n got the guard g.
func (f *fixer) markGuarded(n ast.Node, g ast.Stmt) {
	if f.guards.guarded == nil {
		f.guards.guarded, f.guards.made = map[ast.Node]bool{}, map[ast.Node]bool{}
	}
	f.guards.guarded[n], f.guards.made[g] = true, true
}

// A guardScope is a function of the cells, by the name yaegi gives its
// frames and its cell, or a loop of a cell's own statements (fn "cell",
// at the place _methodicAt notes before it).
type guardScope struct {
	cell int
	fn   string
	at   int64
}

// A guardSite is an index, a slice or a dereference left without a guard.
type guardSite struct {
	line, col int
	kind      int // siteIndex, siteSlice, siteDeref
}

const (
	siteIndex = iota
	siteSlice
	siteDeref
)

// noteLoop notes what a loop of the cell's own statements left without
// a guard: its errors are the cell's frame's, placed at the loop.
func (f *fixer) noteLoop(loop ast.Stmt, fn string) {
	if fn != "" {
		return // in a function: noted with the function
	}
	pos := f.s.fset.Position(loop.Pos())
	f.noteUnguarded(loop, guardScope{fn: "cell", at: int64(pos.Line)<<20 | int64(pos.Column&(1<<20-1))})
}

// noteUnguarded notes, for scope, the indexes, slices and dereferences
// under n (not in function literals) without a guard.
func (f *fixer) noteUnguarded(n ast.Node, scope guardScope) {
	var sites []guardSite
	ast.Inspect(n, func(n ast.Node) bool {
		if f.guards.made[n] {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.IndexExpr:
			if t := f.typeOf(n.X); t != nil && isIndexable(t) && !f.guards.guarded[n] && !f.made[n.Index] {
				if _, arr := t.Underlying().(*types.Array); !arr || !f.constant(n.Index) {
					sites = append(sites, f.site(n.Pos(), siteIndex))
				}
			}
		case *ast.SliceExpr:
			sites = append(sites, f.site(n.Pos(), siteSlice))
		case *ast.StarExpr:
			if c, ok := f.checked(n).(ast.Expr); ok && !f.guards.guarded[n] {
				if tv, ok := f.info.Types[c]; ok && tv.IsValue() && isPointer(f.typeOf(n.X)) {
					sites = append(sites, f.site(n.Star, siteDeref))
				}
			}
		}
		return true
	})
	if scope.fn == "func" {
		return // a function literal of the cell's own statements: yaegi names them all alike
	}
	pos := f.s.fset.Position(n.Pos())
	scope.cell = pos.Line / lineBase
	if f.s.unguarded == nil {
		f.s.unguarded = map[guardScope][]guardSite{}
	}
	if f.guards.noted == nil {
		f.guards.noted = map[guardScope]bool{}
	}
	if f.guards.noted[scope] {
		sites = append(f.s.unguarded[scope], sites...)
	}
	f.guards.noted[scope] = true
	f.s.unguarded[scope] = sites
}

// site is a guardSite at p.
func (f *fixer) site(p token.Pos, kind int) guardSite {
	pos := f.s.fset.Position(p)
	return guardSite{pos.Line, pos.Column, kind}
}

// unguardedPlace returns, for v, a run-time error without the place of
// its failing expression (an index or a slice bound out of range
// without the numbers, a dereference of a nil pointer as reflect's zero
// Value), in the innermost frame top of the interpreted call stack, the
// place of the only index, slice or dereference of that frame's function
// (or loop of the cell, at) left without a guard, with Go's error for
// it; ok false when there is not exactly one.
func (s *Session) unguardedPlace(v any, top traceFrame, at int64) (site guardSite, goErr any, ok bool) {
	msg := fmt.Sprint(v)
	kind := -1
	switch {
	case msg == "runtime error: index out of range":
		kind = siteIndex
	case msg == "runtime error: slice bounds out of range":
		kind = siteSlice
	case strings.HasPrefix(msg, "reflect: call of reflect.Value.") && strings.HasSuffix(msg, " on zero Value"):
		kind, v = siteDeref, goRuntimeError{nilDeref}
	default:
		return guardSite{}, nil, false
	}
	scope := guardScope{cell: top.line / lineBase, fn: frameFunc(top)}
	if scope.fn == "cell" {
		scope.at = at
		scope.cell = int(at>>20) / lineBase
	}
	found := 0
	for _, st := range s.unguarded[scope] {
		if st.kind == kind {
			site, found = st, found+1
		}
	}
	if found != 1 {
		return guardSite{}, nil, false
	}
	if kind == siteDeref {
		// a zero Value is a nil pointer's only when the function
		// dereferences a pointer and nothing else may give one
		for _, st := range s.unguarded[scope] {
			if st.kind != siteDeref {
				return guardSite{}, nil, false
			}
		}
	}
	return site, v, true
}
