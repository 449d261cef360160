package interp

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	yaegi "github.com/traefik/yaegi/interp"
)

// Formatting values of cell types with fmt (YAEGI.md item 11).
//
// yaegi gives a struct type declared in a cell no runtime type of its own:
// its values are of an anonymous struct type built with reflect.StructOf,
// whose unexported fields are renamed (b becomes Xb), and which has no
// methods. Compiled fmt so prints %T as "struct { A int; Xb string }", %+v
// as {A:1 Xb:x}, and a value that reaches it without yaegi's method
// wrapper (an element of a slice, a value held in an error variable) by
// its fields rather than by its String or Error method.
//
// The kernel keeps a table from those runtime types back to the cell
// struct types (cellTypeMap), with, for each, functions compiled in the
// interpreter that call its Format, GoString, Error and String methods.
// fmt's printing functions are replaced for cells (Print, Println,
// Sprint, Sprintln, Fprint, Fprintln, Append, Appendln, Printf, Sprintf,
// Fprintf, Errorf, Appendf) by versions that hand fmt the arguments that
// involve cell types wrapped in a Formatter, cellArg, which prints them
// the way fmt prints compiled values (cellPrinter follows fmt's
// printValue): %T as main.P, %+v as {A:1 b:x}, %#v as main.P{A:1, b:"x"},
// and through the methods at any depth. Arguments without cell types go to
// fmt untouched.
//
// What the table cannot tell, because yaegi's runtime values do not carry
// it:
//   - a defined type over a non-struct type (type Celsius float64) has the
//     runtime type of its underlying type: %T prints float64, %#v 2;
//   - cell struct types with the same fields (names, types and tags, in
//     order) share one runtime type: they print as a struct literal with
//     their real field names, and their methods are not called unless
//     yaegi wraps the value (below);
//   - a value whose static type has a String, Error or Format method and
//     that is passed to fmt directly reaches it wrapped by yaegi, so %v and
//     %s use the method, as in Go, but %T and %#v print the wrapper
//     (symbols._fmt_Stringer, interp._cellError);
//   - struct types declared inside functions, and generic types, are not
//     in the table; methods promoted from embedded fields are not seen.
// log.Printf and its kin keep yaegi's own functions.

// cellType is what the kernel knows of the runtime type of a cell struct
// type.
type cellType struct {
	label   string                 // "main.P"; a struct literal for runtime types shared by several cell types
	fields  []string               // the real field names, by index
	methods map[string]*cellMethod // Format, Error, String, GoString, as declared in cells
}

// cellMethod is a method of a cell type that fmt looks for, callable from
// compiled code: an interpreted function that asserts its argument to the
// type and calls the method.
type cellMethod struct {
	ptr    bool // declared on the pointer type
	str    func(any) string
	format func(any, fmt.State, rune)
}

// fmtMethods are the methods fmt looks for, in the order it tries them.
var fmtMethods = []string{"Format", "GoString", "Error", "String"}

type cellTypeMap map[reflect.Type]*cellType

// typesKey says which generation and which declarations a cellTypeMap was
// built for.
type typesKey struct {
	gen   *generation
	store *store
	seq   int
}

// refreshCellTypes rebuilds the table of cell struct types when the
// declarations changed. It runs on the execution goroutine, before
// interpreted code runs.
func (s *Session) refreshCellTypes() {
	key := typesKey{gen: s.gen, store: s.store, seq: s.store.seq}
	if key == s.typesKey {
		return
	}
	s.typesKey = key
	var names []string
	var types []*ytype
	for _, g := range s.gen.globals() {
		if g.Kind != "type" || hiddenName(g.Name) || g.Type == nil || g.Type.Cat != ycStruct {
			continue
		}
		names = append(names, g.Name)
		types = append(types, g.Type)
	}
	m := cellTypeMap{}
	if len(names) > 0 {
		rts, methods := s.cachedRuntimeTypes(names)
		owners := map[reflect.Type][]int{}
		for i, rt := range rts {
			if rt != nil && rt.Kind() == reflect.Struct {
				owners[rt] = append(owners[rt], i)
			}
		}
		for rt, idx := range owners {
			t := types[idx[0]]
			ct := &cellType{label: t.Str}
			for _, f := range t.Fields {
				ct.fields = append(ct.fields, f.Name)
			}
			if len(ct.fields) != rt.NumField() {
				continue
			}
			if len(idx) > 1 {
				ct.label = "" // shared: printed as a struct literal, without methods
			} else {
				ct.methods = methods[idx[0]]
			}
			m[rt] = ct
		}
		for rt, ct := range m {
			if ct.label == "" {
				ct.label = m.literal(rt)
			}
		}
	}
	s.cellTypes.Store(&m)
}

