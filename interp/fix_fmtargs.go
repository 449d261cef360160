package interp

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// The fix fmt-static-types (see the table in fixes.go).
//
// yaegi gives a type declared in a cell over a non-struct type (type
// Celsius float64, type Names []string, type Color int) the runtime type
// of its underlying type: a Celsius is a float64 to reflect. Compiled fmt
// so prints %T of it as float64 and %#v of a Names as []string{...}, and
// cannot call the String, Error, Format or GoString methods of such a
// value where yaegi does not wrap it, that is wherever it is not the
// argument itself: the elements of a []Color print as numbers. The
// runtime table of cell types (celltypes.go) cannot help: it tells cell
// struct types apart by their runtime types, and a float64 is any
// float64.
//
// What reflect lost, the type check knows: the static type of every
// argument of a call of fmt's printing functions written in a cell. The
// fix rewrites, after the check, an argument whose static type involves
// cell types that way into a call of a kernel function that hands fmt the
// value together with a description of its type (a fmtType, made from the
// check's types.Type once per type and kept by the session, named in the
// code by its index):
//
//	fmt.Printf("%T %v\n", c, xs)  →  fmt.Printf("%T %v\n", _methodicFmtArg(3, c), _methodicFmtArg(4, xs))
//
// The value it returns, a staticArg, is a fmt.Formatter: the cells' fmt
// functions (cellfmt.go) print it with the cell printer (cellprint.go)
// walking the value and its description together, so that %T and %#v
// name the types as Go does (main.Celsius, []main.Color{...}) and the
// fmt methods of cell types are called at any depth through the
// interpreted adapters the session compiles for each type that declares
// them (celltypes.go, looked up by the type's name). Where the
// description ends (an interface, a type parameter, a compiled type) the
// printer goes on with what the runtime value tells, as before.
//
// Which arguments: for Print, Println and their kin, those whose type
// holds a cell type with one of the fmt methods (a value printed by %v
// never shows its type's name); for Printf and its kin, also those whose
// type holds a cell type over a non-struct type, when a verb may print
// the type (%T, %#v: all verbs when the format is not a constant). An
// argument printed by %w is never wrapped (Errorf must find the error in
// it), nor an argument of Errorf that is an error when the format is not
// a constant. Arguments of any other type go to fmt untouched, so the
// cost is one compiled call per concerned argument, none otherwise. The
// results of a call spread into Print, Println, Sprint or Sprintln
// (fmt.Println(f())) go through a function literal that takes them with
// their static types (fmtTuple).
//
// What the static type cannot tell is left as before: a value held in an
// interface (var v any = Celsius(3); fmt.Printf("%T", v) prints float64,
// as does an element of a []any), arguments spread with ..., calls of
// fmt's functions through a function value or written in compiled code,
// and generic types (methods of an instance are not found by name, so an
// argument involving one with fmt methods is left to yaegi's wrapper).

// fmtPrintArgs are fmt's printing functions, with the index of the first
// argument they print; those ending in f take the format just before it.
var fmtPrintArgs = map[string]int{
	"Print": 0, "Println": 0, "Sprint": 0, "Sprintln": 0,
	"Fprint": 1, "Fprintln": 1, "Append": 1, "Appendln": 1,
	"Printf": 1, "Sprintf": 1, "Errorf": 1, "Fprintf": 2, "Appendf": 2,
}

