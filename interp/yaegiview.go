package interp

import (
	"go/token"
	"go/types"
	"reflect"
	"sort"
	"sync"
	"sync/atomic"
	"unsafe"

	yaegi "github.com/traefik/yaegi/interp"
)

// This file reads, and never writes, a few unexported fields of yaegi
// v0.16.1 through reflection: the static types the interpreter gives to
// global variables and to an expression. Nothing exported answers these
// questions, and they are what lets the kernel print `main.P{a:1}` rather
// than `struct { Xa int }` (fix fmt-cell-types), redeclare the variables of
// a session when it rebuilds the interpreter (fix rebuild), and complete the
// fields of a variable of a type declared in a cell. The reads happen only
// on the execution goroutine, between cells. TestYaegiView fails if an
// upgrade of yaegi moves these fields.

// ytype is a copy of what the kernel needs of a yaegi type.
type ytype struct {
	Cat    ycat
	Name   string // defined name, "" for a type literal
	Path   string // package of a defined type ("main" for cells)
	Str    string // yaegi's spelling, e.g. "main.P", "[]main.P", "*mat.Dense"
	RType  reflect.Type
	Fields []yfield
	Elem   *ytype // pointer, slice, array, chan, map value
	Key    *ytype // map key
}

type yfield struct {
	Name  string
	Embed bool
	Type  *ytype
}

// ycat mirrors yaegi's tcat; the order is that of interp/type.go.
type ycat uint

const (
	ycNil ycat = iota
	ycArray
	ycBin
	ycBinPkg
	ycBool
	ycBuiltin
	ycChan
	ycChanSend
	ycChanRecv
	ycComparable
	ycComplex64
	ycComplex128
	ycConstraint
	ycError
	ycFloat32
	ycFloat64
	ycFunc
	ycGeneric
	ycInterface
	ycInt
	ycInt8
	ycInt16
	ycInt32
	ycInt64
	ycLinked
	ycMap
	ycPtr
	ycSlice
	ycSrcPkg
	ycString
	ycStruct
	ycUint
	ycUint8
	ycUint16
	ycUint32
	ycUint64
	ycUintptr
	ycValue
	ycVariadic
)

// typeCache remembers the copies of the types of one interpreter, by
// address: a type of yaegi does not change once complete, and globals are
// read after every cell. It lives with its interpreter, which keeps the
// types (and so their addresses) alive.
type typeCache struct {
	mu sync.Mutex
	m  map[uintptr]*ytype
}

// readType copies a yaegi *itype given as a reflect.Value.
func (c *typeCache) readType(v reflect.Value, depth int) *ytype {
	if !v.IsValid() || v.Kind() != reflect.Pointer || v.IsNil() || depth > 12 {
		return nil
	}
	if depth == 0 && c != nil {
		c.mu.Lock()
		t, ok := c.m[v.Pointer()]
		c.mu.Unlock()
		if ok {
			return t
		}
		t = c.readType(v, 1)
		if t != nil && !v.Elem().FieldByName("incomplete").Bool() {
			c.mu.Lock()
			if c.m == nil {
				c.m = map[uintptr]*ytype{}
			}
			c.m[v.Pointer()] = t
			c.mu.Unlock()
		}
		return t
	}
	e := v.Elem()
	t := &ytype{
		Cat:  ycat(e.FieldByName("cat").Uint()),
		Name: e.FieldByName("name").String(),
		Path: e.FieldByName("path").String(),
		Str:  e.FieldByName("str").String(),
	}
	if rt := e.FieldByName("rtype"); rt.IsValid() && !rt.IsNil() {
		// reflect.Type is an interface; its dynamic value is readable
		// through a pointer without Interface().
		t.RType = rtypeOf(rt)
	}
	if t.Cat == ycLinked {
		// A defined type over another type: use the underlying shape.
		u := c.readType(e.FieldByName("val"), depth+1)
		if u != nil {
			u.Name, u.Path, u.Str = t.Name, t.Path, t.Str
			return u
		}
	}
	fs := e.FieldByName("field")
	for i := 0; i < fs.Len(); i++ {
		f := fs.Index(i)
		t.Fields = append(t.Fields, yfield{
			Name:  f.FieldByName("name").String(),
			Embed: f.FieldByName("embed").Bool(),
			Type:  c.readType(f.FieldByName("typ"), depth+1),
		})
	}
	t.Elem = c.readType(e.FieldByName("val"), depth+1)
	t.Key = c.readType(e.FieldByName("key"), depth+1)
	return t
}

