package interp

import (
	"go/ast"
	"go/token"
	"go/types"
)

// The fixes of switch statements: switch-init and type-switch-interface
// (see the table in fixes.go).

// fixSwitchInit moves the init statement of an expression switch with a
// tag into a block around it: switch s := "go"; s + "lang" { ... } took
// the default clause in yaegi v0.16.1. { s := "go"; switch s + "lang" {
// ... } } means the same.
func fixSwitchInit(f *fixer, st ast.Stmt) []ast.Stmt {
	sw, wrap := switchOf(st)
	s, ok := sw.(*ast.SwitchStmt)
	if !ok || s.Init == nil || s.Tag == nil {
		return nil
	}
	init := s.Init
	s.Init = nil
	return []ast.Stmt{&ast.BlockStmt{Lbrace: st.Pos(), List: []ast.Stmt{init, wrap}, Rbrace: st.End()}}
}

// switchOf returns the switch statement st is, or that st labels, and
// the statement that holds it (st).
func switchOf(st ast.Stmt) (ast.Stmt, ast.Stmt) {
	if l, ok := st.(*ast.LabeledStmt); ok {
		return l.Stmt, st
	}
	return st, st
}

// fixTypeSwitch rewrites a type switch with a case of an interface type
// into an expression switch over the results of comma-ok assertions:
// yaegi v0.16.1 matches a case by the name of the dynamic type only, so
// that case error: never matched an error of compiled code (nor any
// value of a type other than the interface itself). The comma-ok
// assertions, which yaegi gets right (on a value that is not nil), are
// made first, in the order of the cases; the first case that holds runs, with its variable bound as
// Go binds it. break still leaves the switch.
//
//	switch x := v.(type) { case int: A; case error, fmt.Stringer: B; default: C }
//
// becomes
//
//	{ _ts := v; var _ok1, _ok2, _ok3 bool
//	  if _ts != nil { _, _ok1 = _ts.(int); _, _ok2 = _ts.(error); _, _ok3 = _ts.(fmt.Stringer) }
//	  switch { case _ok1: x, _ := _ts.(int); _ = x; A; case _ok2 || _ok3: x := _ts; _ = x; B; default: x := _ts; _ = x; C } }
func fixTypeSwitch(f *fixer, st ast.Stmt) []ast.Stmt {
	sw, wrap := switchOf(st)
	ts, ok := sw.(*ast.TypeSwitchStmt)
	if !ok || !(f.hasInterfaceCase(ts) || f.cellCaseOfCompiled(ts) || f.methodCase(ts) || f.namedCase(ts)) {
		return nil
	}
	if !f.insideFunc(st) {
		out := f.typeSwitchInFunc(st)
		if out == nil && f.namedCase(ts) {
			// yaegi's own switch would take a wrong case (fix named-values).
			return []ast.Stmt{&ast.ExprStmt{X: &ast.Ident{NamePos: ts.Pos(),
				Name: "a_type_switch_with_a_case_of_a_type_over_a_basic_type_that_returns_continues_jumps_or_defers_at_the_top_level_of_a_cell_is_not_supported_by_the_kernel_put_it_in_a_function"}}}
		}
		return out
	}
	var bind *ast.Ident // x of x := v.(type)
	var guard ast.Expr
	switch a := ts.Assign.(type) {
	case *ast.AssignStmt:
		if len(a.Lhs) != 1 || len(a.Rhs) != 1 {
			return nil
		}
		bind, _ = a.Lhs[0].(*ast.Ident)
		guard = a.Rhs[0]
	case *ast.ExprStmt:
		guard = a.X
	}
	ta, ok := ast.Unparen(guard).(*ast.TypeAssertExpr)
	if !ok || ta.Type != nil {
		return nil
	}
	p := ts.Pos()
	id := func(name string) *ast.Ident { return &ast.Ident{NamePos: p, Name: name} }
	val := f.temp("_methodicTS")
	// The assertions made below are of the guard's type: fix
	// assert-compiled-interface looks at them.
	guardType := f.typeOf(ta.X)
	var list []ast.Stmt
	if ts.Init != nil {
		list = append(list, ts.Init)
	}
	list = append(list, &ast.AssignStmt{Lhs: []ast.Expr{id(val)}, TokPos: p, Tok: token.DEFINE, Rhs: []ast.Expr{ta.X}})
	// yaegi fails on a comma-ok assertion of a nil interface: the
	// assertions are made when the value is not nil.
	oks := &ast.GenDecl{TokPos: p, Tok: token.VAR}
	asserts := &ast.IfStmt{If: p, Cond: &ast.BinaryExpr{X: id(val), OpPos: p, Op: token.NEQ, Y: id("nil")}, Body: &ast.BlockStmt{Lbrace: p, Rbrace: p}}
	body := &ast.BlockStmt{Lbrace: ts.Body.Lbrace, Rbrace: ts.Body.Rbrace}
	for _, c := range ts.Body.List {
		cc := c.(*ast.CaseClause)
		var conds []ast.Expr
		for _, t := range cc.List {
			if f.isNil(t) {
				conds = append(conds, &ast.BinaryExpr{X: id(val), OpPos: p, Op: token.EQL, Y: id("nil")})
				continue
			}
			ok := f.temp("_methodicTSok")
			oks.Specs = append(oks.Specs, &ast.ValueSpec{Names: []*ast.Ident{id(ok)}, Type: id("bool")})
			if f.cellInterfaceCase(t) {
				asserts.Body.List = append(asserts.Body.List, f.cellInterfaceAssert(p, val, t, id("_"), id(ok)))
				conds = append(conds, id(ok))
				continue
			}
			asserts.Body.List = append(asserts.Body.List, &ast.AssignStmt{Lhs: []ast.Expr{id("_"), id(ok)}, TokPos: p, Tok: token.ASSIGN,
				Rhs: []ast.Expr{&ast.TypeAssertExpr{X: f.typed(id(val), guardType), Lparen: p, Type: t, Rparen: p}}})
			conds = append(conds, id(ok))
		}
		var cond []ast.Expr // nil: default
		if len(conds) > 0 {
			or := conds[0]
			for _, c := range conds[1:] {
				or = &ast.BinaryExpr{X: or, OpPos: p, Op: token.LOR, Y: c}
			}
			cond = []ast.Expr{or}
		}
		stmts := cc.Body
		if bind != nil && bind.Name != "_" && len(cc.List) == 1 && f.cellInterfaceCase(cc.List[0]) {
			stmts = append([]ast.Stmt{
				&ast.DeclStmt{Decl: &ast.GenDecl{TokPos: p, Tok: token.VAR, Specs: []ast.Spec{
					&ast.ValueSpec{Names: []*ast.Ident{{NamePos: bind.NamePos, Name: bind.Name}}, Type: cc.List[0]}}}},
				f.cellInterfaceAssert(p, val, cc.List[0], id(bind.Name), id("_")),
				&ast.AssignStmt{Lhs: []ast.Expr{id("_")}, TokPos: p, Tok: token.ASSIGN, Rhs: []ast.Expr{id(bind.Name)}},
			}, stmts...)
		} else if bind != nil && bind.Name != "_" {
			x := &ast.Ident{NamePos: bind.NamePos, Name: bind.Name}
			lhs, v := []ast.Expr{x}, ast.Expr(id(val))
			if len(cc.List) == 1 && !f.isNil(cc.List[0]) {
				// The comma-ok form: yaegi fails on x := v.(error) for a
				// value of a cell type, not on x, _ := v.(error).
				lhs = append(lhs, id("_"))
				v = &ast.TypeAssertExpr{X: f.typed(id(val), guardType), Lparen: p, Type: cc.List[0], Rparen: p}
			}
			stmts = append([]ast.Stmt{
				&ast.AssignStmt{Lhs: lhs, TokPos: p, Tok: token.DEFINE, Rhs: []ast.Expr{v}},
				&ast.AssignStmt{Lhs: []ast.Expr{id("_")}, TokPos: p, Tok: token.ASSIGN, Rhs: []ast.Expr{id(bind.Name)}},
			}, stmts...)
		}
		body.List = append(body.List, &ast.CaseClause{Case: cc.Case, List: cond, Colon: cc.Colon, Body: stmts})
	}
	if len(oks.Specs) > 0 {
		list = append(list, &ast.DeclStmt{Decl: oks}, asserts)
	}
	sw2 := &ast.SwitchStmt{Switch: ts.Switch, Body: body}
	if l, ok := wrap.(*ast.LabeledStmt); ok {
		l.Stmt = sw2
		list = append(list, l)
	} else {
		list = append(list, sw2)
	}
	return []ast.Stmt{&ast.BlockStmt{Lbrace: p, List: list, Rbrace: st.End()}}
}

