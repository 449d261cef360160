package interp

import (
	"fmt"
	"io"
	"os"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	yaegi "github.com/traefik/yaegi/interp"
)

// Formatting values of cell types with fmt (fix fmt-cell-types).
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
// it, the static types of fmt's arguments tell where the check knows
// them (fix fmt-static-types, fix_fmtargs.go): an argument whose type
// involves a defined non-struct type, or holds values of a cell type
// with fmt methods, reaches these functions as a staticArg, which prints
// itself with the cell printer and the description of its type. Left:
//   - a defined type over a non-struct type (type Celsius float64) has the
//     runtime type of its underlying type: held in an interface (an
//     argument of type any, an element of a []any), %T prints float64,
//     %#v 2, and its methods are not called unless yaegi wraps the value
//     (one over a basic type without methods goes into interfaces as a
//     namedValue, whose %T names it: fix named-values);
//   - cell struct types with the same fields (names, types and tags, in
//     order) share one runtime type: held in an interface, they print as
//     a struct literal with their real field names, without methods;
//   - both but for a value of a type with methods that yaegi holds as its
//     pair of a node and the value (valueInterface): the node names the
//     type (fix fmt-held-pairs); yaegi holds it bare where it is returned
//     as an any or converted explicitly (any(v));
//   - struct types declared inside functions, and generic types, are not
//     in the table; methods promoted from embedded fields are not seen.
// log.Printf and its kin keep yaegi's own functions.