// rtypeOf extracts the reflect.Type held in an unexported interface field.
func rtypeOf(v reflect.Value) reflect.Type {
	// v is an unexported field of interface type reflect.Type; copying it
	// into an addressable value of the same type makes it usable.
	p := reflect.New(v.Type()).Elem()
	p.Set(reflect.NewAt(v.Type(), unsafePointer(v)).Elem())
	t, _ := p.Interface().(reflect.Type)
	return t
}

// yglobal is a global of the main package as yaegi holds it.
type yglobal struct {
	Name string
	Kind string // "var", "const", "func", "type"
	Type *ytype
	// override says that the variable takes the type of another, an
	// earlier interpreter's temporary (see rebuildWith).
	override bool
	// checked is, for an override, the variable's type as the check of
	// the running piece has it, or nil.
	checked types.Type
}

// globals lists the globals of the interpreter's main package.
func (g *generation) globals() []yglobal {
	iv := reflect.ValueOf(g.i).Elem()
	sc := iv.FieldByName("scopes").MapIndex(reflect.ValueOf("main"))
	if !sc.IsValid() || sc.IsNil() {
		return nil
	}
	syms := sc.Elem().FieldByName("sym")
	var out []yglobal
	it := syms.MapRange()
	for it.Next() {
		if gl, ok := g.readGlobal(it.Key().String(), it.Value()); ok {
			out = append(out, gl)
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Name < out[b].Name })
	return out
}

// global returns the global of the main package called name, if there
// is one, without listing the others.
func (g *generation) global(name string) (yglobal, bool) {
	sc := reflect.ValueOf(g.i).Elem().FieldByName("scopes").MapIndex(reflect.ValueOf("main"))
	if !sc.IsValid() || sc.IsNil() {
		return yglobal{}, false
	}
	sym := sc.Elem().FieldByName("sym").MapIndex(reflect.ValueOf(name))
	if !sym.IsValid() || sym.IsNil() {
		return yglobal{}, false
	}
	return g.readGlobal(name, sym)
}

// globalValue returns the value of the variable or constant name of the
// main package, as yaegi's Globals does for all of them, but for one name
// and checking the frame index: a global that a failed compilation left
// in the scope may have no slot in the frame (Globals then panicked with
// an index out of range).
func (g *generation) globalValue(name string) (v reflect.Value, ok bool) {
	sc := reflect.ValueOf(g.i).Elem().FieldByName("scopes").MapIndex(reflect.ValueOf("main"))
	if !sc.IsValid() || sc.IsNil() {
		return reflect.Value{}, false
	}
	sym := sc.Elem().FieldByName("sym").MapIndex(reflect.ValueOf(name))
	if !sym.IsValid() || sym.IsNil() {
		return reflect.Value{}, false
	}
	e := sym.Elem()
	switch e.FieldByName("kind").Uint() {
	case 3: // constSym
		rv := e.FieldByName("rval")
		return *(*reflect.Value)(unsafe.Pointer(rv.UnsafeAddr())), true
	case 9: // varSym
		idx := int(e.FieldByName("index").Int())
		frame := reflect.ValueOf(g.i).Elem().FieldByName("frame").Elem()
		mu := (*sync.RWMutex)(unsafePointer(frame.FieldByName("mutex")))
		mu.RLock()
		defer mu.RUnlock()
		data := frame.FieldByName("data")
		if idx < 0 || idx >= data.Len() {
			return reflect.Value{}, false
		}
		return *(*reflect.Value)(unsafe.Pointer(data.Index(idx).UnsafeAddr())), true
	}
	return reflect.Value{}, false
}