// fixFmtArgs rewrites the arguments of a call of fmt's printing
// functions whose static types involve cell types.
func fixFmtArgs(f *fixer, n ast.Node) {
	call, ok := n.(*ast.CallExpr)
	if !ok || f.made[call] || call.Ellipsis.IsValid() || f.info == nil {
		return
	}
	var id *ast.Ident
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		id = fun
	case *ast.SelectorExpr:
		id = fun.Sel
	default:
		return
	}
	fn, ok := f.objectOf(id).(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "fmt" {
		return
	}
	first, ok := fmtPrintArgs[fn.Name()]
	if !ok || len(call.Args) <= first {
		return
	}
	printf := strings.HasSuffix(fn.Name(), "f")
	// The verbs of a constant format, by argument.
	var verbs map[int][]directive
	if printf {
		if c, ok := f.checked(call.Args[first-1]).(ast.Expr); ok {
			if tv := f.info.Types[c]; tv.Value != nil && tv.Value.Kind() == constant.String {
				verbs = map[int][]directive{}
				for _, d := range scanFormat(constant.StringVal(tv.Value), len(call.Args)-first) {
					verbs[d.arg] = append(verbs[d.arg], d)
				}
			}
		}
	}
	for i, a := range call.Args[first:] {
		t := f.typeOf(a)
		if t == nil {
			// A generic call converted to its defined result type by
			// fix explicit-instantiation: the conversion is the
			// kernel's, the call the check's.
			if c, ok := a.(*ast.CallExpr); ok && len(c.Args) == 1 && f.made[c.Args[0]] {
				t = f.typeOf(c.Args[0])
			}
		}
		if t == nil {
			continue
		}
		if tu, ok := t.(*types.Tuple); ok {
			if first == 0 && len(call.Args) == 1 {
				f.fmtTuple(call, tu)
			}
			continue
		}
		if emptyInterface(t) {
			// Errorf must find the error an argument printed by %w
			// holds.
			if fn.Name() != "Errorf" || verbs != nil && !printedByW(verbs[i]) {
				f.heldArg(call, first+i)
			}
			continue
		}
		in := cellTypesIn(t)
		if !in.methods && !in.nonStruct && !in.ifaceBelow && !(printf && in.structs) || in.generic {
			// A struct type of the cells goes to Printf with its
			// static type too, for %T and %#v: two cell types with the
			// same fields share one runtime type, which the runtime
			// table cannot name (E25: %T printed struct { A int; B
			// string } for main.T7 once a T4 had the same fields).
			continue
		}
		// The methods of the argument itself (not of its elements or
		// fields) yaegi's wrapper calls, but for GoString.
		need := in.methodsBelow || in.ptrMethods || in.ifaceBelow
		if b, ok := t.Underlying().(*types.Basic); ok && b.Info()&types.IsString != 0 && in.methods && !printf && !strings.HasSuffix(fn.Name(), "ln") {
			// Print puts no space next to a string, as which fmt takes a
			// value of a type over string, but not yaegi's wrapper.
			need = true
		}
		if c, ok := ast.Unparen(a).(*ast.CallExpr); ok && in.methods && in.nonStruct {
			// A call's result of a non-struct cell type reaches fmt
			// without yaegi's wrapper (fmt.Println(mk()) printed [1]
			// for a type M []int with String; a variable is wrapped).
			if fun, ok := f.checked(c.Fun).(ast.Expr); !ok || !f.info.Types[fun].IsType() {
				need = true
			}
		}
		if printf {
			switch {
			case verbs == nil:
				if fn.Name() == "Errorf" && types.Implements(t, errorInterface) {
					continue
				}
				need = true
			case len(verbs[i]) == 0:
				// Printed by no verb: fmt names its runtime type in
				// %!(EXTRA ...), which a wrapper would change.
				need = false
			default:
				for _, d := range verbs[i] {
					if d.verb == 'w' {
						need = false
						break
					}
					if d.verb == 'T' || d.verb == 'v' && d.sharp {
						need = true
					}
					if in.methods && !strings.ContainsRune("vsqxX", d.verb) {
						// A verb for which fmt calls no String or Error
						// (%d) would print yaegi's wrapper.
						need = true
					}
				}
			}
		}
		if !need {
			continue
		}
		k := f.s.fmtTypes.index(t)
		call.Args[first+i] = &ast.CallExpr{
			Fun:    &ast.Ident{NamePos: a.Pos(), Name: "_methodicFmtArg"},
			Lparen: a.Pos(),
			Args:   []ast.Expr{&ast.BasicLit{ValuePos: a.Pos(), Kind: token.INT, Value: strconv.Itoa(k)}, f.nilSafe(a)},
			Rparen: a.End(),
		}
	}
}

// heldArg rewrites the argument i of call, of an empty interface type,
// into _methodicHeld(x) (fix fmt-held-pairs): a value of a cell type with
// methods it holds reaches the cells' fmt functions as yaegi's pair,
// which yaegi would otherwise wrap wrongly.
func (f *fixer) heldArg(call *ast.CallExpr, i int) {
	a := call.Args[i]
	call.Args[i] = &ast.CallExpr{Fun: &ast.Ident{NamePos: a.Pos(), Name: "_methodicHeld"}, Lparen: a.Pos(), Args: []ast.Expr{a}, Rparen: a.End()}
}

