package interp

import (
	"fmt"
	"go/ast"
	"go/token"
	"reflect"
	"sort"
	"strings"
)

// Methods of instances of generic types (fix generic-methods, E28). yaegi
// v0.16.1 makes the code of a method of an instance (Counter[int].Get)
// from the generic method's AST and caches it in the interpreter's
// unexported map generic under "<name>[<type arguments>]", the name being
// that of the method's name node (generic.go, genAST): the receiver's type
// is not in the key. Once Counter[int] was made, Box[int] took
// Counter[int].Get for its own Get: a reflect.Set error, or with the same
// fields Counter's code running silently for a Box, even cells apart. A
// generic function of the same name shares the key too.
//
// A method's name, for yaegi's method sets, interfaces and reflection, is
// the ident of its declaration node, which gta.go copies from the name
// node when the method is declared; the name node is read again only for
// the cache key (and for functions, not methods, by cfg.go). Once a
// compilation has declared methods of generic types, the generation
// renames their name nodes "<method>/<type>" (renameMethods): the key of
// Box[int].Get becomes Get/Box[int], and Counter's Get/Counter[int].
//
// Before that renaming, during the compilation that declares the methods,
// two instances with the same type arguments would still meet under the
// method's bare name: instances that exist already get a method when it
// is declared (a rebuild compiling methods after the variables, a cell
// declaring methods after values of the types exist), and a cell may make
// instances of the types it declares. The cache only spares work for
// methods (an instance holds its methods in its type once made), so the
// generation deletes method entries before each compilation
// (forgetMethodInstances); it compiles such a file in pieces, the methods
// of each type sharing a name apart (splitGeneric); and after a
// compilation that declared methods it looks for an instance holding
// another's method (checkMethodInstances): the piece fails with an error
// naming both types rather than run the wrong method. yaegi names the
// frames of its call stack after the name node: errors.go's frameFunc
// shows Get for Get/Box.

// genericNames is what a generation knows of the methods of generic types
// it compiled.
type genericNames struct {
	methods map[string]map[string]bool // type -> method names
	// shared holds the method names of more than one generic type.
	shared map[string]bool
	// cacheLen is the length of yaegi's generic cache after the last
	// forgetMethodInstances.
	cacheLen int
}

// genericMethods returns the methods of generic types a file declares, by
// type.
func genericMethods(n ast.Node) map[string][]string {
	f, ok := n.(*ast.File)
	if !ok {
		return nil
	}
	var out map[string][]string
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 {
			continue
		}
		t := fd.Recv.List[0].Type
		if st, ok := t.(*ast.StarExpr); ok {
			t = st.X
		}
		var base ast.Expr
		switch x := t.(type) {
		case *ast.IndexExpr:
			base = x.X
		case *ast.IndexListExpr:
			base = x.X
		}
		if id, ok := base.(*ast.Ident); ok {
			if out == nil {
				out = map[string][]string{}
			}
			out[id.Name] = append(out[id.Name], fd.Name.Name)
		}
	}
	return out
}

// noteGenerics records the methods of generic types of a file.
func (g *generation) noteGenerics(declared map[string][]string) {
	if len(declared) == 0 {
		return
	}
	if g.generics.methods == nil {
		g.generics.methods = map[string]map[string]bool{}
		g.generics.shared = map[string]bool{}
	}
	for t, ms := range declared {
		set := g.generics.methods[t]
		if set == nil {
			set = map[string]bool{}
			g.generics.methods[t] = set
		}
		for _, m := range ms {
			set[m] = true
		}
	}
	count := map[string]int{}
	for _, ms := range g.generics.methods {
		for m := range ms {
			count[m]++
			if count[m] > 1 {
				g.generics.shared[m] = true
			}
		}
	}
}

// sharesName reports whether the generic type t has a method whose name
// another generic type's method has.
func (g *generation) sharesName(t string) bool {
	for m := range g.generics.methods[t] {
		if g.generics.shared[m] {
			return true
		}
	}
	return false
}

// genericCache returns yaegi's map of generated generic ASTs, settable.
func (g *generation) genericCache() reflect.Value {
	f := reflect.ValueOf(g.i).Elem().FieldByName("generic")
	return reflect.NewAt(f.Type(), unsafePointer(f)).Elem()
}