// cellInterfaceAssert returns the statement that assigns x, ok =
// v.(t), t an interface of the cells, for the rewrite of a type switch
// (x or ok may be _; x and ok are left alone when v is not a t). yaegi
// v0.16.1 gets such a comma-ok assertion right for a value of a cell
// type when the value comes out of a compiled function (it panics with
// "method not found" in a type switch when the value lacks a method),
// and a compiled value right in a type switch that binds a variable (a
// type switch that binds none matches nothing):
//
//	if _methodicHoldsCell(v) {
//		x, ok = _methodicNotNil(v).(t)
//	} else {
//		switch y := v.(type) { case t: x, ok = y, true }
//	}
func (f *fixer) cellInterfaceAssert(p token.Pos, v string, t ast.Expr, x, ok *ast.Ident) ast.Stmt {
	id := func(name string) *ast.Ident { return &ast.Ident{NamePos: p, Name: name} }
	y := f.temp("_methodicTSy")
	held := &ast.AssignStmt{Lhs: []ast.Expr{x, ok}, TokPos: p, Tok: token.ASSIGN, Rhs: []ast.Expr{&ast.TypeAssertExpr{
		X: &ast.CallExpr{Fun: id("_methodicNotNil"), Lparen: p, Args: []ast.Expr{id(v)}, Rparen: p}, Lparen: p, Type: t, Rparen: p}}}
	var set ast.Stmt = &ast.AssignStmt{Lhs: []ast.Expr{id(x.Name), id(ok.Name)}, TokPos: p, Tok: token.ASSIGN, Rhs: []ast.Expr{id(y), id("true")}}
	if ok.Name == "_" {
		set = &ast.AssignStmt{Lhs: []ast.Expr{id(x.Name)}, TokPos: p, Tok: token.ASSIGN, Rhs: []ast.Expr{id(y)}}
	}
	sw := &ast.TypeSwitchStmt{Switch: p,
		Assign: &ast.AssignStmt{Lhs: []ast.Expr{id(y)}, TokPos: p, Tok: token.DEFINE, Rhs: []ast.Expr{&ast.TypeAssertExpr{X: id(v), Lparen: p, Rparen: p}}},
		Body:   &ast.BlockStmt{Lbrace: p, Rbrace: p, List: []ast.Stmt{&ast.CaseClause{Case: p, List: []ast.Expr{t}, Colon: p, Body: []ast.Stmt{set}}}}}
	return &ast.IfStmt{If: p, Cond: &ast.CallExpr{Fun: id("_methodicHoldsCell"), Lparen: p, Args: []ast.Expr{id(v)}, Rparen: p},
		Body: &ast.BlockStmt{Lbrace: p, Rbrace: p, List: []ast.Stmt{held}},
		Else: &ast.BlockStmt{Lbrace: p, Rbrace: p, List: []ast.Stmt{sw}}}
}

