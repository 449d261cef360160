package interp

import (
	"go/ast"
	"path"
	"sort"

	"github.com/methodic-go/methodic/interp/symbols"
)

// checkUndefined reports the first name a piece of code uses that nothing
// declares. yaegi's own message for it is often "constant definition
// loop", at the wrong column.
func (s *Session) checkUndefined(cellID int, f *ast.File) *Error {
	ids := append([]*ast.Ident(nil), f.Unresolved...)
	sort.Slice(ids, func(i, j int) bool { return ids[i].Pos() < ids[j].Pos() })
	for _, id := range ids {
		if s.known(id.Name) {
			continue
		}
		return s.positionedNode("CompileError", "undefined: "+id.Name, cellID, id)
	}
	return nil
}

// known reports whether name means something at the top level of a cell.
func (s *Session) known(name string) bool {
	if universe[name] || name == "_" || name == "ctx" || name == "clear" || hiddenName(name) {
		return true
	}
	if s.store.declared(name) || s.isVar(name) {
		return true
	}
	if _, ok := s.store.imports[name]; ok {
		return true
	}
	for p := range s.store.dotImports {
		if t, ok := s.native.syms[p]; ok {
			if _, ok := t[name]; ok {
				return true
			}
		}
		if k, ok := symbolKey(p); ok {
			if t, _ := symbols.Load(k); t != nil {
				if _, ok := t[name]; ok {
					return true
				}
			}
		}
		if path.Base(p) == "slices" || path.Base(p) == "maps" || path.Base(p) == "cmp" {
			return true // interpreted from source: not checked here
		}
	}
	// Globals made by yaegi that the snapshot does not list yet.
	_, ok := s.gen.global(name)
	return ok
}

var universe = map[string]bool{
	"any": true, "bool": true, "byte": true, "comparable": true, "complex64": true, "complex128": true,
	"error": true, "float32": true, "float64": true, "int": true, "int8": true, "int16": true,
	"int32": true, "int64": true, "rune": true, "string": true, "uint": true, "uint8": true,
	"uint16": true, "uint32": true, "uint64": true, "uintptr": true,
	"true": true, "false": true, "iota": true, "nil": true,
	"append": true, "cap": true, "close": true, "complex": true, "copy": true, "delete": true,
	"imag": true, "len": true, "make": true, "new": true, "panic": true, "print": true,
	"println": true, "real": true, "recover": true, "min": true, "max": true,
	// yaegi's source packages are visible without import.
	"slices": true, "maps": true, "cmp": true,
}
