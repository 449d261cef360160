package interp

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strconv"
)

// fixNamedValues (fix named-values): yaegi v0.16.1 gives a type declared
// over a basic type without methods (type ID int, type Celsius float64)
// the runtime type of its underlying type, and keeps its values in an
// interface bare, so that nothing at run time tells an ID held in an any
// from a Count or an int: v.(ID) was true for an any holding Count(3) or
// 3, a type switch with case ID: case Count: case int: took the first of
// them for all three, and one with only case Meters: took the default
// clause for a Meters (its assertion compares runtime types, and a
// constant conversion made the value a float64 of another node). Where
// the check says a value of such a type becomes an interface value (an
// assignment, a declaration with a type, a return, an argument of an
// interpreted function, an element or map key of a composite literal, a
// conversion, a value sent, an operand compared with an interface, a case
// of a switch over an interface, a map key), it goes into the interface as a namedValue, a kernel value that
// carries the type's name with the value:
//
//	var v any = Count(3)  →  var v any = _methodicNamed(Count(3), "main.Count")
//
// and an assertion to such a type asks the kernel whether the value is
// one of that type, unwrapping it (namedView for the comma-ok form,
// namedMust, which panics with Go's message, for the other):
//
//	x, ok := v.(ID)  →  x, ok := _methodicNamedView(v, "main.ID").(ID)
//
// A type switch with a case of such a type becomes comma-ok assertions
// (fix type-switch-interface), which go the same way. A namedValue is
// comparable (by name and value, as Go compares interface values), a map
// key, prints its value for every verb (it is a fmt.Formatter; the cells'
// %T names the type) and marshals to JSON as its value. Values reaching
// compiled functions as arguments are left bare (fmt.Println(c) prints
// what Go prints); types with methods, struct types, generic types and
// types declared inside functions are left alone. A value that reaches an
// interface through code of a type parameter (var a any = x in a generic
// function instantiated with ID) stays bare, and is asserted as the
// underlying type.
func fixNamedValues(f *fixer, n ast.Node) {
	if f.info == nil {
		return
	}
	// The comma-ok assertions first: to struct types too.
	switch n := n.(type) {
	case *ast.AssignStmt:
		if len(n.Lhs) == 2 && len(n.Rhs) == 1 {
			f.namedCommaOk(n.Rhs[0])
		}
	case *ast.ValueSpec:
		if len(n.Names) == 2 && len(n.Values) == 1 {
			f.namedCommaOk(n.Values[0])
		}
	}
	if !f.namedTypes() {
		return
	}
	switch n := n.(type) {
	case *ast.BinaryExpr:
		if n.Op != token.EQL && n.Op != token.NEQ {
			return
		}
		xt, yt := f.typeOf(n.X), f.typeOf(n.Y)
		switch {
		case namedValueType(xt) && isEmptyIface(yt):
			n.X = f.namedValue(n.X, yt)
		case namedValueType(yt) && isEmptyIface(xt):
			n.Y = f.namedValue(n.Y, xt)
		}
		return
	case *ast.SwitchStmt:
		if t := f.typeOf(n.Tag); n.Tag != nil && isEmptyIface(t) {
			for _, c := range n.Body.List {
				cc := c.(*ast.CaseClause)
				for i, e := range cc.List {
					cc.List[i] = f.namedValue(e, t)
				}
			}
		}
		return
	case *ast.IndexExpr:
		if m, ok := typeUnder(f.typeOf(n.X)).(*types.Map); ok && namedValueType(f.typeOf(n.Index)) {
			n.Index = f.namedValue(n.Index, m.Key())
		}
		return
	case *ast.CompositeLit:
		if m, ok := typeUnder(f.typeOf(n)).(*types.Map); ok && isEmptyIface(m.Key()) {
			for _, e := range n.Elts {
				if kv, ok := e.(*ast.KeyValueExpr); ok && namedValueType(f.typeOf(kv.Key)) {
					kv.Key = f.namedValue(kv.Key, m.Key())
				}
			}
		}
	case *ast.CallExpr:
		if f.made[n] || f.isCompiledFunc(n.Fun) {
			return
		}
	}
	f.conversions(n, namedValueType, f.namedValue)
}

// namedTypes reports whether a cell of the session (the piece being
// fixed included) has declared a namedValueType: without one, fix
// named-values costs a cell nothing. The session remembers it for good.
func (f *fixer) namedTypes() bool {
	if f.named == 0 {
		f.named = 1
		if !f.s.namedTypes {
			for _, obj := range f.info.Defs {
				if tn, ok := obj.(*types.TypeName); ok && namedValueType(tn.Type()) {
					f.s.namedTypes = true
					break
				}
			}
		}
		if f.s.namedTypes {
			f.named = 2
		}
	}
	return f.named == 2
}