// cachedRuntimeTypes is runtimeTypes, with the fmt methods of each type,
// asking the interpreter only about types whose declaration, or the
// declarations of whose methods, changed since the last call in the same
// generation. A changed type rebuilds the interpreter, which starts a new
// generation; a method may be added in place.
func (s *Session) cachedRuntimeTypes(names []string) ([]reflect.Type, []map[string]*cellMethod) {
	if s.typesCache.gen != s.gen {
		s.typesCache.gen, s.typesCache.m = s.gen, map[string]cachedType{}
	}
	rts := make([]reflect.Type, len(names))
	methods := make([]map[string]*cellMethod, len(names))
	var askTypes, askMethods []string
	var atTypes, atMethods []int
	for i, n := range names {
		key := s.cachedKey(n)
		c, ok := s.typesCache.m[n]
		if ok && c.decl == key.decl && key.decl != nil {
			rts[i] = c.rt
		} else {
			askTypes = append(askTypes, n)
			atTypes = append(atTypes, i)
			c = cachedType{}
		}
		if ok && c.decl != nil && c.mdecls == key.mdecls {
			methods[i] = c.methods
		} else {
			askMethods = append(askMethods, n)
			atMethods = append(atMethods, i)
		}
	}
	if len(askTypes) > 0 {
		for j, rt := range s.runtimeTypes(askTypes) {
			rts[atTypes[j]] = rt
		}
	}
	if len(askMethods) > 0 {
		for j, ms := range s.methodAdapters(askMethods) {
			methods[atMethods[j]] = ms
		}
	}
	for _, i := range append(atTypes, atMethods...) {
		c := s.cachedKey(names[i])
		c.rt, c.methods = rts[i], methods[i]
		s.typesCache.m[names[i]] = c
	}
	return rts, methods
}

// cachedKey returns the declarations a cached type depends on.
func (s *Session) cachedKey(name string) cachedType {
	c := cachedType{decl: s.store.decls[name]}
	for i, m := range fmtMethods {
		if e, ok := s.store.decls[name+"."+m]; ok && e.kind == "method" {
			c.mdecls[i] = e
		}
	}
	return c
}

type cachedType struct {
	decl    *declEntry
	mdecls  [4]*declEntry // the declarations of fmtMethods
	rt      reflect.Type
	methods map[string]*cellMethod
}

// methodAdapters compiles, for each named type, functions that call its
// fmt methods on a value handed over as any.
func (s *Session) methodAdapters(names []string) []map[string]*cellMethod {
	type adapter struct {
		typ, method string
		ptr         bool
	}
	var all []adapter
	for _, n := range names {
		for _, m := range fmtMethods {
			e, ok := s.store.decls[n+"."+m]
			if !ok || e.kind != "method" {
				continue
			}
			all = append(all, adapter{n, m, pointerReceiver(e.src)})
		}
	}
	out := make([]map[string]*cellMethod, len(names))
	if len(all) == 0 {
		return out
	}
	index := map[string]int{}
	for i, n := range names {
		index[n] = i
	}
	compile := func(as []adapter) error {
		var b strings.Builder
		b.WriteString("_methodicMethods(")
		for i, a := range as {
			if i > 0 {
				b.WriteString(",\n")
			}
			recv := a.typ
			if a.ptr {
				recv = "*" + a.typ
			}
			if a.method == "Format" {
				fmt.Fprintf(&b, "func(v any, f fmt.State, c rune) { v.(%s).Format(f, c) }", recv)
			} else {
				fmt.Fprintf(&b, "func(v any) string { return v.(%s).%s() }", recv, a.method)
			}
		}
		b.WriteString(")")
		body, _, err := s.parseStmts(s.gen.i.FileSet(), 0, b.String(), 1, 1)
		if err != nil {
			return err
		}
		p, err := s.gen.compile(body)
		if err != nil {
			return err
		}
		s.methodsSeen = nil
		if _, err := s.gen.i.Execute(p); err != nil {
			return err
		}
		if len(s.methodsSeen) != len(as) {
			return fmt.Errorf("interp: %d adapters for %d methods", len(s.methodsSeen), len(as))
		}
		for i, a := range as {
			cm := &cellMethod{ptr: a.ptr}
			switch f := s.methodsSeen[i].(type) {
			case func(any) string:
				cm.str = f
			case func(any, fmt.State, rune):
				cm.format = f
			default:
				continue
			}
			k := index[a.typ]
			if out[k] == nil {
				out[k] = map[string]*cellMethod{}
			}
			out[k][a.method] = cm
		}
		return nil
	}
	if compile(all) != nil {
		for _, a := range all {
			_ = compile([]adapter{a})
		}
	}
	return out
}

// pointerReceiver reports whether the method declared by src has a
// pointer receiver.
func pointerReceiver(src string) bool {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+src, 0)
	if err != nil || len(f.Decls) == 0 {
		return false
	}
	fd, ok := f.Decls[0].(*ast.FuncDecl)
	if !ok || fd.Recv == nil || len(fd.Recv.List) == 0 {
		return false
	}
	_, ok = fd.Recv.List[0].Type.(*ast.StarExpr)
	return ok
}

// setMethodsSeen receives the adapters of methodAdapters.
func (s *Session) setMethodsSeen(fs ...any) { s.methodsSeen = fs }

