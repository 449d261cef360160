package interp

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sync/atomic"
)

// The fix bounds-values (see the table in fixes.go): yaegi indexes and
// slices through reflect, whose panics name neither the index nor the
// length, so that fix runtime-errors can only say "index out of range"
// where Go says "index out of range [5] with length 3". The numbers are
// gone once reflect has panicked, and checking every index before
// reflect does would slow every loop of interpreted code (a kernel call
// per index: 4-7 times slower). The message matters where a program sees
// it, through a recover, so the checks are made there only:
//
//   - a function (declared or literal) whose body indexes or slices a
//     slice, array or string gets a second, checked copy of its body,
//     run instead of it while a recover is waiting
//     (if 0 != _methodicBounds { checked copy }); in the copy x[i] is
//     x[_methodicIndex(i, len(x))] and x[lo:hi] is
//     x[_methodicSlice(lo, hi, cap(x), false):hi], which panic with Go's
//     words and numbers;
//   - a deferred function literal that calls recover() is a waiting
//     recover: _methodicBoundsEnter() before its defer statement and a
//     deferred _methodicBoundsLeave() around it count it in the
//     session's bounds counter.
//
// The counter is the session's, not a goroutine's: while any recover
// waits, every function with a copy runs its checked copy, which gives
// the same results, a little slower. A session none of whose cells has
// called recover() gets no copies at all. Left unchecked (the message
// without numbers): operands that are not plain expressions (a call,
// a receive: x[f()] would run f twice), functions with labels or local
// type declarations, code of a cell compiled before the session's
// first recover() until its declaration is compiled again, and a run-time
// error nothing recovers (it ends the cell with the message fix
// runtime-errors gives, but for the straight-line code of a cell, which
// fix straight-line-checks checks).

// boundsEnter and boundsLeave count a waiting recover of a cell.
func (s *Session) boundsEnter() { atomic.AddInt32(&s.boundsWaiting, 1) }
func (s *Session) boundsLeave() { atomic.AddInt32(&s.boundsWaiting, -1) }

// checkIndex is _methodicIndex: i, or Go's panic for x[i] when x has
// length n.
func checkIndex(i, n int) int { return checkIndexAt(i, n, 0, 0) }

// checkIndexAt is _methodicIndexAt: checkIndex for an index at line, col
// of the cells (fix straight-line-checks), whose panic says where.
func checkIndexAt(i, n, line, col int) int {
	if i < 0 {
		boundsPanic(fmt.Sprintf("runtime error: index out of range [%d]", i), line, col)
	}
	if i >= n {
		boundsPanic(fmt.Sprintf("runtime error: index out of range [%d] with length %d", i, n), line, col)
	}
	return i
}

// checkSlice is _methodicSlice: lo, or Go's panic for x[lo:hi] when x
// has capacity bound (a slice) or length bound (a string or an array:
// length set), checked in Go's order.
func checkSlice(lo, hi, bound int, length bool) int { return checkSliceAt(lo, hi, bound, length, 0, 0) }

// checkSliceAt is _methodicSliceAt: checkSlice at line, col.
func checkSliceAt(lo, hi, bound int, length bool, line, col int) int {
	what := "capacity"
	if length {
		what = "length"
	}
	switch {
	case hi < 0:
		boundsPanic(fmt.Sprintf("runtime error: slice bounds out of range [:%d]", hi), line, col)
	case hi > bound:
		boundsPanic(fmt.Sprintf("runtime error: slice bounds out of range [:%d] with %s %d", hi, what, bound), line, col)
	case lo < 0:
		boundsPanic(fmt.Sprintf("runtime error: slice bounds out of range [%d:]", lo), line, col)
	case lo > hi:
		boundsPanic(fmt.Sprintf("runtime error: slice bounds out of range [%d:%d]", lo, hi), line, col)
	}
	return lo
}

// checkSlice3 is _methodicSlice3: lo, or Go's panic for x[lo:hi:max].
func checkSlice3(lo, hi, max, bound int, length bool) int {
	return checkSlice3At(lo, hi, max, bound, length, 0, 0)
}

