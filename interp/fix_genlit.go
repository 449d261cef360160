package interp

import (
	"go/ast"
	"go/token"
	"go/types"
)

// fixGenericStructLit is the rewrite of fix generic-struct-literal: yaegi
// v0.16.1 compiles every composite literal of one instance of a generic
// struct type, Pair[string, int]{"a", 1}, with the same node for its type
// (its cache of instances hands the same one out), and that node is part
// of the literal's control flow: the literals compiled after the first
// one of an instance run another literal's code. Pair[T, int]{b.v, 0} in
// a generic method returned a top-level p := Pair[string, int]{"a", 1}
// (silently), later literals gave zero values, crashed ("reflect.Set:
// value of type struct {...} is not assignable to type func(...)") or
// printed nothing. A variable of the instance's type goes through
// yaegi's types, not its literals, so such a literal becomes a function
// literal that fills one, field by field, in the literal's order:
//
//	func() Pair[string, int] { var _methodicL Pair[string, int]; _methodicL.First = "a"; _methodicL.Second = 1; return _methodicL }()
//
// and &Pair[...]{...} one that returns the variable's address
// (new(Pair[...]) fails to compile in yaegi). Not rewritten (the bug
// stays): a literal of a type with methods handed straight to a compiled
// function.
func fixGenericStructLit(f *fixer, n ast.Node) {
	switch n := n.(type) {
	case *ast.CompositeLit:
		if f.isGenericStructLit(n) {
			return // its elements are handled as the literal is rewritten
		}
		// []Named{&Y[string]{"b"}}: the elements of another literal are
		// rewritten here, the address of one as a whole (below).
	case *ast.UnaryExpr:
		if _, ok := ast.Unparen(n.X).(*ast.CompositeLit); ok && n.Op == token.AND {
			return // &Y[string]{"b"} is rewritten whole by its parent
		}
	case *ast.CallExpr:
		if f.isCompiledFunc(n.Fun) {
			// A literal handed straight to compiled code (fmt.Println(
			// Pair[string, int]{"a", 1})) is left as it is when its type
			// has methods: yaegi gives compiled code such a literal with
			// them (its String), a function's result without.
			replaceChildExprs(n, func(x ast.Expr) ast.Expr {
				if t, ok := f.typeOf(x).(*types.Named); ok && types.NewMethodSet(types.NewPointer(t)).Len() > 0 {
					return nil
				}
				return f.genericLit(x)
			})
			return
		}
	}
	replaceChildExprs(n, f.genericLit)
}

// genericLit returns what x becomes when it is a literal of an instance
// of a generic struct type, or its address, else nil.
func (f *fixer) genericLit(x ast.Expr) ast.Expr {
	ptr := false
	if u, ok := x.(*ast.UnaryExpr); ok && u.Op == token.AND {
		x, ptr = ast.Unparen(u.X), true
	}
	lit, ok := x.(*ast.CompositeLit)
	if !ok || f.made[lit] {
		return nil
	}
	if !f.isGenericStructLit(lit) {
		return nil
	}
	st := f.typeOf(lit).Underlying().(*types.Struct)
	p := lit.Lbrace
	name := f.temp("_methodicL")
	id := func() *ast.Ident { return &ast.Ident{NamePos: p, Name: name} }
	var body []ast.Stmt
	for i, e := range lit.Elts {
		field, val := "", e
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			k, ok := kv.Key.(*ast.Ident)
			if !ok {
				return nil
			}
			field, val = k.Name, kv.Value
		} else if i < st.NumFields() {
			field = st.Field(i).Name()
		} else {
			return nil
		}
		body = append(body, &ast.AssignStmt{
			Lhs:    []ast.Expr{&ast.SelectorExpr{X: id(), Sel: &ast.Ident{NamePos: p, Name: field}}},
			TokPos: p, Tok: token.ASSIGN, Rhs: []ast.Expr{val},
		})
	}
	// A variable, not a named result: fix named-results zeroes those
	// with *new(T), which yaegi cannot compile for an instance.
	typ, _ := cloneAST(lit.Type)
	decl := &ast.DeclStmt{Decl: &ast.GenDecl{TokPos: p, Tok: token.VAR, Specs: []ast.Spec{&ast.ValueSpec{Names: []*ast.Ident{id()}, Type: typ}}}}
	body = append([]ast.Stmt{decl}, body...)
	rt, _ := cloneAST(lit.Type)
	var result ast.Expr = id()
	if ptr {
		result = &ast.UnaryExpr{OpPos: p, Op: token.AND, X: result}
		rt = &ast.StarExpr{Star: p, X: rt}
	}
	body = append(body, &ast.ReturnStmt{Return: p, Results: []ast.Expr{result}})
	ft := &ast.FuncType{Func: p, Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{Type: rt}}}}
	fn := &ast.FuncLit{Type: ft, Body: &ast.BlockStmt{Lbrace: p, List: body, Rbrace: lit.Rbrace}}
	return &ast.CallExpr{Fun: fn, Lparen: lit.Rbrace, Rparen: lit.Rbrace}
}

// isGenericStructLit reports whether lit is a literal of an instance of a
// generic struct type, Pair[string, int]{...}.
func (f *fixer) isGenericStructLit(lit *ast.CompositeLit) bool {
	switch lit.Type.(type) {
	case *ast.IndexExpr, *ast.IndexListExpr:
	default:
		return false
	}
	named, ok := f.typeOf(lit).(*types.Named)
	if !ok || named.TypeArgs().Len() == 0 {
		return false
	}
	_, ok = named.Underlying().(*types.Struct)
	return ok
}
