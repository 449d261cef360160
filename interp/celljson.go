package interp

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// encoding/json and the unexported fields of cell struct types.
//
// yaegi builds the runtime type of a struct declared in a cell with
// reflect.StructOf, which takes exported fields only: an unexported field
// b becomes Xb. encoding/json then writes it, as "Xb", where Go leaves it
// out. json.Marshal and json.MarshalIndent are replaced for cells by
// versions that first copy the value into one whose cell struct types
// carry the tag json:"-" on those fields (the table of cell types says
// which they are, see cellfmt.go), and in which a value of a cell type
// with methods held in an interface ([]any{v}, map[string]any) is the
// value itself rather than yaegi's pair of a node and the value
// (valueInterface), which encoding/json wrote as {}. Values without cell
// struct types or such pairs go to encoding/json untouched. json.NewEncoder and decoding are left as they
// are, but for json.Unmarshal: its error names the cell struct holding a
// field whose value has the wrong type (jsonStructName), and a value of a
// cell type with an UnmarshalJSON method is decoded by that method
// (unmarshalWrapped).

// jsonView copies values into types that encoding/json reads as Go would
// read the cell types.
type jsonView struct {
	table cellTypeMap
	mu    sync.Mutex
	types map[reflect.Type]reflect.Type // runtime type -> its view; itself when nothing changes
}

// errJSONDepth stops the copy of a value that refers to itself, which
// encoding/json refuses too.
var errJSONDepth = errors.New("json: value too deep or cyclic to encode")

// viewType returns the type whose values encoding/json reads as the cell
// types within t, or t itself.
func (jv *jsonView) viewType(t reflect.Type) reflect.Type {
	jv.mu.Lock()
	defer jv.mu.Unlock()
	return jv.viewTypeLocked(t, map[reflect.Type]bool{})
}

func (jv *jsonView) viewTypeLocked(t reflect.Type, seen map[reflect.Type]bool) reflect.Type {
	if v, ok := jv.types[t]; ok {
		return v
	}
	if seen[t] {
		return t // a recursive type: left as yaegi built it
	}
	seen[t] = true
	out := t
	switch t.Kind() {
	case reflect.Pointer:
		if e := jv.viewTypeLocked(t.Elem(), seen); e != t.Elem() {
			out = reflect.PointerTo(e)
		}
	case reflect.Slice:
		if e := jv.viewTypeLocked(t.Elem(), seen); e != t.Elem() {
			out = reflect.SliceOf(e)
		}
	case reflect.Array:
		if e := jv.viewTypeLocked(t.Elem(), seen); e != t.Elem() {
			out = reflect.ArrayOf(t.Len(), e)
		}
	case reflect.Map:
		if e := jv.viewTypeLocked(t.Elem(), seen); e != t.Elem() {
			out = reflect.MapOf(t.Key(), e)
		}
	case reflect.Struct:
		ct := jv.table[t]
		fields := make([]reflect.StructField, t.NumField())
		changed := false
		for i := range fields {
			f := t.Field(i)
			if ft := jv.viewTypeLocked(f.Type, seen); ft != f.Type {
				f.Type, changed = ft, true
			}
			if ct != nil && i < len(ct.fields) && !exportedName(ct.fields[i]) {
				f.Tag, changed = `json:"-"`, true
			}
			f.Offset, f.Index = 0, nil
			fields[i] = f
		}
		if changed {
			out = structOf(fields, t)
		}
	}
	if jv.types == nil {
		jv.types = map[reflect.Type]reflect.Type{}
	}
	jv.types[t] = out
	return out
}

// structOf is reflect.StructOf, or t when StructOf refuses the fields
// (some embedded fields).
func structOf(fields []reflect.StructField, t reflect.Type) (out reflect.Type) {
	defer func() {
		if recover() != nil {
			out = t
		}
	}()
	return reflect.StructOf(fields)
}

func exportedName(name string) bool {
	r, _ := utf8.DecodeRuneInString(name)
	return unicode.IsUpper(r)
}