// checkSlice3At is _methodicSlice3At: checkSlice3 at line, col.
func checkSlice3At(lo, hi, max, bound int, length bool, line, col int) int {
	what := "capacity"
	if length {
		what = "length"
	}
	switch {
	case max < 0:
		boundsPanic(fmt.Sprintf("runtime error: slice bounds out of range [::%d]", max), line, col)
	case max > bound:
		boundsPanic(fmt.Sprintf("runtime error: slice bounds out of range [::%d] with %s %d", max, what, bound), line, col)
	case hi < 0:
		boundsPanic(fmt.Sprintf("runtime error: slice bounds out of range [:%d:]", hi), line, col)
	case hi > max:
		boundsPanic(fmt.Sprintf("runtime error: slice bounds out of range [:%d:%d]", hi, max), line, col)
	case lo < 0:
		boundsPanic(fmt.Sprintf("runtime error: slice bounds out of range [%d:]", lo), line, col)
	case lo > hi:
		boundsPanic(fmt.Sprintf("runtime error: slice bounds out of range [%d:%d:]", lo, hi), line, col)
	}
	return lo
}

// boundsPanic panics with Go's message msg, placed at line, col when
// line is not 0.
func boundsPanic(msg string, line, col int) {
	if line == 0 {
		panic(goRuntimeError{msg})
	}
	panic(placedError{goRuntimeError{msg}, line, col})
}

// fixBounds is the rewrite of fix bounds-values: a checked copy of the
// body of a function that indexes, and the count of a deferred recover.
func fixBounds(f *fixer, n ast.Node) {
	if !f.boundsOn() {
		return
	}
	switch n := n.(type) {
	case *ast.FuncDecl:
		if n.Body != nil && !f.bounds.done[n] && n.Type.TypeParams == nil && !genericRecv(n) {
			n.Body = f.boundsCopy(n.Type, n.Body)
		}
	case *ast.FuncLit:
		if !f.bounds.done[n] {
			n.Body = f.boundsCopy(n.Type, n.Body)
		}
	case *ast.BlockStmt:
		n.List = f.countRecovers(n, n.List)
	case *ast.CaseClause:
		n.Body = f.countRecovers(n, n.Body)
	case *ast.CommClause:
		n.Body = f.countRecovers(n, n.Body)
	}
}

// boundsFixer is the state of fix bounds-values in a fixer.
type boundsFixer struct {
	known, on bool
	// done holds the function literals of checked copies, which need
	// no copy of their own, and the defer statements counted.
	done map[ast.Node]bool
}

// boundsOn reports whether the session has met a recover(): this piece
// holds one or an earlier did.
func (f *fixer) boundsOn() bool {
	if f.bounds.known {
		return f.bounds.on
	}
	f.bounds.known, f.bounds.done = true, map[ast.Node]bool{}
	if !f.s.boundsCopies {
		ast.Inspect(f.root, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && len(call.Args) == 0 && isRecoverCall(f, call) {
				f.s.boundsCopies = true
			}
			return !f.s.boundsCopies
		})
	}
	f.bounds.on = f.s.boundsCopies
	return f.bounds.on
}

// genericRecv reports whether d is a method of a generic type.
func genericRecv(d *ast.FuncDecl) bool {
	if d.Recv == nil || len(d.Recv.List) == 0 {
		return false
	}
	t := d.Recv.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	switch t.(type) {
	case *ast.IndexExpr, *ast.IndexListExpr:
		return true
	}
	return false
}

// isRecoverCall reports whether call is recover() (or what fix
// runtime-errors made of it).
func isRecoverCall(f *fixer, call *ast.CallExpr) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	switch id.Name {
	case "_methodicRecovered":
		return true
	case "recover":
		obj := f.objectOf(id)
		_, builtin := obj.(*types.Builtin)
		return obj == nil || builtin
	}
	return false
}

