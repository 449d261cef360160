package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"sort"
	"strconv"

	"golang.org/x/tools/go/ast/astutil"
)

// fixAssertCompiledInterface (fix assert-compiled-interface): a comma-ok
// assertion of a value of an empty interface or an interface of the cells
// to an interface of compiled code, y, ok := v.(fmt.Stringer), builds
// yaegi's wrapper, when v holds a value of a cell type, from the node
// that made the value, read in the frame of the function that asserts:
// ok was true and y nil (a nil pointer dereference at y.String()), or
// the frame's slot held another type ("reflect.Set: value of type *bool
// is not assignable to type *struct {...}"). The first call of a
// function could work by chance and the next crash. yaegi gets right an
// assertion of a value of a cell type to an interface of its own (a
// literal interface with the same methods) when the value comes out of
// a compiled function, and the conversion of that to the compiled
// interface; a compiled value takes yaegi's own assertion, which is
// right for it. _methodicHoldsCell tells the two apart at run time:
//
//	y, ok := v.(fmt.Stringer)
//
// becomes
//
//	y, ok := func(x interface{}) (fmt.Stringer, bool) {
//		if _methodicHoldsCell(x) {
//			c, ok := _methodicNotNil(x).(interface{ String() string })
//			if !ok {
//				return nil, false
//			}
//			return c, true
//		}
//		c, ok := _methodicNotNil(x).(fmt.Stringer)
//		return c, ok
//	}(v)
//
// The assertions the rewrite of a type switch makes (fix
// type-switch-interface) are taken too.
func fixAssertCompiledInterface(f *fixer, n ast.Node) {
	if n == f.root {
		f.singleAsserts()
	}
	slot, ta, ok := commaOkAssert(n)
	if !ok || ta.Type == nil || f.made[ta] {
		return
	}
	x := ta.X
	if call, ok := x.(*ast.CallExpr); ok && len(call.Args) == 1 {
		if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "_methodicNotNil" {
			x = call.Args[0] // fix assert-nil ran first
		}
	}
	if !cellInterface(f.typeOf(x)) {
		return
	}
	tt := f.typeOf(ta.Type)
	lit, ok := compiledInterfaceMethods(tt)
	if !ok {
		return
	}
	p := ta.Pos()
	litX, ok1 := f.s.typeSource(lit, p)
	resX, ok2 := f.s.typeSource(tt, p)
	if !ok1 || !ok2 {
		return // a package the session does not import by its name
	}
	id := func(name string) *ast.Ident { return &ast.Ident{NamePos: p, Name: name} }
	arg, c, okName := f.temp("_methodicAX"), f.temp("_methodicAC"), f.temp("_methodicAOK")
	assert := func(t ast.Expr) *ast.AssignStmt {
		a := &ast.TypeAssertExpr{X: &ast.CallExpr{Fun: id("_methodicNotNil"), Lparen: p, Args: []ast.Expr{id(arg)}, Rparen: p},
			Lparen: p, Type: t, Rparen: p}
		f.mark(a)
		return &ast.AssignStmt{Lhs: []ast.Expr{id(c), id(okName)}, TokPos: p, Tok: token.DEFINE, Rhs: []ast.Expr{a}}
	}
	ret := func(xs ...ast.Expr) *ast.ReturnStmt { return &ast.ReturnStmt{Return: p, Results: xs} }
	body := []ast.Stmt{
		&ast.IfStmt{If: p, Cond: &ast.CallExpr{Fun: id("_methodicHoldsCell"), Lparen: p, Args: []ast.Expr{id(arg)}, Rparen: p},
			Body: &ast.BlockStmt{Lbrace: p, Rbrace: p, List: []ast.Stmt{
				assert(litX),
				&ast.IfStmt{If: p, Cond: &ast.UnaryExpr{OpPos: p, Op: token.NOT, X: id(okName)},
					Body: &ast.BlockStmt{Lbrace: p, Rbrace: p, List: []ast.Stmt{ret(id("nil"), id("false"))}}},
				ret(id(c), id("true")),
			}}},
		assert(ta.Type),
		ret(id(c), id(okName)),
	}
	lit2 := &ast.FuncLit{
		Type: &ast.FuncType{Func: p,
			Params: &ast.FieldList{Opening: p, Closing: p, List: []*ast.Field{{Names: []*ast.Ident{id(arg)},
				Type: &ast.InterfaceType{Interface: p, Methods: &ast.FieldList{Opening: p, Closing: p}}}}},
			Results: &ast.FieldList{Opening: p, Closing: p, List: []*ast.Field{{Type: resX}, {Type: id("bool")}}}},
		Body: &ast.BlockStmt{Lbrace: p, Rbrace: p, List: body},
	}
	*slot = &ast.CallExpr{Fun: lit2, Lparen: p, Args: []ast.Expr{x}, Rparen: ta.End()}
}

