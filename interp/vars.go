package interp

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// What the kernel knows of the session's variables and constants (%who,
// %whos, completion, inspection, the rewrites that need to know whether a
// name is an integer) is their names and static types, never their
// values: the index below is kept by name as cells declare variables,
// and reading it never touches a value. Looking at a value can change
// it: drawing a gonum plot fixes its axes to the data it holds so far,
// so a plot previewed after `p := plot.New()` kept the axes of an empty
// plot (-1 to 1) for the lines added later. And rendering every value
// after every cell cost seconds in a notebook holding a few plots or a
// data set. Only %whos reads values, of the kinds fmt would print by
// themselves (numbers, strings, and slices of them); it calls no method.

// varInfo is what the index holds of one variable or constant.
type varInfo struct {
	name    string
	kind    string // "var" or "const"
	typ     *ytype
	typeStr string
}

// varIndex is the session's variables and constants by name. It is
// written on the execution goroutine, as cells declare names, and read
// from any goroutine (completion and inspection answer while a cell
// runs). The cost of noting a name does not grow with the number of
// names or the size of values.
type varIndex struct {
	mu sync.RWMutex
	m  map[string]*varInfo
}

func newVarIndex() *varIndex { return &varIndex{m: map[string]*varInfo{}} }

func (x *varIndex) get(name string) (*varInfo, bool) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	v, ok := x.m[name]
	return v, ok
}

func (x *varIndex) has(name string) bool {
	_, ok := x.get(name)
	return ok
}

func (x *varIndex) set(v *varInfo) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.m[v.name] = v
}

func (x *varIndex) remove(name string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	delete(x.m, name)
}

// all returns the entries sorted by name.
func (x *varIndex) all() []*varInfo {
	x.mu.RLock()
	out := make([]*varInfo, 0, len(x.m))
	for _, v := range x.m {
		out = append(out, v)
	}
	x.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// newVarInfo describes a global of the interpreter.
func newVarInfo(g yglobal) *varInfo {
	return &varInfo{name: g.Name, kind: g.Kind, typ: g.Type, typeStr: typeString(g.Type)}
}

// noteName records the variable or constant name of the current
// generation in the index, reading its static type; it reports whether
// the interpreter has such a global.
func (s *Session) noteName(name string) bool {
	if name == "_" || hiddenName(name) {
		return false
	}
	g, ok := s.gen.global(name)
	if !ok || (g.Kind != "var" && g.Kind != "const") {
		return false
	}
	s.vars.set(newVarInfo(g))
	return true
}

// reindexVars reads the types of the indexed names again from the
// current generation (after a rebuild), drops the names it no longer
// has, and adds the constants of the store. Its cost grows with the
// number of names, never with their values; it runs when declarations
// change, not after every cell.
func (s *Session) reindexVars() {
	for _, v := range s.vars.all() {
		if !s.noteName(v.name) {
			s.vars.remove(v.name)
		}
	}
	for _, e := range s.store.decls {
		if e.kind == "const" {
			for _, n := range e.names {
				s.noteName(n)
			}
		}
	}
}

// typeString is the type of a global as %whos and completion show it.
func typeString(t *ytype) string {
	if t == nil {
		return ""
	}
	s := t.Str
	if strings.HasPrefix(s, "untyped ") {
		switch strings.TrimPrefix(s, "untyped ") {
		case "int":
			return "int"
		case "float":
			return "float64"
		case "rune":
			return "rune"
		case "string":
			return "string"
		case "bool":
			return "bool"
		case "complex":
			return "complex128"
		}
	}
	return s
}

// valuePreview is the Data/Info column of %whos: the value of a number,
// string or bool, the length and first elements of a slice, array or map
// of those, the fields of a struct of a cell type (t, the static type,
// says which) when they are of those kinds, and nothing for other values.
// It reads the value by reflection and calls none of its methods (a
// String method, say, which might draw or mutate). Its text is at most
// 80 bytes.
func valuePreview(v reflect.Value, t *ytype) (s string) {
	defer func() {
		if recover() != nil {
			s = ""
		}
	}()
	if v.Kind() == reflect.Interface {
		if v.IsNil() {
			return "nil"
		}
		v = v.Elem()
	}
	if text, ok := basicText(v); ok {
		return shorten(text)
	}
	switch v.Kind() {
	case reflect.Slice, reflect.Array, reflect.Map:
		if v.Kind() != reflect.Array && v.IsNil() {
			return "nil"
		}
		n := v.Len()
		var parts []string
		if v.Kind() != reflect.Map {
			for i := 0; i < n && i < 10; i++ {
				text, ok := basicText(v.Index(i))
				if !ok {
					parts = nil
					break
				}
				parts = append(parts, text)
			}
		}
		if len(parts) == 0 {
			return fmt.Sprintf("len %d", n)
		}
		text := "[" + strings.Join(parts, " ")
		if n > len(parts) {
			text += " ..."
		}
		return shorten(fmt.Sprintf("len %d: %s]", n, text))
	case reflect.Struct:
		if t == nil || t.Path != "main" || t.Name == "" || len(t.Fields) != v.NumField() {
			return ""
		}
		var parts []string
		for i, f := range t.Fields {
			text, ok := basicText(v.Field(i))
			if !ok {
				return ""
			}
			parts = append(parts, f.Name+":"+text)
		}
		return shorten(t.label() + "{" + strings.Join(parts, ", ") + "}")
	case reflect.Pointer, reflect.Func, reflect.Chan:
		if v.IsNil() {
			return "nil"
		}
	}
	return ""
}

// basicText is the text of a bool, number or string value, read by kind.
func basicText(v reflect.Value) (string, bool) {
	switch v.Kind() {
	case reflect.Bool:
		return fmt.Sprint(v.Bool()), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return fmt.Sprint(v.Int()), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return fmt.Sprint(v.Uint()), true
	case reflect.Float32:
		return strconv.FormatFloat(v.Float(), 'g', -1, 32), true
	case reflect.Float64:
		return strconv.FormatFloat(v.Float(), 'g', -1, 64), true
	case reflect.Complex64:
		return strconv.FormatComplex(v.Complex(), 'g', -1, 64), true
	case reflect.Complex128:
		return strconv.FormatComplex(v.Complex(), 'g', -1, 128), true
	case reflect.String:
		return fmt.Sprintf("%q", v.String()), true
	}
	return "", false
}

// shorten puts s on one line of at most 80 bytes.
func shorten(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if len(s) > 80 {
		s = s[:77] + "..."
	}
	return s
}

// refreshIndex brings the index and the snapshot up to date after a
// cell: the types of every name are read again when the interpreter was
// rebuilt or the declarations changed, and left alone otherwise.
func (s *Session) refreshIndex() {
	key := s.storeKey()
	if s.indexed.gen != s.gen || s.indexed.key != key {
		s.reindexVars()
		s.syncView()
		s.indexed.gen, s.indexed.key = s.gen, key
	}
	s.updateSnapshot()
}