// runtimeTypes asks the interpreter for the runtime types of the named
// types, by handing typed nil pointers to a compiled function. A name that
// does not compile on its own (a generic type) gets nil.
func (s *Session) runtimeTypes(names []string) []reflect.Type {
	get := func(names []string) ([]reflect.Type, error) {
		var b strings.Builder
		b.WriteString("_methodicTypes(")
		for i, n := range names {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "(*%s)(nil)", n)
		}
		b.WriteString(")")
		body, _, err := s.parseStmts(s.gen.i.FileSet(), 0, b.String(), 1, 1)
		if err != nil {
			return nil, err
		}
		p, err := s.gen.compile(body)
		if err != nil {
			return nil, err
		}
		s.typesSeen = nil
		if _, err := s.gen.i.Execute(p); err != nil {
			return nil, err
		}
		if len(s.typesSeen) != len(names) {
			return nil, fmt.Errorf("interp: %d types for %d names", len(s.typesSeen), len(names))
		}
		out := make([]reflect.Type, len(names))
		for i, t := range s.typesSeen {
			if t != nil && t.Kind() == reflect.Pointer {
				out[i] = t.Elem()
			}
		}
		return out, nil
	}
	if rts, err := get(names); err == nil {
		return rts
	}
	out := make([]reflect.Type, len(names))
	for i, n := range names {
		if rts, err := get([]string{n}); err == nil {
			out[i] = rts[0]
		}
	}
	return out
}

// setTypesSeen receives the typed nil pointers of runtimeTypes.
func (s *Session) setTypesSeen(ps ...any) {
	s.typesSeen = s.typesSeen[:0]
	for _, p := range ps {
		s.typesSeen = append(s.typesSeen, reflect.TypeOf(p))
	}
}

// typeString is reflect.Type.String with cell types named as Go names
// them.
func (m cellTypeMap) typeString(t reflect.Type) string {
	if t == nil {
		return "<nil>"
	}
	if !m.involves(t, nil) {
		return t.String()
	}
	if ct, ok := m[t]; ok {
		return ct.label
	}
	switch t.Kind() {
	case reflect.Pointer:
		return "*" + m.typeString(t.Elem())
	case reflect.Slice:
		return "[]" + m.typeString(t.Elem())
	case reflect.Array:
		return "[" + strconv.Itoa(t.Len()) + "]" + m.typeString(t.Elem())
	case reflect.Map:
		return "map[" + m.typeString(t.Key()) + "]" + m.typeString(t.Elem())
	case reflect.Chan:
		e := m.typeString(t.Elem())
		switch t.ChanDir() {
		case reflect.RecvDir:
			return "<-chan " + e
		case reflect.SendDir:
			return "chan<- " + e
		}
		if t.Elem().Kind() == reflect.Chan && t.Elem().ChanDir() == reflect.RecvDir {
			return "chan (" + e + ")"
		}
		return "chan " + e
	case reflect.Func:
		var b strings.Builder
		b.WriteString("func(")
		for i := 0; i < t.NumIn(); i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			if t.IsVariadic() && i == t.NumIn()-1 {
				b.WriteString("..." + m.typeString(t.In(i).Elem()))
			} else {
				b.WriteString(m.typeString(t.In(i)))
			}
		}
		b.WriteString(")")
		switch t.NumOut() {
		case 0:
		case 1:
			b.WriteString(" " + m.typeString(t.Out(0)))
		default:
			b.WriteString(" (")
			for i := 0; i < t.NumOut(); i++ {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString(m.typeString(t.Out(i)))
			}
			b.WriteString(")")
		}
		return b.String()
	case reflect.Struct:
		return m.literal(t)
	}
	return t.String()
}

// literal spells a struct type as a literal, with the real field names
// when the type is a cell type.
func (m cellTypeMap) literal(t reflect.Type) string {
	if t.NumField() == 0 {
		return "struct {}"
	}
	ct := m[t]
	var b strings.Builder
	b.WriteString("struct { ")
	for i := 0; i < t.NumField(); i++ {
		if i > 0 {
			b.WriteString("; ")
		}
		f := t.Field(i)
		name := f.Name
		if ct != nil {
			name = ct.fields[i]
		}
		ft := f.Type
		if ct != nil && ct.label == "" {
			// Being built: the field types still print plainly.
			b.WriteString(name + " " + ft.String())
		} else {
			b.WriteString(name + " " + m.typeString(ft))
		}
		if f.Tag != "" {
			b.WriteString(" " + strconv.Quote(string(f.Tag)))
		}
	}
	b.WriteString(" }")
	return b.String()
}

// involves reports whether t is or holds a cell type, not counting what
// interfaces hold.
func (m cellTypeMap) involves(t reflect.Type, seen map[reflect.Type]bool) bool {
	return m.involvesIf(t, seen, anyCellType)
}

func anyCellType(*cellType) bool       { return true }
func withMethods(ct *cellType) bool    { return len(ct.methods) > 0 }
func (m cellTypeMap) hasMethods() bool { return m.some(withMethods) }

func (m cellTypeMap) some(pred func(*cellType) bool) bool {
	for _, ct := range m {
		if pred(ct) {
			return true
		}
	}
	return false
}

