package interp

import (
	"go/ast"
	"go/types"
)

// earlyMethods returns the methods of generic types that a rebuild
// compiles with the types and constants, before the variables are
// redeclared, rather than with the functions after them.
//
// yaegi makes the methods of an instance of a generic type when the
// instance is first made (a variable of type *Stack[int], a field of type
// Stack[float64]), from the methods the generic type has then; a method
// with a pointer receiver declared later is not given to the instances
// that exist already (a value receiver's is). Compiled after the
// redeclared variables, every pointer method of a generic type was
// "undefined selector" for the instances the session had used (E24).
//
// The body of a generic method is compiled when an instance is made, so
// the methods of a generic type go first only when none of them needs
// what the rebuild declares later: a function or variable of the cells, a
// method compiled later, or a type with such methods (which an interface
// conversion would check), looked for in the methods, in the type's
// declaration and in the types and constants these name. The test is on
// names, so it errs towards leaving the methods where they were (a local
// variable named like a cell function counts as that function). The
// variables of the instances of a type whose methods cannot go first
// wait for them instead (postponedVars).
//
// A cell that declares types, variables used by its functions, and
// functions compiles in the same order (decls.go), and asks the same of
// its own declarations: lateVars are the variables declared after the
// types, all the session's for a rebuild.
func earlyMethods(entries []*declEntry, lateVars []string) map[*declEntry]bool {
	idents := func(nodes ...ast.Node) map[string]bool {
		names := map[string]bool{}
		for _, n := range nodes {
			ast.Inspect(n, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok {
					names[id.Name] = true
				}
				return true
			})
		}
		return names
	}
	// refs are the names each type and constant of the cells uses.
	refs := map[string]map[string]bool{}
	for _, e := range entries {
		if e.kind != "type" && e.kind != "const" || e.run == nil {
			continue
		}
		used := idents(e.run)
		for _, n := range e.names {
			refs[n] = used
		}
	}
	generic := genericTypes(entries)
	late := map[string]bool{} // variables and functions of the cells
	for _, v := range lateVars {
		late[v] = true
	}
	type group struct {
		methods []*declEntry
		uses    map[string]bool
	}
	groups := map[string]*group{}
	recv := map[*declEntry]string{}
	for _, e := range entries {
		switch e.kind {
		case "func":
			for _, n := range e.names {
				late[n] = true
			}
		case "method":
			fd, ok := e.run.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || len(fd.Recv.List) == 0 {
				continue
			}
			t := recvTypeName(fd.Recv.List[0].Type)
			recv[e] = t
			if !generic[t] {
				continue
			}
			g := groups[t]
			if g == nil {
				g = &group{uses: map[string]bool{}}
				for n := range refs[t] {
					g.uses[n] = true
				}
				groups[t] = g
			}
			g.methods = append(g.methods, e)
			parts := []ast.Node{fd.Recv, fd.Type}
			if fd.Body != nil {
				parts = append(parts, fd.Body)
			}
			for n := range idents(parts...) {
				g.uses[n] = true
			}
		}
	}
	// closure adds to names the names of the types and constants they
	// name, and so on.
	closure := func(names map[string]bool) map[string]bool {
		out := map[string]bool{}
		todo := make([]string, 0, len(names))
		for n := range names {
			todo = append(todo, n)
		}
		for len(todo) > 0 {
			n := todo[len(todo)-1]
			todo = todo[:len(todo)-1]
			if out[n] {
				continue
			}
			out[n] = true
			for m := range refs[n] {
				todo = append(todo, m)
			}
		}
		return out
	}
	for _, g := range groups {
		g.uses = closure(g.uses)
	}
	// Take out, until none changes, the groups that need what is
	// compiled late.
	early := map[string]bool{}
	for t := range groups {
		early[t] = true
	}
	for changed := true; changed; {
		changed = false
		lateMethods, lateTypes := map[string]bool{}, map[string]bool{}
		for _, e := range entries {
			if t, ok := recv[e]; ok && !early[t] {
				lateMethods[e.run.(*ast.FuncDecl).Name.Name] = true
				lateTypes[t] = true
			}
		}
		for t := range early {
			g := groups[t]
			for n := range g.uses {
				if late[n] || lateMethods[n] || lateTypes[n] {
					delete(early, t)
					changed = true
					break
				}
			}
		}
	}
	first := map[*declEntry]bool{}
	for t := range early {
		for _, e := range groups[t].methods {
			first[e] = true
		}
	}
	return first
}