// namedValueType reports whether t is a type of the cells that fix
// named-values keeps in interfaces as a namedValue: a defined type over a
// basic type, without methods, declared at the cells' top level, not
// generic.
func namedValueType(t types.Type) bool {
	nt := topCellType(t)
	if nt == nil {
		return false
	}
	b, ok := nt.Underlying().(*types.Basic)
	if !ok || b.Info()&types.IsUntyped != 0 || b.Kind() == types.UnsafePointer || b.Kind() == types.Invalid {
		return false
	}
	return types.NewMethodSet(types.NewPointer(nt)).Len() == 0
}

// isEmptyIface reports whether t is an interface type without methods.
func isEmptyIface(t types.Type) bool {
	if t == nil {
		return false
	}
	if _, ok := types.Unalias(t).(*types.TypeParam); ok {
		return false
	}
	i, ok := t.Underlying().(*types.Interface)
	return ok && i.Empty() && i.IsMethodSet()
}

// namedTypeName is how Go's %T spells t: main.ID.
func namedTypeName(t types.Type) string {
	return types.TypeString(t, func(p *types.Package) string { return p.Name() })
}

// namedValue returns x made a namedValue by the kernel when the check
// says x, of a namedValueType, becomes a value of an empty interface
// there (target), else x.
func (f *fixer) namedValue(x ast.Expr, target types.Type) ast.Expr {
	if !isEmptyIface(target) || f.made[x] {
		return x
	}
	t := f.typeOf(x)
	if !namedValueType(t) {
		return x
	}
	p := x.Pos()
	out := &ast.CallExpr{Fun: &ast.Ident{NamePos: p, Name: "_methodicNamed"}, Lparen: p, Rparen: x.End(),
		Args: []ast.Expr{x, &ast.BasicLit{ValuePos: p, Kind: token.STRING, Value: strconv.Quote(namedTypeName(t))}}}
	f.mark(out)
	return f.typed(out, target)
}

// namedCommaOk rewrites x, when it is an assertion to a namedValueType
// in a comma-ok form, to assert what namedView makes of its operand.
func (f *fixer) namedCommaOk(x ast.Expr) {
	ta, ok := ast.Unparen(x).(*ast.TypeAssertExpr)
	if !ok || ta.Type == nil || f.made[ta] {
		return
	}
	f.namedAssert(ta, "_methodicNamedView")
}

// namedAssert makes the assertion ta, to a namedValueType, assert what
// the kernel function fn (namedView, namedMust) makes of its operand:
// the bare value when the operand is a namedValue of that type.
func (f *fixer) namedAssert(ta *ast.TypeAssertExpr, fn string) bool {
	tt := f.typeOf(ta.Type)
	if !isEmptyIface(f.typeOf(ta.X)) {
		return false
	}
	if !namedValueType(tt) {
		return f.sharedStructAssert(ta, tt, fn == "_methodicNamedMust")
	}
	f.mark(ta)
	p := ta.X.Pos()
	ta.X = f.typed(&ast.CallExpr{Fun: &ast.Ident{NamePos: p, Name: fn}, Lparen: p, Rparen: ta.X.End(),
		Args: []ast.Expr{ta.X, &ast.BasicLit{ValuePos: p, Kind: token.STRING, Value: strconv.Quote(namedTypeName(tt))}}},
		f.typeOf(ta.X))
	return true
}

// namedCase reports whether a case of ts names a namedValueType or a
// struct type that shares its fields with another: the switch becomes
// comma-ok assertions (fix type-switch-interface), which fix named-values
// rewrites.
func (f *fixer) namedCase(ts *ast.TypeSwitchStmt) bool {
	found := false
	ok := f.eachCaseType(ts, func(_ ast.Expr, typ types.Type) bool {
		if namedValueType(typ) || f.sharedStruct(typ) {
			found = true
		}
		return true
	})
	return ok && found
}

// namedValue is a value of a namedValueType held in an interface (fix
// named-values): the type's name as %T spells it, and the value, of the
// runtime type yaegi gives the type (its underlying type).
type namedValue struct {
	typ string
	v   any
}

// Format prints the value as fmt prints it, for every verb but %T,
// which fmt answers itself (the cells' fmt asks typeName).
func (n namedValue) Format(s fmt.State, verb rune) {
	fmt.Fprintf(s, fmt.FormatString(s, verb), n.v)
}

// panicString is how Go's runtime shows a panic with n: main.ID(3),
// main.Name("x").
func (n namedValue) panicString() string {
	if s, ok := n.v.(string); ok {
		return n.typ + "(" + strconv.Quote(s) + ")"
	}
	return fmt.Sprintf("%s(%v)", n.typ, n.v)
}

// MarshalJSON writes the value.
func (n namedValue) MarshalJSON() ([]byte, error) { return json.Marshal(n.v) }

// namedMiss is what namedView gives for a value that is not of the type
// asked: no type of the cells has its runtime type. It is no struct:
// yaegi takes the last field of a struct without methods for its value.
type namedMiss uintptr

// makeNamed is _methodicNamed: v of the type called typ in an interface.
func makeNamed(v any, typ string) any { return namedValue{typ, v} }