// printedByW reports whether one of the directives is %w.
func printedByW(ds []directive) bool {
	for _, d := range ds {
		if d.verb == 'w' {
			return true
		}
	}
	return false
}

// emptyInterface reports whether t is any or another interface without
// methods (not a type parameter).
func emptyInterface(t types.Type) bool {
	if _, ok := types.Unalias(t).(*types.TypeParam); ok {
		return false
	}
	it, ok := t.Underlying().(*types.Interface)
	return ok && it.Empty()
}

// fmtTuple rewrites fmt.Println(f()), f returning several values of
// which some involve cell types with fmt methods, into
//
//	fmt.Println(func(a0 T0, a1 T1) []any { return []any{_methodicFmtArg(k, a0), a1} }(f())...)
//
// so that each value reaches fmt with its static type. yaegi does not
// wrap such values (a generic's result of type Celsius has the runtime
// type float64 and no wrapper), so the methods of the values themselves
// count too.
func (f *fixer) fmtTuple(call *ast.CallExpr, tu *types.Tuple) {
	p := call.Args[0].Pos()
	var params []*ast.Field
	var elts []ast.Expr
	wrapped := false
	for i := 0; i < tu.Len(); i++ {
		t := tu.At(i).Type()
		typ, ok := f.s.typeSource(t, p)
		if !ok {
			return
		}
		name := f.temp("_methodicFmt")
		params = append(params, &ast.Field{Names: []*ast.Ident{{NamePos: p, Name: name}}, Type: typ})
		var e ast.Expr = &ast.Ident{NamePos: p, Name: name}
		if in := cellTypesIn(t); in.methods && !in.generic {
			e = &ast.CallExpr{
				Fun:    &ast.Ident{NamePos: p, Name: "_methodicFmtArg"},
				Lparen: p,
				Args:   []ast.Expr{&ast.BasicLit{ValuePos: p, Kind: token.INT, Value: strconv.Itoa(f.s.fmtTypes.index(t))}, e},
				Rparen: p,
			}
			wrapped = true
		}
		elts = append(elts, e)
	}
	if !wrapped {
		return
	}
	anyType := func() ast.Expr { return &ast.ArrayType{Lbrack: p, Elt: &ast.Ident{NamePos: p, Name: "any"}} }
	lit := &ast.FuncLit{
		Type: &ast.FuncType{Func: p, Params: &ast.FieldList{Opening: p, List: params, Closing: p},
			Results: &ast.FieldList{List: []*ast.Field{{Type: anyType()}}}},
		Body: &ast.BlockStmt{Lbrace: p, List: []ast.Stmt{&ast.ReturnStmt{Return: p,
			Results: []ast.Expr{&ast.CompositeLit{Type: anyType(), Lbrace: p, Elts: elts, Rbrace: p}}}}, Rbrace: p},
	}
	call.Args[0] = &ast.CallExpr{Fun: lit, Lparen: p, Args: []ast.Expr{call.Args[0]}, Rparen: call.Args[0].End()}
	call.Ellipsis = call.Args[0].End()
}

var errorInterface = types.Universe.Lookup("error").Type().Underlying().(*types.Interface)

// cellTypesInfo says what cell types a static type involves, not counting
// what interfaces hold.
type cellTypesInfo struct {
	nonStruct bool // a type declared in the cells over a non-struct type
	methods   bool // a type declared at the cells' top level with a fmt method
	// methodsBelow: such a type other than the argument's own or its
	// pointer's, as the type of an element, a field, a key...
	methodsBelow bool
	// ptrMethods: the argument is of a cell type with a fmt method of a
	// pointer receiver, which is not in its method set, but which
	// yaegi's wrapper calls.
	ptrMethods bool
	// ifaceBelow: an interface type declared in the cells, as the type
	// of an element, a field, a key...: yaegi keeps such values in a
	// struct of its own (valueInterface), which fmt prints as such.
	ifaceBelow bool
	// generic: an instance of a generic type of the cells with a fmt
	// method, which the kernel cannot call (its adapters are compiled
	// for a type by name); yaegi's wrapper calls it when the value is
	// the argument itself.
	generic bool
	// structs: a struct type declared at the cells' top level, not
	// generic. The runtime table names it only when no other cell type
	// has the same fields (yaegi gives such types one runtime type).
	structs bool
}

