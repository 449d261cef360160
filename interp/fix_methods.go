package interp

import (
	"fmt"
	"go/ast"
	"go/types"
)

// The fix method-expression (see the table in fixes.go): a method
// expression used as a value, f := (*Acc).Add, is a function of yaegi's
// own making that takes the wrong arguments ("reflect: Call with too many
// input arguments"; for a compiled type, an unrelated function). Called
// at once, (*Acc).Add(a, 5), it works. Used as a value it becomes the
// function literal func(r *Acc, n int) { r.Add(n) }.

// fixMethodExpr replaces the method expressions that n holds as values
// (every expression field of n but the function of a call).
func fixMethodExpr(f *fixer, n ast.Node) {
	if f.info == nil {
		return
	}
	call, _ := n.(*ast.CallExpr)
	replaceExprs(n, func(field string, x ast.Expr) ast.Expr {
		if call != nil && field == "Fun" {
			return x
		}
		if lit := f.methodExprLit(x); lit != nil {
			return lit
		}
		return x
	})
}

// methodExprLit returns the function literal that calls the method of
// the method expression x, or nil when x is none or a type it mentions
// cannot be written in the cells.
func (f *fixer) methodExprLit(x ast.Expr) ast.Expr {
	sel, ok := ast.Unparen(x).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	s := f.selection(sel)
	if s == nil || s.Kind() != types.MethodExpr {
		return nil
	}
	sig, ok := s.Type().(*types.Signature)
	if !ok || sig.Params().Len() == 0 {
		return nil
	}
	p := sel.Pos()
	id := func(name string) *ast.Ident { return &ast.Ident{NamePos: p, Name: name} }
	params, results := &ast.FieldList{Opening: p, Closing: p}, &ast.FieldList{}
	var args []ast.Expr
	for i := 0; i < sig.Params().Len(); i++ {
		t := sig.Params().At(i).Type()
		variadic := sig.Variadic() && i == sig.Params().Len()-1
		if variadic {
			t = t.(*types.Slice).Elem()
		}
		typ, ok := f.s.typeSource(t, p)
		if !ok {
			return nil
		}
		if variadic {
			typ = &ast.Ellipsis{Ellipsis: p, Elt: typ}
		}
		name := fmt.Sprintf("_methodicM%d", i)
		params.List = append(params.List, &ast.Field{Names: []*ast.Ident{id(name)}, Type: typ})
		if i > 0 {
			args = append(args, id(name))
		}
	}
	for i := 0; i < sig.Results().Len(); i++ {
		typ, ok := f.s.typeSource(sig.Results().At(i).Type(), p)
		if !ok {
			return nil
		}
		results.List = append(results.List, &ast.Field{Type: typ})
	}
	call := &ast.CallExpr{Fun: &ast.SelectorExpr{X: id("_methodicM0"), Sel: id(sel.Sel.Name)}, Lparen: p, Args: args, Rparen: p}
	if sig.Variadic() {
		call.Ellipsis = p
	}
	var body ast.Stmt = &ast.ExprStmt{X: call}
	if sig.Results().Len() > 0 {
		body = &ast.ReturnStmt{Return: p, Results: []ast.Expr{call}}
	}
	return &ast.FuncLit{
		Type: &ast.FuncType{Func: p, Params: params, Results: results},
		Body: &ast.BlockStmt{Lbrace: p, List: []ast.Stmt{body}, Rbrace: p},
	}
}
