package interp

import (
	"fmt"
	"go/token"
	"go/types"
	"os"
	"reflect"
	"sort"
	"strings"

	yaegi "github.com/traefik/yaegi/interp"
)

// rebuild replaces the interpreter with a new one holding the session's
// imports, its current declarations and its variables.
func (s *Session) rebuild(cellID int) *Error { return s.rebuildWith(cellID, nil) }

// rebuildWith rebuilds; overrides maps a variable to the global of the old
// interpreter whose type and value it takes instead of its own.
func (s *Session) rebuildWith(cellID int, overrides map[string]yglobal) *Error {
	old := s.gen
	// The variables carried are those of the index, whose values are
	// read by name (a global that a failed cell left half-declared in
	// yaegi's scope is not among them).
	var oldVars []yglobal
	oldVals := map[string]reflect.Value{}
	for _, v := range s.vars.all() {
		if v.kind != "var" {
			continue
		}
		gv, ok := old.global(v.name)
		if !ok || gv.Kind != "var" {
			continue
		}
		oldVars = append(oldVars, gv)
		if val, ok := old.globalValue(v.name); ok {
			oldVals[v.name] = val
		}
	}
	for _, o := range overrides {
		if val, ok := old.globalValue(o.Name); ok {
			oldVals[o.Name] = val
		}
	}

	g, err := s.newGeneration()
	if err != nil {
		return internalError(err)
	}
	for _, imp := range s.store.importList {
		if err := g.useSymbols(imp.path); err != nil {
			return internalError(err)
		}
		if err := s.evalImport(g, imp.name, imp.path); err != nil {
			return s.errorFrom(err, cellID)
		}
	}
	// Types and constants first (with the methods of generic types that
	// can go first, earlyMethods), then the variables, then functions
	// and methods, which may use both. A declaration that no longer compiles
	// (a function using a variable whose type changed, say) is dropped
	// with a note rather than failing the cell.
	var notes []string
	var early, late []*declEntry
	sorted := s.store.sorted()
	var varNames []string
	for _, v := range s.vars.all() {
		if v.kind == "var" {
			varNames = append(varNames, v.name)
		}
	}
	first := earlyMethods(sorted, varNames)
	for _, e := range sorted {
		if (e.kind == "func" || e.kind == "method") && !first[e] {
			late = append(late, e)
		} else {
			early = append(early, e)
		}
	}
	if e := s.compileDropping(g, early, &notes); e != nil {
		return e
	}
	// Redeclare the variables and carry their values.
	carry := map[string]reflect.Value{}
	for name, o := range overrides {
		ov, ok := oldVals[o.Name]
		if !ok {
			continue
		}
		gv := yglobal{Name: name, Kind: "var", Type: o.Type, override: true, checked: o.checked}
		if note := s.redeclareVar(g, gv, ov, carry); note != "" {
			notes = append(notes, note)
		}
	}
	// The variables of instances of generic types whose methods are
	// compiled late wait for those methods (E24, postponedVars).
	post, late1, late2 := s.postponedVars(sorted, first, late, oldVars)
	redeclare := func(postponed bool) {
		for _, gv := range oldVars {
			if gv.Kind != "var" || hiddenName(gv.Name) || post[gv.Name] != postponed {
				continue
			}
			if _, ok := overrides[gv.Name]; ok {
				continue
			}
			if s.store.declared(gv.Name) {
				// A declaration now owns the name.
				notes = append(notes, fmt.Sprintf("variable %s was dropped: %s is now declared as a %s", gv.Name, gv.Name, s.store.byName[gv.Name].kind))
				continue
			}
			ov, ok := oldVals[gv.Name]
			if !ok || !ov.IsValid() {
				continue
			}
			if note := s.redeclareVar(g, gv, ov, carry); note != "" {
				notes = append(notes, note)
			}
		}
		// A value that no longer fits its variable's type (a slice of a
		// struct that gained a field) is dropped with its variable: left
		// declared, the variable would go on at its zero value, and a
		// user who missed the note would read an empty slice for the
		// data. Functions using it are then dropped too, with a note.
		for name, ov := range carry {
			if v, ok := g.globalValue(name); ok && !ov.Type().AssignableTo(v.Type()) {
				notes = append(notes, fmt.Sprintf("variable %s was dropped: its type %s changed", name, typeLabel(oldType(oldVars, overrides, name))))
				g.forget(name)
				delete(carry, name)
			}
		}
	}
	redeclare(false)
	if e := s.compileDropping(g, late1, &notes); e != nil {
		return e
	}
	if len(post) > 0 {
		redeclare(true)
		if e := s.compileDropping(g, late2, &notes); e != nil {
			return e
		}
	}
	for name, ov := range carry {
		v, ok := g.globalValue(name)
		if !ok || !v.CanSet() {
			notes = append(notes, fmt.Sprintf("variable %s was dropped: it could not be redeclared", name))
			continue
		}
		if !ov.Type().AssignableTo(v.Type()) {
			notes = append(notes, fmt.Sprintf("variable %s was dropped: its type %s changed", name, typeLabel(oldType(oldVars, overrides, name))))
			g.forget(name)
			continue
		}
		if ov.Type() == v.Type() && ov.CanAddr() && g.shareGlobal(name, ov) {
			// The new variable is the old one: closures, pointers and
			// method values made before the rebuild use what the next
			// cells use (fix rebuild).
			continue
		}
		v.Set(ov)
	}
	sort.Strings(notes)
	for _, n := range notes {
		fmt.Fprintln(os.Stderr, "note: "+n)
	}
	s.gen = g
	return nil
}