// countRecovers puts _methodicBoundsEnter(); defer _methodicBoundsLeave()
// before each defer statement of list, inside a function, whose deferred
// function is a literal calling recover().
func (f *fixer) countRecovers(block ast.Node, list []ast.Stmt) []ast.Stmt {
	var out []ast.Stmt
	for i, st := range list {
		d, ok := st.(*ast.DeferStmt)
		if !ok || f.bounds.done[d] || !f.insideFunc(block) {
			if out != nil {
				out = append(out, st)
			}
			continue
		}
		lit, ok := ast.Unparen(d.Call.Fun).(*ast.FuncLit)
		if !ok || !callsRecover(f, lit.Body) {
			if out != nil {
				out = append(out, st)
			}
			continue
		}
		if out == nil {
			out = append(out, list[:i]...)
		}
		p := d.Defer
		f.bounds.done[d] = true
		out = append(out,
			&ast.ExprStmt{X: &ast.CallExpr{Fun: &ast.Ident{NamePos: p, Name: "_methodicBoundsEnter"}, Lparen: p, Rparen: p}},
			&ast.DeferStmt{Defer: p, Call: &ast.CallExpr{Fun: &ast.Ident{NamePos: p, Name: "_methodicBoundsLeave"}, Lparen: p, Rparen: p}},
			d)
	}
	if out == nil {
		return list
	}
	return out
}

// callsRecover reports whether body calls recover() itself (not in a
// function literal of its own).
func callsRecover(f *fixer, body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if len(n.Args) == 0 && isRecoverCall(f, n) {
				found = true
			}
		}
		return !found
	})
	return found
}

// boundsCopy returns body with a checked copy in front of it, or body
// when it indexes nothing it could check or cannot be copied.
func (f *fixer) boundsCopy(ft *ast.FuncType, body *ast.BlockStmt) *ast.BlockStmt {
	if !f.indexesDirectly(body) {
		return body
	}
	if f.orig == nil {
		f.orig = map[ast.Node]ast.Node{}
	}
	if f.made == nil {
		f.made = map[ast.Node]bool{}
	}
	if f.defersRecover(body) {
		// The function's own recover sees its body's panics, but the
		// counter rises only at its defer statement, after the entry:
		// such a function is checked throughout, without a copy.
		f.checkBody(body)
		return body
	}
	cp, orig := cloneAST(body)
	for c, o := range orig {
		f.orig[c] = f.checked(o)
	}
	f.checkBody(cp)
	// The copy runs as a function literal of its own: yaegi gives every
	// call of a function a frame with a slot for each value its body
	// computes, which a copy in the body itself doubles for the fast path
	// too. With named results (which the copy sets) it stays inline.
	p0 := body.Lbrace
	switch {
	case ft.Results == nil || len(ft.Results.List) == 0:
		lit := &ast.FuncLit{Type: &ast.FuncType{Func: p0, Params: &ast.FieldList{}}, Body: cp}
		f.bounds.done[lit] = true
		cp = &ast.BlockStmt{Lbrace: p0, List: []ast.Stmt{
			&ast.ExprStmt{X: &ast.CallExpr{Fun: lit, Lparen: p0, Rparen: p0}},
			&ast.ReturnStmt{Return: p0},
		}, Rbrace: body.Rbrace}
	case len(ft.Results.List[0].Names) == 0:
		results, orig := cloneAST(ft.Results)
		for c, o := range orig {
			f.orig[c] = f.checked(o)
		}
		lit := &ast.FuncLit{Type: &ast.FuncType{Func: p0, Params: &ast.FieldList{}, Results: results}, Body: cp}
		f.bounds.done[lit] = true
		cp = &ast.BlockStmt{Lbrace: p0, List: []ast.Stmt{
			&ast.ReturnStmt{Return: p0, Results: []ast.Expr{&ast.CallExpr{Fun: lit, Lparen: p0, Rparen: p0}}},
		}, Rbrace: body.Rbrace}
	}
	// 0 != _methodicBounds, not the other way round: yaegi v0.16.1 reads
	// a compiled variable compared with a constant on its right once,
	// when it compiles (0 here, for good).
	p := body.Lbrace
	guard := &ast.IfStmt{
		If:   p,
		Cond: &ast.BinaryExpr{X: &ast.BasicLit{ValuePos: p, Kind: token.INT, Value: "0"}, OpPos: p, Op: token.NEQ, Y: &ast.Ident{NamePos: p, Name: "_methodicBounds"}},
		Body: cp,
	}
	block := &ast.BlockStmt{Lbrace: body.Lbrace, List: append([]ast.Stmt{guard}, body.List...), Rbrace: body.Rbrace}
	f.orig[block] = f.checked(body)
	if f.inFunc != nil {
		// insideFunc was worked out before the copy existed.
		ast.Inspect(block, func(n ast.Node) bool {
			if n != nil {
				f.inFunc[n] = true
			}
			return true
		})
	}
	return block
}

