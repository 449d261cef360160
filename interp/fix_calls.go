package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strings"
)

// The fixes of calls: goroutine-panic, defer-args, defer-receiver,
// closure-to-compiled and explicit-instantiation (see the table in
// fixes.go).

// fixGoStmt makes go f(x) into
// { t := x; go func() { defer _methodicRecover(); f(t) }() }, so that a
// panic in the goroutine is reported on stderr and the kernel lives. The
// arguments are still evaluated by the go statement, as Go does.
func fixGoStmt(f *fixer, st ast.Stmt) []ast.Stmt {
	g, ok := st.(*ast.GoStmt)
	if !ok {
		return nil
	}
	call := g.Call
	if f.isBuiltinCall(call) {
		return nil
	}
	if id, ok := call.Fun.(*ast.Ident); ok && strings.HasPrefix(id.Name, "_methodicG") && len(call.Args) == 0 {
		return nil // rewritten already
	}
	p := g.Pos()
	var assign *ast.AssignStmt
	args := make([]ast.Expr, len(call.Args))
	if len(call.Args) > 0 {
		assign, args = f.argTemps(p, call.Args, "_methodicA")
	}
	inner := &ast.CallExpr{Fun: call.Fun, Lparen: call.Lparen, Args: args, Ellipsis: call.Ellipsis, Rparen: call.Rparen}
	body := &ast.BlockStmt{Lbrace: p, Rbrace: g.End(), List: []ast.Stmt{
		&ast.DeferStmt{Defer: p, Call: &ast.CallExpr{Fun: &ast.Ident{NamePos: p, Name: "_methodicRecover"}, Lparen: p, Rparen: p}},
		&ast.ExprStmt{X: inner},
	}}
	// The goroutine's literal is made apart (fix closure-write-back): a
	// goroutine of the same go statement that ends would otherwise put
	// its closure back where the next one is made, in a loop. It goes
	// through a variable: yaegi's go statement of a call's result (go
	// f()()) gives every goroutine the variables of the last.
	gr := f.temp("_methodicG")
	made := &ast.AssignStmt{Lhs: []ast.Expr{&ast.Ident{NamePos: p, Name: gr}}, TokPos: p, Tok: token.DEFINE,
		Rhs: []ast.Expr{f.madeApart(&ast.FuncLit{Type: &ast.FuncType{Func: p, Params: &ast.FieldList{}}, Body: body})}}
	ng := &ast.GoStmt{Go: p, Call: &ast.CallExpr{Fun: &ast.Ident{NamePos: p, Name: gr}, Lparen: g.End(), Rparen: g.End()}}
	list := []ast.Stmt{made, ng}
	if assign != nil {
		list = []ast.Stmt{assign, made, ng}
	}
	return []ast.Stmt{&ast.BlockStmt{Lbrace: p, Rbrace: g.End(), List: list}}
}

// fixDeferArgs makes defer f(a, b) into { t1, t2 := a, b; defer f(t1, t2) }:
// yaegi reads a deferred call's arguments when it runs the call. Calls of
// builtins and calls with a function literal among their arguments are
// left alone (a deferred call that runs a closure made in the same
// function hangs in yaegi whatever its form: traefik/yaegi#1697).
func fixDeferArgs(f *fixer, st ast.Stmt) []ast.Stmt {
	d, ok := st.(*ast.DeferStmt)
	if !ok {
		return nil
	}
	call := d.Call
	if f.isBuiltinCall(call) {
		return nil
	}
	needed := false
	for _, a := range call.Args {
		switch a := a.(type) {
		case *ast.FuncLit:
			return nil
		case *ast.BasicLit:
		case *ast.Ident:
			if !strings.HasPrefix(a.Name, "_methodic") && !f.constOrNil(a) { // not rewritten already
				needed = true
			}
		default:
			needed = true
		}
	}
	if !needed {
		return nil
	}
	p := d.Pos()
	// A constant or nil stays where it is: it reads the same when the
	// call runs, and a temporary of untyped nil does not compile ("nil
	// reflect type": defer cancel(nil) of a context.CancelCauseFunc).
	var vary []ast.Expr
	for _, a := range call.Args {
		if !f.constOrNil(a) {
			vary = append(vary, a)
		}
	}
	if len(vary) == 0 {
		return nil
	}
	assign, temps := f.argTemps(p, vary, "_methodicD")
	nc := *call
	nc.Args = make([]ast.Expr, len(call.Args))
	for i, a := range call.Args {
		if f.constOrNil(a) {
			nc.Args[i] = a
		} else {
			nc.Args[i], temps = temps[0], temps[1:]
		}
	}
	return []ast.Stmt{&ast.BlockStmt{Lbrace: p, List: []ast.Stmt{assign, &ast.DeferStmt{Defer: d.Defer, Call: &nc}}, Rbrace: call.End()}}
}