// involvesIf reports whether t is or holds a cell type for which pred
// holds, not counting what interfaces hold.
func (m cellTypeMap) involvesIf(t reflect.Type, seen map[reflect.Type]bool, pred func(*cellType) bool) bool {
	if len(m) == 0 || t == nil {
		return false
	}
	if ct, ok := m[t]; ok && pred(ct) {
		return true
	}
	if t.Name() != "" {
		return false // a compiled defined type, or a predeclared one
	}
	if seen[t] {
		return false
	}
	if seen == nil {
		seen = map[reflect.Type]bool{}
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Chan:
		return m.involvesIf(t.Elem(), seen, pred)
	case reflect.Map:
		return m.involvesIf(t.Key(), seen, pred) || m.involvesIf(t.Elem(), seen, pred)
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			if m.involvesIf(t.Field(i).Type, seen, pred) {
				return true
			}
		}
	case reflect.Func:
		for i := 0; i < t.NumIn(); i++ {
			if m.involvesIf(t.In(i), seen, pred) {
				return true
			}
		}
		for i := 0; i < t.NumOut(); i++ {
			if m.involvesIf(t.Out(i), seen, pred) {
				return true
			}
		}
	}
	return false
}

// holds reports whether the value v holds a value of a cell type for
// which pred holds, looking into interfaces, within a budget of values
// visited; past the budget it says yes (the cell printer then prints it,
// as fmt would).
func (m cellTypeMap) holds(v reflect.Value, budget *int, pred func(*cellType) bool) bool {
	v = concrete(v)
	if !v.IsValid() {
		return false
	}
	*budget--
	if *budget < 0 {
		return true
	}
	t := v.Type()
	if m.involvesIf(t, nil, pred) {
		return true
	}
	if !hasInterface(t, nil) {
		return false
	}
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		return !v.IsNil() && m.holds(v.Elem(), budget, pred)
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			if m.holds(v.Index(i), budget, pred) {
				return true
			}
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			if m.holds(it.Key(), budget, pred) || m.holds(it.Value(), budget, pred) {
				return true
			}
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if m.holds(v.Field(i), budget, pred) {
				return true
			}
		}
	}
	return false
}

// methodsOf returns the fmt methods of v's type when v is a value of a
// cell type, or a pointer to one.
func (m cellTypeMap) methodsOf(v reflect.Value) (ms map[string]*cellMethod, ptr bool) {
	if !v.IsValid() {
		return nil, false
	}
	t := v.Type()
	if ct, ok := m[t]; ok {
		return ct.methods, false
	}
	if t.Kind() == reflect.Pointer {
		if ct, ok := m[t.Elem()]; ok {
			return ct.methods, true
		}
	}
	return nil, false
}

// callMethods prints v through its cell methods as fmt's handleMethods
// would, and reports whether it did.
func (m cellTypeMap) callMethods(w io.Writer, st fmt.State, v reflect.Value, verb rune) (handled bool) {
	ms, ptr := m.methodsOf(v)
	if len(ms) == 0 {
		return false
	}
	get := func(name string) *cellMethod {
		if cm := ms[name]; cm != nil && (ptr || !cm.ptr) {
			return cm
		}
		return nil
	}
	call := func(name string, cm *cellMethod, do func(recv any)) {
		if ptr && v.IsNil() && !cm.ptr {
			io.WriteString(w, "<nil>") // fmt's answer to a nil receiver that panics
			return
		}
		recv := v.Interface()
		if ptr && !cm.ptr {
			recv = v.Elem().Interface()
		}
		defer func() {
			if r := recover(); r != nil {
				if ptr && v.IsNil() {
					io.WriteString(w, "<nil>")
					return
				}
				fmt.Fprintf(w, "%%!%c(PANIC=%s method: %v)", verb, name, r)
			}
		}()
		do(recv)
	}
	if cm := get("Format"); cm != nil && cm.format != nil {
		call("Format", cm, func(recv any) { cm.format(recv, st, verb) })
		return true
	}
	if st.Flag('#') && verb == 'v' {
		if cm := get("GoString"); cm != nil && cm.str != nil {
			call("GoString", cm, func(recv any) { io.WriteString(w, cm.str(recv)) })
			return true
		}
		return false
	}
	switch verb {
	case 'v', 's', 'x', 'X', 'q':
		for _, name := range []string{"Error", "String"} {
			if cm := get(name); cm != nil && cm.str != nil {
				call(name, cm, func(recv any) { fmt.Fprintf(w, fmt.FormatString(st, verb), cm.str(recv)) })
				return true
			}
		}
	}
	return false
}

// hasInterface reports whether values of t may hold interfaces that fmt
// would print, outside of compiled defined types.
func hasInterface(t reflect.Type, seen map[reflect.Type]bool) bool {
	if t.Kind() == reflect.Interface {
		return true
	}
	if t.Name() != "" || seen[t] {
		return false
	}
	if seen == nil {
		seen = map[reflect.Type]bool{}
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return hasInterface(t.Elem(), seen)
	case reflect.Map:
		return hasInterface(t.Key(), seen) || hasInterface(t.Elem(), seen)
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			if hasInterface(t.Field(i).Type, seen) {
				return true
			}
		}
	}
	return false
}