// checkBody makes the indexes and slices of body checked ones,
// throughout, its function literals too.
func (f *fixer) checkBody(body *ast.BlockStmt) {
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			f.bounds.done[n] = true
		case *ast.IndexExpr:
			f.checkIndexExpr(n)
		case *ast.SliceExpr:
			f.checkSliceExpr(n)
		}
		return true
	})
}

// defersRecover reports whether body (not its function literals) defers
// a function literal that calls recover().
func (f *fixer) defersRecover(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.DeferStmt:
			if lit, ok := ast.Unparen(n.Call.Fun).(*ast.FuncLit); ok && callsRecover(f, lit.Body) {
				found = true
			}
		}
		return !found
	})
	return found
}

// indexesDirectly reports whether body (not its function literals)
// indexes or slices something the copy checks, and has no label or
// type declaration a copy would declare twice.
func (f *fixer) indexesDirectly(body *ast.BlockStmt) bool {
	found, blocked := false, false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.LabeledStmt:
			blocked = true
		case *ast.DeclStmt:
			if g, ok := n.Decl.(*ast.GenDecl); ok && g.Tok == token.TYPE {
				blocked = true
			}
		case *ast.IndexExpr:
			if f.indexable(n.X, n.Index) != nil {
				found = true
			}
		case *ast.SliceExpr:
			if f.sliceable(n) != nil {
				found = true
			}
		}
		return !blocked
	})
	return found && !blocked
}

// indexable returns the type of x when x[index] is an index the copy
// checks: x a plain expression of a slice, array, pointer to array or
// string type, index a value that is not a constant the check already
// proved in range.
func (f *fixer) indexable(x, index ast.Expr) types.Type {
	t := f.typeOf(x)
	if t == nil || !f.plain(x) || f.typeOf(index) == nil {
		return nil
	}
	switch u := t.Underlying().(type) {
	case *types.Slice:
		return t
	case *types.Array, *types.Basic:
		if b, ok := u.(*types.Basic); ok && b.Info()&types.IsString == 0 {
			return nil
		}
		if f.constant(index) && f.constant(x) {
			return nil
		}
		if _, ok := u.(*types.Array); ok && f.constant(index) {
			return nil // Go checks it when it compiles
		}
		return t
	case *types.Pointer:
		if _, ok := u.Elem().Underlying().(*types.Array); ok && !f.constant(index) {
			return t
		}
	}
	return nil
}

// sliceable returns the type of s.X when the copy checks s.
func (f *fixer) sliceable(s *ast.SliceExpr) types.Type {
	t := f.typeOf(s.X)
	if t == nil || !f.plain(s.X) {
		return nil
	}
	for _, b := range []ast.Expr{s.Low, s.High, s.Max} {
		if b != nil && (!f.plain(b) || f.typeOf(b) == nil) {
			return nil
		}
	}
	switch u := t.Underlying().(type) {
	case *types.Slice, *types.Array:
		return t
	case *types.Basic:
		if u.Info()&types.IsString != 0 {
			return t
		}
	case *types.Pointer:
		if _, ok := u.Elem().Underlying().(*types.Array); ok {
			return t
		}
	}
	return nil
}

// constant reports whether the check found x to be a constant.
func (f *fixer) constant(x ast.Expr) bool {
	if f.info == nil {
		return false
	}
	c, ok := f.checked(x).(ast.Expr)
	if !ok {
		return false
	}
	return f.info.Types[c].Value != nil
}