// cellInterfaceCase reports whether t, a case of a type switch, names an
// interface of the cells (type Shape interface{...}, interface{ M() }).
func (f *fixer) cellInterfaceCase(t ast.Expr) bool {
	typ := f.typeOf(t)
	if typ == nil || !types.IsInterface(typ) {
		return false
	}
	if named, ok := typ.(*types.Named); ok {
		pkg := named.Obj().Pkg()
		return pkg != nil && pkg.Path() == "main"
	}
	return typ.Underlying().(*types.Interface).NumMethods() > 0
}

// insideFunc reports whether st is in the body of a function of the
// piece. The rewrite of a type switch is made there only: at the top
// level of a cell, the variables of its block collide in yaegi's global
// frame ("reflect.Set: value of type *bool is not assignable to type
// *struct {}") when the value is of a cell type; such a switch is first
// put in a function literal (typeSwitchInFunc).
func (f *fixer) insideFunc(st ast.Node) bool {
	if f.inFunc == nil {
		f.inFunc = map[ast.Node]bool{}
		depth := 0
		var stack []ast.Node
		ast.Inspect(f.root, func(n ast.Node) bool {
			if n == nil {
				top := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				switch top.(type) {
				case *ast.FuncLit, *ast.FuncDecl:
					depth--
				}
				return true
			}
			stack = append(stack, n)
			if depth > 0 {
				f.inFunc[n] = true
			}
			switch n.(type) {
			case *ast.FuncLit, *ast.FuncDecl:
				depth++
			}
			return true
		})
	}
	return f.inFunc[st]
}