// methodReceiver returns, for a generated AST of the generic cache, the
// name of the instance it was made for ("Counter[int]") when it is a
// method, "" otherwise. yaegi's funcDecl node has the children receiver,
// name, type and body; genAST replaces the receiver's type by an
// identifier spelling the instance.
func methodReceiver(n reflect.Value) string {
	if n.IsNil() {
		return ""
	}
	ch := n.Elem().FieldByName("child")
	if ch.Len() != 4 {
		return ""
	}
	recv := ch.Index(0).Elem().FieldByName("child")
	if recv.Len() == 0 {
		return ""
	}
	field := recv.Index(0).Elem().FieldByName("child")
	if field.Len() == 0 {
		return ""
	}
	t := field.Index(field.Len() - 1).Elem()
	if id := t.FieldByName("ident").String(); id != "" {
		return id
	}
	if c := t.FieldByName("child"); c.Len() == 1 { // *Counter[int]
		return c.Index(0).Elem().FieldByName("ident").String()
	}
	return ""
}

// baseName is the name part of a key of the generic cache.
func baseName(key string) string {
	if i := strings.IndexByte(key, '['); i >= 0 {
		return key[:i]
	}
	return key
}

// typeArgs is the bracketed part of a key of the generic cache.
func typeArgs(key string) string {
	if i := strings.IndexByte(key, '['); i >= 0 {
		return key[i:]
	}
	return ""
}

// forgetMethodInstances deletes from yaegi's generic cache the methods of
// instances and the generic functions named as a method of a generic
// type. yaegi only adds entries: when the cache has the length it had
// after the last call, there is nothing to delete.
func (g *generation) forgetMethodInstances() {
	m := g.genericCache()
	if m.Len() == g.generics.cacheLen || g.generics.methods == nil {
		return
	}
	named := func(k string) bool {
		for _, ms := range g.generics.methods {
			if ms[baseName(k)] {
				return true
			}
		}
		return false
	}
	var drop []reflect.Value
	for it := m.MapRange(); it.Next(); {
		if methodReceiver(it.Value()) != "" || named(it.Key().String()) {
			drop = append(drop, it.Key())
		}
	}
	for _, k := range drop {
		m.SetMapIndex(k, reflect.Value{})
	}
	g.generics.cacheLen = m.Len()
}

// cacheKeys returns the keys of yaegi's generic cache.
func (g *generation) cacheKeys() map[string]bool {
	keys := map[string]bool{}
	for it := g.genericCache().MapRange(); it.Next(); {
		keys[it.Key().String()] = true
	}
	return keys
}

// mainSymbol returns the symbol name of yaegi's main package, or an
// invalid value.
func (g *generation) mainSymbol(name string) reflect.Value {
	sc := reflect.ValueOf(g.i).Elem().FieldByName("scopes").MapIndex(reflect.ValueOf("main"))
	if !sc.IsValid() || sc.IsNil() {
		return reflect.Value{}
	}
	sym := sc.Elem().FieldByName("sym").MapIndex(reflect.ValueOf(name))
	if !sym.IsValid() || sym.IsNil() {
		return reflect.Value{}
	}
	return sym
}

// renameMethods gives the name nodes of the methods of the generic types
// that declared names the name "<method>/<type>", which keys their
// instances' methods in yaegi's cache.
func (g *generation) renameMethods(declared map[string][]string) {
	for t := range declared {
		sym := g.mainSymbol(t)
		if !sym.IsValid() {
			continue
		}
		typ := sym.Elem().FieldByName("typ")
		if typ.IsNil() {
			continue
		}
		ms := typ.Elem().FieldByName("method")
		for i := 0; i < ms.Len(); i++ {
			m := ms.Index(i).Elem()
			ident := m.FieldByName("ident").String()
			ch := m.FieldByName("child")
			if ident == "" || ch.Len() != 4 {
				continue
			}
			name := ch.Index(1).Elem().FieldByName("ident")
			if name.String() != ident {
				continue // renamed already
			}
			name = reflect.NewAt(name.Type(), unsafePointer(name)).Elem()
			name.SetString(ident + "/" + t)
		}
	}
}

// mixedMethodsError is the error of a compilation in which an instance of
// a generic type took the method of another (checkMethodInstances).
type mixedMethodsError struct{ inst, other, method string }

func (e *mixedMethodsError) Error() string {
	return fmt.Sprintf("%s and %s both have a method %s, and the code that declares the method makes both: yaegi gives them the same %s (declare the methods in a cell before any value of the two types is made)",
		strings.ReplaceAll(e.inst, ",", ", "), strings.ReplaceAll(e.other, ",", ", "), e.method, e.method)
}

