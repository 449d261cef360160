package interp

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/methodic-go/methodic/display"
)

// formatValue is the text/plain form of a value whose static type yaegi
// gave as t. Values of types declared in cells print with their type name
// and their real field names (fix fmt-cell-types): compiled fmt would show
// the anonymous struct yaegi builds, with renamed fields. m is the table of
// cell struct types, for values held in interfaces: yaegi keeps a value
// of a cell type with methods in an interface slot ([]any, []Shape, a
// field of an interface type of the cells) as a struct of its own
// (valueInterface), which compiled fmt prints as such; named, the fmt
// methods of the cell types by name, prints it through the methods of
// the type it names (fix fmt-held-pairs).
func formatValue(v reflect.Value, t *ytype, m cellTypeMap, named cellNamedMethods) string {
	if !v.IsValid() {
		return "nil"
	}
	if !usesCellTypes(t) {
		budget := 10000
		if holdsCellValues(v, m, &budget) {
			return fmt.Sprintf("%v", &cellValue{m: m, named: named, v: v})
		}
		return plainText(v)
	}
	var b strings.Builder
	writeValue(&b, v, t, true, 0, m)
	return b.String()
}

// holdsCellValues reports whether v holds, in interfaces, values yaegi
// keeps in a struct of its own or values of cell struct types, within a
// budget of values visited (past it, it says yes).
func holdsCellValues(v reflect.Value, m cellTypeMap, budget *int) bool {
	if !v.IsValid() {
		return false
	}
	*budget--
	if *budget < 0 {
		return true
	}
	t := v.Type()
	if t.Kind() == reflect.Struct && isValueInterface(t) || m.involves(t, nil) {
		return true
	}
	if !hasInterface(t, nil) {
		return false
	}
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		return !v.IsNil() && holdsCellValues(v.Elem(), m, budget)
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			if holdsCellValues(v.Index(i), m, budget) {
				return true
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if holdsCellValues(it.Key(), m, budget) || holdsCellValues(it.Value(), m, budget) {
				return true
			}
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if holdsCellValues(v.Field(i), m, budget) {
				return true
			}
		}
	}
	return false
}

// plainText is display's text/plain form of a compiled value, which
// bounds the text of huge values.
func plainText(v reflect.Value) string {
	if v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	if !v.CanInterface() {
		return v.String()
	}
	return display.Render(v.Interface()).Text()
}

const maxElems = 100

func writeValue(b *strings.Builder, v reflect.Value, t *ytype, top bool, depth int, m cellTypeMap) {
	if depth > 8 {
		b.WriteString("...")
		return
	}
	if v.Kind() == reflect.Struct && isValueInterface(v.Type()) {
		// A value in an interface slot, as yaegi keeps it.
		if v = concrete(v); !v.IsValid() {
			b.WriteString("nil")
			return
		}
	}
	if t != nil && t.Cat == ycInterface && v.Kind() != reflect.Interface {
		t = nil // the dynamic type tells
	}
	if v.Kind() == reflect.Interface {
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		v = v.Elem()
		if t != nil && t.Cat == ycInterface {
			t = nil
		}
	}
	if t == nil || !usesCellTypes(t) {
		if budget := 10000; holdsCellValues(v, m, &budget) {
			fmt.Fprintf(b, "%#v", &cellValue{m: m, v: v})
			return
		}
		if v.Kind() == reflect.String {
			fmt.Fprintf(b, "%q", v.String())
			return
		}
		if v.CanInterface() {
			fmt.Fprintf(b, "%v", v.Interface())
		} else {
			b.WriteString(v.String())
		}
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			fmt.Fprintf(b, "(*%s)(nil)", t.label())
			return
		}
		b.WriteString("&")
		writeValue(b, v.Elem(), t.Elem, true, depth+1, m)
	case reflect.Struct:
		if top && t.Name != "" {
			b.WriteString(t.label())
		}
		b.WriteString("{")
		for i := 0; i < v.NumField(); i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			name := v.Type().Field(i).Name
			var ft *ytype
			if i < len(t.Fields) {
				name, ft = t.Fields[i].Name, t.Fields[i].Type
			}
			b.WriteString(name + ":")
			writeValue(b, v.Field(i), ft, true, depth+1, m)
		}
		b.WriteString("}")
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			b.WriteString(t.label() + "(nil)")
			return
		}
		b.WriteString(t.label() + "{")
		for i := 0; i < v.Len(); i++ {
			if i == maxElems {
				fmt.Fprintf(b, ", ... (%d more)", v.Len()-i)
				break
			}
			if i > 0 {
				b.WriteString(", ")
			}
			writeValue(b, v.Index(i), t.Elem, false, depth+1, m)
		}
		b.WriteString("}")
	case reflect.Map:
		b.WriteString(t.label() + "{")
		it := v.MapRange()
		for i := 0; it.Next(); i++ {
			if i == maxElems {
				b.WriteString(", ...")
				break
			}
			if i > 0 {
				b.WriteString(", ")
			}
			writeValue(b, it.Key(), t.Key, false, depth+1, m)
			b.WriteString(": ")
			writeValue(b, it.Value(), t.Elem, false, depth+1, m)
		}
		b.WriteString("}")
	default:
		if v.CanInterface() {
			fmt.Fprintf(b, "%v", v.Interface())
		} else {
			b.WriteString(v.String())
		}
	}
}

// label is the Go spelling of t, with types of cells qualified by main as
// %T prints them.
func (t *ytype) label() string {
	if t == nil {
		return "?"
	}
	return t.Str
}
