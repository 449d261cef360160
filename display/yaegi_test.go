package display_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/methodic-go/methodic/display"
	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// htmlerWrapper has the shape of the wrapper that `yaegi extract`
// generates for display.HTMLer; the interpreter's own symbol tables
// (interp/symbols) hold the generated one.
type htmlerWrapper struct {
	IValue any
	WHTML  func() string
}

func (w htmlerWrapper) HTML() string { return w.WHTML() }

// newInterpreter returns a yaegi interpreter that can import the few
// display symbols these tests use.
func newInterpreter(t *testing.T) *interp.Interpreter {
	t.Helper()
	i := interp.New(interp.Options{})
	if err := i.Use(stdlib.Symbols); err != nil {
		t.Fatal(err)
	}
	err := i.Use(interp.Exports{"github.com/methodic-go/methodic/display/display": {
		"Render":  reflect.ValueOf(display.Render),
		"TableOf": reflect.ValueOf(display.TableOf),
		"Bundle":  reflect.ValueOf((*display.Bundle)(nil)),
		"Table":   reflect.ValueOf((*display.Table)(nil)),
		"HTMLer":  reflect.ValueOf((*display.HTMLer)(nil)),
		"_HTMLer": reflect.ValueOf((*htmlerWrapper)(nil)),
	}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := i.Eval(`import "github.com/methodic-go/methodic/display"`); err != nil {
		t.Fatal(err)
	}
	return i
}

func eval(t *testing.T, i *interp.Interpreter, src string) reflect.Value {
	t.Helper()
	v, err := i.Eval(src)
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	// Some results come back as a pointer to an interface (yaegi #1069).
	for v.Kind() == reflect.Pointer && v.Elem().Kind() == reflect.Interface {
		v = v.Elem().Elem()
	}
	return v
}

// TestTableOfCellStruct makes a table of a struct type declared in a cell:
// yaegi exports its unexported fields with an X prefix, which TableOf
// must leave out, and keeps its tags.
func TestTableOfCellStruct(t *testing.T) {
	i := newInterpreter(t)
	eval(t, i, "type trial struct {\n"+
		"\tLR float64 `display:\"learning rate,%.0e\"`\n"+
		"\tseed int\n"+
		"\tAccuracy float64 `display:\",%.2f\"`\n"+
		"}")
	v := eval(t, i, `display.TableOf([]trial{{0.01, 1, 0.9}, {0.001, 2, 0.95}})`)
	tb, ok := v.Interface().(*display.Table)
	if !ok {
		t.Fatalf("TableOf returned %T", v.Interface())
	}
	want := "learning rate  Accuracy\n-------------  --------\n        1e-02      0.90\n        1e-03      0.95"
	if got := tb.String(); got != want {
		t.Errorf("table:\n%s\nwant:\n%s", got, want)
	}
}

// TestRenderCellType renders a value of a type declared in a cell that
// has an HTML method. Compiled code cannot see that method on the bare
// value; the interpreter makes it visible by converting the value to
// display.HTMLer inside yaegi (here by declaring a variable of that type),
// which wraps it, and Render finds the
// method on the wrapper and takes its text from the wrapped value.
func TestRenderCellType(t *testing.T) {
	i := newInterpreter(t)
	eval(t, i, `type badge struct{ label string }`)
	eval(t, i, `func (b badge) HTML() string { return "<b>" + b.label + "</b>" }`)

	bare := eval(t, i, `display.Render(badge{"bare"})`).Interface().(display.Bundle)
	if _, ok := bare.Data[display.MIMEHTML]; ok {
		t.Log("yaegi now passes methods of cell types to compiled code: the conversion below is no longer needed")
	}

	eval(t, i, `var h display.HTMLer = badge{"ok"}`)
	v := eval(t, i, `display.Render(h)`)
	b := v.Interface().(display.Bundle)
	if b.Data[display.MIMEHTML] != "<b>ok</b>" {
		t.Errorf("HTML %q", b.Data[display.MIMEHTML])
	}
	if got := b.Text(); !strings.Contains(got, "ok") || strings.Contains(got, "0x") {
		t.Errorf("text/plain %q, want the value's own fields", got)
	}
}
