package interp

import (
	"context"
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// runDecl evaluates one top-level declaration of a cell.
func (s *Session) runDecl(ctx context.Context, cellID int, text string, line, col int) (failed *Error) {
	piece, e := s.prepDecls(cellID, text, line, col)
	if e != nil {
		return e
	}
	f, chk := piece.file, piece.check
	s.running = &fixer{s: s, info: chk.info, orig: piece.orig, alias: map[*ast.Ident]*ast.Ident{}}
	defer func() { s.running = nil }()
	// The session's view takes the declarations and variables of the
	// chunk; when yaegi fails part way, the variables it declared.
	defer func() { s.adoptDecls(chk, failed == nil) }()
	entries, vars, entry := declEntries(s.fset, piece, cellID)
	// runSpec is the fixed copy of a checked var spec, which runs.
	runSpec := func(sp *ast.ValueSpec) *ast.ValueSpec {
		for c, o := range piece.orig {
			if o == ast.Node(sp) {
				return c.(*ast.ValueSpec)
			}
		}
		return sp
	}
	// The variables run in the order Go initializes them. Those whose
	// values name none of the chunk's declarations, nor a variable that
	// does, run first, so that its functions can use them (var
	// errNotFound = errors.New(...) above a func that returns it); the
	// others once the declarations are compiled. A variable of the second
	// kind that a function of the chunk uses is declared first with the
	// zero value of its type (type T int; var x T = 1; func f() T {
	// return x }), and assigned in its turn.
	declared := map[string]bool{}
	for _, e := range entries {
		for _, n := range e.names {
			declared[n] = true
		}
		if e.kind == "method" {
			declared[e.key[strings.LastIndex(e.key, ".")+1:]] = true
		}
	}
	specs := initOrder(vars, chk.info)
	var first, later []*ast.ValueSpec
	for _, sp := range specs {
		if namesAny(sp, declared) {
			later = append(later, sp)
			for _, n := range sp.Names {
				declared[n.Name] = true
			}
			continue
		}
		first = append(first, sp)
	}
	for _, sp := range first {
		if e := s.runVarDecl(ctx, cellID, &ast.GenDecl{Tok: token.VAR, Specs: []ast.Spec{runSpec(sp)}}); e != nil {
			return e
		}
	}
	// The variables to declare with their zero values first.
	used := usedByFuncs(f)
	var zeros []*ast.ValueSpec
	for _, sp := range later {
		for _, n := range sp.Names {
			if !used[n.Name] || n.Name == "_" {
				continue
			}
			if vr, _ := chk.info.Defs[n].(*types.Var); vr != nil {
				if typ, ok := s.typeSource(vr.Type(), n.Pos()); ok {
					zeros = append(zeros, &ast.ValueSpec{Names: []*ast.Ident{{NamePos: n.Pos(), Name: n.Name}}, Type: typ})
				}
			}
		}
	}
	if len(zeros) == 0 {
		if len(entries) > 0 || len(chk.dropped) > 0 {
			if e := s.declare(cellID, entries, chk.dropped); e != nil {
				return e
			}
		}
	} else {
		// Types and constants (with the methods of generic types that
		// can go first: earlyMethods, E24), then the zero variables, then
		// functions and methods.
		var zeroNames []string
		for _, z := range zeros {
			zeroNames = append(zeroNames, z.Names[0].Name)
		}
		first := earlyMethods(entries, zeroNames)
		var early, funcs []*declEntry
		for _, e := range entries {
			if (e.kind == "func" || e.kind == "method") && !first[e] {
				funcs = append(funcs, e)
			} else {
				early = append(early, e)
			}
		}
		if len(early) > 0 || len(chk.dropped) > 0 {
			if e := s.declare(cellID, early, chk.dropped); e != nil {
				return e
			}
		}
		for _, zero := range zeros {
			if e := s.runVarDecl(ctx, cellID, &ast.GenDecl{Tok: token.VAR, Specs: []ast.Spec{zero}}); e != nil {
				return e
			}
		}
		if len(funcs) > 0 {
			if e := s.declare(cellID, funcs, nil); e != nil {
				return e
			}
		}
	}
	for _, sp := range later {
		if e := s.runVarDecl(ctx, cellID, &ast.GenDecl{Tok: token.VAR, Specs: []ast.Spec{runSpec(sp)}}); e != nil {
			return e
		}
	}
	// A pasted program runs: its init functions, then main. They are
	// not kept (yaegi would run a main of the cells' package again after
	// every later cell).
	for _, fd := range entry {
		if fd.Body == nil || len(fd.Body.List) == 0 {
			continue
		}
		if e := s.runWrapped(ctx, cellID, fd.Body.List); e != nil {
			return e
		}
	}
	return nil
}

// initOrder returns the specs of the var declarations in the order Go
// initializes their variables (info.InitOrder), specs without values in
// source order first.
func initOrder(vars []*ast.GenDecl, info *types.Info) []*ast.ValueSpec {
	byName := map[token.Pos]*ast.ValueSpec{}
	var all []*ast.ValueSpec
	for _, d := range vars {
		for _, sp := range d.Specs {
			vs := sp.(*ast.ValueSpec)
			all = append(all, vs)
			for _, n := range vs.Names {
				byName[n.Pos()] = vs
			}
		}
	}
	var out []*ast.ValueSpec
	done := map[*ast.ValueSpec]bool{}
	for _, vs := range all {
		if len(vs.Values) == 0 {
			out = append(out, vs)
			done[vs] = true
		}
	}
	if info != nil {
		for _, init := range info.InitOrder {
			for _, v := range init.Lhs {
				if vs := byName[v.Pos()]; vs != nil && !done[vs] {
					out = append(out, vs)
					done[vs] = true
				}
			}
		}
	}
	for _, vs := range all {
		if !done[vs] {
			out = append(out, vs) // blank names only: var _ = f()
		}
	}
	return out
}

// usedByFuncs returns the names the functions and methods of a file
// mention.
func usedByFuncs(f *ast.File) map[string]bool {
	used := map[string]bool{}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok {
					used[id.Name] = true
				}
				return true
			})
		}
	}
	return used
}