// plain reports whether evaluating x twice does what evaluating it once
// does: names, literals, fields, operators, indexes and len or cap of
// such, and conversions; no call of a function, no receive.
func (f *fixer) plain(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.Ident, *ast.BasicLit:
		return true
	case *ast.ParenExpr:
		return f.plain(x.X)
	case *ast.StarExpr:
		return f.plain(x.X)
	case *ast.UnaryExpr:
		return x.Op != token.ARROW && f.plain(x.X)
	case *ast.BinaryExpr:
		return f.plain(x.X) && f.plain(x.Y)
	case *ast.IndexExpr:
		return f.plain(x.X) && f.plain(x.Index)
	case *ast.SelectorExpr:
		if sel := f.selection(x); sel != nil {
			return sel.Kind() == types.FieldVal && f.plain(x.X)
		}
		_, pkg := f.objectOf(rootIdent(x)).(*types.PkgName)
		return pkg
	case *ast.CallExpr:
		if len(x.Args) != 1 || !f.plain(x.Args[0]) {
			return false
		}
		if f.isBuiltinCall(x) {
			id := ast.Unparen(x.Fun).(*ast.Ident)
			return id.Name == "len" || id.Name == "cap"
		}
		if c, ok := f.checked(x.Fun).(ast.Expr); ok && f.info != nil {
			return f.info.Types[c].IsType()
		}
	}
	return false
}

// checkIndexExpr makes x[i] x[_methodicIndex(i, len(x))].
func (f *fixer) checkIndexExpr(n *ast.IndexExpr) {
	if f.indexable(n.X, n.Index) == nil {
		return
	}
	n.Index = f.kernelCall(n.Index.Pos(), "_methodicIndex", f.asInt(n.Index), f.lenOf(n.X, "len"))
}

// checkSliceExpr makes x[lo:hi] x[_methodicSlice(lo, hi, cap(x), false):hi]
// (len(x) and true for a string or an array), x[lo:hi:max]
// x[_methodicSlice3(lo, hi, max, cap(x), false):hi:max].
func (f *fixer) checkSliceExpr(n *ast.SliceExpr) {
	t := f.sliceable(n)
	if t == nil {
		return
	}
	bound, length := "cap", "false"
	if _, ok := t.Underlying().(*types.Slice); !ok {
		bound, length = "len", "true"
	}
	p := n.Lbrack
	lo := ast.Expr(&ast.BasicLit{ValuePos: p, Kind: token.INT, Value: "0"})
	if n.Low != nil {
		lo = f.asInt(n.Low)
	}
	var hi ast.Expr
	if n.High != nil {
		hi = f.asInt(f.copyExpr(n.High))
	} else {
		hi = f.lenOf(n.X, "len")
	}
	flag := &ast.Ident{NamePos: p, Name: length}
	if n.Slice3 {
		n.Low = f.kernelCall(p, "_methodicSlice3", lo, hi, f.asInt(f.copyExpr(n.Max)), f.lenOf(n.X, bound), flag)
		return
	}
	n.Low = f.kernelCall(p, "_methodicSlice", lo, hi, f.lenOf(n.X, bound), flag)
}

// kernelCall is name(args...) at p.
func (f *fixer) kernelCall(p token.Pos, name string, args ...ast.Expr) *ast.CallExpr {
	call := &ast.CallExpr{Fun: &ast.Ident{NamePos: p, Name: name}, Lparen: p, Args: args, Rparen: p}
	f.made[call] = true
	return call
}

// lenOf is len(x) or cap(x), on a copy of x.
func (f *fixer) lenOf(x ast.Expr, fn string) ast.Expr {
	p := x.Pos()
	return &ast.CallExpr{Fun: &ast.Ident{NamePos: p, Name: fn}, Lparen: p, Args: []ast.Expr{f.copyExpr(x)}, Rparen: x.End()}
}

// copyExpr copies x, its nodes standing for x's in the check.
func (f *fixer) copyExpr(x ast.Expr) ast.Expr {
	c, orig := cloneAST(x)
	for k, o := range orig {
		f.orig[k] = f.checked(o)
	}
	return c
}

// asInt is x as an int: x, or int(x) for another integer type.
func (f *fixer) asInt(x ast.Expr) ast.Expr {
	t := f.typeOf(x)
	if b, ok := t.(*types.Basic); ok && (b.Kind() == types.Int || b.Info()&types.IsUntyped != 0) {
		return x
	}
	p := x.Pos()
	return &ast.CallExpr{Fun: &ast.Ident{NamePos: p, Name: "int"}, Lparen: p, Args: []ast.Expr{x}, Rparen: x.End()}
}
