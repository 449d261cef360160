package interp

import (
	"fmt"
	"go/token"
	"io"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// cellValue prints a value involving cell types as fmt would print it if
// the cell types were compiled types.
type cellValue struct {
	m     cellTypeMap
	named cellNamedMethods // the fmt methods of the cell types t names
	v     reflect.Value
	t     *fmtType // the value's static type, when the check told it (fix fmt-static-types)
}

func (c *cellValue) Format(st fmt.State, verb rune) {
	p := cellPrinter{m: c.m, named: c.named, w: st, st: st, verb: verb, plus: verb == 'v' && st.Flag('+'), sharp: verb == 'v' && st.Flag('#')}
	// The directive handed to fmt for leaves keeps the flags and width.
	p.leaf = fmt.FormatString(st, verb)
	p.width, _ = st.Width()
	p.minus = st.Flag('-')
	p.value(c.v, c.t, 0)
}

// cellPrinter follows fmt's printValue. It walks a value with the
// description of its static type where the check told it (t, nil beyond
// it), and otherwise with what the runtime types tell through the table
// of cell struct types.
type cellPrinter struct {
	m           cellTypeMap
	named       cellNamedMethods
	w           io.Writer
	st          fmt.State // for Format methods
	verb        rune
	plus, sharp bool // %+v, %#v
	minus       bool
	width       int
	leaf        string // the directive for values fmt prints by itself
	// ro: the value was reached through an unexported field of a cell
	// struct, where fmt calls no method (Go's fmt cannot: the value does
	// not satisfy CanInterface) and prints by kind.
	ro bool
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
func (p *cellPrinter) elems(v reflect.Value, t *fmtType, open, sep, close string, depth int) {
	p.str(open)
	for i := 0; i < v.Len(); i++ {
		if i > 0 {
			p.str(sep)
		}
		p.value(v.Index(i), t.elemType(), depth+1)
	}
	p.str(close)
}

// elemType is the description of the elements of t, nil where the
// check's description ends.
func (t *fmtType) elemType() *fmtType {
	if t == nil {
		return nil
	}
	return t.elem
}

// typeString names the type of v, of static type t, as %T would.
func (p *cellPrinter) typeString(v reflect.Value, t *fmtType) string {
	if t != nil {
		return t.str
	}
	return p.m.typeString(v.Type())
}

// methods returns the fmt methods of cell types v has, and whether v is
// a pointer to a value of the type declaring them.
func (p *cellPrinter) methods(v reflect.Value, t *fmtType) (map[string]*cellMethod, bool) {
	if t == nil {
		if !v.CanInterface() {
			return nil, false
		}
		return p.m.methodsOf(v)
	}
	if t.name != "" {
		return p.named[t.name], false
	}
	if v.Kind() == reflect.Pointer && t.elem != nil && t.elem.name != "" && !t.iface {
		return p.named[t.elem.name], true
	}
	return nil, false
}

func (p *cellPrinter) value(v reflect.Value, t *fmtType, depth int) {
	if t == nil || t.iface {
		if pt := pairStatic(v); pt != nil && p.named.of(pt) != nil {
			// yaegi's pair names the cell type of the value it holds,
			// which its runtime type does not tell for a type over a
			// non-struct type (type Lv int: an int) nor for struct
			// types with the same fields (one runtime type): its fmt
			// methods are found by that name.
			t = pt
		}
	}
	v = concrete(v)
	if t != nil && t.iface && v.Kind() != reflect.Interface {
		// A value of an interface type, which yaegi keeps as a struct
		// of its own (taken off by concrete): its dynamic type tells.
		if !v.IsValid() && p.sharp {
			p.str(t.str + "(nil)")
			return
		}
		t = nil
	}
	if p.st != nil && v.IsValid() && !p.ro {
		if ms, ptr := p.methods(v, t); len(ms) > 0 && callMethods(p.w, p.st, v, p.verb, ms, ptr) {
			return
		}
	}
	if depth > 0 && v.IsValid() && v.CanInterface() && t == nil && !p.ro {
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
		p.mapValue(v, t, depth)
	case reflect.Struct:
		if p.sharp {
			p.str(p.typeString(v, t))
		}
		p.str("{")
		ct := p.m[v.Type()]
		var fields []fmtField
		if t != nil && len(t.fields) == v.NumField() {
			fields = t.fields
		}
		ro := p.ro
		for i := 0; i < v.NumField(); i++ {
			if i > 0 {
				if p.sharp {
					p.str(", ")
				} else {
					p.str(" ")
				}
			}
			name := v.Type().Field(i).Name
			var ft *fmtType
			switch {
			case fields != nil:
				name, ft = fields[i].name, fields[i].t
				p.ro = ro || !fields[i].exported
			case ct != nil:
				name = ct.fields[i]
				p.ro = ro || !token.IsExported(name)
			}
			if p.plus || p.sharp {
				p.str(name + ":")
			}
			f := v.Field(i)
			if f.Kind() == reflect.Interface && !f.IsNil() {
				f, ft = f.Elem(), nil
			}
			p.value(f, ft, depth+1)
		}
		p.ro = ro
		p.str("}")
	case reflect.Interface:
		e := v.Elem()
		if !e.IsValid() {
			if p.sharp {
				p.str(p.typeString(v, t) + "(nil)")
			} else {
				p.str("<nil>")
			}
			return
		}
		p.value(e, nil, depth+1)
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
			p.str(p.typeString(v, t))
			if v.Kind() == reflect.Slice && v.IsNil() {
				p.str("(nil)")
				return
			}
			p.elems(v, t, "{", ", ", "}", depth)
			return
		}
		p.elems(v, t, "[", " ", "]", depth)
	case reflect.Pointer:
		if depth == 0 && !v.IsNil() {
			switch v.Elem().Kind() {
			case reflect.Array, reflect.Slice, reflect.Struct, reflect.Map:
				p.str("&")
				p.value(v.Elem(), t.elemType(), depth+1)
				return
			}
		}
		p.pointer(v, t)
	case reflect.Chan, reflect.Func, reflect.UnsafePointer:
		p.pointer(v, t)
	default:
		if t != nil || p.ro {
			// A cell type, whose methods were looked for above, or a
			// value fmt could not call methods on: printed by kind.
			fmt.Fprintf(p.w, p.leaf, kindValue(v))
			return
		}
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

// pairType returns how %T spells the type of the value that v, yaegi's
// pair of a node and a value (valueInterface), holds: the static type of
// the node that made it ("main.Count", "*main.Sq"), which the runtime
// type of the value does not tell for a cell type over a non-struct type
// (int) nor for cell struct types with the same fields; "" when v is no
// such pair.
func pairType(v reflect.Value) string {
	if !v.IsValid() || v.Kind() != reflect.Struct || !isValueInterface(v.Type()) || !v.CanInterface() {
		return ""
	}
	c := reflect.New(v.Type()).Elem()
	c.Set(v)
	n := c.FieldByName("node")
	if !n.IsValid() || n.Kind() != reflect.Pointer || n.IsNil() {
		return ""
	}
	t := (*typeCache)(nil).readType(n.Elem().FieldByName("typ"), 0)
	named := func(t *ytype) bool { return t != nil && t.Name != "" && t.Path == "main" && t.Str != "" }
	if named(t) || t != nil && t.Cat == ycPtr && named(t.Elem) {
		return t.Str
	}
	return ""
}

// pairStatic describes the type of the value v, yaegi's pair of a node
// and a value, holds, when the node names a cell type (or a pointer to
// one): the static type its fmt methods are found by. nil when v is no
// such pair.
func pairStatic(v reflect.Value) *fmtType {
	s := pairType(v)
	if s == "" {
		return nil
	}
	if elem, ok := strings.CutPrefix(s, "*"); ok {
		return &fmtType{str: s, elem: &fmtType{str: elem, name: strings.TrimPrefix(elem, "main.")}}
	}
	return &fmtType{str: s, name: strings.TrimPrefix(s, "main.")}
}

// of returns the fmt methods of the cell type t names, or of the one t
// points to.
func (n cellNamedMethods) of(t *fmtType) map[string]*cellMethod {
	if t.elem != nil {
		t = t.elem
	}
	return n[t.name]
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
	return kindValue(v)
}

// kindValue is v as a value of the predeclared type of its kind, which
// fmt prints without methods.
func kindValue(v reflect.Value) any {
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
func (p *cellPrinter) pointer(v reflect.Value, t *fmtType) {
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
		fmt.Fprintf(p.w, "%%!%c(%s=", p.verb, p.typeString(v, t))
		q := *p
		q.verb, q.leaf, q.plus, q.sharp = 'v', "%v", false, false
		q.value(v, t, 0)
		p.str(")")
		return
	}
	if p.sharp {
		p.str("(" + p.typeString(v, t) + ")(")
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

func (p *cellPrinter) mapValue(v reflect.Value, t *fmtType, depth int) {
	if p.sharp {
		p.str(p.typeString(v, t))
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
		var kt *fmtType
		if t != nil {
			kt = t.key
		}
		p.value(e.k, kt, depth+1)
		p.str(":")
		p.value(e.v, t.elemType(), depth+1)
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