// cellArgs rewrites a format and its arguments so that compiled fmt
// prints values of cell types as Go would: %T, %+v and %#v with the
// types' names and real field names, and values whose type has fmt
// methods (String, Error, Format, GoString) declared in cells through
// them, also inside other values. An argument concerned is wrapped in a
// cellArg, which prints it for every verb (an argument may be printed by
// several verbs, with [n] indexes); %T, which fmt answers before asking a
// Formatter, becomes the verb typeVerb.
func (m cellTypeMap) cellArgs(format string, args []any, pairs pairEnv) (string, []any) {
	args, pairs.on = unheld(args, pairs.on)
	if len(args) == 0 || !strings.ContainsRune(format, '%') || len(m) == 0 && !hasStaticArg(args) && !(pairs.on && anyInterpreterPair(args)) && !hasNamedValue(args) {
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
			wrapped[i] = &cellArg{m: m, named: pairs.named, orig: args[i]}
		}
		return wrapped[i]
	}
	for _, d := range scanFormat(format, len(args)) {
		if d.arg < 0 || d.arg >= len(args) || args[d.arg] == nil {
			continue
		}
		a := args[d.arg]
		if _, ok := a.(*staticArg); ok {
			// It prints itself, %T as typeVerb.
			if d.verb == 'T' {
				typePos = append(typePos, d.pos)
			}
			continue
		}
		v := reflect.ValueOf(a)
		switch {
		case d.verb == 'T':
			if nv, ok := a.(namedValue); ok { // fix named-values
				wrap(d.arg).label = nv.typ
				typePos = append(typePos, d.pos)
				continue
			}
			t := reflect.TypeOf(a)
			if e, ok := a.(error); ok {
				// An error of a cell type is a wrapper holding it.
				if w, ok := wrapperValue(e); ok {
					t = w.Type()
				}
			}
			if isValueInterface(t) {
				// yaegi's pair of a node and a value: the value's type.
				if s := pairType(v); s != "" {
					wrap(d.arg).label = s
					typePos = append(typePos, d.pos)
					continue
				}
				if c := concrete(v); c.IsValid() {
					t = c.Type()
				}
			} else if !m.involves(t, nil) {
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
				methods && m.holds(v, &budget, withMethods) || pairs.on && holdsInterpreterPair(a) {
				wrap(d.arg).print = true
			}
		}
	}
	if wrapped == nil && len(typePos) == 0 {
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
	if wrapped == nil {
		return format, args
	}
	out := append([]any(nil), args...)
	for i, w := range wrapped {
		if w != nil {
			out[i] = w
		}
	}
	return format, out
}

func hasStaticArg(args []any) bool {
	for _, a := range args {
		if _, ok := a.(*staticArg); ok {
			return true
		}
	}
	return false
}

// printArgs wraps the operands of Print, Println and their kin that hold
// values of cell types with fmt methods, so that the methods print them.
// For Print, Sprint, Fprint and Append (spaced: a space goes between
// operands when neither is a string), an operand whose static type is a
// cell type over string (fix fmt-static-types) is printed at once: fmt
// takes it for a string, as it would the value.
func (m cellTypeMap) printArgs(args []any, spaced bool, pairs pairEnv) []any {
	args, pairs.on = unheld(args, pairs.on)
	var out []any
	if spaced {
		for i, a := range args {
			if sa, ok := a.(*staticArg); ok && sa.isString() {
				if out == nil {
					out = append([]any(nil), args...)
				}
				out[i] = fmt.Sprint(sa)
			}
		}
		if out != nil {
			args = out
		}
	}
	methods := len(m) > 0 && m.hasMethods()
	out = nil
	for i, a := range args {
		if a == nil {
			continue
		}
		if _, ok := a.(*staticArg); ok {
			continue
		}
		budget := 10000
		if !(methods && m.holds(reflect.ValueOf(a), &budget, withMethods)) && !(pairs.on && holdsInterpreterPair(a)) {
			continue
		}
		if out == nil {
			out = append([]any(nil), args...)
		}
		out[i] = &cellArg{m: m, named: pairs.named, orig: a, print: true}
	}
	if out == nil {
		return args
	}
	return out
}

// pairEnv is what the cells' fmt functions need to know to print
// yaegi's pairs (valueInterface) of a node and a value of a cell type
// with methods: whether there may be some (on: the cells declare
// methods), and the fmt methods of the cell types by name, which the
// node of a pair names.
type pairEnv struct {
	on    bool
	named cellNamedMethods
}

func (s *Session) fmtPairs() pairEnv {
	if !s.methodsDeclared.Load() {
		return pairEnv{}
	}
	e := pairEnv{on: true}
	if n := s.cellNamed.Load(); n != nil {
		e.named = *n
	}
	return e
}

// heldPair is yaegi's pair of a node and a value (valueInterface), as
// _methodicHeld hands it to the cells' fmt and log functions (fix
// fmt-held-pairs), with the session whose cells made it.
type heldPair struct {
	v any
	s *Session
}

// heldArg is _methodicHeld: an argument of type any of fmt's printing
// functions (or log's), as the fixer rewrote it. yaegi would wrap a value of a cell
// type with methods held in an any, which it keeps as its pair, in the
// interface the function's arguments are mapped to (fmt.Stringer: mapTypes)
// by evaluating the node of the pair again, in the frame of the call of
// fmt: where the pair was made in another function (var y any = v at the
// top level of a cell runs in a function; fix interface-copy's []T{v}[0];
// any function of the cells), that read another frame's slot, and
// printed a wrong value (L0 for Lv(3)), panicked in String ("reflect.Set:
// value of type int is not assignable to type struct { N int }") or
// failed on a zero Value. The pair reaches fmt as a heldPair, which yaegi
// leaves alone, and the cells' fmt functions print the value it holds.
func (s *Session) heldArg(v any) any {
	if v != nil && isValueInterface(reflect.TypeOf(v)) {
		return heldPair{v: v, s: s}
	}
	return v
}

// heldSession is the session of the first heldPair of args, nil when
// there is none: the cells' log functions, which are no session's, then
// print args as the cells' fmt functions do.
func heldSession(args []any) *Session {
	for _, a := range args {
		if h, ok := a.(heldPair); ok {
			return h.s
		}
	}
	return nil
}

// unheld takes the pairs out of the heldPair arguments; pairs becomes
// true when there were some.
func unheld(args []any, pairs bool) ([]any, bool) {
	var out []any
	for i, a := range args {
		if h, ok := a.(heldPair); ok {
			if out == nil {
				out = append([]any(nil), args...)
			}
			out[i] = h.v
		}
	}
	if out == nil {
		return args, pairs
	}
	return out, true
}

// holdsInterpreterPair reports whether a, an argument of fmt, holds a
// value of a cell type with methods in an interface slot ([]any{v}, a
// map[string]any, a field of type any, an any itself), which yaegi keeps
// as its own pair of a node and the value (valueInterface) and compiled
// fmt would print as such, {0xc000... {0x... 409}}: the cell printer
// prints the value.
func holdsInterpreterPair(a any) bool {
	budget := 10000
	return holdsCellValues(reflect.ValueOf(a), nil, &budget)
}

func anyInterpreterPair(args []any) bool {
	for _, a := range args {
		if holdsInterpreterPair(a) {
			return true
		}
	}
	return false
}

// typeVerb stands for %T of a cell type in a rewritten format: a
// noncharacter, which no format of a user holds.
const typeVerb = '\uFDD0'

// cellArg is an argument of a format that involves cell types.
type cellArg struct {
	m     cellTypeMap
	named cellNamedMethods // the fmt methods of cell types by name, for pairs
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
		(&cellValue{m: a.m, named: a.named, v: reflect.ValueOf(a.orig)}).Format(st, verb)
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

// cellTypeTable is the table of cell struct types, or nil.
func (s *Session) cellTypeTable() cellTypeMap {
	if m := s.cellTypes.Load(); m != nil {
		return *m
	}
	return nil
}

// fmtSymbols are fmt's printing functions as cells see them.
func (s *Session) fmtSymbols() map[string]reflect.Value {
	table := s.cellTypeTable
	pairs := s.fmtPairs
	return map[string]reflect.Value{
		"Print": reflect.ValueOf(func(a ...any) (int, error) {
			return fmt.Fprint(os.Stdout, table().printArgs(a, true, pairs())...)
		}),
		"Println": reflect.ValueOf(func(a ...any) (int, error) {
			return fmt.Fprintln(os.Stdout, table().printArgs(a, false, pairs())...)
		}),
		"Sprint":   reflect.ValueOf(func(a ...any) string { return fmt.Sprint(table().printArgs(a, true, pairs())...) }),
		"Sprintln": reflect.ValueOf(func(a ...any) string { return fmt.Sprintln(table().printArgs(a, false, pairs())...) }),
		"Fprint": reflect.ValueOf(func(w io.Writer, a ...any) (int, error) {
			return fmt.Fprint(w, table().printArgs(a, true, pairs())...)
		}),
		"Fprintln": reflect.ValueOf(func(w io.Writer, a ...any) (int, error) {
			return fmt.Fprintln(w, table().printArgs(a, false, pairs())...)
		}),
		"Append":   reflect.ValueOf(func(b []byte, a ...any) []byte { return fmt.Append(b, table().printArgs(a, true, pairs())...) }),
		"Appendln": reflect.ValueOf(func(b []byte, a ...any) []byte { return fmt.Appendln(b, table().printArgs(a, false, pairs())...) }),
		"Printf": reflect.ValueOf(func(format string, a ...any) (int, error) {
			format, a = table().cellArgs(format, a, pairs())
			return fmt.Fprintf(os.Stdout, format, a...)
		}),
		"Sprintf": reflect.ValueOf(func(format string, a ...any) string {
			format, a = table().cellArgs(format, a, pairs())
			return fmt.Sprintf(format, a...)
		}),
		"Fprintf": reflect.ValueOf(func(w io.Writer, format string, a ...any) (int, error) {
			format, a = table().cellArgs(format, a, pairs())
			return fmt.Fprintf(w, format, a...)
		}),
		"Errorf": reflect.ValueOf(func(format string, a ...any) error {
			format, a = table().cellArgs(format, a, pairs())
			return fmt.Errorf(format, a...)
		}),
		"Appendf": reflect.ValueOf(func(b []byte, format string, a ...any) []byte {
			format, a = table().cellArgs(format, a, pairs())
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
