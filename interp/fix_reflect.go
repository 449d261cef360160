package interp

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/types"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// fixReflect is the rewrite of fix reflect-cell-types. yaegi v0.16.1
// gives a struct type of the cells a runtime type of its own making
// (reflect.StructOf): no name, no methods, its unexported fields exported
// under an X prefix. Package reflect, asked by a cell, so answered
// t.Name() "" for a User, t.NumMethod() 0, t.Field(2).Name "Xemail"
// (exported), and v.MethodByName("Greet") the zero Value, which Call
// panicked on. The check knows where a cell calls these methods of
// reflect.Type and reflect.Value, and the kernel's table of cell struct
// types knows the real names: such a call goes to the kernel,
//
//	t.Name()              _methodicTypeName(t)
//	t.String()            _methodicTypeString(t)
//	t.Field(i)            _methodicTypeField(t, i)
//	t.NumMethod()         _methodicTypeNumMethod(t, map[string]int{"User": 1, "*User": 2})
//	v.MethodByName(n)     _methodicValueMethod(v, n, -1, methods)
//	v.Method(i)           _methodicValueMethod(v, "", i, methods)
//	v.NumMethod()         _methodicValueNumMethod(v, methods)
//
// where methods is a function literal the kernel writes from the check's
// method sets of the cells' struct types, returning the method values of
// a value by name:
//
//	func(v any) map[string]any {
//		switch _methodicCellType(v) {
//		case "User": x := v.(User); return map[string]any{"Greet": x.Greet}
//		case "*User": x := v.(*User); return map[string]any{"Greet": x.Greet, "Set": x.Set}
//		}
//		return nil
//	}
//
// The argument of reflect.TypeOf and reflect.ValueOf of an interface
// type, which reaches reflect as yaegi's valueInterface (or an error
// wrapper) when it holds a value of a cell type with methods, goes
// through _methodicReflectArg, which hands over the value held.
//
// Values and types of other types get reflect's answers. Left: a
// reflect.Type printed whole (fmt.Println(t)), Method and MethodByName of
// a reflect.Type, FieldByName with an unexported name, and what compiled
// code asks reflect itself (text/template, D23).
func fixReflect(f *fixer, n ast.Node) {
	call, ok := n.(*ast.CallExpr)
	if !ok {
		return
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || f.made[call] {
		return
	}
	if fn, ok := f.objectOf(sel.Sel).(*types.Func); ok && fn.Pkg() != nil && fn.Pkg().Path() == "reflect" &&
		(fn.Name() == "TypeOf" || fn.Name() == "ValueOf") && len(call.Args) == 1 {
		// An interface holding a value of a cell type reaches reflect
		// as yaegi's valueInterface, or an error wrapper.
		if t := f.typeOf(call.Args[0]); t != nil && types.IsInterface(t) {
			a := call.Args[0]
			call.Args[0] = &ast.CallExpr{Fun: &ast.Ident{NamePos: a.Pos(), Name: "_methodicReflectArg"}, Lparen: a.Pos(), Args: []ast.Expr{a}, Rparen: a.End()}
		}
		return
	}
	s := f.selection(sel)
	if s == nil || s.Kind() != types.MethodVal {
		return
	}
	recv := reflectNamed(s.Recv())
	var fun string
	var args []ast.Expr
	switch {
	case recv == "Type" && sel.Sel.Name == "Name" && len(call.Args) == 0:
		fun = "_methodicTypeName"
	case recv == "Type" && sel.Sel.Name == "String" && len(call.Args) == 0:
		fun = "_methodicTypeString"
	case recv == "Type" && sel.Sel.Name == "Field" && len(call.Args) == 1:
		fun, args = "_methodicTypeField", call.Args
	case recv == "Type" && sel.Sel.Name == "NumMethod" && len(call.Args) == 0:
		fun, args = "_methodicTypeNumMethod", []ast.Expr{f.methodCounts(call)}
	case recv == "Value" && sel.Sel.Name == "MethodByName" && len(call.Args) == 1:
		fun, args = "_methodicValueMethod", []ast.Expr{call.Args[0], exprAt(call, "-1"), f.methodTable(call)}
	case recv == "Value" && sel.Sel.Name == "Method" && len(call.Args) == 1:
		fun, args = "_methodicValueMethod", []ast.Expr{exprAt(call, `""`), call.Args[0], f.methodTable(call)}
	case recv == "Value" && sel.Sel.Name == "NumMethod" && len(call.Args) == 0:
		fun, args = "_methodicValueNumMethod", []ast.Expr{f.methodTable(call)}
	default:
		return
	}
	for _, a := range args {
		if a == nil {
			return
		}
	}
	call.Args = append([]ast.Expr{sel.X}, args...)
	call.Fun = &ast.Ident{NamePos: sel.Pos(), Name: fun}
	if f.made == nil {
		f.made = map[ast.Node]bool{}
	}
	f.made[call] = true
}

// reflectNamed returns "Type" or "Value" when t is reflect.Type or
// reflect.Value, else "".
func reflectNamed(t types.Type) string {
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "reflect" {
		return ""
	}
	if name := n.Obj().Name(); name == "Type" || name == "Value" {
		return name
	}
	return ""
}

// exprAt parses the expression src, every position at at's, or returns
// nil.
func exprAt(at ast.Node, src string) ast.Expr {
	x, err := parser.ParseExpr(src)
	if err != nil {
		return nil
	}
	placeAt(x, at.Pos())
	return x
}

// cellStructTypes returns the struct types of the cells, by name, sorted,
// without aliases and generic types: those _methodicCellType names.
func (f *fixer) cellStructTypes() []*types.TypeName {
	var out []*types.TypeName
	for n, tn := range f.cellTypeNames() {
		if tn.IsAlias() || strings.HasPrefix(n, "_methodic") {
			continue
		}
		t, ok := tn.Type().(*types.Named)
		if !ok || t.TypeParams().Len() > 0 {
			continue
		}
		if _, ok := t.Underlying().(*types.Struct); ok {
			out = append(out, tn)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out
}

// exportedMethods returns the names of the exported methods of t's
// method set, sorted as reflect sorts them.
func exportedMethods(t types.Type) []string {
	var names []string
	ms := types.NewMethodSet(t)
	for i := 0; i < ms.Len(); i++ {
		if m := ms.At(i).Obj(); m.Exported() {
			names = append(names, m.Name())
		}
	}
	sort.Strings(names)
	return names
}

// methodCounts returns map[string]int{"User": 1, "*User": 2}: the
// number of exported methods of each struct type of the cells and of its
// pointer type, as reflect counts them.
func (f *fixer) methodCounts(at ast.Node) ast.Expr {
	var b strings.Builder
	b.WriteString("map[string]int{")
	for _, tn := range f.cellStructTypes() {
		fmt.Fprintf(&b, "%q: %d, %q: %d, ", tn.Name(), len(exportedMethods(tn.Type())),
			"*"+tn.Name(), len(exportedMethods(types.NewPointer(tn.Type()))))
	}
	b.WriteString("}")
	return exprAt(at, b.String())
}

// methodTable returns the function literal that gives the method values
// of a value of a struct type of the cells (or a pointer to one) by name,
// nil for other values.
func (f *fixer) methodTable(at ast.Node) ast.Expr {
	var b strings.Builder
	b.WriteString("func(_methodicV any) map[string]any {\nswitch _methodicCellType(_methodicV) {\n")
	for _, tn := range f.cellStructTypes() {
		for _, ptr := range []string{"", "*"} {
			t := tn.Type()
			if ptr != "" {
				t = types.NewPointer(t)
			}
			names := exportedMethods(t)
			if len(names) == 0 {
				continue
			}
			fmt.Fprintf(&b, "case %q:\n_methodicX := _methodicV.(%s%s)\nreturn map[string]any{", ptr+tn.Name(), ptr, tn.Name())
			for _, m := range names {
				fmt.Fprintf(&b, "%q: _methodicX.%s, ", m, m)
			}
			b.WriteString("}\n")
		}
	}
	b.WriteString("}\nreturn nil\n}")
	return exprAt(at, b.String())
}

// cellTypeOfType is _methodicCellType for a runtime type: "User", "*User",
// "?" for a runtime type several cell types share, "" for others.
func (s *Session) cellTypeOfType(rt reflect.Type) string {
	if rt == nil {
		return ""
	}
	ptr := ""
	if rt.Kind() == reflect.Pointer {
		rt, ptr = rt.Elem(), "*"
	}
	m := s.cellTypes.Load()
	if m == nil {
		return ""
	}
	ct := (*m)[rt]
	if ct == nil {
		return ""
	}
	if !strings.HasPrefix(ct.label, "main.") {
		return "?"
	}
	return ptr + strings.TrimPrefix(ct.label, "main.")
}

// typeName is _methodicTypeName: t.Name(), the name of a struct type of
// the cells for its runtime type.
func (s *Session) typeName(t reflect.Type) string {
	if n := s.cellTypeOfType(t); n != "" && n != "?" && !strings.HasPrefix(n, "*") {
		return n
	}
	return t.Name()
}

// typeString is _methodicTypeString: t.String() with the names of the
// cells' struct types (main.User, []*main.User).
func (s *Session) typeString(t reflect.Type) string {
	if m := s.cellTypes.Load(); m != nil {
		return m.typeString(t)
	}
	return t.String()
}

// typeField is _methodicTypeField: t.Field(i), with the real name of a
// field of a struct type of the cells (yaegi exports email as Xemail)
// and the package path that makes an unexported one so.
func (s *Session) typeField(t reflect.Type, i int) reflect.StructField {
	sf := t.Field(i)
	m := s.cellTypes.Load()
	if m == nil {
		return sf
	}
	ct := (*m)[t]
	if ct == nil || i >= len(ct.fields) {
		return sf
	}
	sf.Name = ct.fields[i]
	if r, _ := utf8.DecodeRuneInString(sf.Name); !unicode.IsUpper(r) {
		sf.PkgPath = "main"
	}
	return sf
}

// typeNumMethod is _methodicTypeNumMethod: t.NumMethod(), counts the check
// made for the cells' struct types and their pointer types.
func (s *Session) typeNumMethod(t reflect.Type, counts map[string]int) int {
	if n, ok := counts[s.cellTypeOfType(t)]; ok {
		return n
	}
	return t.NumMethod()
}

// valueMethod is _methodicValueMethod: v.MethodByName(name), or v.Method(i)
// when i >= 0, for a value of a struct type of the cells from the method
// values methods gives (the zero Value for a name it lacks, a panic as
// reflect's for an index out of range).
func valueMethod(v reflect.Value, name string, i int, methods func(any) map[string]any) reflect.Value {
	if !v.IsValid() || !v.CanInterface() {
		return reflectMethod(v, name, i)
	}
	ms := methods(v.Interface())
	if ms == nil {
		return reflectMethod(v, name, i)
	}
	if i >= 0 {
		names := make([]string, 0, len(ms))
		for n := range ms {
			names = append(names, n)
		}
		sort.Strings(names)
		if i >= len(names) {
			panic("reflect: Method index out of range")
		}
		name = names[i]
	}
	m, ok := ms[name]
	if !ok {
		return reflect.Value{}
	}
	return reflect.ValueOf(m)
}

func reflectMethod(v reflect.Value, name string, i int) reflect.Value {
	if i >= 0 {
		return v.Method(i)
	}
	return v.MethodByName(name)
}

// valueNumMethod is _methodicValueNumMethod: v.NumMethod().
func valueNumMethod(v reflect.Value, methods func(any) map[string]any) int {
	if v.IsValid() && v.CanInterface() {
		if ms := methods(v.Interface()); ms != nil {
			return len(ms)
		}
	}
	return v.NumMethod()
}

// reflectArg is _methodicReflectArg: the value of a cell type that x,
// yaegi's valueInterface or an error wrapper, holds, else x.
func reflectArg(x any) any {
	if n, ok := x.(namedValue); ok { // fix named-values
		return n.v
	}
	if rv, ok := interpretedValue(x); ok {
		return rv.Interface()
	}
	if e, ok := x.(error); ok {
		if v, ok := wrapperValue(e); ok {
			return v.Interface()
		}
	}
	return x
}

// fixTemplateError is the rewrite of fix template-methods: text/template
// and html/template look for a method by compiled reflection, which sees
// no method of a type of the cells (D23), and said only "can't evaluate
// field Total in type struct { ... }". A cell's call of a template's
// Execute or ExecuteTemplate hands its error to the kernel with the
// exported methods of the cells' struct types, which says what happened
// and what works instead when the field is one of them:
//
//	t.Execute(w, data)
//
// becomes
//
//	_methodicTemplateError(t.Execute(w, data), map[string]string{"Total": "Line"})
func fixTemplateError(f *fixer, n ast.Node) {
	wrap := func(x *ast.Expr) {
		if c, ok := (*x).(*ast.CallExpr); ok && f.templateExecute(c) {
			if m := f.cellMethodOwners(c); m != nil {
				*x = f.templateErrorCall(c, m)
			}
		}
	}
	var xs []ast.Expr
	switch n := n.(type) {
	case *ast.ExprStmt:
		wrap(&n.X)
	case *ast.AssignStmt:
		xs = n.Rhs
	case *ast.ValueSpec:
		xs = n.Values
	case *ast.ReturnStmt:
		xs = n.Results
	case *ast.CallExpr:
		xs = n.Args
	}
	for i := range xs {
		wrap(&xs[i])
	}
}

// templateExecute reports whether call calls Execute or ExecuteTemplate
// of a text/template or html/template Template.
func (f *fixer) templateExecute(call *ast.CallExpr) bool {
	if f.made[call] {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	s := f.selection(sel)
	if s == nil || s.Kind() != types.MethodVal {
		return false
	}
	fn := s.Obj()
	if fn.Pkg() == nil || (fn.Pkg().Path() != "text/template" && fn.Pkg().Path() != "html/template") {
		return false
	}
	return fn.Name() == "Execute" || fn.Name() == "ExecuteTemplate"
}

// cellMethodOwners returns map[string]string{"Total": "Line"}: the
// exported methods of the cells' struct types and a type declaring each,
// or nil when there are none.
func (f *fixer) cellMethodOwners(at ast.Node) ast.Expr {
	var b strings.Builder
	seen := map[string]bool{}
	for _, tn := range f.cellStructTypes() {
		for _, m := range exportedMethods(types.NewPointer(tn.Type())) {
			if !seen[m] {
				seen[m] = true
				fmt.Fprintf(&b, "%q: %q, ", m, tn.Name())
			}
		}
	}
	if len(seen) == 0 {
		return nil
	}
	return exprAt(at, "map[string]string{"+b.String()+"}")
}

func (f *fixer) templateErrorCall(call *ast.CallExpr, owners ast.Expr) ast.Expr {
	if f.made == nil {
		f.made = map[ast.Node]bool{}
	}
	f.made[call] = true
	out := &ast.CallExpr{Fun: &ast.Ident{NamePos: call.Pos(), Name: "_methodicTemplateError"}, Lparen: call.Pos(),
		Args: []ast.Expr{call, owners}, Rparen: call.End()}
	f.made[out] = true
	return out
}

// cantEvaluate is text/template's error for a field it cannot find.
var cantEvaluate = regexp.MustCompile(`can't evaluate field (\w+) in type struct \{`)

// templateError is _methodicTemplateError: err, with what happened and
// what works instead when it is text/template's "can't evaluate field M"
// for M a method of a struct type of the cells (owners: method -> type).
func templateError(err error, owners map[string]string) error {
	if err == nil {
		return nil
	}
	m := cantEvaluate.FindStringSubmatch(err.Error())
	if m == nil {
		return err
	}
	typ, ok := owners[m[1]]
	if !ok {
		return err
	}
	return &templateMethodError{err: err, method: m[1], typ: typ}
}

// templateMethodError is a template's error about a method of a cell
// type it cannot see.
type templateMethodError struct {
	err         error
	method, typ string
}

func (e *templateMethodError) Error() string {
	return fmt.Sprintf("%v (%s is a method of %s, a type declared in a cell: templates find methods by compiled reflection, which does not see the methods of types declared in cells; hand the method to the template as a function: .Funcs(template.FuncMap{%q: %s.%s}) and {{%s .}})",
		e.err, e.method, e.typ, strings.ToLower(e.method), e.typ, e.method, strings.ToLower(e.method))
}

func (e *templateMethodError) Unwrap() error { return e.err }
