package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"
)

// fixErrorsAsInterface (fix errors-as-interface, E4): errors.As(err, &t)
// with t of an interface type of the cells (type timeouter interface{
// Timeout() bool }, or a literal one) was false for every error: the
// target reaches compiled code as a pointer to yaegi's own storage, whose
// type has no methods, and no value in the chain "implements" it. The
// errors of the chain that are values of a cell type implementing the
// interface are found by the cell itself, which asserts each error of
// the chain (_methodicErrorChain, in the order errors.As looks) to each
// type of the cells that implements it:
//
//	errors.As(err, &t)
//
// becomes
//
//	func(e error) bool {
//		for _, c := range _methodicErrorChain(e) {
//			if x, ok := _methodicCellValue(c).(*MyErr); ok {
//				t = x
//				return true
//			}
//		}
//		return errors.As(e, &t)
//	}(err)
//
// An error of compiled code that has the interface's methods
// (context.DeadlineExceeded and Timeout) is still not found: a cell
// cannot name its type. As methods of the chain's errors are not asked
// for such targets.
func fixErrorsAsInterface(f *fixer, n ast.Node) {
	call, ok := n.(*ast.CallExpr)
	if !ok || len(call.Args) != 2 || f.made[call] {
		return
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return
	}
	fn, ok := f.objectOf(sel.Sel).(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "errors" || fn.Name() != "As" {
		return
	}
	addr, ok := ast.Unparen(call.Args[1]).(*ast.UnaryExpr)
	if !ok || addr.Op != token.AND {
		return
	}
	target, ok := ast.Unparen(addr.X).(*ast.Ident)
	if !ok {
		return
	}
	v, ok := f.objectOf(target).(*types.Var)
	if !ok || v.Pkg() == nil || !cellInterface(v.Type()) {
		return
	}
	iface, ok := v.Type().Underlying().(*types.Interface)
	if !ok || iface.Empty() {
		return
	}
	cands := f.implementingCellTypes(v.Pkg(), iface)
	if len(cands) == 0 {
		return
	}
	p := call.Pos()
	id := func(name string) *ast.Ident { return &ast.Ident{NamePos: p, Name: name} }
	e, c, x, okName := f.temp("_methodicEA"), f.temp("_methodicEC"), f.temp("_methodicEX"), f.temp("_methodicEOK")
	var loop []ast.Stmt
	for _, t := range cands {
		var typ ast.Expr = id(t.name)
		if t.ptr {
			typ = &ast.StarExpr{Star: p, X: id(t.name)}
		}
		a := &ast.TypeAssertExpr{X: &ast.CallExpr{Fun: id("_methodicCellValue"), Lparen: p, Args: []ast.Expr{id(c)}, Rparen: p},
			Lparen: p, Type: typ, Rparen: p}
		f.mark(a)
		loop = append(loop, &ast.IfStmt{If: p,
			Init: &ast.AssignStmt{Lhs: []ast.Expr{id(x), id(okName)}, TokPos: p, Tok: token.DEFINE, Rhs: []ast.Expr{a}},
			Cond: id(okName),
			Body: &ast.BlockStmt{Lbrace: p, Rbrace: p, List: []ast.Stmt{
				&ast.AssignStmt{Lhs: []ast.Expr{id(target.Name)}, TokPos: p, Tok: token.ASSIGN, Rhs: []ast.Expr{id(x)}},
				&ast.ReturnStmt{Return: p, Results: []ast.Expr{id("true")}},
			}}})
	}
	fallback := &ast.CallExpr{Fun: call.Fun, Lparen: p, Args: []ast.Expr{id(e), call.Args[1]}, Rparen: call.Rparen}
	f.mark(fallback)
	lit := &ast.FuncLit{
		Type: &ast.FuncType{Func: p,
			Params:  &ast.FieldList{Opening: p, Closing: p, List: []*ast.Field{{Names: []*ast.Ident{id(e)}, Type: id("error")}}},
			Results: &ast.FieldList{Opening: p, Closing: p, List: []*ast.Field{{Type: id("bool")}}}},
		Body: &ast.BlockStmt{Lbrace: p, Rbrace: p, List: []ast.Stmt{
			&ast.RangeStmt{For: p, Key: id("_"), Value: id(c), TokPos: p, Tok: token.DEFINE,
				X:    &ast.CallExpr{Fun: id("_methodicErrorChain"), Lparen: p, Args: []ast.Expr{id(e)}, Rparen: p},
				Body: &ast.BlockStmt{Lbrace: p, Rbrace: p, List: loop}},
			&ast.ReturnStmt{Return: p, Results: []ast.Expr{fallback}},
		}},
	}
	call.Fun = lit
	call.Args = []ast.Expr{call.Args[0]}
	f.mark(call)
}

// A cellCandidate is a type of the cells, or a pointer to it, that
// implements an interface.
type cellCandidate struct {
	name string
	ptr  bool
}

// implementingCellTypes returns the types declared at the top level of
// pkg (the cells, with the declarations of the piece being fixed, which
// the session's scope does not hold yet) that implement iface, and the
// pointers to those whose pointer only does, by name.
func (f *fixer) implementingCellTypes(pkg *types.Package, iface *types.Interface) []cellCandidate {
	scope := pkg.Scope()
	byName := map[string]*types.TypeName{}
	for _, name := range scope.Names() {
		if tn, ok := scope.Lookup(name).(*types.TypeName); ok {
			byName[name] = tn
		}
	}
	if f.info != nil {
		for _, obj := range f.info.Defs {
			if tn, ok := obj.(*types.TypeName); ok && tn.Parent() == scope {
				byName[tn.Name()] = tn
			}
		}
	}
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []cellCandidate
	for _, name := range names {
		tn := byName[name]
		if tn.IsAlias() {
			continue
		}
		named, ok := tn.Type().(*types.Named)
		if !ok || types.IsInterface(named) || named.TypeParams().Len() > 0 {
			continue
		}
		if types.Implements(named, iface) {
			out = append(out, cellCandidate{name, false})
		}
		if types.Implements(types.NewPointer(named), iface) {
			out = append(out, cellCandidate{name, true})
		}
	}
	return out
}