// checkMethodInstances looks, after a compilation that declared methods
// of generic types, for an instance of a generic type that took another's
// method from the cache: made in the compilation (its key not in before),
// or given a method the compilation declared. The other's methods are
// taken out of the wrong instance's type: later code calling them fails to
// compile ("undefined selector") rather than run them.
func (g *generation) checkMethodInstances(declared map[string][]string, before map[string]bool) error {
	m := g.genericCache()
	var bad []*mixedMethodsError
	for it := m.MapRange(); it.Next(); {
		k := it.Key().String()
		t := baseName(k)
		ms := g.generics.methods[t]
		if len(ms) == 0 || methodReceiver(it.Value()) != "" {
			continue
		}
		made := !before[k]
		for meth := range ms {
			if !g.generics.shared[meth] {
				continue
			}
			if !made && !contains(declared[t], meth) {
				continue
			}
			e := m.MapIndex(reflect.ValueOf(meth + typeArgs(k)))
			if !e.IsValid() {
				continue
			}
			if r := methodReceiver(e); r != k {
				bad = append(bad, &mixedMethodsError{inst: k, other: r, method: meth})
			}
		}
	}
	if len(bad) == 0 {
		return nil
	}
	for _, b := range bad {
		if sym := g.mainSymbol(b.inst); sym.IsValid() {
			if typ := sym.Elem().FieldByName("typ"); !typ.IsNil() {
				dropForeignMethods(typ, b.inst)
				if ptr := typ.Elem().FieldByName("ptr"); !ptr.IsNil() {
					dropForeignMethods(ptr, b.inst)
				}
			}
		}
	}
	sort.Slice(bad, func(i, j int) bool { return bad[i].inst < bad[j].inst })
	return bad[0]
}