// cellArgs rewrites a format and its arguments so that compiled fmt
// prints values of cell types as Go would: %T, %+v and %#v with the
// types' names and real field names, and values whose type has fmt
// methods (String, Error, Format, GoString) declared in cells through
// them, also inside other values. An argument concerned is wrapped in a
// cellArg, which prints it for every verb (an argument may be printed by
// several verbs, with [n] indexes); %T, which fmt answers before asking a
// Formatter, becomes the verb typeVerb.
func (m cellTypeMap) cellArgs(format string, args []any) (string, []any) {
	if len(m) == 0 || len(args) == 0 || !strings.ContainsRune(format, '%') {
		return format, args
	}
	methods := m.hasMethods()
	var wrapped []*cellArg
	var typePos []int // byte positions of %T verbs to change
	wrap := func(i int) *cellArg {
		if wrapped == nil {
			wrapped = make([]*cellArg, len(args))
		}
		if wrapped[i] == nil {
			wrapped[i] = &cellArg{m: m, orig: args[i]}
		}
		return wrapped[i]
	}
	for _, d := range scanFormat(format, len(args)) {
		if d.arg < 0 || d.arg >= len(args) || args[d.arg] == nil {
			continue
		}
		a := args[d.arg]
		v := reflect.ValueOf(a)
		switch {
		case d.verb == 'T':
			t := reflect.TypeOf(a)
			if !m.involves(t, nil) {
				continue
			}
			wrap(d.arg).label = m.typeString(t)
			typePos = append(typePos, d.pos)
		default:
			if wrapped != nil && wrapped[d.arg] != nil && wrapped[d.arg].print {
				continue
			}
			budget := 10000
			if d.verb == 'v' && (d.plus || d.sharp) && m.holds(v, &budget, anyCellType) ||
				methods && m.holds(v, &budget, withMethods) {
				wrap(d.arg).print = true
			}
		}
	}
	if wrapped == nil {
		return format, args
	}
	if len(typePos) > 0 {
		var b strings.Builder
		last := 0
		for _, pos := range typePos {
			b.WriteString(format[last:pos])
			b.WriteRune(typeVerb)
			last = pos + 1
		}
		b.WriteString(format[last:])
		format = b.String()
	}
	out := append([]any(nil), args...)
	for i, w := range wrapped {
		if w != nil {
			out[i] = w
		}
	}
	return format, out
}

// printArgs wraps the operands of Print, Println and their kin that hold
// values of cell types with fmt methods, so that the methods print them.
func (m cellTypeMap) printArgs(args []any) []any {
	if len(m) == 0 || !m.hasMethods() {
		return args
	}
	var out []any
	for i, a := range args {
		if a == nil {
			continue
		}
		budget := 10000
		if !m.holds(reflect.ValueOf(a), &budget, withMethods) {
			continue
		}
		if out == nil {
			out = append([]any(nil), args...)
		}
		out[i] = &cellArg{m: m, orig: a, print: true}
	}
	if out == nil {
		return args
	}
	return out
}

// typeVerb stands for %T of a cell type in a rewritten format: a
// noncharacter, which no format of a user holds.
const typeVerb = '\uFDD0'

// cellArg is an argument of a format that involves cell types.
type cellArg struct {
	m     cellTypeMap
	orig  any
	label string // for %T, when the type involves cell types
	print bool   // the other verbs print it with the cell printer
}

func (a *cellArg) Format(st fmt.State, verb rune) {
	switch {
	case verb == typeVerb:
		s := a.label
		if pr, ok := st.Precision(); ok && pr < utf8.RuneCountInString(s) {
			s = string([]rune(s)[:pr])
		}
		w, _ := st.Width()
		p := cellPrinter{w: st, width: w, minus: st.Flag('-')}
		p.pad(s)
	case a.print:
		(&cellValue{m: a.m, v: reflect.ValueOf(a.orig)}).Format(st, verb)
	default:
		fmt.Fprintf(st, fmt.FormatString(st, verb), a.orig)
	}
}

// directive is one verb of a format: its byte position, the argument it
// prints, and its flags.
type directive struct {
	pos, arg    int
	verb        rune
	plus, sharp bool
}

// scanFormat finds the verbs of a format and the arguments they print,
// following fmt's rules for argument indexes ([n]) and * widths.
func scanFormat(format string, nargs int) []directive {
	var ds []directive
	argNum := 0
	end := len(format)
	for i := 0; i < end; {
		if format[i] != '%' {
			i++
			continue
		}
		i++
		d := directive{}
	flags:
		for ; i < end; i++ {
			switch format[i] {
			case '#':
				d.sharp = true
			case '+':
				d.plus = true
			case '-', ' ', '0':
			default:
				break flags
			}
		}
		argNum, i = argIndex(format, i, argNum)
		if i < end && format[i] == '*' {
			i++
			argNum++
		} else {
			for i < end && format[i] >= '0' && format[i] <= '9' {
				i++
			}
		}
		if i < end && format[i] == '.' {
			i++
			argNum, i = argIndex(format, i, argNum)
			if i < end && format[i] == '*' {
				i++
				argNum++
			} else {
				for i < end && format[i] >= '0' && format[i] <= '9' {
					i++
				}
			}
		}
		argNum, i = argIndex(format, i, argNum)
		if i >= end {
			break
		}
		verb, size := utf8.DecodeRuneInString(format[i:])
		d.pos, d.verb = i, verb
		i += size
		if verb == '%' {
			continue
		}
		d.arg = argNum
		argNum++
		ds = append(ds, d)
	}
	return ds
}