// constOrNil reports whether the check found x to be a constant or nil.
func (f *fixer) constOrNil(x ast.Expr) bool {
	if f.info == nil {
		return false
	}
	c, ok := f.checked(x).(ast.Expr)
	if !ok {
		return false
	}
	tv := f.info.Types[c]
	return tv.Value != nil || tv.IsNil()
}

// fixDeferReceiver makes defer x.M(a, b) into
// defer func(r T, p1 A, p2 B) { r.M(p1, p2) }(x, a, b), with &x for a
// pointer method of an addressable x, as Go evaluates the method value
// and the arguments at the defer statement: yaegi looks x up when the
// call runs (defer f.Close() in a loop closed the last f each time), and
// the arguments of a deferred call of a function literal it takes at the
// defer statement. The check gives the types; a call of a package's
// function (pkg.F), or one whose types cannot be written, is left alone.
func fixDeferReceiver(f *fixer, st ast.Stmt) []ast.Stmt {
	d, ok := st.(*ast.DeferStmt)
	if !ok {
		return nil
	}
	sel, ok := ast.Unparen(d.Call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	s := f.selection(sel)
	if s == nil || s.Kind() != types.MethodVal {
		return nil
	}
	fn, ok := s.Obj().(*types.Func)
	if !ok {
		return nil
	}
	sig := fn.Type().(*types.Signature)
	recv, recvType := sel.X, s.Recv()
	if r := sig.Recv(); r != nil && !types.IsInterface(recvType) {
		_, ptrRecv := r.Type().(*types.Pointer)
		_, isPtr := recvType.Underlying().(*types.Pointer)
		if ptrRecv && !isPtr {
			// x.M means (&x).M.
			recv = &ast.UnaryExpr{OpPos: sel.X.Pos(), Op: token.AND, X: sel.X}
			recvType = types.NewPointer(recvType)
		}
	}
	p := d.Pos()
	ident := func(name string) *ast.Ident { return &ast.Ident{NamePos: p, Name: name} }
	rt, ok := f.s.typeSource(recvType, p)
	if !ok {
		return nil
	}
	rname := f.temp("_methodicR")
	params := []*ast.Field{{Names: []*ast.Ident{ident(rname)}, Type: rt}}
	args := []ast.Expr{recv}
	inner := &ast.CallExpr{Fun: &ast.SelectorExpr{X: ident(rname), Sel: ident(sel.Sel.Name)}, Lparen: p, Rparen: p, Ellipsis: d.Call.Ellipsis}
	n := sig.Params().Len()
	for i, a := range d.Call.Args {
		var t types.Type
		switch {
		case sig.Variadic() && i >= n-1 && d.Call.Ellipsis == token.NoPos:
			t = sig.Params().At(n - 1).Type().(*types.Slice).Elem()
		case i < n:
			t = sig.Params().At(i).Type()
		default:
			return nil
		}
		at, ok := f.s.typeSource(t, p)
		if !ok {
			return nil
		}
		name := f.temp("_methodicD")
		params = append(params, &ast.Field{Names: []*ast.Ident{ident(name)}, Type: at})
		args = append(args, a)
		inner.Args = append(inner.Args, ident(name))
	}
	lit := &ast.FuncLit{Type: &ast.FuncType{Func: p, Params: &ast.FieldList{List: params}},
		Body: &ast.BlockStmt{Lbrace: p, List: []ast.Stmt{&ast.ExprStmt{X: inner}}, Rbrace: p}}
	// The values go through temporaries: yaegi hands a deferred call the
	// variables named in its arguments, not their values, and a
	// temporary is a new variable each time its statement runs.
	assign, temps := f.argTemps(p, args, "_methodicD")
	return []ast.Stmt{&ast.BlockStmt{Lbrace: p, Rbrace: d.End(), List: []ast.Stmt{assign,
		&ast.DeferStmt{Defer: d.Defer, Call: &ast.CallExpr{Fun: lit, Lparen: p, Args: temps, Rparen: d.End()}}}}}
}

// fixClosureToCompiled makes each function literal that a call hands to
// compiled code into func() T { f := lit; return f }(): yaegi gives
// compiled code a function value made from the literal's node that sees
// the variables of the frame as they are when it runs, so that literals
// made in a loop all saw the last iteration's (wg.Go(func() { ... i ...
// }) printed the last i for every call). A literal first stored in a
// variable keeps its own.
func fixClosureToCompiled(f *fixer, n ast.Node) {
	call, ok := n.(*ast.CallExpr)
	if !ok || f.info == nil || !f.isCompiledFunc(call.Fun) {
		return
	}
	for i, a := range call.Args {
		if lit, ok := a.(*ast.FuncLit); ok {
			call.Args[i] = f.madeApart(lit)
		}
	}
}

// fixInstantiate gives every use of a generic function of the cells or
// of the interpreted standard packages (slices, maps, cmp, iter) the type
// arguments the checker inferred, as Map[int, string](xs, strconv.Itoa)
// or slices.Sort[[]int, int](xs): yaegi cannot infer them through a
// function argument, a core type (S ~[]E), an untyped constant or the
// type a generic function value is assigned to, and a partial list
// (Map[int]) gets the full one. A generic function of a compiled package
// that yaegi lacks is replaced by the prelude's interpreted one
// (preludeGenerics). Type arguments that cannot be written at top level
// (a type declared inside a function) leave the use alone.
func fixInstantiate(f *fixer, n ast.Node) {
	if f.info == nil {
		return
	}
	eachExprSlot(n, func(slot *ast.Expr, callee bool) {
		if callee {
			if x, ok := f.inferredByYaegi(*slot); ok {
				*slot = x
				return
			}
		}
		if x, ok := f.instantiated(*slot); ok {
			*slot = x
			if !callee {
				if lit, ok := f.funcValue(x); ok {
					*slot = lit
				}
			}
		}
		if call, ok := (*slot).(*ast.CallExpr); ok && !f.made[call] {
			if x, ok := f.converted(call); ok {
				*slot = x
			}
		}
	})
}

// converted returns call, a call of a generic function whose result is
// of a defined type (type Score int), converted to that type,
// Score(Sum[Score](xs...)): yaegi gives the result the underlying type
// (%T printed int, and the methods of Score were lost).
func (f *fixer) converted(call *ast.CallExpr) (ast.Expr, bool) {
	fun := call.Fun
	switch x := fun.(type) {
	case *ast.IndexExpr:
		fun = x.X
	case *ast.IndexListExpr:
		fun = x.X
	}
	var id *ast.Ident
	switch x := fun.(type) {
	case *ast.Ident:
		id = x
	case *ast.SelectorExpr:
		id = x.Sel
	}
	if id == nil {
		return nil, false
	}
	if _, ok := f.instance(id); !ok {
		return nil, false
	}
	named, ok := f.typeOf(call).(*types.Named)
	if !ok || named.Obj().Pkg() == nil || named.TypeArgs().Len() > 0 {
		return nil, false
	}
	if _, ok := named.Underlying().(*types.Interface); ok {
		return nil, false
	}
	typ, ok := f.s.typeSource(named, call.Pos())
	if !ok {
		return nil, false
	}
	if f.made == nil {
		f.made = map[ast.Node]bool{}
	}
	f.made[call] = true
	return &ast.CallExpr{Fun: typ, Lparen: call.Pos(), Args: []ast.Expr{call}, Rparen: call.End()}, true
}

// inferredByYaegi returns fun, the callee of a call of a generic function
// of the cells inside a generic body with type arguments that are (or
// mention) the body's type parameters, without type arguments, when yaegi
// can infer them itself: each type parameter of fun is the type of one of
// its (non-variadic) parameters, as in Id(a) for func Id[X any](x X) X.
// yaegi fails at run time (a nil dereference) on such a call made with
// explicit type arguments, Id[A](a), when A is a defined type or a
// composite one; where it cannot infer (Map(xs, func(s T) int {...})),
// the explicit form stays, which works for predeclared types.
func (f *fixer) inferredByYaegi(fun ast.Expr) (ast.Expr, bool) {
	bare := fun
	switch x := fun.(type) {
	case *ast.IndexExpr:
		bare = x.X
	case *ast.IndexListExpr:
		bare = x.X
	}
	id, ok := bare.(*ast.Ident)
	if !ok {
		return nil, false
	}
	inst, ok := f.instance(id)
	if !ok || inst.TypeArgs == nil {
		return nil, false
	}
	fn, ok := f.objectOf(id).(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "main" {
		return nil, false
	}
	mentions := false
	for i := 0; i < inst.TypeArgs.Len(); i++ {
		if typeParamsOf(inst.TypeArgs.At(i)) != nil {
			mentions = true
		}
	}
	if !mentions {
		return nil, false
	}
	sig := fn.Type().(*types.Signature)
	direct := map[*types.TypeParam]bool{}
	n := sig.Params().Len()
	if sig.Variadic() {
		n--
	}
	for i := 0; i < n; i++ {
		if tp, ok := sig.Params().At(i).Type().(*types.TypeParam); ok {
			direct[tp] = true
		}
	}
	for i := 0; i < sig.TypeParams().Len(); i++ {
		if !direct[sig.TypeParams().At(i)] {
			return nil, false
		}
	}
	return bare, true
}

// interpretedGenerics are the standard packages whose generic functions
// yaegi runs from source (its own and supplement.go).
var interpretedGenerics = map[string]bool{"slices": true, "maps": true, "cmp": true, "iter": true}

// preludeGenerics maps a generic function of a compiled standard package,
// which yaegi cannot call, to the prelude's interpreted version.
var preludeGenerics = map[string]string{
	"sync.OnceValue":  "_methodicOnceValue",
	"sync.OnceValues": "_methodicOnceValues",
	"errors.AsType":   "_methodicAsType",
	"math/rand/v2.N":  "_methodicRandN",
	// yaegi's maps.Clone calls the runtime's map clone, which it lacks;
	// its slices functions that call the clear builtin (which it lacks
	// too) fail to compile ("not a generic type"), and Concat and Replace
	// fail at run time.
	"maps.Clone":         "_methodicMapsClone",
	"slices.Delete":      "_methodicSlicesDelete",
	"slices.DeleteFunc":  "_methodicSlicesDeleteFunc",
	"slices.Compact":     "_methodicSlicesCompact",
	"slices.CompactFunc": "_methodicSlicesCompactFunc",
	"slices.Concat":      "_methodicSlicesConcat",
	"slices.Replace":     "_methodicSlicesReplace",
}

// isPreludeGeneric reports whether name is one of preludeGenerics'
// replacements.
func isPreludeGeneric(name string) bool {
	for _, v := range preludeGenerics {
		if v == name {
			return true
		}
	}
	return false
}

// instantiated returns e, a generic function named with or without
// (some of) its type arguments, with all of them.
func (f *fixer) instantiated(e ast.Expr) (ast.Expr, bool) {
	fun := e
	switch x := e.(type) {
	case *ast.IndexExpr:
		fun = x.X
	case *ast.IndexListExpr:
		fun = x.X
	}
	var id *ast.Ident
	switch x := fun.(type) {
	case *ast.Ident:
		id = x
	case *ast.SelectorExpr:
		id = x.Sel
	default:
		return nil, false
	}
	inst, ok := f.instance(id)
	if !ok || inst.TypeArgs == nil || inst.TypeArgs.Len() == 0 {
		return nil, false
	}
	fn, ok := f.objectOf(id).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return nil, false
	}
	path := fn.Pkg().Path()
	if sel, ok := fun.(*ast.SelectorExpr); ok {
		if name, ok := preludeGenerics[path+"."+fn.Name()]; ok {
			fun = &ast.Ident{NamePos: sel.Pos(), Name: name}
		} else if path == "main" || !interpretedGenerics[path] {
			return nil, false
		}
	} else if path != "main" {
		return nil, false
	}
	var args []ast.Expr
	for i := 0; i < inst.TypeArgs.Len(); i++ {
		if instantiatesWithParams(inst.TypeArgs.At(i)) {
			// yaegi fails (a nil dereference) on a generic type
			// instantiated with type parameters as a type argument
			// (Pair[K, V] in a generic function): its own inference
			// is tried.
			return nil, false
		}
		ta := inst.TypeArgs.At(i)
		if n, ok := ta.(*types.Named); ok && isIdent(fun, "_methodicRandN") {
			// yaegi fails on a defined type as the type argument
			// (rand.N(10 * time.Second): "NumIn of non-func type
			// time.Duration").
			return f.randNOf(n, fun, id.Pos())
		}
		x, ok := f.s.typeSource(ta, id.Pos())
		if !ok {
			return nil, false
		}
		args = append(args, x)
	}
	p := fun.End()
	if len(args) == 1 {
		return &ast.IndexExpr{X: fun, Lbrack: p, Index: args[0], Rbrack: p}, true
	}
	return &ast.IndexListExpr{X: fun, Lbrack: p, Indices: args, Rbrack: p}, true
}

// eachExprSlot calls do with the places of n that hold an expression
// which may be a generic function used as a value or called (callee).
func eachExprSlot(n ast.Node, do func(slot *ast.Expr, callee bool)) {
	list := func(xs []ast.Expr) {
		for i := range xs {
			do(&xs[i], false)
		}
	}
	switch n := n.(type) {
	case *ast.CallExpr:
		do(&n.Fun, true)
		list(n.Args)
	case *ast.AssignStmt:
		list(n.Rhs)
	case *ast.ValueSpec:
		list(n.Values)
	case *ast.ReturnStmt:
		list(n.Results)
	case *ast.CompositeLit:
		list(n.Elts)
	case *ast.KeyValueExpr:
		do(&n.Value, false)
	case *ast.ParenExpr:
		do(&n.X, true) // (F)(x) as much as a value: left alone
	case *ast.SendStmt:
		do(&n.Value, false)
	}
}

// funcValue returns a generic function instantiated as a value, F[A, B],
// as a function literal that calls it, func(p0 A) B { return F[A, B](p0) }:
// yaegi gives a variable its internal node for F[A] ("reflect.Set: value
// of type *interp.node") and takes F[A, B] for a generic type ("not a
// generic type") when it needs its type.
func (f *fixer) funcValue(x ast.Expr) (ast.Expr, bool) {
	var fun ast.Expr
	switch e := x.(type) {
	case *ast.IndexExpr:
		fun = e.X
	case *ast.IndexListExpr:
		fun = e.X
	default:
		return nil, false
	}
	id, ok := fun.(*ast.Ident)
	if sel, isSel := fun.(*ast.SelectorExpr); isSel {
		id, ok = sel.Sel, true
	}
	if !ok {
		return nil, false
	}
	inst, ok := f.instance(id)
	if !ok {
		// A prelude replacement: its checked name is gone.
		return nil, false
	}
	sig, ok := inst.Type.(*types.Signature)
	if !ok {
		return nil, false
	}
	p := x.Pos()
	params, results := &ast.FieldList{}, &ast.FieldList{}
	var args []ast.Expr
	for i := 0; i < sig.Params().Len(); i++ {
		t := sig.Params().At(i).Type()
		if sig.Variadic() && i == sig.Params().Len()-1 {
			t = t.(*types.Slice).Elem()
		}
		typ, ok := f.s.typeSource(t, p)
		if !ok {
			return nil, false
		}
		if sig.Variadic() && i == sig.Params().Len()-1 {
			typ = &ast.Ellipsis{Ellipsis: p, Elt: typ}
		}
		name := f.temp("_methodicP")
		params.List = append(params.List, &ast.Field{Names: []*ast.Ident{{NamePos: p, Name: name}}, Type: typ})
		args = append(args, &ast.Ident{NamePos: p, Name: name})
	}
	for i := 0; i < sig.Results().Len(); i++ {
		typ, ok := f.s.typeSource(sig.Results().At(i).Type(), p)
		if !ok {
			return nil, false
		}
		results.List = append(results.List, &ast.Field{Type: typ})
	}
	call := &ast.CallExpr{Fun: x, Lparen: p, Args: args, Rparen: p}
	if sig.Variadic() {
		call.Ellipsis = p
	}
	var body ast.Stmt = &ast.ReturnStmt{Return: p, Results: []ast.Expr{call}}
	if sig.Results().Len() == 0 {
		body = &ast.ExprStmt{X: call}
	}
	return &ast.FuncLit{
		Type: &ast.FuncType{Func: p, Params: params, Results: results},
		Body: &ast.BlockStmt{Lbrace: p, List: []ast.Stmt{body}, Rbrace: x.End()},
	}, true
}

// fixMethodValue makes a method value x.M, with M of a value receiver or
// of an interface, into func(r T) F { return r.M }(x), which copies the
// receiver when the method value is made, as Go does: yaegi reads x when
// the method value is called (get := t.Get; t.A = 5; get() gave 5). A
// method called at once (x.M()), and a pointer method, which shares x in
// Go too, are left alone.
func fixMethodValue(f *fixer, n ast.Node) {
	call, _ := n.(*ast.CallExpr)
	replaceExprs(n, func(field string, x ast.Expr) ast.Expr {
		if call != nil && field == "Fun" {
			return x
		}
		sel, ok := x.(*ast.SelectorExpr)
		if !ok {
			return x
		}
		s := f.selection(sel)
		if s == nil || s.Kind() != types.MethodVal {
			return x
		}
		fn, ok := s.Obj().(*types.Func)
		if !ok {
			return x
		}
		recvType := s.Recv()
		recv := sel.X
		if r := fn.Type().(*types.Signature).Recv(); r != nil && !types.IsInterface(recvType) {
			if _, ptr := r.Type().(*types.Pointer); ptr {
				return x
			}
			if pt, ok := recvType.Underlying().(*types.Pointer); ok && s.Indirect() && len(s.Index()) == 1 {
				// A value receiver reached through a pointer: Go
				// copies the value pointed to when the method value
				// is made.
				recvType = pt.Elem()
				recv = &ast.StarExpr{Star: sel.X.Pos(), X: sel.X}
			}
		}
		p := sel.Pos()
		rt, ok1 := f.s.typeSource(recvType, p)
		ft, ok2 := f.s.typeSource(f.typeOf(sel), p)
		if !ok1 || !ok2 {
			return x
		}
		r := f.temp("_methodicM")
		return &ast.CallExpr{
			Fun: &ast.FuncLit{
				Type: &ast.FuncType{Func: p, Params: &ast.FieldList{List: []*ast.Field{{Names: []*ast.Ident{{NamePos: p, Name: r}}, Type: rt}}},
					Results: &ast.FieldList{List: []*ast.Field{{Type: ft}}}},
				Body: &ast.BlockStmt{Lbrace: p, Rbrace: sel.End(), List: []ast.Stmt{&ast.ReturnStmt{Return: p,
					Results: []ast.Expr{&ast.SelectorExpr{X: &ast.Ident{NamePos: p, Name: r}, Sel: &ast.Ident{NamePos: sel.Sel.Pos(), Name: sel.Sel.Name}}}}}},
			},
			Lparen: sel.End(), Args: []ast.Expr{recv}, Rparen: sel.End(),
		}
	})
}

var (
	exprType  = reflect.TypeOf((*ast.Expr)(nil)).Elem()
	exprsType = reflect.TypeOf([]ast.Expr(nil))
)

// replaceExprs calls repl on each expression that n holds directly, in a
// field or a list of its node, with the field's name, and puts what it
// returns in its place.
func replaceExprs(n ast.Node, repl func(field string, x ast.Expr) ast.Expr) {
	v := reflect.ValueOf(n)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return
	}
	e := v.Elem()
	for i := 0; i < e.NumField(); i++ {
		fv, name := e.Field(i), e.Type().Field(i).Name
		switch fv.Type() {
		case exprType:
			if !fv.IsNil() {
				if x := repl(name, fv.Interface().(ast.Expr)); x != fv.Interface() {
					fv.Set(reflect.ValueOf(x))
				}
			}
		case exprsType:
			for k := 0; k < fv.Len(); k++ {
				if el := fv.Index(k); !el.IsNil() {
					if x := repl(name, el.Interface().(ast.Expr)); x != el.Interface() {
						el.Set(reflect.ValueOf(x))
					}
				}
			}
		}
	}
}

