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
)

// fixCellInterfaceAssert is the rewrite of fix cell-interface-assert: an
// assertion of a value of an empty interface type to an interface of the
// cells, v.(Named), is false in yaegi v0.16.1 when v holds a value of a
// struct type of the cells (yaegi keeps such a value in an any without
// its methods), and the value got fails when used ("reflect: call of
// reflect.Value.Interface on zero Value"). Asserted to its own type
// first, the value comes back with its methods. yaegi's assertion to a
// struct type of the cells is true for any value of the same runtime
// struct type (v.(A) holds for a B with the same fields), so the type is
// the one the kernel's table of cell struct types names for the value's
// runtime type (_methodicCellType: "A", "*P", "" for a value of another
// kind, "?" for a runtime type several cell types share, where the
// assertion cannot be answered and fails with an error saying so rather
// than give a wrong answer). The assertion becomes
//
//	func(_methodicV any) (Named, bool) {
//		switch _methodicCellType(_methodicV) {
//		case "A": x, ok := _methodicV.(A); return x, ok
//		case "*P": ...
//		case "B": return nil, false // a cell struct type without the methods
//		case "?": panic(_methodicAssertError("Unsupported: ..."))
//		}
//		x, ok := _methodicV.(Named)
//		return x, ok
//	}(v)
//
// and its single-result form panics with Go's message for a cell type
// without the methods or a nil value. Values of other types (compiled
// ones, cell types over a non-struct type) get yaegi's assertion as
// before.
func fixCellInterfaceAssert(f *fixer, n ast.Node) {
	switch p := n.(type) {
	case *ast.AssignStmt:
		if len(p.Lhs) == 2 && len(p.Rhs) == 1 {
			if c := f.cellIfaceAssert(p.Rhs[0], true); c != nil {
				p.Rhs[0] = c
			}
			return
		}
	case *ast.ValueSpec:
		if len(p.Names) == 2 && len(p.Values) == 1 {
			if c := f.cellIfaceAssert(p.Values[0], true); c != nil {
				p.Values[0] = c
			}
			return
		}
	case *ast.TypeSwitchStmt:
		return // its x.(type) is no assertion
	}
	replaceChildExprs(n, func(x ast.Expr) ast.Expr { return f.cellIfaceAssert(x, false) })
}

// replaceChildExprs replaces each expression child of n (a field of type
// ast.Expr or []ast.Expr) for which repl returns a node.
func replaceChildExprs(n ast.Node, repl func(ast.Expr) ast.Expr) {
	v := reflect.ValueOf(n)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return
	}
	exprType := reflect.TypeOf((*ast.Expr)(nil)).Elem()
	e := v.Elem()
	for i := 0; i < e.NumField(); i++ {
		fv := e.Field(i)
		switch {
		case fv.Type() == exprType && !fv.IsNil():
			if c := repl(fv.Interface().(ast.Expr)); c != nil {
				fv.Set(reflect.ValueOf(c))
			}
		case fv.Kind() == reflect.Slice && fv.Type().Elem() == exprType:
			for j := 0; j < fv.Len(); j++ {
				if x, ok := fv.Index(j).Interface().(ast.Expr); ok {
					if c := repl(x); c != nil {
						fv.Index(j).Set(reflect.ValueOf(c))
					}
				}
			}
		}
	}
}

// cellIfaceAssert returns what x becomes when it is an assertion fix
// cell-interface-assert rewrites, else nil.
func (f *fixer) cellIfaceAssert(x ast.Expr, commaOk bool) ast.Expr {
	ta, ok := x.(*ast.TypeAssertExpr)
	if !ok || ta.Type == nil {
		return nil
	}
	xt, tt := f.typeOf(ta.X), f.typeOf(ta.Type)
	if xt == nil || tt == nil {
		return nil
	}
	if xi, ok := xt.Underlying().(*types.Interface); !ok || !xi.Empty() {
		return nil
	}
	// name spells the interface in the code, goName in messages.
	var iface *types.Interface
	var name, goName string
	switch t := types.Unalias(tt).(type) {
	case *types.Named:
		if t.Obj().Pkg() == nil || t.Obj().Pkg().Path() != "main" || t.TypeParams().Len() > 0 {
			return nil
		}
		iface, _ = t.Underlying().(*types.Interface)
		name, goName = t.Obj().Name(), "main."+t.Obj().Name()
	case *types.Interface:
		// A literal one, v.(interface{ Get() int }): yaegi fails
		// ("reflect.Set: value of type interface {} is not assignable
		// to type interp.valueInterface") where the value is of a cell
		// type.
		src, ok := f.s.typeSource(t, ta.Pos())
		if !ok {
			return nil
		}
		iface, name, goName = t, types.ExprString(src), goTypeString(t)
	}
	if iface == nil || iface.Empty() {
		return nil
	}
	impls, others := implementers(f.cellTypeNames(), iface)
	if len(impls) == 0 {
		return nil
	}
	shared := fmt.Sprintf("case \"?\":\npanic(_methodicAmbiguous(%q))\n", goName)
	var b strings.Builder
	if commaOk {
		fmt.Fprintf(&b, "func(_methodicV any) (%s, bool) {\nif _methodicV == nil {\nreturn nil, false\n}\n_methodicV = _methodicCellValue(_methodicV)\nswitch _methodicCellType(_methodicV) {\n", name)
		for _, t := range impls {
			fmt.Fprintf(&b, "case %q:\nx, ok := _methodicV.(%s)\nreturn x, ok\n", t, t)
		}
		if len(others) > 0 {
			fmt.Fprintf(&b, "case %s:\nreturn nil, false\n", quoteAll(others))
		}
		fmt.Fprintf(&b, "%s}\nx, ok := _methodicV.(%s)\nreturn x, ok\n}", shared, name)
	} else {
		fmt.Fprintf(&b, "func(_methodicV any) %s {\nif _methodicV == nil {\npanic(_methodicAssertError(%q))\n}\n_methodicV = _methodicCellValue(_methodicV)\nswitch _methodicCellType(_methodicV) {\n", name,
			"interface conversion: interface is nil, not "+goName)
		for _, t := range impls {
			fmt.Fprintf(&b, "case %q:\nreturn _methodicV.(%s)\n", t, t)
		}
		for _, t := range others {
			m, _ := types.MissingMethod(t.typ, iface, true)
			fmt.Fprintf(&b, "case %q:\npanic(_methodicAssertError(%q))\n", t.name,
				fmt.Sprintf("interface conversion: main.%s is not %s: missing method %s", strings.TrimPrefix(t.name, "*"), goName, m.Name()))
		}
		fmt.Fprintf(&b, "%s}\nreturn _methodicV.(%s)\n}", shared, name)
	}
	lit, err := parser.ParseExpr(b.String())
	if err != nil {
		return nil
	}
	placeAt(lit, ta.Pos())
	return &ast.CallExpr{Fun: lit, Lparen: ta.Pos(), Args: []ast.Expr{ta.X}, Rparen: ta.End()}
}