// compileDropping compiles declarations into g, dropping from the store
// each one that fails, with a note.
func (s *Session) compileDropping(g *generation, entries []*declEntry, notes *[]string) *Error {
	for len(entries) > 0 {
		p, err := g.compile(runFile(entries))
		if err == nil {
			if _, err = g.i.Execute(p); err == nil {
				return nil
			}
		}
		bad := failedEntry(err, entries)
		if bad < 0 {
			return s.errorFrom(err, len(s.cells)-1)
		}
		e := entries[bad]
		msg := err.Error()
		if _, _, rest, ok := splitPos(msg); ok {
			msg = rest
		}
		*notes = append(*notes, fmt.Sprintf("%s %s (%s) was dropped: %s", e.kind, strings.TrimPrefix(e.key, "const "), s.where(e.cellID, e.line, e.col), msg))
		delete(s.store.decls, e.key)
		for _, n := range e.names {
			delete(s.store.byName, n)
		}
		entries = append(entries[:bad:bad], entries[bad+1:]...)
	}
	return nil
}

// failedEntry finds the declaration an error points into.
func failedEntry(err error, entries []*declEntry) int {
	l, _, _, ok := splitPos(err.Error())
	if !ok {
		return -1
	}
	cellID, line := l/lineBase, l%lineBase
	best := -1
	for i, e := range entries {
		if e.cellID == cellID && e.line <= line && (best < 0 || e.line > entries[best].line) {
			best = i
		}
	}
	return best
}

// oldType is the type a variable had before the rebuild.
func oldType(vs []yglobal, overrides map[string]yglobal, name string) *ytype {
	if o, ok := overrides[name]; ok {
		return o.Type
	}
	for _, v := range vs {
		if v.Name == name {
			return v.Type
		}
	}
	return nil
}

// typeLabel names a type as a user reads it: P for a type of the cells.
func typeLabel(t *ytype) string {
	if t == nil {
		return "?"
	}
	return strings.ReplaceAll(t.Str, "main.", "")
}