// mark records a node a rewrite made, which rewrites leave alone.
func (f *fixer) mark(n ast.Node) {
	if f.made == nil {
		f.made = map[ast.Node]bool{}
	}
	f.made[n] = true
}

// cellInterface reports whether a value of type t, an empty interface
// or an interface of the cells, may be held the way yaegi holds a value
// of a cell type (its valueInterface), which its assertion to a compiled
// interface gets wrong.
func cellInterface(t types.Type) bool {
	if t == nil {
		return false
	}
	i, ok := t.Underlying().(*types.Interface)
	if !ok {
		return false
	}
	if i.Empty() {
		return true
	}
	switch t := t.(type) {
	case *types.Named:
		pkg := t.Obj().Pkg()
		return pkg != nil && pkg.Path() == "main"
	case *types.Interface:
		return true // interface{ M() } written in a cell
	}
	return false
}

// compiledInterfaceMethods returns a literal interface with the methods
// of t, when t is an interface of compiled code (fmt.Stringer, error)
// with methods and no type parameters.
func compiledInterfaceMethods(t types.Type) (*types.Interface, bool) {
	n, ok := t.(*types.Named)
	if !ok || n.TypeArgs().Len() > 0 {
		return nil, false
	}
	if pkg := n.Obj().Pkg(); pkg != nil && pkg.Path() == "main" {
		return nil, false
	}
	i, ok := n.Underlying().(*types.Interface)
	if !ok || i.NumMethods() == 0 || !i.IsMethodSet() {
		return nil, false
	}
	var methods []*types.Func
	for j := 0; j < i.NumMethods(); j++ {
		m := i.Method(j)
		sig := m.Type().(*types.Signature)
		methods = append(methods, types.NewFunc(token.NoPos, m.Pkg(), m.Name(),
			types.NewSignatureType(nil, nil, nil, sig.Params(), sig.Results(), sig.Variadic())))
	}
	return types.NewInterfaceType(methods, nil).Complete(), true
}

// holdsCellValue is _methodicHoldsCell: whether x is a value of a cell
// type as yaegi hands it to compiled code (its valueInterface). It is
// variadic for the reason recovered is.
func holdsCellValue(x ...any) bool {
	if len(x) != 1 {
		return false
	}
	_, ok := interpretedValue(x[0])
	return ok
}

// singleAsserts rewrites the single-value assertions of the piece to an
// interface of compiled code, v.(fmt.Stringer) (fix
// assert-compiled-interface), which have the bug of the comma-ok form:
//
//	func(x interface{}) fmt.Stringer {
//		if _methodicHoldsCell(x) {
//			if _, ok := _methodicNotNil(x).(interface{ String() string }); !ok {
//				_methodicAssertFail(x, "fmt.Stringer", "String")
//			}
//			c, _ := _methodicNotNil(x).(interface{ String() string })
//			return c
//		}
//		return x.(fmt.Stringer)
//	}(v)
//
// with one check per method, in the order of their names, so that the
// panic names the first one missing as Go's does.
func (f *fixer) singleAsserts() {
	comma := map[ast.Expr]bool{}
	ast.Inspect(f.root, func(n ast.Node) bool {
		switch s := n.(type) {
		case *ast.AssignStmt:
			if len(s.Lhs) == 2 && len(s.Rhs) == 1 {
				comma[ast.Unparen(s.Rhs[0])] = true
			}
		case *ast.ValueSpec:
			if len(s.Names) == 2 && len(s.Values) == 1 {
				comma[ast.Unparen(s.Values[0])] = true
			}
		}
		return true
	})
	astutil.Apply(f.root, nil, func(c *astutil.Cursor) bool {
		ta, ok := c.Node().(*ast.TypeAssertExpr)
		if !ok || ta.Type == nil || comma[ta] || f.made[ta] {
			return true
		}
		if _, ok := c.Parent().(*ast.TypeSwitchStmt); ok {
			return true
		}
		if r := f.singleAssert(ta); r != nil {
			c.Replace(r)
		}
		return true
	})
}