// argIndex reads an explicit argument index [n] at i.
func argIndex(format string, i, argNum int) (int, int) {
	if i >= len(format) || format[i] != '[' {
		return argNum, i
	}
	j := strings.IndexByte(format[i:], ']')
	if j < 0 {
		return argNum, i
	}
	n, err := strconv.Atoi(format[i+1 : i+j])
	if err != nil || n < 1 {
		return argNum, i + j + 1
	}
	return n - 1, i + j + 1
}

// cellValue prints a value involving cell types as fmt would print it if
// the cell types were compiled types.
type cellValue struct {
	m cellTypeMap
	v reflect.Value
}

func (c *cellValue) Format(st fmt.State, verb rune) {
	p := cellPrinter{m: c.m, w: st, st: st, verb: verb, plus: verb == 'v' && st.Flag('+'), sharp: verb == 'v' && st.Flag('#')}
	// The directive handed to fmt for leaves keeps the flags and width.
	p.leaf = fmt.FormatString(st, verb)
	p.width, _ = st.Width()
	p.minus = st.Flag('-')
	p.value(c.v, 0)
}

// cellPrinter follows fmt's printValue.
type cellPrinter struct {
	m           cellTypeMap
	w           io.Writer
	st          fmt.State // for Format methods
	verb        rune
	plus, sharp bool // %+v, %#v
	minus       bool
	width       int
	leaf        string // the directive for values fmt prints by itself
}

var (
	formatterType  = reflect.TypeOf((*fmt.Formatter)(nil)).Elem()
	stringerType   = reflect.TypeOf((*fmt.Stringer)(nil)).Elem()
	goStringerType = reflect.TypeOf((*fmt.GoStringer)(nil)).Elem()
	errorType      = reflect.TypeOf((*error)(nil)).Elem()
	reflectValue   = reflect.TypeOf(reflect.Value{})
)

// hasMethods reports whether fmt would print values of t through one of
// their methods.
func (p *cellPrinter) hasMethods(t reflect.Type) bool {
	if t.Implements(formatterType) {
		return true
	}
	if p.sharp {
		return t.Implements(goStringerType)
	}
	switch p.verb {
	case 'v', 's', 'x', 'X', 'q':
		return t.Implements(errorType) || t.Implements(stringerType)
	}
	return false
}

func (p *cellPrinter) str(s string) { io.WriteString(p.w, s) }

// elems prints the elements of a slice or array between open and close,
// separated by sep.
func (p *cellPrinter) elems(v reflect.Value, open, sep, close string, depth int) {
	p.str(open)
	for i := 0; i < v.Len(); i++ {
		if i > 0 {
			p.str(sep)
		}
		p.value(v.Index(i), depth+1)
	}
	p.str(close)
}

func (p *cellPrinter) value(v reflect.Value, depth int) {
	v = concrete(v)
	if p.st != nil && v.IsValid() && v.CanInterface() && p.m.callMethods(p.w, p.st, v, p.verb) {
		return
	}
	if depth > 0 && v.IsValid() && v.CanInterface() {
		t := v.Type()
		if t == reflectValue && p.hasMethods(t) {
			// fmt prints a nested reflect.Value through its String method.
			fmt.Fprintf(p.w, p.leaf, v.Interface().(reflect.Value).String())
			return
		}
		if p.hasMethods(t) {
			fmt.Fprintf(p.w, p.leaf, v.Interface())
			return
		}
	}
	switch v.Kind() {
	case reflect.Invalid:
		switch {
		case depth == 0:
			p.str("<invalid reflect.Value>")
		case p.verb == 'v':
			p.str("<nil>")
		default:
			p.str("%!" + string(p.verb) + "(<nil>)")
		}
	case reflect.Map:
		p.mapValue(v, depth)
	case reflect.Struct:
		if p.sharp {
			p.str(p.m.typeString(v.Type()))
		}
		p.str("{")
		ct := p.m[v.Type()]
		for i := 0; i < v.NumField(); i++ {
			if i > 0 {
				if p.sharp {
					p.str(", ")
				} else {
					p.str(" ")
				}
			}
			if p.plus || p.sharp {
				name := v.Type().Field(i).Name
				if ct != nil {
					name = ct.fields[i]
				}
				p.str(name + ":")
			}
			f := v.Field(i)
			if f.Kind() == reflect.Interface && !f.IsNil() {
				f = f.Elem()
			}
			p.value(f, depth+1)
		}
		p.str("}")
	case reflect.Interface:
		e := v.Elem()
		if !e.IsValid() {
			if p.sharp {
				p.str(p.m.typeString(v.Type()) + "(nil)")
			} else {
				p.str("<nil>")
			}
			return
		}
		p.value(e, depth+1)
	case reflect.Array, reflect.Slice:
		switch p.verb {
		case 's', 'q', 'x', 'X':
			if v.Type().Elem().Kind() == reflect.Uint8 {
				// Bytes print as a string.
				b := make([]byte, v.Len())
				for i := range b {
					b[i] = byte(v.Index(i).Uint())
				}
				fmt.Fprintf(p.w, p.leaf, b)
				return
			}
		}
		if p.sharp {
			p.str(p.m.typeString(v.Type()))
			if v.Kind() == reflect.Slice && v.IsNil() {
				p.str("(nil)")
				return
			}
			p.elems(v, "{", ", ", "}", depth)
			return
		}
		p.elems(v, "[", " ", "]", depth)
	case reflect.Pointer:
		if depth == 0 && !v.IsNil() {
			switch v.Elem().Kind() {
			case reflect.Array, reflect.Slice, reflect.Struct, reflect.Map:
				p.str("&")
				p.value(v.Elem(), depth+1)
				return
			}
		}
		p.pointer(v)
	case reflect.Chan, reflect.Func, reflect.UnsafePointer:
		p.pointer(v)
	default:
		fmt.Fprintf(p.w, p.leaf, plainValue(v))
	}
}

