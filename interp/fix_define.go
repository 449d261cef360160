package interp

import (
	"go/ast"
	"go/token"
	"go/types"
)

// indexesValue reports whether x is, or selects from, an element of a
// slice, array or map (xs[0], xs[0][1], xs[0].Name): a top-level := of
// such a value fails in yaegi v0.16.1 when the variable indexed got its
// type from compiled code (xs := re.FindAllStringSubmatchIndex(s, -1),
// then row := xs[0]: "constant definition loop"; a := xs[0][0]: a nil
// pointer dereference inside yaegi), since yaegi's analysis of global
// declarations finds no element type for a compiled slice type. Such a
// := goes through a function (fix toplevel-index), as defineThroughFunc
// does for the comma-ok forms.
func (f *fixer) indexesValue(x ast.Expr) bool {
	for {
		switch e := x.(type) {
		case *ast.ParenExpr:
			x = e.X
		case *ast.SelectorExpr:
			x = e.X
		case *ast.StarExpr:
			x = e.X
		case *ast.IndexExpr:
			if t := f.typeOf(e.X); t != nil {
				switch u := t.Underlying().(type) {
				case *types.Slice, *types.Array, *types.Map:
					return true
				case *types.Pointer:
					if _, ok := u.Elem().Underlying().(*types.Array); ok {
						return true
					}
				}
			}
			x = e.X
		default:
			return false
		}
	}
}

// callsMethodOfConversion reports whether x calls a method on a
// conversion (Transform(strings.ToUpper).Then(f), with Transform a func
// type of the cells): as the value of a top-level := yaegi v0.16.1 finds
// no such method ("undefined selector Then"), although it finds it in any
// other statement; such a := goes through a function (fix
// toplevel-conversion-method).
func (f *fixer) callsMethodOfConversion(x ast.Expr) bool {
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		if found {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		conv, ok := ast.Unparen(sel.X).(*ast.CallExpr)
		if !ok || len(conv.Args) != 1 || f.info == nil {
			return true
		}
		fun, ok := f.checked(conv.Fun).(ast.Expr)
		if !ok {
			return true
		}
		if tv, ok := f.info.Types[fun]; ok && tv.IsType() {
			if s := f.selection(sel); s != nil && s.Kind() == types.MethodVal {
				found = true
			}
		}
		return true
	})
	return found
}

// typeSourceImporting is typeSource for code the kernel writes: a
// package that t mentions and the session has not imported is imported
// first, under a name of the kernel's own (_methodicpkg_ and its path),
// so that row := ps[0], with ps a [][]*plot.Plot from tune and plot never
// imported by the cells, can still be declared with its type.
func (s *Session) typeSourceImporting(cellID int, t types.Type, pos token.Pos) (ast.Expr, bool) {
	if x, ok := s.typeSource(t, pos); ok || mentionsLocal(t) {
		return x, ok
	}
	var missing []string
	typeExpr(t, pos, func(p *types.Package) string {
		if p.Path() == "main" {
			return ""
		}
		for n, path := range s.store.imports {
			if path == p.Path() && s.types.Object(n) == nil {
				return n
			}
		}
		missing = append(missing, p.Path())
		return p.Name()
	})
	for _, path := range missing {
		if e := s.addImport(cellID, hiddenImportName(path), path, 0, 0); e != nil {
			return nil, false
		}
	}
	return s.typeSource(t, pos)
}

// hiddenImportPrefix starts the names the kernel imports packages under
// for code of its own; completion does not offer them (hiddenName).
const hiddenImportPrefix = "_methodicpkg_"

// hiddenImportName is the name the kernel imports a package under for
// code of its own.
func hiddenImportName(path string) string {
	b := []byte(hiddenImportPrefix)
	for _, r := range path {
		if r < 128 && (r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			b = append(b, byte(r))
		} else {
			b = append(b, '_')
		}
	}
	return string(b)
}
