package interp

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
)

// fixAssertCompiledInterface (fix assert-compiled-interface): yaegi
// v0.16.1 gets wrong the assertion of a value of an empty interface or
// an interface of the cells to an interface of compiled code, y, ok :=
// v.(fmt.Stringer), when v holds a value of a cell type, in two ways:
//
//   - held as yaegi's pair of the node that made it and the value (its
//     valueInterface: a value passed as an argument of type any), the
//     wrapper is built from that node read in the frame of the function
//     that asserts: ok was true and y nil (a nil pointer dereference at
//     y.String()), or the frame's slot held another type ("reflect.Set:
//     value of type *bool is not assignable to type *struct {...}"). The
//     first call of a function could work by chance and the next crash.
//     yaegi gets right an assertion of such a value to an interface of
//     its own (a literal interface with the same methods), and the
//     conversion of that to the compiled interface.
//   - held bare (v := any(T{7}), any(&T{}): yaegi stores the
//     struct without its type), the assertion is false: the runtime
//     type, a struct type of reflect, has no methods. Asserted to its own
//     type first (the one the kernel's table of cell struct types names
//     for the runtime type, as fix cell-interface-assert does), the value
//     converts to the compiled interface with its methods.
//
// A compiled value takes yaegi's own assertion, which is right for it.
// _methodicAssertKind tells them apart at run time: "=" for a pair, the
// name of the cell type ("T", "*T", "?" for a runtime type several cell
// types share) for a bare value, "" for anything else. With T having
// String and Other not,
//
//	y, ok := v.(fmt.Stringer)
//
// becomes
//
//	y, ok := func(x interface{}) (fmt.Stringer, bool) {
//		switch _methodicAssertKind(x) {
//		case "=":
//			c, ok := _methodicNotNil(x).(interface{ String() string })
//			if !ok {
//				return nil, false
//			}
//			return c, true
//		case "T":
//			return x.(T), true
//		case "*T": ...
//		case "?":
//			if _methodicSharesType(x, T{}, (*T)(nil)) {
//				panic(_methodicAmbiguous("fmt.Stringer"))
//			}
//		}
//		c, ok := _methodicNotNil(x).(fmt.Stringer)
//		return c, ok
//	}(v)
//
// The assertions the rewrite of a type switch makes (fix
// type-switch-interface) are taken too; the single-value form is
// singleAsserts'.
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
	if r := f.compiledAssert(ta, x, true); r != nil {
		*slot = r
	}
}

// compiledAssert returns the rewrite of ta, an assertion of x to an
// interface of compiled code, in its comma-ok or single-value form
// (fixAssertCompiledInterface, singleAsserts), or nil when it needs
// none.
func (f *fixer) compiledAssert(ta *ast.TypeAssertExpr, x ast.Expr, commaOk bool) ast.Expr {
	if !cellInterface(f.typeOf(x)) {
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
		return nil // a package the session does not import by its name
	}
	res, goName := types.ExprString(resX), types.TypeString(tt, func(p *types.Package) string { return p.Name() })
	arg, c, okName, kind := f.temp("_methodicAX"), f.temp("_methodicAC"), f.temp("_methodicAOK"), f.temp("_methodicAK")
	impls, others := implementers(f.cellTypeNames(), lit)
	var b strings.Builder
	if commaOk {
		fmt.Fprintf(&b, "func(%s string, %s interface{}) (%s, bool) {\nswitch %s {\n", kind, arg, res, kind)
		fmt.Fprintf(&b, "case \"=\":\n%s, %s := _methodicNotNil(%s).(%s)\nif !%s {\nreturn nil, false\n}\nreturn %s, true\n",
			c, okName, arg, types.ExprString(litX), okName, c)
	} else {
		fmt.Fprintf(&b, "func(%s string, %s interface{}) %s {\nswitch %s {\ncase \"=\":\n", kind, arg, res, kind)
		// One method at a time, in the order of their names, so that
		// the panic names the first one missing as Go's does.
		var names []string
		for i := 0; i < lit.NumMethods(); i++ {
			names = append(names, lit.Method(i).Name())
		}
		sort.Strings(names)
		for _, name := range names {
			var m *types.Func
			for i := 0; i < lit.NumMethods(); i++ {
				if lit.Method(i).Name() == name {
					m = lit.Method(i)
				}
			}
			one, ok := f.s.typeSource(types.NewInterfaceType([]*types.Func{m}, nil).Complete(), p)
			if !ok {
				return nil
			}
			fmt.Fprintf(&b, "if _, %s := _methodicNotNil(%s).(%s); !%s {\n_methodicAssertFail(%s, %q, %q)\n}\n",
				okName, arg, types.ExprString(one), okName, arg, goName, name)
		}
		fmt.Fprintf(&b, "%s, _ := _methodicNotNil(%s).(%s)\nreturn %s\n", c, arg, types.ExprString(litX), c)
	}
	// kind names the value's type: its assertion holds.
	for _, t := range impls {
		if commaOk {
			fmt.Fprintf(&b, "case %q:\nreturn %s.(%s), true\n", t, arg, t)
		} else {
			fmt.Fprintf(&b, "case %q:\nreturn %s.(%s)\n", t, arg, t)
		}
	}
	if commaOk && len(others) > 0 {
		fmt.Fprintf(&b, "case %s:\nreturn nil, false\n", quoteAll(others))
	}
	if !commaOk {
		fmt.Fprintf(&b, "case \"nil\":\npanic(_methodicAssertError(%q))\n", "interface conversion: interface is nil, not "+goName)
		for _, t := range others {
			m, _ := types.MissingMethod(t.typ, lit, true)
			fmt.Fprintf(&b, "case %q:\npanic(_methodicAssertError(%q))\n", t.name,
				fmt.Sprintf("interface conversion: main.%s is not %s: missing method %s", strings.TrimPrefix(t.name, "*"), goName, m.Name()))
		}
	}
	if len(impls) > 0 {
		zeros := make([]string, len(impls))
		for i, t := range impls {
			if strings.HasPrefix(t, "*") {
				zeros[i] = "(" + t + ")(nil)"
			} else {
				zeros[i] = t + "{}"
			}
		}
		// In a function of its own: yaegi allocates a frame's values,
		// the composite literals among them, at each call.
		fmt.Fprintf(&b, "case \"?\":\nfunc() {\nif _methodicSharesType(%s, %s) {\npanic(_methodicAmbiguous(%q))\n}\n}()\n", arg, strings.Join(zeros, ", "), goName)
	}
	// The cases go in a function of their own, called for values of
	// cell types only: yaegi allocates every variable of a function at
	// each call, which a compiled value would pay for.
	var last, src string
	if commaOk {
		last = fmt.Sprintf("%s, %s := _methodicNotNil(%s).(%s)\nreturn %s, %s\n", c, okName, arg, res, c, okName)
		src = fmt.Sprintf("func(%s interface{}) (%s, bool) {\n", arg, res)
	} else {
		last = fmt.Sprintf("return %s.(%s)\n", arg, res)
		src = fmt.Sprintf("func(%s interface{}) %s {\n", arg, res)
	}
	body := b.String()
	body = body[strings.Index(body, "switch"):]
	src += fmt.Sprintf("if %s := _methodicAssertKind(%s); %s != \"\" {\n%s}\n}\n%s}",
		kind, arg, kind, body, last)
	fn, err := parser.ParseExpr(src)
	if err != nil {
		return nil
	}
	placeAt(fn, p)
	if types.Identical(tt, errorIface0) {
		f.valueErrors(fn)
	}
	ast.Inspect(fn, func(n ast.Node) bool {
		if a, ok := n.(*ast.TypeAssertExpr); ok {
			f.mark(a)
		}
		return true
	})
	return &ast.CallExpr{Fun: fn, Lparen: p, Args: []ast.Expr{x}, Rparen: ta.End()}
}