// concrete unwraps the valueInterface of yaegi that a value of a cell
// type with methods becomes in an interface slot ([]any{v}), which
// compiled code sees as it is: a struct holding the interpreter's node
// and the value.
func concrete(v reflect.Value) reflect.Value {
	for i := 0; i < 4 && v.IsValid() && v.Kind() == reflect.Struct && isValueInterface(v.Type()); i++ {
		c := reflect.New(v.Type()).Elem()
		if !v.CanInterface() {
			return v
		}
		c.Set(v)
		f := c.FieldByName("value")
		if !f.IsValid() || f.Type() != reflectValue {
			return v
		}
		v = reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem().Interface().(reflect.Value)
		if v.IsValid() && v.Kind() == reflect.Interface {
			v = v.Elem()
		}
	}
	return v
}

func isValueInterface(t reflect.Type) bool {
	return t.Name() == "valueInterface" && t.PkgPath() == "github.com/traefik/yaegi/interp"
}

// plainValue is v for fmt, of the predeclared type of its kind when v
// cannot be handed over as it is (it was reached through an unexported
// field of a compiled struct): fmt prints such values by kind, without
// their methods.
func plainValue(v reflect.Value) any {
	if v.CanInterface() {
		return v.Interface()
	}
	switch v.Kind() {
	case reflect.Bool:
		return v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint()
	case reflect.Float32:
		return float32(v.Float())
	case reflect.Float64:
		return v.Float()
	case reflect.Complex64:
		return complex64(v.Complex())
	case reflect.Complex128:
		return v.Complex()
	case reflect.String:
		return v.String()
	}
	return v.String()
}

// pointer prints an address as fmt's fmtPointer does.
func (p *cellPrinter) pointer(v reflect.Value) {
	u := v.Pointer()
	switch p.verb {
	case 'v':
	case 'p':
		if p.st.Flag('#') {
			p.pad(strconv.FormatUint(uint64(u), 16))
		} else {
			p.pad("0x" + strconv.FormatUint(uint64(u), 16))
		}
		return
	case 'b', 'o', 'd', 'x', 'X':
		fmt.Fprintf(p.w, p.leaf, uint64(u))
		return
	default:
		// fmt's badVerb: the verb, the type and the value as %v prints it.
		fmt.Fprintf(p.w, "%%!%c(%s=", p.verb, p.m.typeString(v.Type()))
		q := *p
		q.verb, q.leaf, q.plus, q.sharp = 'v', "%v", false, false
		q.value(v, 0)
		p.str(")")
		return
	}
	if p.sharp {
		p.str("(" + p.m.typeString(v.Type()) + ")(")
		if u == 0 {
			p.str("nil")
		} else {
			p.str("0x" + strconv.FormatUint(uint64(u), 16))
		}
		p.str(")")
		return
	}
	if u == 0 {
		p.pad("<nil>")
		return
	}
	p.pad("0x" + strconv.FormatUint(uint64(u), 16))
}

// pad writes s padded to the width of the directive, as fmt pads.
func (p *cellPrinter) pad(s string) {
	n := p.width - utf8.RuneCountInString(s)
	switch {
	case n <= 0:
		p.str(s)
	case p.minus:
		p.str(s + strings.Repeat(" ", n))
	default:
		p.str(strings.Repeat(" ", n) + s)
	}
}

func (p *cellPrinter) mapValue(v reflect.Value, depth int) {
	if p.sharp {
		p.str(p.m.typeString(v.Type()))
		if v.IsNil() {
			p.str("(nil)")
			return
		}
		p.str("{")
	} else {
		p.str("map[")
	}
	type entry struct{ k, v reflect.Value }
	var es []entry
	for it := v.MapRange(); it.Next(); {
		es = append(es, entry{it.Key(), it.Value()})
	}
	sort.SliceStable(es, func(i, j int) bool { return compareKeys(es[i].k, es[j].k) < 0 })
	for i, e := range es {
		if i > 0 {
			if p.sharp {
				p.str(", ")
			} else {
				p.str(" ")
			}
		}
		p.value(e.k, depth+1)
		p.str(":")
		p.value(e.v, depth+1)
	}
	if p.sharp {
		p.str("}")
	} else {
		p.str("]")
	}
}