// cellTypesIn looks through t for types declared in the cells.
func cellTypesIn(t types.Type) cellTypesInfo {
	var in cellTypesInfo
	seen := map[types.Type]bool{}
	depth := 0
	top := false // the argument is a pointer
	var walk func(t types.Type)
	walk = func(t types.Type) {
		t = types.Unalias(t)
		depth++
		defer func() { depth-- }()
		if seen[t] {
			if nt, ok := t.(*types.Named); ok && depth > 2 && fmtMethodNames(nt) != nil && nt.TypeArgs().Len() == 0 {
				in.methodsBelow = true // met again below the top (type L []*L)
			}
			return
		}
		seen[t] = true
		switch t := t.(type) {
		case *types.Named:
			obj := t.Obj()
			if obj.Pkg() == nil || obj.Pkg().Path() != "main" {
				return // predeclared (error) or compiled: reflect knows it
			}
			switch t.Underlying().(type) {
			case *types.Interface:
				if depth > 1 {
					in.ifaceBelow = true
				}
				return
			case *types.Struct:
				if t.TypeArgs().Len() == 0 && obj.Parent() == obj.Pkg().Scope() {
					in.structs = true
				}
			default:
				in.nonStruct = true
			}
			if fmtMethodNames(t) != nil {
				if t.TypeArgs().Len() > 0 {
					in.generic = true
				} else {
					in.methods = true
					if depth > 2 || depth == 2 && !top {
						in.methodsBelow = true
					}
					if depth == 1 && pointerFmtMethod(t) {
						in.ptrMethods = true
					}
				}
			}
			walk(t.Underlying())
		case *types.Pointer:
			if depth == 1 {
				top = true // the pointer's methods are the argument's
			}
			walk(t.Elem())
		case *types.Slice:
			walk(t.Elem())
		case *types.Array:
			walk(t.Elem())
		case *types.Chan:
			walk(t.Elem())
		case *types.Map:
			walk(t.Key())
			walk(t.Elem())
		case *types.Struct:
			for i := 0; i < t.NumFields(); i++ {
				walk(t.Field(i).Type())
			}
		case *types.Signature:
			for _, tu := range []*types.Tuple{t.Params(), t.Results()} {
				for i := 0; i < tu.Len(); i++ {
					walk(tu.At(i).Type())
				}
			}
		}
	}
	walk(t)
	return in
}

// pointerFmtMethod reports whether t declares a fmt method on its pointer
// type.
func pointerFmtMethod(t *types.Named) bool {
	for i := 0; i < t.NumMethods(); i++ {
		switch m := t.Method(i); m.Name() {
		case "Format", "GoString", "Error", "String":
			if _, ok := m.Type().(*types.Signature).Recv().Type().(*types.Pointer); ok {
				return true
			}
		}
	}
	return false
}

// fmtMethodNames returns the fmt methods declared on a named type (on
// either receiver), or nil.
func fmtMethodNames(t *types.Named) []string {
	var out []string
	for i := 0; i < t.NumMethods(); i++ {
		switch m := t.Method(i).Name(); m {
		case "Format", "GoString", "Error", "String":
			out = append(out, m)
		}
	}
	return out
}

// A fmtType describes the static type of a value handed to fmt, where it
// involves cell types: what reflect does not know of it.
type fmtType struct {
	str    string // the type as %T prints it: []main.Color
	name   string // a type declared at the cells' top level: its name, by which its fmt methods are found
	iface  bool   // an interface: the value's dynamic type tells from here
	elem   *fmtType
	key    *fmtType // of a map
	fields []fmtField
}

// A fmtField is a field of a struct type.
type fmtField struct {
	name     string
	exported bool
	t        *fmtType
}

// fmtTypes keeps the descriptions the rewritten code names by index. The
// fixer adds to it on the execution goroutine; the cells' fmt functions
// read it from any goroutine.
type fmtTypes struct {
	mu    sync.Mutex
	byKey map[string]int
	all   atomic.Pointer[[]*fmtType]
}

// index returns the index of the description of t, making it if needed.
func (ft *fmtTypes) index(t types.Type) int {
	d, key := describeType(t)
	ft.mu.Lock()
	defer ft.mu.Unlock()
	if k, ok := ft.byKey[key]; ok {
		return k
	}
	if ft.byKey == nil {
		ft.byKey = map[string]int{}
	}
	var all []*fmtType
	if p := ft.all.Load(); p != nil {
		all = *p
	}
	all = append(all[:len(all):len(all)], d)
	ft.all.Store(&all)
	ft.byKey[key] = len(all) - 1
	return len(all) - 1
}

