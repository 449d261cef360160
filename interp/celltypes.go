package interp

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"reflect"
	"strconv"
	"strings"
)

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

// cellNamedMethods are the fmt methods of the types declared at the
// cells' top level, struct or not, by type name (fix fmt-static-types:
// the static type of a value names its type where the runtime type
// cannot).
type cellNamedMethods map[string]map[string]*cellMethod

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
	methods := false
	for _, e := range s.store.decls {
		if e.kind == "method" {
			methods = true
			break
		}
	}
	s.methodsDeclared.Store(methods)
	var names []string
	var types []*ytype
	var withMethods []string // types of any kind that declare fmt methods
	for _, g := range s.gen.globals() {
		if g.Kind != "type" || hiddenName(g.Name) || g.Type == nil {
			continue
		}
		if g.Type.Cat != ycStruct {
			if s.declaresFmtMethods(g.Name) {
				withMethods = append(withMethods, g.Name)
			}
			continue
		}
		names = append(names, g.Name)
		types = append(types, g.Type)
	}
	named := cellNamedMethods{}
	if len(withMethods) > 0 {
		_, methods := s.cachedRuntimeTypes(withMethods)
		for i, n := range withMethods {
			if len(methods[i]) > 0 {
				named[n] = methods[i]
			}
		}
	}
	m := cellTypeMap{}
	if len(names) > 0 {
		rts, methods := s.cachedRuntimeTypes(names)
		for i, n := range names {
			if len(methods[i]) > 0 {
				named[n] = methods[i]
			}
		}
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
	s.cellNamed.Store(&named)
}

// declaresFmtMethods reports whether the cells declare one of fmt's
// methods on the type called name.
func (s *Session) declaresFmtMethods(name string) bool {
	for _, m := range fmtMethods {
		if e, ok := s.store.decls[name+"."+m]; ok && e.kind == "method" {
			return true
		}
	}
	return false
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

func anyCellType(*cellType) bool { return true }

func withMethods(ct *cellType) bool { return len(ct.methods) > 0 }

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

// callMethods prints v through the fmt methods ms of its cell type (ptr:
// v is a pointer to a value of it) as fmt's handleMethods would, and
// reports whether it did.
func callMethods(w io.Writer, st fmt.State, v reflect.Value, verb rune, ms map[string]*cellMethod, ptr bool) (handled bool) {
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