// cellTypeName is one struct type of the cells, or a pointer to one, as
// _methodicCellType names it.
type cellTypeName struct {
	name string // "A", "*P"
	typ  types.Type
}

func quoteAll(ts []cellTypeName) string {
	q := make([]string, len(ts))
	for i, t := range ts {
		q[i] = strconv.Quote(t.name)
	}
	return strings.Join(q, ", ")
}

// cellTypeNames returns the types declared at the top level of the
// cells: the session's, and those of the piece being fixed, which the
// check has already taken out of the session's package again.
func (f *fixer) cellTypeNames() map[string]*types.TypeName {
	out := map[string]*types.TypeName{}
	scope := f.s.types.pkg.Scope()
	for _, n := range scope.Names() {
		if tn, ok := scope.Lookup(n).(*types.TypeName); ok {
			out[n] = tn
		}
	}
	for _, obj := range f.info.Defs {
		if tn, ok := obj.(*types.TypeName); ok && tn.Pkg() != nil && tn.Parent() == tn.Pkg().Scope() {
			out[tn.Name()] = tn
		}
	}
	return out
}

// implementers returns the struct types of the cells whose values
// implement iface, T, or *T when T's method set does not
// and *T's does, and those that do not (T and *T); aliases and generic
// types are left out.
func implementers(names map[string]*types.TypeName, iface *types.Interface) (impls []string, others []cellTypeName) {
	sorted := make([]string, 0, len(names))
	for n := range names {
		sorted = append(sorted, n)
	}
	sort.Strings(sorted)
	for _, n := range sorted {
		tn := names[n]
		if tn.IsAlias() || strings.HasPrefix(n, "_methodic") {
			continue
		}
		t, ok := tn.Type().(*types.Named)
		if !ok || t.TypeParams().Len() > 0 {
			continue
		}
		if _, ok := t.Underlying().(*types.Struct); !ok {
			continue
		}
		p := types.NewPointer(t)
		switch {
		case types.Implements(t, iface):
			impls = append(impls, n, "*"+n)
		case types.Implements(p, iface):
			impls = append(impls, "*"+n)
			others = append(others, cellTypeName{n, t})
		default:
			others = append(others, cellTypeName{n, t}, cellTypeName{"*" + n, p})
		}
	}
	return impls, others
}

// cellTypeOf is _methodicCellType: the name of the struct type of the
// cells (or pointer to one) of v's runtime type, "A" or "*P", when the
// kernel's table of cell struct types names exactly one; "" otherwise.
func (s *Session) cellTypeOf(x any) string {
	if x == nil {
		return ""
	}
	if rv, ok := interpretedValue(x); ok {
		x = rv.Interface()
	}
	return s.cellTypeOfType(reflect.TypeOf(x))
}

// ambiguousAssert is _methodicAmbiguous: the error of an assertion to
// the interface iface of a value whose runtime type several struct types
// of the cells share.
func ambiguousAssert(iface string) error { return ambiguousAssertError{iface} }

type ambiguousAssertError struct{ iface string }

func (e ambiguousAssertError) Error() string {
	return "Unsupported: a type assertion to " + e.iface + " of a value of a struct type of the cells that has the same fields as another one: " +
		"yaegi v0.16.1 gives such types one runtime type, so that the value's own type is unknown (declare the types with different fields)"
}

// assertError is _methodicAssertError: the runtime.Error of a failed
// type assertion, with Go's message.
func assertError(msg string) error { return goRuntimeError{msg} }

// placeAt puts every position of the syntax tree n at pos, leaving alone
// those that are none (a call's Ellipsis says so that it has none).
func placeAt(n ast.Node, pos token.Pos) {
	posType := reflect.TypeOf(token.NoPos)
	ast.Inspect(n, func(n ast.Node) bool {
		v := reflect.ValueOf(n)
		if n == nil || v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
			return n != nil
		}
		e := v.Elem()
		for i := 0; i < e.NumField(); i++ {
			if f := e.Field(i); f.Type() == posType && f.CanSet() && f.Interface().(token.Pos) != token.NoPos {
				f.Set(reflect.ValueOf(pos))
			}
		}
		return true
	})
}