// shareGlobal makes the variable name of the main package use the storage
// of v, a variable of an earlier interpreter of the same type, so that
// both interpreters' code reads and writes one variable. yaegi keeps a
// global in its root frame as an addressable reflect.Value, which code
// sets in place and closures reach through the frame: replacing the
// frame's value replaces the variable. It reports whether it could.
func (g *generation) shareGlobal(name string, v reflect.Value) bool {
	sc := reflect.ValueOf(g.i).Elem().FieldByName("scopes").MapIndex(reflect.ValueOf("main"))
	if !sc.IsValid() || sc.IsNil() {
		return false
	}
	sym := sc.Elem().FieldByName("sym").MapIndex(reflect.ValueOf(name))
	if !sym.IsValid() || sym.IsNil() || sym.Elem().FieldByName("kind").Uint() != 9 {
		return false
	}
	idx := int(sym.Elem().FieldByName("index").Int())
	frame := reflect.ValueOf(g.i).Elem().FieldByName("frame").Elem()
	mu := (*sync.RWMutex)(unsafePointer(frame.FieldByName("mutex")))
	mu.Lock()
	defer mu.Unlock()
	data := frame.FieldByName("data")
	if idx < 0 || idx >= data.Len() {
		return false
	}
	*(*reflect.Value)(unsafe.Pointer(data.Index(idx).UnsafeAddr())) = v
	return true
}

// readGlobal reads a *symbol of yaegi's main scope; ok is false for a
// symbol that is not a constant, function, type or variable.
func (g *generation) readGlobal(name string, sym reflect.Value) (gl yglobal, ok bool) {
	s := sym.Elem()
	symFields.once.Do(func() {
		k, _ := s.Type().FieldByName("kind")
		t, _ := s.Type().FieldByName("typ")
		symFields.kind, symFields.typ = k.Index[0], t.Index[0]
	})
	var kind string
	switch s.Field(symFields.kind).Uint() {
	case 3:
		kind = "const"
	case 4:
		kind = "func"
	case 7:
		kind = "type"
	case 9:
		kind = "var"
	default:
		return yglobal{}, false
	}
	return yglobal{Name: name, Kind: kind, Type: g.types.readType(s.Field(symFields.typ), 0)}, true
}

// symFields holds the indices of the fields of yaegi's symbol struct
// that readGlobal reads: every cell reads every global for the snapshot,
// and looking fields up by name took 40% of that.
var symFields struct {
	once      sync.Once
	kind, typ int
}

// forget removes name from the cells' scope, so that a function declared
// for one use does not stay among the globals that every cell lists
// (code compiled against it keeps its own reference).
func (g *generation) forget(name string) {
	sc := reflect.ValueOf(g.i).Elem().FieldByName("scopes").MapIndex(reflect.ValueOf("main"))
	if !sc.IsValid() || sc.IsNil() {
		return
	}
	syms := sc.Elem().FieldByName("sym")
	reflect.NewAt(syms.Type(), unsafePointer(syms)).Elem().SetMapIndex(reflect.ValueOf(name), reflect.Value{})
}

// resultType returns the static type of the argument of the render call
// that a compiled trailing expression consists of, or nil.
func (g *generation) resultType(p *yaegi.Program) *ytype {
	root := reflect.ValueOf(p).Elem().FieldByName("root")
	n := root
	for depth := 0; depth < 4 && n.IsValid() && !n.IsNil(); depth++ {
		kids := n.Elem().FieldByName("child")
		if kids.Len() == 0 {
			return nil
		}
		last := kids.Index(kids.Len() - 1)
		if last.Elem().FieldByName("kind").Uint() == callExprKind() && last.Elem().FieldByName("child").Len() == 2 {
			return g.types.readType(last.Elem().FieldByName("child").Index(1).Elem().FieldByName("typ"), 0)
		}
		n = last
	}
	return nil
}