// typeSwitchInFunc puts a type switch at the top level of a cell, which
// fixTypeSwitch does not rewrite there, in a function literal called on
// the spot, func() { switch ... }(), where it does: yaegi took the
// default clause of for _, w := range []any{Sq{2}} { switch y :=
// w.(type) { case Sq: ... } } at the top level, silently (E16). A switch
// whose body leaves it otherwise than by its end or a break (a continue
// or a break of an enclosing loop, a goto, a return) or defers a call
// (which would run when the literal returns rather than when the cell
// ends) is left as it is: it returns nil then.
func (f *fixer) typeSwitchInFunc(st ast.Stmt) []ast.Stmt {
	inner := map[string]bool{} // labels declared in st
	ast.Inspect(st, func(n ast.Node) bool {
		if l, ok := n.(*ast.LabeledStmt); ok {
			inner[l.Label.Name] = true
		}
		_, lit := n.(*ast.FuncLit)
		return !lit
	})
	leaves := false
	var walk func(n ast.Node, loops int)
	walk = func(n ast.Node, loops int) {
		ast.Inspect(n, func(c ast.Node) bool {
			if c == n || leaves {
				return !leaves
			}
			switch c := c.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ForStmt, *ast.RangeStmt:
				walk(c, loops+1)
				return false
			case *ast.ReturnStmt, *ast.DeferStmt:
				leaves = true
			case *ast.BranchStmt:
				switch {
				case c.Label != nil:
					leaves = !inner[c.Label.Name]
				case c.Tok == token.GOTO, c.Tok == token.CONTINUE && loops == 0:
					leaves = true
				}
			}
			return !leaves
		})
	}
	walk(st, 0)
	if leaves {
		return nil
	}
	ast.Inspect(st, func(n ast.Node) bool {
		if n != nil {
			f.inFunc[n] = true
		}
		return true
	})
	p := st.Pos()
	lit := &ast.FuncLit{
		Type: &ast.FuncType{Func: p, Params: &ast.FieldList{Opening: p, Closing: p}},
		Body: &ast.BlockStmt{Lbrace: p, List: []ast.Stmt{st}, Rbrace: st.End()},
	}
	return []ast.Stmt{&ast.ExprStmt{X: &ast.CallExpr{Fun: lit, Lparen: st.End(), Rparen: st.End()}}}
}

// hasInterfaceCase reports whether a case of ts names an interface type
// of compiled code (error, fmt.Stringer), and none an interface of the
// cells or a type parameter: yaegi matches those right, and a value
// asserted to an interface of the cells outside a type switch fails
// ("reflect.Set: value of type interface {} is not assignable to type
// interp.valueInterface"), so that such a switch is left as it is.
func (f *fixer) hasInterfaceCase(ts *ast.TypeSwitchStmt) bool {
	found := false
	ok := f.eachCaseType(ts, func(t ast.Expr, typ types.Type) bool {
		if types.IsInterface(typ) && !f.cellInterfaceCase(t) {
			found = true
		}
		return true
	})
	return ok && found
}

// eachCaseType calls visit with each case expression of ts whose type the
// check knows, and that type, until visit returns false. It reports false
// when visit did, or when a case names a type parameter (the switches
// below leave those to yaegi), and true otherwise.
func (f *fixer) eachCaseType(ts *ast.TypeSwitchStmt, visit func(t ast.Expr, typ types.Type) bool) bool {
	for _, c := range ts.Body.List {
		for _, t := range c.(*ast.CaseClause).List {
			typ := f.typeOf(t)
			if typ == nil {
				continue
			}
			if _, ok := typ.(*types.TypeParam); ok {
				return false
			}
			if !visit(t, typ) {
				return false
			}
		}
	}
	return true
}