// at returns the description of index k.
func (ft *fmtTypes) at(k int) *fmtType {
	if p := ft.all.Load(); p != nil && k >= 0 && k < len(*p) {
		return (*p)[k]
	}
	return nil
}

// describeType makes the description of t, and a key that tells it from
// the description of any other type: its type string and the identities
// of the cell types it names (a redefined type is another type).
func describeType(t types.Type) (*fmtType, string) {
	var key strings.Builder
	memo := map[types.Type]*fmtType{}
	var desc func(t types.Type) *fmtType
	desc = func(t types.Type) *fmtType {
		t = types.Unalias(t)
		if d, ok := memo[t]; ok {
			return d
		}
		in := cellTypesIn(t)
		_, isIface := t.Underlying().(*types.Interface)
		if !in.nonStruct && !in.methods && !isIface && !hasCellStruct(t) {
			memo[t] = nil
			return nil // reflect knows it
		}
		d := &fmtType{str: goTypeString(t)}
		memo[t] = d
		if isIface {
			d.iface = true
			return d
		}
		u := t
		if nt, ok := t.(*types.Named); ok {
			obj := nt.Obj()
			if obj.Pkg() != nil && obj.Pkg().Path() == "main" {
				fmt.Fprintf(&key, "|%p", nt)
				if obj.Parent() != nil && obj.Parent().Parent() == types.Universe && nt.TypeArgs().Len() == 0 {
					d.name = obj.Name()
				}
			}
			u = nt.Underlying()
		}
		switch u := u.(type) {
		case *types.Pointer:
			d.elem = desc(u.Elem())
		case *types.Slice:
			d.elem = desc(u.Elem())
		case *types.Array:
			d.elem = desc(u.Elem())
		case *types.Chan:
			d.elem = desc(u.Elem())
		case *types.Map:
			d.key, d.elem = desc(u.Key()), desc(u.Elem())
		case *types.Struct:
			for i := 0; i < u.NumFields(); i++ {
				fv := u.Field(i)
				d.fields = append(d.fields, fmtField{name: fv.Name(), exported: fv.Exported(), t: desc(fv.Type())})
			}
		}
		return d
	}
	d := desc(t)
	return d, goTypeString(t) + key.String()
}

// hasCellStruct reports whether t is or holds a type declared in the
// cells, not counting what interfaces hold.
func hasCellStruct(t types.Type) bool {
	return typeHas(t, func(t types.Type) (bool, bool) {
		switch t := t.(type) {
		case *types.Named:
			o := t.Obj()
			return o.Pkg() != nil && o.Pkg().Path() == "main", false
		case *types.Interface:
			return false, false
		}
		return false, true
	})
}

// goTypeString spells t as reflect.Type.String does in a built program,
// which %T prints: packages by name, interface {} and struct { A int }
// with their spaces, byte as uint8.
func goTypeString(t types.Type) string {
	var b strings.Builder
	writeGoType(&b, t, map[types.Type]bool{})
	return b.String()
}