// dropForeignMethods takes out of the methods of the yaegi type typ,
// an instance, those made for another instance.
func dropForeignMethods(typ reflect.Value, inst string) {
	ms := typ.Elem().FieldByName("method")
	ms = reflect.NewAt(ms.Type(), unsafePointer(ms)).Elem()
	kept := reflect.MakeSlice(ms.Type(), 0, ms.Len())
	for i := 0; i < ms.Len(); i++ {
		if r := methodReceiver(ms.Index(i)); r == "" || r == inst {
			kept = reflect.Append(kept, ms.Index(i))
		}
	}
	ms.Set(kept)
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

// hasInstances reports whether the generic type t of the main package has
// instances already.
func (g *generation) hasInstances(t string) bool {
	sym := g.mainSymbol(t)
	if !sym.IsValid() {
		return false
	}
	typ := sym.Elem().FieldByName("typ")
	return !typ.IsNil() && typ.Elem().FieldByName("instance").Len() > 0
}

// splitGeneric returns the pieces in which to compile a file declaring
// methods of generic types that share a method name. yaegi gives a method
// to the instances that exist when it is declared, and makes the methods
// of an instance when it is made, under the method's bare name until the
// compilation ends (renameMethods): two such types meeting in one
// compilation would share the cache entry. The methods of each such type
// that has instances, or whose instances the file makes (a struct type
// with fields of both types, a variable), are compiled apart, first; the
// declarations of these generic types go before them when they name
// nothing else the file declares.
func (g *generation) splitGeneric(f *ast.File, declared map[string][]string) []*ast.File {
	makes := false // the file names an instance of such a type
	ast.Inspect(f, func(c ast.Node) bool {
		var base ast.Expr
		switch x := c.(type) {
		case *ast.FuncDecl:
			return x.Type.TypeParams == nil && (x.Recv == nil || len(x.Recv.List) == 0 || !isGenericRecv(x.Recv.List[0].Type))
		case *ast.TypeSpec:
			return x.TypeParams == nil
		case *ast.IndexExpr:
			base = x.X
		case *ast.IndexListExpr:
			base = x.X
		default:
			return !makes
		}
		if id, ok := base.(*ast.Ident); ok && g.sharesName(id.Name) {
			makes = true
		}
		return !makes
	})
	// Names the file declares, its generic type specs, and the specs of
	// its types and constants.
	names := map[string]bool{}
	specs := map[string]*ast.TypeSpec{}
	decl := map[string]ast.Spec{}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				names[d.Name.Name] = true
			}
		case *ast.GenDecl:
			for _, sp := range d.Specs {
				switch sp := sp.(type) {
				case *ast.TypeSpec:
					names[sp.Name.Name] = true
					decl[sp.Name.Name] = sp
					if sp.TypeParams != nil {
						specs[sp.Name.Name] = sp
					}
				case *ast.ValueSpec:
					for _, n := range sp.Names {
						names[n.Name] = true
						if d.Tok == token.CONST {
							decl[n.Name] = sp
						}
					}
				}
			}
		}
	}
	var types []string
	for t := range declared {
		if g.sharesName(t) && (makes || g.hasInstances(t)) {
			types = append(types, t)
		}
	}
	sort.Strings(types)
	// The declarations of these types go first, with their methods, and
	// the declarations of types and constants they need, when these name
	// no function or variable of the file and no type sharing a method
	// name (whose instances they might make); a type declared in the file
	// that cannot go first stays with the file, and its methods too.
	groups := map[ast.Spec]*ast.GenDecl{} // a constant's group
	for _, d := range f.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.CONST {
			for _, sp := range gd.Specs {
				groups[sp] = gd
			}
		}
	}
	var needs func(sp ast.Spec, out map[ast.Spec]bool) bool
	needs = func(sp ast.Spec, out map[ast.Spec]bool) bool {
		if out[sp] {
			return true
		}
		out[sp] = true
		if gd := groups[sp]; gd != nil {
			// A constant moves with its group (iota, implicit values).
			for _, o := range gd.Specs {
				if !needs(o, out) {
					return false
				}
			}
		}
		generic := false
		if ts, ok := sp.(*ast.TypeSpec); ok && ts.TypeParams != nil {
			generic = true
		}
		ok := true
		ast.Inspect(sp, func(c ast.Node) bool {
			if !ok {
				return false
			}
			switch x := c.(type) {
			case *ast.IndexExpr, *ast.IndexListExpr:
				// An instance of such a type made before its methods.
				var base ast.Expr
				if ix, isIx := x.(*ast.IndexExpr); isIx {
					base = ix.X
				} else {
					base = x.(*ast.IndexListExpr).X
				}
				if id, isID := base.(*ast.Ident); isID && !generic && g.sharesName(id.Name) {
					ok = false
				}
			case *ast.Ident:
				if !names[x.Name] {
					return true
				}
				d := decl[x.Name]
				if d == nil {
					ok = false // a function or variable
				} else if !needs(d, out) {
					ok = false
				}
			}
			return ok
		})
		return ok
	}
	first := map[ast.Spec]bool{}
	apart := map[string]*ast.File{}
	for _, t := range types {
		if sp := specs[t]; sp != nil {
			need := map[ast.Spec]bool{}
			if !needs(sp, need) {
				continue
			}
			for n := range need {
				first[n] = true
			}
		} else if !g.mainSymbol(t).IsValid() {
			continue
		}
		apart[t] = &ast.File{Name: f.Name}
	}
	// A type whose methods stay cannot have its declaration go first
	// alone: its instances would be made without them.
	for n := range first {
		if ts, ok := n.(*ast.TypeSpec); ok && ts.TypeParams != nil && apart[ts.Name.Name] == nil && len(declared[ts.Name.Name]) > 0 {
			return []*ast.File{f}
		}
	}
	if len(apart) == 0 {
		return []*ast.File{f}
	}
	head := &ast.File{Name: f.Name}
	rest := &ast.File{Name: f.Name}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv != nil && len(d.Recv.List) == 1 {
				if af := apart[recvTypeName(d.Recv.List[0].Type)]; af != nil {
					af.Decls = append(af.Decls, d)
					continue
				}
			}
		case *ast.GenDecl:
			if d.Tok == token.TYPE || d.Tok == token.CONST {
				var moved, kept []ast.Spec
				for _, sp := range d.Specs {
					if first[sp] {
						moved = append(moved, sp)
					} else {
						kept = append(kept, sp)
					}
				}
				if len(moved) > 0 {
					head.Decls = append(head.Decls, &ast.GenDecl{TokPos: d.TokPos, Tok: d.Tok, Lparen: d.Lparen, Specs: moved, Rparen: d.Rparen})
					if len(kept) == 0 {
						continue
					}
					d = &ast.GenDecl{Doc: d.Doc, TokPos: d.TokPos, Tok: d.Tok, Lparen: d.Lparen, Specs: kept, Rparen: d.Rparen}
				}
			}
			rest.Decls = append(rest.Decls, d)
			continue
		}
		rest.Decls = append(rest.Decls, d)
	}
	pieces := []*ast.File{head}
	for _, t := range types {
		if af := apart[t]; af != nil {
			pieces = append(pieces, af)
		}
	}
	pieces = append(pieces, rest)
	var out []*ast.File
	for _, p := range pieces {
		if len(p.Decls) > 0 {
			// yaegi files a source's imports under the name of the file
			// of its package clause (runFile).
			p.Package = p.Decls[0].Pos()
			out = append(out, p)
		}
	}
	return out
}

// isGenericRecv reports whether a receiver's type is an instance of a
// generic type (Counter[T], *Counter[T]).
func isGenericRecv(x ast.Expr) bool {
	if st, ok := x.(*ast.StarExpr); ok {
		x = st.X
	}
	switch x.(type) {
	case *ast.IndexExpr, *ast.IndexListExpr:
		return true
	}
	return false
}
