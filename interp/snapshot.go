package interp

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// A snapshot is what completion and inspection know of the session: the
// variables, constants, functions and types of the cells, and the
// imports. It is rebuilt on the execution goroutine after each cell and
// read from any goroutine, so they never call into yaegi while a cell
// runs (YAEGI.md item 15).
type snapshot struct {
	vars    map[string]*varInfo // variables and constants
	decls   map[string]*declEntry
	imports map[string]string // bound name -> path
	dots    []string
	methods map[string][]*declEntry // type name -> its methods
}

type varInfo struct {
	name    string
	kind    string // "var" or "const"
	typ     *ytype
	typeStr string
	preview string
	isInt   bool
}

func (s *Session) updateSnapshot() {
	snap := &snapshot{
		vars:    map[string]*varInfo{},
		decls:   map[string]*declEntry{},
		imports: map[string]string{},
		methods: map[string][]*declEntry{},
	}
	vals := s.gen.i.Globals()
	for _, g := range s.gen.globals() {
		if hiddenName(g.Name) || (g.Kind != "var" && g.Kind != "const") || g.Name == "ctx" {
			continue
		}
		vi := &varInfo{name: g.Name, kind: g.Kind, typ: g.Type, typeStr: typeString(g.Type)}
		if g.Type != nil {
			switch g.Type.Cat {
			case ycInt, ycInt8, ycInt16, ycInt32, ycInt64, ycUint, ycUint8, ycUint16, ycUint32, ycUint64, ycUintptr:
				vi.isInt = true
			}
		}
		if v, ok := vals[g.Name]; ok {
			vi.preview = preview(v, g.Type)
			if vi.typeStr == "" && v.IsValid() {
				vi.typeStr = v.Type().String()
			}
		}
		snap.vars[g.Name] = vi
	}
	for k, e := range s.store.decls {
		if e.kind == "prelude" {
			continue
		}
		snap.decls[k] = e
		if e.kind == "method" {
			t := strings.SplitN(k, ".", 2)[0]
			snap.methods[t] = append(snap.methods[t], e)
		}
	}
	for n, p := range s.store.imports {
		snap.imports[n] = p
	}
	for p := range s.store.dotImports {
		snap.dots = append(snap.dots, p)
	}
	sort.Strings(snap.dots)
	s.snap.Store(snap)
}

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

// preview is a short text/plain form of a value.
func preview(v reflect.Value, t *ytype) (s string) {
	defer func() {
		if recover() != nil {
			s = "?"
		}
	}()
	const head = 20
	if !usesCellTypes(t) {
		if text, ok := stringerText(v); ok {
			return shorten(text)
		}
	}
	switch v.Kind() {
	case reflect.Slice:
		if v.Len() > head {
			return fmt.Sprintf("len %d: %s ...", v.Len(), strings.TrimSuffix(formatValue(v.Slice(0, head), t), "]"))
		}
	case reflect.Map:
		if v.Len() > head {
			return fmt.Sprintf("len %d", v.Len())
		}
	case reflect.Array:
		if v.Len() > head {
			return fmt.Sprintf("[%d]%s", v.Len(), v.Type().Elem())
		}
	}
	return shorten(formatValue(v, t))
}

// shorten puts s on one line of at most 80 bytes.
func shorten(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if len(s) > 80 {
		s = s[:77] + "..."
	}
	return s
}

// stringerText returns the Error or String text of a compiled value that
// has one. The snapshot is rebuilt after every cell for every variable,
// so it must not render their rich forms: a data set's summary scans
// every feature and draws sample images, a training history draws its
// plots, which cost seconds per cell in a notebook holding MNIST.
func stringerText(v reflect.Value) (string, bool) {
	if v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	if !v.IsValid() || !v.CanInterface() {
		return "", false
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan, reflect.Interface:
		if v.IsNil() {
			return "", false
		}
	}
	switch x := v.Interface().(type) {
	case error:
		return x.Error(), true
	case fmt.Stringer:
		return x.String(), true
	}
	return "", false
}
