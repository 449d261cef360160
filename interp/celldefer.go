package interp

import (
	"context"
	"go/ast"
	"go/token"
	"go/types"
)

// A defer at the top level of a cell runs when the cell ends, as one in
// main's body runs when main returns (D22 in the notes of issue 14). The
// kernel runs a cell's statements in several functions (a new one after
// each top-level := or var, which declare the session's variables), so a
// defer left as written ran when its function returned: before the
// statements after the next :=. cellDefers rewrites each defer of the
// cell's statements that is not inside a function literal into
//
//	_methodicDefer(func(fn F, a A, b B) func() {
//		return func() { fn(a, b) }
//	}(f, x, y))
//
// which evaluates the function value and its arguments where the defer
// stands, as Go does, and registers the call; runGo runs the calls, the
// last registered first, when the cell's code has run, whether it
// failed or not. A recover() in such a call does not stop a panic of the
// cell: the cell's statements have returned by then.

// cellDefers rewrites the defers of list and of the blocks nested in it,
// not those in function literals. It reports whether it found one.
func (f *fixer) cellDefers(list []ast.Stmt) bool {
	found := false
	var walk func(list []ast.Stmt)
	var one func(st ast.Stmt) ast.Stmt
	one = func(st ast.Stmt) ast.Stmt {
		switch st := st.(type) {
		case *ast.DeferStmt:
			if r := f.cellDefer(st); r != nil {
				found = true
				return r
			}
		case *ast.BlockStmt:
			walk(st.List)
		case *ast.IfStmt:
			walk(st.Body.List)
			if st.Else != nil {
				st.Else = one(st.Else)
			}
		case *ast.ForStmt:
			walk(st.Body.List)
		case *ast.RangeStmt:
			walk(st.Body.List)
		case *ast.SwitchStmt:
			walk(st.Body.List)
		case *ast.TypeSwitchStmt:
			walk(st.Body.List)
		case *ast.SelectStmt:
			walk(st.Body.List)
		case *ast.CaseClause:
			walk(st.Body)
		case *ast.CommClause:
			walk(st.Body)
		case *ast.LabeledStmt:
			st.Stmt = one(st.Stmt)
		}
		return st
	}
	walk = func(list []ast.Stmt) {
		for i, st := range list {
			list[i] = one(st)
		}
	}
	walk(list)
	return found
}

// cellDefer returns the registration of d, or nil when a type it needs
// cannot be written (d then stays a defer of its function).
func (f *fixer) cellDefer(d *ast.DeferStmt) ast.Stmt {
	call, p := d.Call, d.Pos()
	ident := func(name string) *ast.Ident { return &ast.Ident{NamePos: p, Name: name} }
	var params []*ast.Field
	var args []ast.Expr
	add := func(x ast.Expr, t ast.Expr) ast.Expr {
		name := f.temp("_methodicA")
		params = append(params, &ast.Field{Names: []*ast.Ident{ident(name)}, Type: t})
		args = append(args, x)
		return ident(name)
	}
	typ := func(t types.Type) (ast.Expr, bool) {
		if t == nil {
			return nil, false
		}
		return f.s.typeSource(t, p)
	}
	inner := &ast.CallExpr{Fun: call.Fun, Lparen: p, Rparen: p, Ellipsis: call.Ellipsis}
	// The type of each argument: the parameter's, from the function
	// literal's own parameter list or the check's signature; an
	// argument of a builtin has its own type.
	var argTypes []ast.Expr
	if lit, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
		for _, fl := range lit.Type.Params.List {
			n := max(len(fl.Names), 1)
			for range n {
				if _, ok := fl.Type.(*ast.Ellipsis); ok {
					return nil
				}
				argTypes = append(argTypes, fl.Type)
			}
		}
		if len(argTypes) != len(call.Args) {
			return nil
		}
	} else {
		builtin := f.isBuiltinCall(call)
		var sig *types.Signature
		if !builtin {
			if t := f.typeOf(call.Fun); t != nil {
				sig, _ = t.Underlying().(*types.Signature)
			}
			if sig == nil {
				return nil
			}
			if !f.staticFunc(call.Fun) {
				t, ok := typ(f.typeOf(call.Fun))
				if !ok {
					return nil
				}
				inner.Fun = add(call.Fun, t)
			}
		}
		for i, a := range call.Args {
			var t types.Type
			switch {
			case builtin:
				if at := f.typeOf(a); at != nil {
					t = types.Default(at)
				}
			case sig.Variadic() && i >= sig.Params().Len()-1 && call.Ellipsis == token.NoPos:
				t = sig.Params().At(sig.Params().Len() - 1).Type().(*types.Slice).Elem()
			case i < sig.Params().Len():
				t = sig.Params().At(i).Type()
			}
			te, ok := typ(t)
			if !ok {
				return nil
			}
			argTypes = append(argTypes, te)
		}
	}
	for i, a := range call.Args {
		inner.Args = append(inner.Args, add(a, argTypes[i]))
	}
	thunk := &ast.FuncType{Func: p, Params: &ast.FieldList{}}
	outer := &ast.FuncLit{
		Type: &ast.FuncType{Func: p, Params: &ast.FieldList{List: params},
			Results: &ast.FieldList{List: []*ast.Field{{Type: thunk}}}},
		Body: &ast.BlockStmt{Lbrace: p, Rbrace: p, List: []ast.Stmt{&ast.ReturnStmt{Return: p, Results: []ast.Expr{
			&ast.FuncLit{Type: thunk, Body: &ast.BlockStmt{Lbrace: p, Rbrace: p, List: []ast.Stmt{&ast.ExprStmt{X: inner}}}},
		}}}},
	}
	reg := &ast.CallExpr{Fun: ident("_methodicDefer"), Lparen: p, Rparen: d.End(),
		Args: []ast.Expr{&ast.CallExpr{Fun: outer, Lparen: p, Args: args, Rparen: p}}}
	return &ast.ExprStmt{X: reg}
}

// staticFunc reports whether x names a function declared at package
// level (a cell's or a package's), which a defer need not evaluate early.
func (f *fixer) staticFunc(x ast.Expr) bool {
	var id *ast.Ident
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		id = x
	case *ast.SelectorExpr:
		if f.selection(x) != nil {
			return false // a method value: its receiver is evaluated now
		}
		id = x.Sel
	default:
		return false
	}
	_, ok := f.objectOf(id).(*types.Func)
	return ok
}

// runCellDefers runs the calls the cell's top-level defers registered,
// the last first, as statements of the cell at pos.
func (s *Session) runCellDefers(ctx context.Context, cellID int, pos token.Pos) *Error {
	if len(s.defers) == 0 {
		return nil
	}
	run := &ast.ExprStmt{X: &ast.CallExpr{Fun: &ast.Ident{NamePos: pos, Name: "_methodicRunDefers"}, Lparen: pos, Rparen: pos}}
	return s.runWrapped(ctx, cellID, []ast.Stmt{run})
}

// runDefers calls the registered calls, the last first; every one runs
// even when one panics, and the first panic goes on after them, as Go
// runs deferred calls.
func (s *Session) runDefers() {
	fns := s.defers
	s.defers = nil
	var first any
	panicked := false
	for i := len(fns) - 1; i >= 0; i-- {
		func() {
			defer func() {
				if r := recover(); r != nil && !panicked {
					first, panicked = r, true
				}
			}()
			fns[i]()
		}()
	}
	if panicked {
		panic(first)
	}
}