// redeclareVar declares gv in g: with its type written out when the type
// involves types declared in cells, or with the exact reflect type of the
// value otherwise (compiled types need no import to be named that way).
func (s *Session) redeclareVar(g *generation, gv yglobal, ov reflect.Value, carry map[string]reflect.Value) string {
	var src string
	// The checker's view takes a chunk's variables when the chunk has
	// run: a rebuild within it (a function redefined beside a variable
	// that changes type) would find the old type there, which the
	// value's kind tells apart.
	checked := gv.checked
	if vr, ok := s.types.Object(gv.Name).(*types.Var); ok && !gv.override {
		checked = vr.Type()
	}
	if checked != nil && reflectKind(checked) == ov.Kind() {
		// The type as the checker has it, written out: yaegi then
		// gives the variable its own type for it (a variable declared
		// from a compiled function's result got a compiled type: a
		// channel made before a rebuild failed on send, a slice of
		// functions could not be called).
		if x, ok := s.typeSource(checked, token.NoPos); ok {
			src = fmt.Sprintf("var %s %s", gv.Name, types.ExprString(x))
		}
	}
	if src != "" {
	} else if usesCellTypes(gv.Type) {
		src = fmt.Sprintf("var %s %s", gv.Name, typeLabel(gv.Type))
	} else {
		// The zero value comes from a compiled function returning it: a
		// nil pointer exported as a value would be taken by yaegi for
		// the type it points to (exported types are nil pointers), and
		// the variable would get the element type (a *data.Split
		// redeclared as a data.Split, then dropped).
		t := ov.Type()
		zero := reflect.MakeFunc(reflect.FuncOf(nil, []reflect.Type{t}, false), func([]reflect.Value) []reflect.Value {
			return []reflect.Value{reflect.Zero(t)}
		})
		sym := "_methodicZero_" + gv.Name
		if err := g.i.Use(yaegi.Exports{carryPkgPath + "/_methodiccarry": {sym: zero}}); err != nil {
			return fmt.Sprintf("variable %s was dropped: %v", gv.Name, err)
		}
		if !g.used[carryPkgPath] {
			g.used[carryPkgPath] = true
			if err := s.evalImport(g, "_methodiccarry", carryPkgPath); err != nil {
				return fmt.Sprintf("variable %s was dropped: %v", gv.Name, err)
			}
		}
		src = fmt.Sprintf("var %s = _methodiccarry.%s()", gv.Name, sym)
	}
	f, err := parseFile(g, "package main\n"+src+"\n")
	if err == nil {
		var p *yaegi.Program
		if p, err = g.compile(f); err == nil {
			_, err = g.i.Execute(p)
		}
	}
	if err != nil {
		if usesCellTypes(gv.Type) {
			return fmt.Sprintf("variable %s was dropped: its type %s changed", gv.Name, typeLabel(gv.Type))
		}
		return fmt.Sprintf("variable %s was dropped: %v", gv.Name, err)
	}
	carry[gv.Name] = ov
	return ""
}

const carryPkgPath = "_methodiccarry"

// usesCellTypes reports whether t mentions a type declared in a cell.
func usesCellTypes(t *ytype) bool {
	if t == nil {
		return false
	}
	if t.Path == "main" {
		return true
	}
	if t.Name != "" {
		return false
	}
	for _, f := range t.Fields {
		if usesCellTypes(f.Type) {
			return true
		}
	}
	return usesCellTypes(t.Elem) || usesCellTypes(t.Key)
}

// reflectKind returns the reflect.Kind of the values of t, or
// reflect.Invalid for a kind it does not map.
func reflectKind(t types.Type) reflect.Kind {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch u.Kind() {
		case types.Bool:
			return reflect.Bool
		case types.Int:
			return reflect.Int
		case types.Int8:
			return reflect.Int8
		case types.Int16:
			return reflect.Int16
		case types.Int32:
			return reflect.Int32
		case types.Int64:
			return reflect.Int64
		case types.Uint:
			return reflect.Uint
		case types.Uint8:
			return reflect.Uint8
		case types.Uint16:
			return reflect.Uint16
		case types.Uint32:
			return reflect.Uint32
		case types.Uint64:
			return reflect.Uint64
		case types.Uintptr:
			return reflect.Uintptr
		case types.Float32:
			return reflect.Float32
		case types.Float64:
			return reflect.Float64
		case types.Complex64:
			return reflect.Complex64
		case types.Complex128:
			return reflect.Complex128
		case types.String:
			return reflect.String
		}
	case *types.Pointer:
		return reflect.Pointer
	case *types.Slice:
		return reflect.Slice
	case *types.Array:
		return reflect.Array
	case *types.Map:
		return reflect.Map
	case *types.Chan:
		return reflect.Chan
	case *types.Signature:
		return reflect.Func
	case *types.Struct:
		return reflect.Struct
	case *types.Interface:
		return reflect.Interface
	}
	return reflect.Invalid
}