// valueErrors makes the kernel's error (fix value-error) of the value
// that the cases of compiledAssert's rewrite fn for a struct type of the
// cells with a value-receiver Error return: yaegi's wrapper would hold
// it as one of its fields.
func (f *fixer) valueErrors(fn ast.Expr) {
	names := f.cellTypeNames()
	ast.Inspect(fn, func(n ast.Node) bool {
		cc, ok := n.(*ast.CaseClause)
		if !ok || len(cc.List) != 1 {
			return true
		}
		lit, ok := cc.List[0].(*ast.BasicLit)
		if !ok {
			return true
		}
		name, err := strconv.Unquote(lit.Value)
		tn := names[name]
		if err != nil || tn == nil || !valueErrorType(tn.Type()) {
			return true
		}
		ast.Inspect(cc, func(n ast.Node) bool {
			if r, ok := n.(*ast.ReturnStmt); ok && len(r.Results) > 0 {
				if a, ok := r.Results[0].(*ast.TypeAssertExpr); ok {
					r.Results[0] = f.valueError(f.typed(a, tn.Type()), errorIface0)
				}
			}
			return true
		})
		return false
	})
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

// assertKind is _methodicAssertKind (fix assert-compiled-interface):
// the name of the struct type of the cells of x's runtime type ("T",
// "*T"; for a bare value "?" when several share it), "=" when x is
// yaegi's pair of a node and a value of another cell type (a type over
// a non-struct one, or a struct type several share: the pair knows its
// methods), "nil" for nil (yaegi's
// own assertion panics with reflect's words), "" otherwise. It is
// variadic for the reason recovered is.
func (s *Session) assertKind(x ...any) string {
	if len(x) != 1 || x[0] == nil {
		return "nil"
	}
	if rv, ok := interpretedValue(x[0]); ok {
		if n := s.cellTypeOfType(rv.Type()); n != "" && n != "?" {
			return n
		}
		return "="
	}
	return s.cellTypeOfType(reflect.TypeOf(x[0]))
}

// sharesType is _methodicSharesType: whether one of zeros, values of
// types of the cells, has x's runtime type.
func sharesType(x any, zeros ...any) bool {
	t := reflect.TypeOf(x)
	for _, z := range zeros {
		if rv, ok := interpretedValue(z); ok {
			z = rv.Interface()
		}
		if reflect.TypeOf(z) == t {
			return true
		}
	}
	return false
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
// assert-compiled-interface), which have the bugs of the comma-ok form:
//
//	func(x interface{}) fmt.Stringer {
//		switch _methodicAssertKind(x) {
//		case "=":
//			if _, ok := _methodicNotNil(x).(interface{ String() string }); !ok {
//				_methodicAssertFail(x, "fmt.Stringer", "String")
//			}
//			c, _ := _methodicNotNil(x).(interface{ String() string })
//			return c
//		case "T":
//			return x.(T)
//		case "nil":
//			panic(_methodicAssertError("interface conversion: interface is nil, not fmt.Stringer"))
//		case "Other":
//			panic(_methodicAssertError("interface conversion: main.Other is not fmt.Stringer: missing method String"))
//		...
//		}
//		return x.(fmt.Stringer)
//	}(v)
//
// with one check per method for a pair, in the order of their names, so
// that the panic names the first one missing as Go's does.
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
		if r := f.compiledAssert(ta, ta.X, false); r != nil {
			c.Replace(r)
		}
		return true
	})
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

// errorIface0 is the predeclared type error.
var errorIface0 = types.Universe.Lookup("error").Type()