// cellCaseOfCompiled reports whether ts switches over a value of an
// interface type of compiled code (error, io.Reader) with a case naming a
// type of the cells (switch e := err.(type) { case *MyErr: }) and no case
// naming an interface of the cells or a type parameter: yaegi's type
// switch does not look into the wrapper that holds such a value and took
// the default clause, while its comma-ok assertion does (fix
// error-wrappers).
func (f *fixer) cellCaseOfCompiled(ts *ast.TypeSwitchStmt) bool {
	var x ast.Expr
	switch a := ts.Assign.(type) {
	case *ast.AssignStmt:
		if len(a.Rhs) == 1 {
			x = a.Rhs[0]
		}
	case *ast.ExprStmt:
		x = a.X
	}
	ta, ok := ast.Unparen(x).(*ast.TypeAssertExpr)
	if !ok {
		return false
	}
	xt := f.typeOf(ta.X)
	if xt == nil {
		return false
	}
	xi, ok := xt.Underlying().(*types.Interface)
	if !ok || xi.Empty() {
		return false
	}
	if named, ok := xt.(*types.Named); !ok || named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == "main" {
		return false // an interface of the cells, or a literal one
	}
	found := false
	ok = f.eachCaseType(ts, func(_ ast.Expr, typ types.Type) bool {
		if types.IsInterface(typ) {
			// Only interfaces of compiled code may stand beside.
			named, ok := typ.(*types.Named)
			return ok && (named.Obj().Pkg() == nil || named.Obj().Pkg().Path() != "main")
		}
		if isCellType(typ) {
			found = true
		}
		return true
	})
	return ok && found
}

// methodCase reports whether a case of ts names a type of the cells that
// has methods, and none a type parameter (a case naming an interface of
// the cells beside it is matched by cellInterfaceAssert).
// yaegi v0.16.1 matches such a case by how the value was stored, not by
// its type: a switch that binds its variable (switch x := v.(type))
// missed a value passed as an argument of type any (func d(v any) with
// d(Sq{1}) took the default clause), and a switch without one misses a
// value stored as itself in a slot of type any ([]any{any(Sq{1})}); its
// comma-ok assertion is right for both.
func (f *fixer) methodCase(ts *ast.TypeSwitchStmt) bool {
	found := false
	ok := f.eachCaseType(ts, func(_ ast.Expr, typ types.Type) bool {
		// An interface of the cells is left to cellInterfaceAssert.
		if !types.IsInterface(typ) && isCellType(typ) && types.NewMethodSet(types.NewPointer(derefType(typ))).Len() > 0 {
			found = true
		}
		return true
	})
	return ok && found
}

// derefType returns the element type of a pointer type, or t.
func derefType(t types.Type) types.Type {
	if p, ok := t.(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// fixRangeAssign gives a range statement that assigns its variables (for
// i = range x, for k, v = range m) variables of its own, assigned to the
// targets at the top of the body: yaegi v0.16.1 left the targets
// unchanged. The range over an integer (fix range-int, which runs first)
// ranges over a slice, whose index is an int: the target gets it
// converted to its own type.
func fixRangeAssign(f *fixer, n ast.Node) {
	r, ok := n.(*ast.RangeStmt)
	if !ok || r.Tok != token.ASSIGN || r.Key == nil {
		return
	}
	p := r.For
	var lhs, rhs []ast.Expr
	key := f.temp("_methodicRK")
	var kv ast.Expr = &ast.Ident{NamePos: p, Name: key}
	if t := f.typeOf(r.Key); t != nil {
		if b, ok := t.Underlying().(*types.Basic); ok && b.Info()&types.IsInteger != 0 && !types.Identical(t, types.Typ[types.Int]) {
			typ := ast.Expr(&ast.Ident{NamePos: p, Name: b.Name()})
			if named, ok := t.(*types.Named); ok {
				src, ok := f.s.typeSource(named, p)
				if !ok {
					return
				}
				typ = src
			}
			kv = &ast.CallExpr{Fun: typ, Lparen: p, Args: []ast.Expr{kv}, Rparen: p}
		}
	}
	lhs, rhs = append(lhs, r.Key), append(rhs, kv)
	r.Key = &ast.Ident{NamePos: p, Name: key}
	if r.Value != nil {
		val := f.temp("_methodicRV")
		lhs, rhs = append(lhs, r.Value), append(rhs, &ast.Ident{NamePos: p, Name: val})
		r.Value = &ast.Ident{NamePos: p, Name: val}
	}
	r.Tok = token.DEFINE
	r.Body.List = append([]ast.Stmt{&ast.AssignStmt{Lhs: lhs, TokPos: p, Tok: token.ASSIGN, Rhs: rhs}}, r.Body.List...)
}
