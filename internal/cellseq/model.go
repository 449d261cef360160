package cellseq

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// kind is what a name of the session is.
type kind int

const (
	kVar       kind = iota // a variable of a basic, slice or map type
	kConst                 // an untyped constant
	kFunc                  // a function declared in a cell
	kType                  // a struct type with a field A int
	kStruct                // a variable of a struct type
	kClosure               // a func() int that adds to an int variable
	kPtr                   // a *int to an int variable
	kChan                  // a chan int with a buffer
	kMethod                // a method value: s.Get (pointer receiver) or s.Twice (value)
	kFuncSlice             // a []func() int
	kNamed                 // a defined type T, K, V or E (generic.go)
	kNamedVar              // a variable of a kNamed type; val is how fmt prints it
	kGeneric               // a generic function g0..g4 (generics[k])
)

// entity is the model's account of one name.
type entity struct {
	kind kind
	// kVar, kConst: the type ("int", "string", ...) and the value.
	typ string
	val any
	// pins counts the closures, pointers, method values and functions
	// that refer to this name; a pinned name keeps its kind and type.
	pins int
	// kFunc: sig is "int" (func(x int) int { return x*k + add }, add a
	// constant's name or a literal) or "string" (func(s string) string
	// { return s + suffix }).
	sig    string
	k      int
	add    string
	suffix string
	// kType: the fields after A, and the methods declared.
	fields          string
	hasGet, hasTwin bool
	// kStruct: its type and the value of A.
	tname string
	a     int
	// kClosure, kPtr: the int variable; kClosure adds delta. kMethod
	// with a pointer receiver: the struct variable.
	target string
	delta  int
	// kMethod with a value receiver: the bound value.
	bound int
	// kChan: the values in its buffer.
	queue []int
	// kFuncSlice: what each function returns.
	fvals []int
}

// model is the session as Go defines it.
type model struct {
	ents map[string]*entity
	// tried holds names that only failing cells tried to declare: they
	// must stay undefined.
	tried []string
}

func newModel() *model { return &model{ents: map[string]*entity{}} }

func (m *model) names(k kind) []string {
	var out []string
	for n, e := range m.ents {
		if e.kind == k {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}

// intVars are the variables of type int.
func (m *model) intVars() []string {
	var out []string
	for _, n := range m.names(kVar) {
		if m.ents[n].typ == "int" {
			out = append(out, n)
		}
	}
	return out
}

func (m *model) pin(name string, d int) {
	if e := m.ents[name]; e != nil {
		e.pins += d
	}
}

// forget removes a name, unpinning what it referred to.
func (m *model) forget(name string) {
	e := m.ents[name]
	if e == nil {
		return
	}
	switch e.kind {
	case kFunc:
		if e.add != "" {
			m.pin(e.add, -1)
		}
	case kClosure, kPtr, kMethod:
		if e.target != "" {
			m.pin(e.target, -1)
		}
	case kStruct:
		m.pin(e.tname, -1)
	}
	delete(m.ents, name)
}

// intValue is the current value of an int variable or constant.
func (m *model) intValue(name string) int {
	e := m.ents[name]
	switch v := e.val.(type) {
	case int:
		return v
	}
	panic("cellseq: " + name + " is not an int")
}

// funcResult is what f(probeArg) returns for a function of the model.
func (m *model) funcResult(e *entity) string {
	if e.sig == "string" {
		return "q" + e.suffix
	}
	add := 0
	if e.add != "" {
		if c, ok := m.ents[e.add]; ok {
			add = c.val.(int)
		}
	} else {
		add = e.k
	}
	return strconv.Itoa(3*e.k + add)
}

// probe returns the code and the output of the cell that prints every
// value of the model.
func (m *model) probe() (code, out string, deps map[string]string) {
	deps = map[string]string{}
	var names []string
	for n := range m.ents {
		names = append(names, n)
	}
	slices.Sort(names)
	var c, o strings.Builder
	c.WriteString("fmt.Println(\"values\")\n")
	o.WriteString("values\n")
	line := func(name, expr, val string) {
		fmt.Fprintf(&c, "fmt.Println(%q, %s)\n", name, expr)
		fmt.Fprintf(&o, "%s %s\n", name, val)
	}
	for _, n := range names {
		e := m.ents[n]
		switch e.kind {
		case kVar, kConst:
			line(n, n, fmt.Sprint(e.val))
		case kFunc:
			arg := "3"
			if e.sig == "string" {
				arg = `"q"`
			}
			line(n, fmt.Sprintf("%s(%s)", n, arg), m.funcResult(e))
		case kType:
			line(n, n+"{A: 7}.A", "7")
		case kStruct:
			line(n, n+".A", strconv.Itoa(e.a))
		case kPtr:
			line(n, "*"+n, strconv.Itoa(m.intValue(e.target)))
			deps[n] = e.target
		case kChan:
			line(n, "len("+n+")", strconv.Itoa(len(e.queue)))
		case kMethod:
			v := e.bound
			if e.target != "" {
				v = m.ents[e.target].a
				deps[n] = e.target
			}
			line(n, n+"()", strconv.Itoa(v))
		case kFuncSlice:
			line(n, "len("+n+")", strconv.Itoa(len(e.fvals)))
		case kNamed, kNamedVar, kGeneric:
			expr, val := m.genericProbe(n, e)
			line(n, expr, val)
		case kClosure:
			// Calling it would change the model; its effect is checked
			// by the steps that call it.
		}
	}
	return strings.TrimSuffix(c.String(), "\n"), o.String(), deps
}

// literal is Go source for a value of the model.
func literal(v any) string {
	switch v := v.(type) {
	case int:
		return strconv.Itoa(v)
	case string:
		return strconv.Quote(v)
	case float64:
		s := strconv.FormatFloat(v, 'g', -1, 64)
		if !strings.ContainsAny(s, ".e") {
			s += ".0"
		}
		return s
	case bool:
		return strconv.FormatBool(v)
	case []int:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = strconv.Itoa(x)
		}
		return "[]int{" + strings.Join(parts, ", ") + "}"
	case map[string]int:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = fmt.Sprintf("%q: %d", k, v[k])
		}
		return "map[string]int{" + strings.Join(parts, ", ") + "}"
	}
	panic(fmt.Sprintf("cellseq: no literal for %T", v))
}

func typeOf(v any) string {
	switch v.(type) {
	case []int:
		return "[]int"
	case map[string]int:
		return "map[string]int"
	}
	return fmt.Sprintf("%T", v)
}