func writeGoType(b *strings.Builder, t types.Type, seen map[types.Type]bool) {
	switch t := types.Unalias(t).(type) {
	case *types.Basic:
		switch t.Kind() {
		case types.Uint8:
			b.WriteString("uint8")
		case types.Int32:
			b.WriteString("int32")
		case types.UnsafePointer:
			b.WriteString("unsafe.Pointer")
		default:
			b.WriteString(types.Default(t).(*types.Basic).Name())
		}
	case *types.Named:
		obj := t.Obj()
		if obj.Pkg() != nil {
			b.WriteString(obj.Pkg().Name() + ".")
		}
		b.WriteString(obj.Name())
		if args := t.TypeArgs(); args.Len() > 0 {
			b.WriteString("[")
			for i := 0; i < args.Len(); i++ {
				if i > 0 {
					b.WriteString(",")
				}
				writeGoType(b, args.At(i), seen)
			}
			b.WriteString("]")
		}
	case *types.Pointer:
		b.WriteString("*")
		writeGoType(b, t.Elem(), seen)
	case *types.Slice:
		b.WriteString("[]")
		writeGoType(b, t.Elem(), seen)
	case *types.Array:
		b.WriteString("[" + strconv.FormatInt(t.Len(), 10) + "]")
		writeGoType(b, t.Elem(), seen)
	case *types.Map:
		b.WriteString("map[")
		writeGoType(b, t.Key(), seen)
		b.WriteString("]")
		writeGoType(b, t.Elem(), seen)
	case *types.Chan:
		switch t.Dir() {
		case types.SendOnly:
			b.WriteString("chan<- ")
		case types.RecvOnly:
			b.WriteString("<-chan ")
		default:
			b.WriteString("chan ")
			if c, ok := types.Unalias(t.Elem()).(*types.Chan); ok && c.Dir() == types.RecvOnly {
				b.WriteString("(")
				writeGoType(b, t.Elem(), seen)
				b.WriteString(")")
				return
			}
		}
		writeGoType(b, t.Elem(), seen)
	case *types.Signature:
		b.WriteString("func")
		writeGoSignature(b, t, seen)
	case *types.Struct:
		if t.NumFields() == 0 {
			b.WriteString("struct {}")
			return
		}
		b.WriteString("struct { ")
		for i := 0; i < t.NumFields(); i++ {
			if i > 0 {
				b.WriteString("; ")
			}
			f := t.Field(i)
			if !f.Embedded() {
				b.WriteString(f.Name() + " ")
			}
			writeGoType(b, f.Type(), seen)
			if tag := t.Tag(i); tag != "" {
				b.WriteString(" " + strconv.Quote(tag))
			}
		}
		b.WriteString(" }")
	case *types.Interface:
		if t.NumMethods() == 0 {
			b.WriteString("interface {}")
			return
		}
		var ms []*types.Func
		for i := 0; i < t.NumMethods(); i++ {
			ms = append(ms, t.Method(i))
		}
		sort.Slice(ms, func(i, j int) bool { return ms[i].Name() < ms[j].Name() })
		b.WriteString("interface { ")
		for i, m := range ms {
			if i > 0 {
				b.WriteString("; ")
			}
			b.WriteString(m.Name())
			writeGoSignature(b, m.Type().(*types.Signature), seen)
		}
		b.WriteString(" }")
	default:
		b.WriteString(types.TypeString(t, func(p *types.Package) string { return p.Name() }))
	}
}

func writeGoSignature(b *strings.Builder, s *types.Signature, seen map[types.Type]bool) {
	b.WriteString("(")
	for i := 0; i < s.Params().Len(); i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		pt := s.Params().At(i).Type()
		if s.Variadic() && i == s.Params().Len()-1 {
			b.WriteString("...")
			pt = pt.(*types.Slice).Elem()
		}
		writeGoType(b, pt, seen)
	}
	b.WriteString(")")
	switch r := s.Results(); r.Len() {
	case 0:
	case 1:
		b.WriteString(" ")
		writeGoType(b, r.At(0).Type(), seen)
	default:
		b.WriteString(" (")
		for i := 0; i < r.Len(); i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			writeGoType(b, r.At(i).Type(), seen)
		}
		b.WriteString(")")
	}
}

// staticArg is an argument of fmt with the description of its static
// type: a fmt.Formatter the cell printer prints.
type staticArg struct {
	s *Session
	t *fmtType
	v any
}

// fmtArg is _methodicFmtArg: the value of an argument whose static type
// is description k.
func (s *Session) fmtArg(k int, v any) any {
	t := s.fmtTypes.at(k)
	if t == nil {
		return v
	}
	return &staticArg{s: s, t: t, v: v}
}

func (a *staticArg) Format(st fmt.State, verb rune) {
	if verb == typeVerb {
		w, _ := st.Width()
		p := cellPrinter{w: st, width: w, minus: st.Flag('-')}
		p.pad(a.t.str)
		return
	}
	c := &cellValue{v: reflect.ValueOf(a.v), t: a.t}
	if m := a.s.cellTypes.Load(); m != nil {
		c.m = *m
	}
	if n := a.s.cellNamed.Load(); n != nil {
		c.named = *n
	}
	c.Format(st, verb)
}

// isString reports whether fmt's Print would take the argument for a
// string (it puts no space next to strings).
func (a *staticArg) isString() bool {
	return a.v != nil && reflect.TypeOf(a.v).Kind() == reflect.String
}