// namesAny reports whether n mentions any of names, as an identifier or
// as the selected name of a selector (a method).
func namesAny(n ast.Node, names map[string]bool) bool {
	if len(names) == 0 {
		return false
	}
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && names[id.Name] {
			found = true
		}
		return !found
	})
	return found
}

// declare adds declarations: new ones are compiled in place, a changed one
// rebuilds the interpreter, an identical one (a cell run again) is kept.
func (s *Session) declare(cellID int, entries []*declEntry, dropped map[*declEntry]string) *Error {
	var fresh []*declEntry
	changed := len(dropped) > 0
	for _, e := range entries {
		old, ok := s.store.decls[e.key]
		switch {
		case !ok:
			for _, n := range e.names {
				if o, ok := s.store.byName[n]; ok && o.key != e.key {
					changed = true
				}
				if s.isVar(n) {
					changed = true
				}
			}
			fresh = append(fresh, e)
		case old.src == e.src && old.kind == e.kind:
			// Run again: same source.
			e.cellID, e.line, e.col = old.cellID, old.line, old.col
		default:
			changed = true
			fresh = append(fresh, e)
		}
	}
	if changed {
		saved := *s.store
		saved.decls = cloneMap(s.store.decls)
		saved.byName = cloneMap(s.store.byName)
		for _, e := range entries {
			s.store.put(e)
		}
		s.dropDecls(dropped)
		if e := s.rebuild(cellID); e != nil {
			*s.store = saved
			return e
		}
		return nil
	}
	if len(fresh) == 0 {
		return nil
	}
	p, err := s.gen.compile(runFile(fresh))
	if err != nil {
		return s.errorFrom(err, cellID)
	}
	if _, err := s.gen.i.Execute(p); err != nil {
		return s.errorFrom(err, cellID)
	}
	for _, e := range fresh {
		s.store.put(e)
	}
	return nil
}

func cloneMap[K comparable, V any](m map[K]V) map[K]V {
	out := make(map[K]V, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
