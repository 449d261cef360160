package interp

import (
	"go/ast"
	"go/token"
	"go/types"
)

// The fix nil-interface-result (see the table in fixes.go).
//
// A call whose result is of an interface type declared in the cells
// (type Shape interface{ Area() float64 }), handed straight to compiled
// code as an argument, fails when the result is nil: yaegi reads the
// call's result as an invalid reflect.Value and converting it for the
// compiled function panics ("reflect: call of reflect.Value.Interface on
// zero Value"): fmt.Println(k()) for func k() Shape { return nil }.
// The same value kept in a variable first is fine, so the fix hands such
// an argument over through a function literal that keeps it in a
// variable and gives a nil one as a plain nil:
//
//	fmt.Println(k())  →  fmt.Println(func() any { v := k(); if v == nil { return nil }; return v }())
//
// only where the compiled function takes an empty interface there (fmt's
// ...any, display.Show). fix fmt-static-types does the same for the
// arguments it hands fmt with their types (fixFmtArgs), and the cell's
// trailing expression keeps such a call's value in a variable before
// showing it (runTrailing).
func fixNilInterfaceResult(f *fixer, n ast.Node) {
	call, ok := n.(*ast.CallExpr)
	if !ok || f.info == nil || f.made[call] || !f.isCompiledFunc(call.Fun) {
		return
	}
	sig, ok := f.typeOf(call.Fun).(*types.Signature)
	if !ok {
		return
	}
	if len(call.Args) == 1 && !call.Ellipsis.IsValid() && sig.Variadic() && sig.Params().Len() == 1 {
		if tu, ok := f.typeOf(call.Args[0]).(*types.Tuple); ok {
			if it, ok := sig.Params().At(0).Type().(*types.Slice).Elem().Underlying().(*types.Interface); ok && it.Empty() {
				f.nilSafeTuple(call, tu)
			}
			return
		}
	}
	for i, a := range call.Args {
		var pt types.Type
		switch {
		case sig.Variadic() && i >= sig.Params().Len()-1:
			if call.Ellipsis.IsValid() {
				continue
			}
			pt = sig.Params().At(sig.Params().Len() - 1).Type().(*types.Slice).Elem()
		case i < sig.Params().Len():
			pt = sig.Params().At(i).Type()
		default:
			continue
		}
		if it, ok := pt.Underlying().(*types.Interface); !ok || !it.Empty() {
			continue
		}
		call.Args[i] = f.nilSafe(a)
	}
}

// cellInterfaceCall reports whether x is a call (no conversion) whose one
// result is of an interface type declared in the cells.
func (f *fixer) cellInterfaceCall(x ast.Expr) bool {
	c, ok := ast.Unparen(x).(*ast.CallExpr)
	if !ok {
		return false
	}
	if fun, ok := f.checked(c.Fun).(ast.Expr); ok && f.info.Types[fun].IsType() {
		return false
	}
	return isCellInterface(f.typeOf(x))
}

// isCellInterface reports whether t is an interface type declared in the
// cells with methods.
func isCellInterface(t types.Type) bool {
	named, ok := t.(*types.Named)
	if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Path() != "main" {
		return false
	}
	it, ok := named.Underlying().(*types.Interface)
	return ok && !it.Empty()
}

// nilSafe returns x, or, when x is a call whose result is of an interface
// type of the cells, func() any { v := x; if v == nil { return nil };
// return v }().
func (f *fixer) nilSafe(x ast.Expr) ast.Expr {
	if !f.cellInterfaceCall(x) {
		return x
	}
	return f.nilToAny(x)
}

// nilToAny returns func() any { v := x; if v == nil { return nil };
// return v }().
func (f *fixer) nilToAny(x ast.Expr) ast.Expr {
	p, end := x.Pos(), x.End()
	v := f.temp("_methodicI")
	id := func() *ast.Ident { return &ast.Ident{NamePos: p, Name: v} }
	nilID := func() *ast.Ident { return &ast.Ident{NamePos: p, Name: "nil"} }
	lit := &ast.FuncLit{
		Type: &ast.FuncType{Func: p, Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{Type: &ast.Ident{NamePos: p, Name: "any"}}}}},
		Body: &ast.BlockStmt{Lbrace: p, Rbrace: end, List: []ast.Stmt{
			&ast.AssignStmt{Lhs: []ast.Expr{id()}, TokPos: p, Tok: token.DEFINE, Rhs: []ast.Expr{x}},
			&ast.IfStmt{If: p, Cond: &ast.BinaryExpr{X: id(), OpPos: p, Op: token.EQL, Y: nilID()},
				Body: &ast.BlockStmt{Lbrace: p, Rbrace: p, List: []ast.Stmt{&ast.ReturnStmt{Return: p, Results: []ast.Expr{nilID()}}}}},
			&ast.ReturnStmt{Return: p, Results: []ast.Expr{id()}},
		}},
	}
	return &ast.CallExpr{Fun: lit, Lparen: end, Rparen: end}
}

// nilSafeTuple rewrites f(g()), g returning several values of which some
// are of interface types of the cells and f taking ...any, into
//
//	f(func() (r0, r1 any) { a0, a1 := g(); r0 = func() any { v := a0; if v == nil { return nil }; return v }(); r1 = a1; return }())
//
// (an element of a []any would keep yaegi's own form of a0.)
func (f *fixer) nilSafeTuple(call *ast.CallExpr, tu *types.Tuple) {
	found := false
	for i := 0; i < tu.Len(); i++ {
		found = found || isCellInterface(tu.At(i).Type())
	}
	if !found {
		return
	}
	p, end := call.Args[0].Pos(), call.Args[0].End()
	ident := func(name string) *ast.Ident { return &ast.Ident{NamePos: p, Name: name} }
	def := &ast.AssignStmt{TokPos: p, Tok: token.DEFINE, Rhs: []ast.Expr{call.Args[0]}}
	results := &ast.Field{Type: ident("any")}
	set := &ast.AssignStmt{TokPos: p, Tok: token.ASSIGN}
	for i := 0; i < tu.Len(); i++ {
		a, r := f.temp("_methodicT"), f.temp("_methodicT")
		def.Lhs = append(def.Lhs, ident(a))
		results.Names = append(results.Names, ident(r))
		val := ast.Expr(ident(a))
		if isCellInterface(tu.At(i).Type()) {
			val = f.nilToAny(val)
		}
		set.Lhs = append(set.Lhs, ident(r))
		set.Rhs = append(set.Rhs, val)
	}
	lit := &ast.FuncLit{
		Type: &ast.FuncType{Func: p, Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{results}}},
		Body: &ast.BlockStmt{Lbrace: p, Rbrace: end, List: []ast.Stmt{def, set, &ast.ReturnStmt{Return: p}}},
	}
	call.Args[0] = &ast.CallExpr{Fun: lit, Lparen: end, Rparen: end}
}