// value returns v as a value of its view type, or v itself.
func (jv *jsonView) value(v reflect.Value, depth int) (reflect.Value, error) {
	if depth > 1000 {
		return reflect.Value{}, errJSONDepth
	}
	if !v.IsValid() {
		return v, nil
	}
	if v.Kind() == reflect.Struct && isValueInterface(v.Type()) {
		// A value of a cell type with methods held in an interface:
		// yaegi's pair of a node and the value; the value.
		v = concrete(v)
		if !v.IsValid() {
			return v, nil
		}
	}
	if v.Kind() == reflect.Interface {
		if v.IsNil() {
			return v, nil
		}
		e, err := jv.value(v.Elem(), depth+1)
		if err != nil {
			return v, err
		}
		out := reflect.New(v.Type()).Elem()
		if e.Type().AssignableTo(v.Type()) {
			out.Set(e)
			return out, nil
		}
		return e, nil // a concrete value where any was: encoding/json does not mind
	}
	vt := jv.viewType(v.Type())
	if vt == v.Type() && (!holdsInterfaces(v.Type()) || v.Kind() == reflect.Struct && jv.table[v.Type()] == nil && !exportedFields(v.Type())) {
		// Nothing to change, or a compiled struct, whose unexported
		// fields could not be copied.
		return v, nil
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return reflect.Zero(vt), nil
		}
		e, err := jv.value(v.Elem(), depth+1)
		if err != nil {
			return reflect.Value{}, err
		}
		p := reflect.New(e.Type())
		p.Elem().Set(e)
		return p, nil
	case reflect.Slice, reflect.Array:
		var out reflect.Value
		switch {
		case v.Kind() == reflect.Array:
			out = reflect.New(vt).Elem()
		case v.IsNil():
			return reflect.Zero(vt), nil
		default:
			out = reflect.MakeSlice(vt, v.Len(), v.Len())
		}
		for i := 0; i < v.Len(); i++ {
			e, err := jv.value(v.Index(i), depth+1)
			if err != nil {
				return reflect.Value{}, err
			}
			out.Index(i).Set(e)
		}
		return out, nil
	case reflect.Map:
		if v.IsNil() {
			return reflect.Zero(vt), nil
		}
		out := reflect.MakeMapWithSize(vt, v.Len())
		it := v.MapRange()
		for it.Next() {
			e, err := jv.value(it.Value(), depth+1)
			if err != nil {
				return reflect.Value{}, err
			}
			out.SetMapIndex(it.Key(), e)
		}
		return out, nil
	case reflect.Struct:
		out := reflect.New(vt).Elem()
		for i := 0; i < v.NumField(); i++ {
			e, err := jv.value(v.Field(i), depth+1)
			if err != nil {
				return reflect.Value{}, err
			}
			out.Field(i).Set(e)
		}
		return out, nil
	}
	return v, nil
}

// exportedFields reports whether the struct type t has only exported
// fields, which a copy can set.
func exportedFields(t reflect.Type) bool {
	for i := 0; i < t.NumField(); i++ {
		if !t.Field(i).IsExported() {
			return false
		}
	}
	return true
}

// holdsInterfaces reports whether values of t may hold values of other
// types (and so of cell types) in interfaces.
func holdsInterfaces(t reflect.Type) bool {
	return holdsInterfacesSeen(t, map[reflect.Type]bool{})
}

func holdsInterfacesSeen(t reflect.Type, seen map[reflect.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Interface:
		return true
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
		return holdsInterfacesSeen(t.Elem(), seen)
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			if holdsInterfacesSeen(t.Field(i).Type, seen) {
				return true
			}
		}
	}
	return false
}

// view returns what to hand encoding/json for v; pairs says that the
// cells declare methods, so that v may hold yaegi's pairs.
func (jv *jsonView) view(v any, pairs bool) (any, error) {
	if v == nil || len(jv.table) == 0 && !(pairs && holdsInterpreterPair(v)) {
		return v, nil
	}
	out, err := jv.value(reflect.ValueOf(v), 0)
	if err != nil {
		return nil, err
	}
	if !out.IsValid() || !out.CanInterface() {
		return v, nil
	}
	return out.Interface(), nil
}