// singleAssert returns the rewrite of ta (singleAsserts), or nil.
func (f *fixer) singleAssert(ta *ast.TypeAssertExpr) ast.Expr {
	if !cellInterface(f.typeOf(ta.X)) {
		return nil
	}
	tt := f.typeOf(ta.Type)
	lit, ok := compiledInterfaceMethods(tt)
	if !ok {
		return nil
	}
	p := ta.Pos()
	litX, ok1 := f.s.typeSource(lit, p)
	resX, ok2 := f.s.typeSource(tt, p)
	if !ok1 || !ok2 {
		return nil
	}
	var names []string
	for i := 0; i < lit.NumMethods(); i++ {
		names = append(names, lit.Method(i).Name())
	}
	sort.Strings(names)
	id := func(name string) *ast.Ident { return &ast.Ident{NamePos: p, Name: name} }
	str := func(s string) *ast.BasicLit {
		return &ast.BasicLit{ValuePos: p, Kind: token.STRING, Value: strconv.Quote(s)}
	}
	arg, c, okName := f.temp("_methodicAX"), f.temp("_methodicAC"), f.temp("_methodicAOK")
	notNil := func() ast.Expr {
		return &ast.CallExpr{Fun: id("_methodicNotNil"), Lparen: p, Args: []ast.Expr{id(arg)}, Rparen: p}
	}
	assert := func(t ast.Expr) *ast.TypeAssertExpr {
		a := &ast.TypeAssertExpr{X: notNil(), Lparen: p, Type: t, Rparen: p}
		f.mark(a)
		return a
	}
	var held []ast.Stmt
	for _, name := range names {
		m := lit.Method(0)
		for i := 0; i < lit.NumMethods(); i++ {
			if lit.Method(i).Name() == name {
				m = lit.Method(i)
			}
		}
		one, ok := f.s.typeSource(types.NewInterfaceType([]*types.Func{m}, nil).Complete(), p)
		if !ok {
			return nil
		}
		held = append(held, &ast.IfStmt{If: p,
			Init: &ast.AssignStmt{Lhs: []ast.Expr{id("_"), id(okName)}, TokPos: p, Tok: token.DEFINE, Rhs: []ast.Expr{assert(one)}},
			Cond: &ast.UnaryExpr{OpPos: p, Op: token.NOT, X: id(okName)},
			Body: &ast.BlockStmt{Lbrace: p, Rbrace: p, List: []ast.Stmt{&ast.ExprStmt{X: &ast.CallExpr{Fun: id("_methodicAssertFail"), Lparen: p,
				Args: []ast.Expr{id(arg), str(types.TypeString(tt, func(p *types.Package) string { return p.Name() })), str(name)}, Rparen: p}}}}})
	}
	held = append(held,
		&ast.AssignStmt{Lhs: []ast.Expr{id(c), id("_")}, TokPos: p, Tok: token.DEFINE, Rhs: []ast.Expr{assert(litX)}},
		&ast.ReturnStmt{Return: p, Results: []ast.Expr{id(c)}})
	last := &ast.TypeAssertExpr{X: id(arg), Lparen: p, Type: ta.Type, Rparen: p}
	f.mark(last)
	return &ast.CallExpr{Fun: &ast.FuncLit{
		Type: &ast.FuncType{Func: p,
			Params: &ast.FieldList{Opening: p, Closing: p, List: []*ast.Field{{Names: []*ast.Ident{id(arg)},
				Type: &ast.InterfaceType{Interface: p, Methods: &ast.FieldList{Opening: p, Closing: p}}}}},
			Results: &ast.FieldList{Opening: p, Closing: p, List: []*ast.Field{{Type: resX}}}},
		Body: &ast.BlockStmt{Lbrace: p, Rbrace: p, List: []ast.Stmt{
			&ast.IfStmt{If: p, Cond: &ast.CallExpr{Fun: id("_methodicHoldsCell"), Lparen: p, Args: []ast.Expr{id(arg)}, Rparen: p},
				Body: &ast.BlockStmt{Lbrace: p, Rbrace: p, List: held}},
			&ast.ReturnStmt{Return: p, Results: []ast.Expr{last}},
		}},
	}, Lparen: p, Args: []ast.Expr{ta.X}, Rparen: ta.End()}
}

// assertFail is _methodicAssertFail: the panic of a failed assertion of
// a value of a cell type to an interface of compiled code, in Go's words
// (interface conversion: *main.T is not fmt.Stringer: missing method
// String).
func (s *Session) assertFail(x any, target, method string) {
	name := reflect.TypeOf(x).String()
	if rv, ok := interpretedValue(x); ok {
		name = rv.Type().String()
		t, ptr := rv.Type(), ""
		if t.Kind() == reflect.Pointer {
			t, ptr = t.Elem(), "*"
		}
		if m := s.cellTypes.Load(); m != nil {
			if ct := (*m)[t]; ct != nil && ct.label != "" {
				name = ptr + ct.label
			}
		}
	}
	panic(goRuntimeError{"interface conversion: " + name + " is not " + target + ": missing method " + method})
}
