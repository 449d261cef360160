package interp

import (
	"go/ast"
	"go/types"
	"reflect"
	"strings"
	"sync"
)

// fixAssertMessage (fix assert-message): a failed type assertion to a
// type that is not an interface panics in yaegi with the runtime types,
// where a struct type of the cells is yaegi's struct type and the static
// type of the asserted value is lost: var sh Shape = Sq{2}; _ =
// sh.(Circle) said "interface conversion: interface {} is struct { S
// float64 }, not struct { R float64 }", Go "interface conversion:
// main.Shape is main.Sq, not main.Circle". The rewrite changes nothing:
// it notes, for each assertion to such a type in the piece, the place
// yaegi reports and the Go spellings of the asserted value's static type
// and of the type asserted to, from the check; the error of the panic
// (panicError, recovered) is written from them, the held value's type
// named from the kernel's table of cell struct types when its runtime
// type is one of them alone.
func fixAssertMessage(f *fixer, n ast.Node) {
	if n != f.root || f.info == nil {
		return
	}
	ast.Inspect(n, func(n ast.Node) bool {
		ta, ok := n.(*ast.TypeAssertExpr)
		if !ok || ta.Type == nil {
			return true
		}
		xt, tt := f.typeOf(ta.X), f.typeOf(ta.Type)
		if xt == nil || tt == nil || types.IsInterface(tt) || !types.IsInterface(xt) {
			return true
		}
		p := f.s.fset.Position(ta.Pos())
		f.s.assertSites.Store(assertKey(p.Line, p.Column), assertSite{src: goTypeString(xt), target: goTypeString(tt)})
		return true
	})
}

// assertSite is what fix assert-message notes of an assertion.
type assertSite struct{ src, target string }

// assertSites maps the places of the cells' assertions (assertKey) to
// what fix assert-message noted of them.
type assertSites = sync.Map

func assertKey(line, col int) int64 { return int64(line)<<20 | int64(col&(1<<20-1)) }

// assertMessage returns v, the value of a panic, as Go's failed type
// assertion when v is yaegi's error of one at a place fix assert-message
// noted ("30016:72: interface conversion: interface {} is struct { S
// float64 }, not struct { R float64 }"), else v.
func (s *Session) assertMessage(v any) any {
	err, ok := v.(error)
	if !ok {
		return v
	}
	l, c, rest, ok := splitPos(err.Error())
	if !ok {
		return v
	}
	body, ok := strings.CutPrefix(rest, "interface conversion: ")
	if !ok {
		return v
	}
	site, ok := s.assertSites.Load(assertKey(l, c))
	if !ok {
		return v
	}
	// "interface {} is struct { S float64 }, not struct { R float64 }",
	// or where the kernel hands yaegi the value held
	// (_methodicCellValue, fix panic-cell-value) "struct { R float64 }
	// is not struct { S float64 }: missing method ".
	var held string
	if h, _, found := strings.Cut(body, " is not "); found && strings.Contains(body, ": missing method") {
		held = h
	} else {
		_, after, ok := strings.Cut(body, " is ")
		i := strings.LastIndex(after, ", not ")
		if !ok || i < 0 {
			return v
		}
		held = after[:i]
	}
	if held != "nil" {
		held = s.cellTypeSpelling(held)
	}
	st := site.(assertSite)
	return goRuntimeError{"interface conversion: " + st.src + " is " + held + ", not " + st.target}
}

// cellTypeSpelling returns main.T for name, reflect's spelling of the
// runtime type of a struct type of the cells T or of a pointer to one,
// when the kernel's table names exactly one; else name.
func (s *Session) cellTypeSpelling(name string) string {
	m := s.cellTypes.Load()
	if m == nil {
		return name
	}
	bare, ptr := strings.CutPrefix(name, "*")
	var found *cellType
	for rt, ct := range *m {
		if rt.Kind() == reflect.Struct && rt.String() == bare {
			if found != nil {
				return name
			}
			found = ct
		}
	}
	if found == nil || !strings.HasPrefix(found.label, "main.") {
		return name
	}
	if ptr {
		return "*" + found.label
	}
	return found.label
}