// namedView is _methodicNamedView: the value v holds when v is a
// namedValue of the type typ, else a value no assertion to a type of the
// cells accepts.
func namedView(v any, typ string) any {
	if n, ok := v.(namedValue); ok && n.typ == typ {
		return n.v
	}
	return namedMiss(0)
}

// namedMust is _methodicNamedMust: the value v holds when v is a
// namedValue of the type typ, else the panic of Go's failed assertion.
func namedMust(v any, typ string) any {
	if n, ok := v.(namedValue); ok && n.typ == typ {
		return n.v
	}
	panic(assertError("interface conversion: interface {} is " + dynamicTypeName(v) + ", not " + typ))
}

// dynamicTypeName is how a failed assertion names the type of v.
func dynamicTypeName(v any) string {
	switch x := v.(type) {
	case nil:
		return "nil"
	case namedValue:
		return x.typ
	}
	if s := pairType(reflect.ValueOf(v)); s != "" {
		return s
	}
	return reflect.TypeOf(v).String()
}

// hasNamedValue reports whether one of args is a namedValue.
func hasNamedValue(args []any) bool {
	for _, a := range args {
		if _, ok := a.(namedValue); ok {
			return true
		}
	}
	return false
}

// sharedStruct reports whether t is a struct type of the cells without
// methods, declared at the top level, that has the fields (names, types,
// tags, in order) of another struct type of the cells: yaegi gives both
// one runtime type (E25), so that an assertion to t of a value held bare
// in an interface cannot tell them apart.
func (f *fixer) sharedStruct(t types.Type) bool {
	nt := topCellType(t)
	if nt == nil {
		return false
	}
	st, ok := nt.Underlying().(*types.Struct)
	if !ok || types.NewMethodSet(types.NewPointer(nt)).Len() > 0 {
		return false
	}
	obj := nt.Obj()
	other := func(o types.Object) bool {
		tn, ok := o.(*types.TypeName)
		// The same name is the type itself, as another check saw it.
		if !ok || tn == obj || tn.Name() == obj.Name() || tn.IsAlias() {
			return false
		}
		ot, ok := tn.Type().(*types.Named)
		if !ok || ot.TypeParams().Len() > 0 || tn.Parent() == nil || tn.Parent().Parent() != types.Universe {
			return false
		}
		return types.Identical(ot.Underlying(), st)
	}
	for _, o := range f.info.Defs {
		if o != nil && other(o) {
			return true
		}
	}
	if f.s.types != nil && f.s.types.pkg != nil {
		sc := f.s.types.pkg.Scope()
		for _, name := range sc.Names() {
			if other(sc.Lookup(name)) {
				return true
			}
		}
	}
	return false
}

// sharedStructAssert makes the assertion ta to tt, when tt is a
// sharedStruct, ask the kernel first (sharedView, sharedMust), with a
// zero value of tt for its runtime type:
//
//	a, ok := v.(A)  →  a, ok := _methodicSharedView(v, A{}, "main.A").(A)
func (f *fixer) sharedStructAssert(ta *ast.TypeAssertExpr, tt types.Type, must bool) bool {
	if !f.sharedStruct(tt) {
		return false
	}
	f.mark(ta)
	p := ta.X.Pos()
	fn := "_methodicSharedView"
	if must {
		fn = "_methodicSharedMust"
	}
	ta.X = f.typed(&ast.CallExpr{Fun: &ast.Ident{NamePos: p, Name: fn}, Lparen: p, Rparen: ta.X.End(),
		Args: []ast.Expr{ta.X, &ast.CompositeLit{Type: ta.Type, Lbrace: p, Rbrace: p},
			&ast.BasicLit{ValuePos: p, Kind: token.STRING, Value: strconv.Quote(namedTypeName(tt))}}},
		f.typeOf(ta.X))
	return true
}

// sharedView is _methodicSharedView: for an assertion to the struct type
// typ, whose runtime type (that of zero) other struct types of the cells
// share, v itself when the assertion can be left to yaegi, a value no
// assertion to typ accepts when v is yaegi's pair of a value of another
// type, and the panic of an Unsupported error when v is a bare value of
// that runtime type: nothing tells which of the types it is of.
func sharedView(v, zero any, typ string) any {
	if s := pairType(reflect.ValueOf(v)); s != "" {
		if s != typ {
			return namedMiss(0)
		}
		return v
	}
	if v != nil && reflect.TypeOf(v) == reflect.TypeOf(zero) {
		panic(ambiguousAssert(typ))
	}
	return v
}

// sharedMust is _methodicSharedMust: sharedView for the single-value
// form, whose failure panics with Go's message.
func sharedMust(v, zero any, typ string) any {
	w := sharedView(v, zero, typ)
	if _, miss := w.(namedMiss); miss {
		panic(assertError("interface conversion: interface {} is " + dynamicTypeName(v) + ", not " + typ))
	}
	return w
}