// isIdent reports whether e is the identifier name.
func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

// randNOf returns rand.N (the prelude's randN) for n, a defined integer
// type, as a function literal converting to and from its underlying
// type: func(v T) T { return T(randN[U](U(v))) }.
func (f *fixer) randNOf(n *types.Named, randN ast.Expr, pos token.Pos) (ast.Expr, bool) {
	// Each use gets its own nodes.
	t := func() ast.Expr { x, _ := f.s.typeSource(n, pos); return x }
	u := func() ast.Expr { x, _ := f.s.typeSource(n.Underlying(), pos); return x }
	if t() == nil || u() == nil {
		return nil, false
	}
	v := func() *ast.Ident { return &ast.Ident{NamePos: pos, Name: "_methodicV"} }
	call := &ast.CallExpr{Fun: &ast.IndexExpr{X: randN, Lbrack: pos, Index: u(), Rbrack: pos}, Lparen: pos,
		Args: []ast.Expr{&ast.CallExpr{Fun: u(), Lparen: pos, Args: []ast.Expr{v()}, Rparen: pos}}, Rparen: pos}
	return &ast.FuncLit{
		Type: &ast.FuncType{Func: pos,
			Params:  &ast.FieldList{List: []*ast.Field{{Names: []*ast.Ident{v()}, Type: t()}}},
			Results: &ast.FieldList{List: []*ast.Field{{Type: t()}}}},
		Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{&ast.ReturnStmt{Return: pos,
			Results: []ast.Expr{&ast.CallExpr{Fun: t(), Lparen: pos, Args: []ast.Expr{call}, Rparen: pos}}}}, Rbrace: pos},
	}, true
}