// compareKeys orders map keys as fmt does (internal/fmtsort).
func compareKeys(a, b reflect.Value) int {
	if a.Type() != b.Type() {
		return -1
	}
	switch a.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return cmp3(a.Int() < b.Int(), a.Int() > b.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return cmp3(a.Uint() < b.Uint(), a.Uint() > b.Uint())
	case reflect.String:
		return strings.Compare(a.String(), b.String())
	case reflect.Float32, reflect.Float64:
		return floatCompare(a.Float(), b.Float())
	case reflect.Complex64, reflect.Complex128:
		if c := floatCompare(real(a.Complex()), real(b.Complex())); c != 0 {
			return c
		}
		return floatCompare(imag(a.Complex()), imag(b.Complex()))
	case reflect.Bool:
		return cmp3(!a.Bool() && b.Bool(), a.Bool() && !b.Bool())
	case reflect.Pointer, reflect.UnsafePointer, reflect.Chan:
		return cmp3(a.Pointer() < b.Pointer(), a.Pointer() > b.Pointer())
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			if c := compareKeys(a.Field(i), b.Field(i)); c != 0 {
				return c
			}
		}
		return 0
	case reflect.Array:
		for i := 0; i < a.Len(); i++ {
			if c := compareKeys(a.Index(i), b.Index(i)); c != 0 {
				return c
			}
		}
		return 0
	case reflect.Interface:
		if a.IsNil() || b.IsNil() {
			return cmp3(a.IsNil() && !b.IsNil(), !a.IsNil() && b.IsNil())
		}
		ta := reflect.ValueOf(a.Elem().Type()).Pointer()
		tb := reflect.ValueOf(b.Elem().Type()).Pointer()
		if ta != tb {
			return cmp3(ta < tb, ta > tb)
		}
		return compareKeys(a.Elem(), b.Elem())
	}
	return 0
}

func cmp3(less, more bool) int {
	switch {
	case less:
		return -1
	case more:
		return 1
	}
	return 0
}

// floatCompare orders NaN first, as fmtsort does.
func floatCompare(a, b float64) int {
	switch {
	case a != a && b != b:
		return 0
	case a != a:
		return -1
	case b != b:
		return 1
	}
	return cmp3(a < b, a > b)
}

// fmtSymbols are fmt's printing functions as cells see them.
func (s *Session) fmtSymbols() map[string]reflect.Value {
	table := func() cellTypeMap {
		if m := s.cellTypes.Load(); m != nil {
			return *m
		}
		return nil
	}
	return map[string]reflect.Value{
		"Print": reflect.ValueOf(func(a ...any) (int, error) {
			return fmt.Fprint(os.Stdout, table().printArgs(a)...)
		}),
		"Println": reflect.ValueOf(func(a ...any) (int, error) {
			return fmt.Fprintln(os.Stdout, table().printArgs(a)...)
		}),
		"Sprint":   reflect.ValueOf(func(a ...any) string { return fmt.Sprint(table().printArgs(a)...) }),
		"Sprintln": reflect.ValueOf(func(a ...any) string { return fmt.Sprintln(table().printArgs(a)...) }),
		"Fprint": reflect.ValueOf(func(w io.Writer, a ...any) (int, error) {
			return fmt.Fprint(w, table().printArgs(a)...)
		}),
		"Fprintln": reflect.ValueOf(func(w io.Writer, a ...any) (int, error) {
			return fmt.Fprintln(w, table().printArgs(a)...)
		}),
		"Append":   reflect.ValueOf(func(b []byte, a ...any) []byte { return fmt.Append(b, table().printArgs(a)...) }),
		"Appendln": reflect.ValueOf(func(b []byte, a ...any) []byte { return fmt.Appendln(b, table().printArgs(a)...) }),
		"Printf": reflect.ValueOf(func(format string, a ...any) (int, error) {
			format, a = table().cellArgs(format, a)
			return fmt.Fprintf(os.Stdout, format, a...)
		}),
		"Sprintf": reflect.ValueOf(func(format string, a ...any) string {
			format, a = table().cellArgs(format, a)
			return fmt.Sprintf(format, a...)
		}),
		"Fprintf": reflect.ValueOf(func(w io.Writer, format string, a ...any) (int, error) {
			format, a = table().cellArgs(format, a)
			return fmt.Fprintf(w, format, a...)
		}),
		"Errorf": reflect.ValueOf(func(format string, a ...any) error {
			format, a = table().cellArgs(format, a)
			return fmt.Errorf(format, a...)
		}),
		"Appendf": reflect.ValueOf(func(b []byte, format string, a ...any) []byte {
			format, a = table().cellArgs(format, a)
			return fmt.Appendf(b, format, a...)
		}),
	}
}

// useFmt hands yaegi the kernel's fmt functions with a format. The key
// "fmt//fmt" names package fmt without being the key "fmt/fmt", whose
// arrival makes yaegi install its own Print, Printf and Println again.
func (s *Session) useFmt(i *yaegi.Interpreter) error {
	syms := s.fmtSymbols()
	mt := map[reflect.Value][]reflect.Type{}
	for _, v := range syms {
		mt[v] = fmtInterfaces
	}
	return i.Use(yaegi.Exports{
		"fmt//fmt": syms,
		".":        {"MapTypes": reflect.ValueOf(mt)},
	})
}