// resultCount returns the number of results of the call that is the
// argument of the render call of a compiled trailing expression, or 0
// when it cannot tell: the length of the callee's result list (an
// interpreted function) or the number of outputs of its reflect type (a
// compiled one).
func (g *generation) resultCount(p *yaegi.Program) int {
	root := reflect.ValueOf(p).Elem().FieldByName("root")
	n := root
	for depth := 0; depth < 4 && n.IsValid() && !n.IsNil(); depth++ {
		kids := n.Elem().FieldByName("child")
		if kids.Len() == 0 {
			return 0
		}
		last := kids.Index(kids.Len() - 1)
		if last.Elem().FieldByName("kind").Uint() == callExprKind() && last.Elem().FieldByName("child").Len() == 2 {
			arg := last.Elem().FieldByName("child").Index(1).Elem()
			if arg.FieldByName("kind").Uint() != callExprKind() || arg.FieldByName("child").Len() == 0 {
				return 0
			}
			ft := arg.FieldByName("child").Index(0).Elem().FieldByName("typ")
			if !ft.IsValid() || ft.IsNil() {
				return 0
			}
			switch ycat(ft.Elem().FieldByName("cat").Uint()) {
			case ycFunc:
				return ft.Elem().FieldByName("ret").Len()
			case ycValue:
				if rt := ft.Elem().FieldByName("rtype"); rt.IsValid() && !rt.IsNil() {
					if t := rtypeOf(rt); t != nil && t.Kind() == reflect.Func {
						return t.NumOut()
					}
				}
			}
			return 0
		}
		n = last
	}
	return 0
}

// callExprKind is yaegi's nkind of a call expression (interp/ast.go).
func callExprKind() uint64 { return 10 }

func unsafePointer(v reflect.Value) unsafe.Pointer { return unsafe.Pointer(v.UnsafeAddr()) }

// assignedType returns the static type of the value in a compiled
// program that consists of one assignment x = v, and whether v is a
// constant, whose type yaegi changes to x's (in x = 1 with x a float64,
// 1 has the type float64), or nil.
func (g *generation) assignedType(p *yaegi.Program) (t *ytype, constant bool) {
	n := reflect.ValueOf(p).Elem().FieldByName("root")
	for depth := 0; depth < 3 && n.IsValid() && !n.IsNil(); depth++ {
		kids := n.Elem().FieldByName("child")
		if n.Elem().FieldByName("kind").Uint() != assignStmtKind() {
			if kids.Len() != 1 {
				return nil, false
			}
			n = kids.Index(0)
			continue
		}
		if kids.Len() != 2 {
			return nil, false
		}
		v := kids.Index(1)
		for v.Elem().FieldByName("kind").Uint() == parenExprKind() && v.Elem().FieldByName("child").Len() == 1 {
			v = v.Elem().FieldByName("child").Index(0)
		}
		// A constant is a literal once yaegi has resolved it, or a
		// folded expression, which has no place in the frame.
		constant = v.Elem().FieldByName("kind").Uint() == basicLitKind() || v.Elem().FieldByName("findex").Int() < 0
		return g.types.readType(v.Elem().FieldByName("typ"), 0), constant
	}
	return nil, false
}

// yaegi's nkind of an assignment, a basic literal and a parenthesised
// expression (interp/ast.go).
func assignStmtKind() uint64 { return 3 }
func basicLitKind() uint64   { return 5 }
func parenExprKind() uint64  { return 61 }

// setFileSet makes i locate source positions in fset.
func setFileSet(i *yaegi.Interpreter, fset *token.FileSet) {
	f := reflect.ValueOf(i).Elem().FieldByName("fset")
	reflect.NewAt(f.Type(), unsafePointer(f)).Elem().Set(reflect.ValueOf(fset))
}