// postponedVars splits the functions and methods a rebuild compiles after
// the variables, late, for the generic types whose methods could not go
// first (earlyMethods): a variable whose type is an instance of such a
// type (*Counter[int]) is redeclared after the functions and methods
// that do not use it, late1, which hold the type's methods, so that the
// instance is made with them; what uses the variable, late2, is compiled
// after it. A function goes to late2 when it names such a variable, or a
// function or method of late2 (by name, as earlyMethods looks). When a
// method of such a type would land in late2 (it needs one of the
// variables), nothing is postponed: the old order, and E24, stay.
func (s *Session) postponedVars(entries []*declEntry, first map[*declEntry]bool, late []*declEntry, vars []yglobal) (post map[string]bool, late1, late2 []*declEntry) {
	lateGeneric := map[string]bool{} // generic types with methods in late
	generic := genericTypes(entries)
	for _, e := range late {
		if fd, ok := e.run.(*ast.FuncDecl); ok && e.kind == "method" && fd.Recv != nil && len(fd.Recv.List) > 0 {
			if t := recvTypeName(fd.Recv.List[0].Type); generic[t] {
				lateGeneric[t] = true
			}
		}
	}
	if len(lateGeneric) == 0 {
		return nil, late, nil
	}
	post = map[string]bool{}
	for _, gv := range vars {
		v, ok := s.types.Object(gv.Name).(*types.Var)
		if !ok {
			continue
		}
		if typeHas(v.Type(), func(t types.Type) (bool, bool) {
			n, ok := t.(*types.Named)
			if !ok {
				return false, true
			}
			o := n.Obj()
			return n.TypeArgs().Len() > 0 && o.Pkg() != nil && o.Pkg().Path() == "main" && lateGeneric[o.Name()], true
		}) {
			post[gv.Name] = true
		}
	}
	if len(post) == 0 {
		return nil, late, nil
	}
	uses := make([]map[string]bool, len(late))
	for i, e := range late {
		uses[i] = map[string]bool{}
		fd, ok := e.run.(*ast.FuncDecl)
		if !ok {
			continue
		}
		parts := []ast.Node{fd.Type}
		if fd.Recv != nil {
			parts = append(parts, fd.Recv)
		}
		if fd.Body != nil {
			parts = append(parts, fd.Body)
		}
		for _, p := range parts {
			ast.Inspect(p, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok {
					uses[i][id.Name] = true
				}
				return true
			})
		}
	}
	second := map[int]bool{}
	names := map[string]bool{} // of late2's entries, and the postponed variables
	for n := range post {
		names[n] = true
	}
	for changed := true; changed; {
		changed = false
		for i, e := range late {
			if second[i] {
				continue
			}
			for n := range uses[i] {
				if names[n] {
					second[i] = true
					changed = true
					if fd, ok := e.run.(*ast.FuncDecl); ok {
						names[fd.Name.Name] = true
					}
					break
				}
			}
		}
	}
	for i, e := range late {
		if !second[i] {
			late1 = append(late1, e)
			continue
		}
		if fd, ok := e.run.(*ast.FuncDecl); ok && e.kind == "method" && fd.Recv != nil && len(fd.Recv.List) > 0 && lateGeneric[recvTypeName(fd.Recv.List[0].Type)] {
			return nil, late, nil
		}
		late2 = append(late2, e)
	}
	return post, late1, late2
}

// genericTypes are the names of the generic types among entries.
func genericTypes(entries []*declEntry) map[string]bool {
	generic := map[string]bool{}
	for _, e := range entries {
		if e.kind != "type" {
			continue
		}
		if d, ok := e.run.(*ast.GenDecl); ok {
			for _, sp := range d.Specs {
				if ts, ok := sp.(*ast.TypeSpec); ok && ts.TypeParams != nil && len(ts.TypeParams.List) > 0 {
					generic[ts.Name.Name] = true
				}
			}
		}
	}
	return generic
}