// jsonSymbols are encoding/json's Marshal and MarshalIndent as cells see
// them.
func (s *Session) jsonSymbols() map[string]reflect.Value {
	var mu sync.Mutex
	var jv *jsonView
	viewer := func() *jsonView {
		m := s.cellTypes.Load()
		mu.Lock()
		defer mu.Unlock()
		if m == nil {
			return &jsonView{}
		}
		if jv == nil || !sameTable(jv.table, *m) {
			jv = &jsonView{table: *m}
		}
		return jv
	}
	return map[string]reflect.Value{
		"Marshal": reflect.ValueOf(func(v any) ([]byte, error) {
			w, err := viewer().view(v, s.methodsDeclared.Load())
			if err != nil {
				return nil, err
			}
			return json.Marshal(w)
		}),
		"MarshalIndent": reflect.ValueOf(func(v any, prefix, indent string) ([]byte, error) {
			w, err := viewer().view(v, s.methodsDeclared.Load())
			if err != nil {
				return nil, err
			}
			return json.MarshalIndent(w, prefix, indent)
		}),
		"Unmarshal": reflect.ValueOf(func(data []byte, v any) error {
			if u, ok := v.(json.Unmarshaler); ok {
				if held, ok := unmarshalerValue(u); ok {
					return unmarshalWrapped(data, u, held)
				}
			}
			err := json.Unmarshal(data, v)
			var te *json.UnmarshalTypeError
			if errors.As(err, &te) && te.Struct == "" && te.Field != "" && v != nil {
				te.Struct = s.cellTypeTable().jsonStructName(reflect.TypeOf(v), strings.Split(te.Field, "."))
			}
			return err
		}),
	}
}

// unmarshalWrapped decodes data with the UnmarshalJSON method of a value
// of a cell type, held by the wrapper u: yaegi hands json.Unmarshal such a
// value (a *Level whose Level declares UnmarshalJSON) wrapped in a struct
// that has the method, which encoding/json refuses as no pointer. As
// json.Unmarshal does, invalid JSON is a syntax error before any method
// runs, the method gets the value without the white space around it, and
// a value that is no pointer is refused.
func unmarshalWrapped(data []byte, u json.Unmarshaler, held reflect.Value) error {
	if held.Kind() != reflect.Pointer || held.IsNil() {
		return &json.InvalidUnmarshalError{Type: held.Type()}
	}
	if !json.Valid(data) {
		var v any
		return json.Unmarshal(data, &v)
	}
	return u.UnmarshalJSON(bytes.Trim(data, " \t\r\n"))
}

// unmarshalerValue returns the value of a cell type that yaegi's wrapper
// u holds (its field IValue, as for the error wrappers, see
// wrapperValue); ok is false when u is no wrapper.
func unmarshalerValue(u json.Unmarshaler) (reflect.Value, bool) {
	v := reflect.ValueOf(u)
	if v.Kind() == reflect.Struct && strings.HasPrefix(v.Type().Name(), "_") {
		if f := v.FieldByName("IValue"); f.IsValid() && f.Kind() == reflect.Interface && !f.IsNil() {
			return f.Elem(), true
		}
	}
	return reflect.Value{}, false
}

// jsonStructName returns the name of the cell struct type that holds the
// field at path (the names encoding/json gives its fields, as in
// UnmarshalTypeError.Field) in a value of type t, or "". encoding/json
// names that struct in its errors by its runtime type's name, which a
// cell struct type (built by reflect.StructOf) lacks: "Go struct field
// .id" instead of Go's "Go struct field Item.id".
func (m cellTypeMap) jsonStructName(t reflect.Type, path []string) string {
	for i, name := range path {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			return ""
		}
		if i == len(path)-1 {
			break
		}
		f, ok := jsonField(t, name)
		if !ok {
			return ""
		}
		t = f.Type
	}
	ct := m[t]
	if ct == nil || !strings.HasPrefix(ct.label, "main.") {
		return ""
	}
	return strings.TrimPrefix(ct.label, "main.")
}

// jsonField finds the field of a struct type that encoding/json calls
// name (its tag's name, or else its Go name), ignoring case as
// encoding/json does.
func jsonField(t reflect.Type, name string) (reflect.StructField, bool) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		key := f.Name
		if tag, ok := f.Tag.Lookup("json"); ok {
			if k, _, _ := strings.Cut(tag, ","); k != "" && k != "-" {
				key = k
			}
		}
		if strings.EqualFold(key, name) {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// sameTable reports whether two tables of cell types are the same map.
func sameTable(a, b cellTypeMap) bool {
	return reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer()
}