// frameMark is the state of yaegi's global frame at a moment: its
// length (the slots of the global variables, and of the temporaries of
// the code compiled at top level so far) and the number of globals.
type frameMark struct{ slots, globals int }

// frameLens returns the lengths of the slot types of yaegi's universe
// and main scopes, which yaegi keeps alike after each compilation, and of
// the global frame, which it grows to them when it runs code.
func (g *generation) frameLens() (iv, sc reflect.Value, universe, main, data int) {
	iv = reflect.ValueOf(g.i).Elem()
	sc = iv.FieldByName("scopes").MapIndex(reflect.ValueOf("main"))
	if !sc.IsValid() || sc.IsNil() {
		return iv, sc, -1, -1, -1
	}
	return iv, sc, iv.FieldByName("universe").Elem().FieldByName("types").Len(),
		sc.Elem().FieldByName("types").Len(),
		iv.FieldByName("frame").Elem().FieldByName("data").Len()
}

// markFrame returns the current state of the global frame, or a mark
// that releaseFrame ignores.
func (g *generation) markFrame() frameMark {
	_, sc, u, m, d := g.frameLens()
	if u < 0 {
		return frameMark{-1, -1}
	}
	return frameMark{slots: max(u, m, d), globals: sc.Elem().FieldByName("sym").Len()}
}

// releaseFrame gives back the global frame slots allocated since m. It is
// for code compiled at top level that declares nothing (an expression
// whose value a cell shows, a probe of a static type): yaegi gives its
// temporaries slots of the global frame for good, so that every cell with
// a trailing expression grew the frame by a slot, and every later
// compilation copied the whole frame (a trailing expression took 0.38 ms
// after 10,000 of them instead of 0.16 ms). Nothing refers to those slots
// once the code has run. The frame is left alone when a global was
// declared since m.
func (g *generation) releaseFrame(m frameMark) {
	iv, sc, u, mn, d := g.frameLens()
	if m.slots < 0 || u < 0 || sc.Elem().FieldByName("sym").Len() != m.globals {
		return
	}
	// A compilation that fails leaves the universe scope behind the main
	// one; each is cut only where it has grown past the mark.
	if u > m.slots {
		settable(iv.FieldByName("universe").Elem().FieldByName("types")).SetLen(m.slots)
	}
	if mn > m.slots {
		settable(sc.Elem().FieldByName("types")).SetLen(m.slots)
	}
	if d > m.slots {
		frame := iv.FieldByName("frame").Elem()
		mu := (*sync.RWMutex)(unsafePointer(frame.FieldByName("mutex")))
		mu.Lock()
		defer mu.Unlock()
		data := settable(frame.FieldByName("data"))
		zero := reflect.Zero(data.Type().Elem())
		for k := m.slots; k < d; k++ {
			data.Index(k).Set(zero) // let the values go
		}
		data.SetLen(m.slots)
	}
}

// runID returns yaegi's run counter (Interpreter.id). A cancellation
// (ExecuteWithContext's stop) increments it, and interpreted code whose
// frame carries another number returns at its next step: every closure
// and method value made before an interrupt, which keeps the number of
// the frame it was made in, then returned zero values for good.
func runID(i *yaegi.Interpreter) *uint64 {
	f := reflect.ValueOf(i).Elem().FieldByName("id")
	if f.Kind() != reflect.Uint64 {
		return nil
	}
	return (*uint64)(unsafePointer(f))
}

// resume sets yaegi's run counter back to the number the generation's
// frames carry, once the statements of an interrupted cell have stopped:
// the closures and goroutines of earlier cells run again.
func (g *generation) resume() {
	if p := runID(g.i); p != nil && atomic.LoadUint64(p) != g.runID {
		atomic.StoreUint64(p, g.runID)
	}
}

// settable returns an unexported field v as a value that can be set.
func settable(v reflect.Value) reflect.Value {
	return reflect.NewAt(v.Type(), unsafePointer(v)).Elem()
}
