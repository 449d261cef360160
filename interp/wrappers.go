package interp

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"log"
	"reflect"

	"github.com/methodic-go/methodic/display"
	yaegi "github.com/traefik/yaegi/interp"
)

// fmtInterfaces are the interfaces by which fmt prints a value, in the
// order fmt tries them: a value of a cell type passed to fmt is wrapped
// in the first one it implements.
var fmtInterfaces = []reflect.Type{
	reflect.TypeOf((*fmt.Formatter)(nil)).Elem(),
	reflect.TypeOf((*cellError)(nil)).Elem(),
	reflect.TypeOf((*fmt.Stringer)(nil)).Elem(),
}

// cellError is error as yaegi's wrappers need it: a named interface of a
// package, with a wrapper type _cellError registered beside it (yaegi has
// none for the predeclared error). Through it a value of a cell type with
// an Error method reaches fmt as an error, and prints its message.
type cellError interface{ Error() string }

// _cellError is the wrapper yaegi fills with the interpreted Error method.
type _cellError struct {
	IValue any
	WError func() string
}

func (w _cellError) Error() string { return w.WError() }

// wrapperSymbols registers cellError and its wrapper where yaegi looks
// for the wrapper of an interface: in the symbols of the interface's
// package, as "_" + its name.
func wrapperSymbols() yaegi.Exports {
	return yaegi.Exports{
		"github.com/methodic-go/methodic/interp/interp": {
			"cellError":  reflect.ValueOf((*cellError)(nil)),
			"_cellError": reflect.ValueOf((*_cellError)(nil)),
		},
	}
}

// mapTypes tells yaegi which interfaces to look for on values of types
// declared in cells when they are passed as `any` to these compiled
// functions, so that fmt prints them through their String method.
//
// Values passed to display.Show, display.Render and display.NewHandle are
// wrapped in the display interface they implement, so that compiled
// display code calls their interpreted HTML, SVG, ... methods (fix
// display-wrappers); their text/plain is then fmt's.
func mapTypes(s *Session) map[reflect.Value][]reflect.Type {
	stringer := fmtInterfaces
	m := map[reflect.Value][]reflect.Type{}
	for _, f := range []any{fmt.Errorf, fmt.Fprint, fmt.Fprintf, fmt.Fprintln, fmt.Print, fmt.Printf,
		fmt.Println, fmt.Sprint, fmt.Sprintf, fmt.Sprintln, fmt.Append, fmt.Appendf, fmt.Appendln,
		log.Print, log.Printf, log.Println, log.Panic, log.Panicf, log.Panicln, log.Fatal, log.Fatalf, log.Fatalln,
		cellLog, cellLogf} {
		m[reflect.ValueOf(f)] = stringer
	}
	scanner := []reflect.Type{reflect.TypeOf((*fmt.Scanner)(nil)).Elem()}
	for _, f := range []any{fmt.Scan, fmt.Scanf, fmt.Scanln, fmt.Fscan, fmt.Fscanf, fmt.Fscanln, fmt.Sscan, fmt.Sscanf, fmt.Sscanln} {
		m[reflect.ValueOf(f)] = scanner
	}
	disp := []reflect.Type{
		reflect.TypeOf((*display.MIMEBundler)(nil)).Elem(),
		reflect.TypeOf((*display.HTMLer)(nil)).Elem(),
		reflect.TypeOf((*display.SVGer)(nil)).Elem(),
		reflect.TypeOf((*display.PNGer)(nil)).Elem(),
		reflect.TypeOf((*display.JPEGer)(nil)).Elem(),
		reflect.TypeOf((*display.Markdowner)(nil)).Elem(),
		reflect.TypeOf((*display.LaTeXer)(nil)).Elem(),
		reflect.TypeOf((*display.JSONer)(nil)).Elem(),
		reflect.TypeOf((*fmt.Stringer)(nil)).Elem(),
	}
	for _, f := range []any{display.Show, display.Render, display.NewHandle} {
		m[reflect.ValueOf(f)] = disp
	}
	m[reflect.ValueOf(json.Marshal)] = []reflect.Type{reflect.TypeOf((*json.Marshaler)(nil)).Elem()}
	m[reflect.ValueOf(json.Unmarshal)] = []reflect.Type{reflect.TypeOf((*json.Unmarshaler)(nil)).Elem()}
	m[reflect.ValueOf(xml.Marshal)] = []reflect.Type{reflect.TypeOf((*xml.Marshaler)(nil)).Elem()}
	addErrorWrappers(m)
	return m
}
