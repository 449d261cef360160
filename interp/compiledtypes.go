package interp

import (
	"go/constant"
	"go/token"
	"go/types"
	"reflect"

	"github.com/methodic-go/methodic/native"
)

// The type checker and the compiled cells (%%compile).
//
// A compiled cell's top-level names reach the interpreter as the
// reflect.Values of its plugin; the type checker gets them from the same
// values: each name becomes an object of the session's view (an object
// of the cell's own package, methodic.cells/sN/cM, which later cells name
// without a qualifier, as the interpreter dot-imports it). Types of the
// standard library and of the preloaded packages are the type checker's
// own (exportdata.go); a type declared in a compiled cell becomes a
// defined type of the cell's package with its exported methods, as
// reflection shows them. A constant whose type is predeclared is untyped,
// as most constants are written (the value of const K = 3 reached the
// plugin's table as an int).
//
// Not from the build's export data (go list -export, which native once
// offered): the interpreter binds a compiled cell by these values, so
// types made from them describe what it can call, where export data also
// describes what it cannot (generics, unexported names); and reading it
// costs a go command per compile, 0.3-0.4 s, a third of the round trip.

// typesOfCell returns the objects of the names a compiled cell declares.
func typesOfCell(cell *native.Cell) map[string]types.Object {
	c := &reflectTypes{pkgs: map[string]*types.Package{}, named: map[reflect.Type]*types.Named{}}
	pkg := c.pkg(cell.Path, "")
	out := map[string]types.Object{}
	for _, d := range cell.Decls {
		v, ok := cell.Symbols[d.Name]
		if !ok || !v.IsValid() {
			continue
		}
		switch d.Kind {
		case native.Func:
			if sig, ok := c.typ(v.Type()).(*types.Signature); ok {
				out[d.Name] = types.NewFunc(token.NoPos, pkg, d.Name, sig)
			}
		case native.Type:
			if v.Type().Kind() == reflect.Pointer {
				if n, ok := c.typ(v.Type().Elem()).(*types.Named); ok {
					// The name of the cell: an alias when the table's
					// type is declared elsewhere (a type forwarded from
					// an earlier cell).
					if n.Obj().Name() == d.Name && n.Obj().Pkg() == pkg {
						out[d.Name] = n.Obj()
					} else {
						out[d.Name] = types.NewTypeName(token.NoPos, pkg, d.Name, n)
					}
				}
			}
		case native.Var:
			out[d.Name] = types.NewVar(token.NoPos, pkg, d.Name, c.typ(v.Type()))
		case native.Const:
			t := c.typ(v.Type())
			if b, ok := t.(*types.Basic); ok && v.Type().PkgPath() == "" {
				t = untyped(b)
			}
			if val := constValue(v); val != nil {
				out[d.Name] = types.NewConst(token.NoPos, pkg, d.Name, t, val)
			}
		}
	}
	return out
}

// untyped returns the untyped kind of a predeclared type's constants.
func untyped(b *types.Basic) types.Type {
	switch {
	case b.Info()&types.IsBoolean != 0:
		return types.Typ[types.UntypedBool]
	case b.Info()&types.IsString != 0:
		return types.Typ[types.UntypedString]
	case b.Kind() == types.Int32:
		return types.Typ[types.UntypedRune]
	case b.Info()&types.IsInteger != 0:
		return types.Typ[types.UntypedInt]
	case b.Info()&types.IsFloat != 0:
		return types.Typ[types.UntypedFloat]
	case b.Info()&types.IsComplex != 0:
		return types.Typ[types.UntypedComplex]
	}
	return b
}

// constValue is the go/constant form of a constant's value.
func constValue(v reflect.Value) constant.Value {
	switch v.Kind() {
	case reflect.Bool:
		return constant.MakeBool(v.Bool())
	case reflect.String:
		return constant.MakeString(v.String())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return constant.MakeInt64(v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return constant.MakeUint64(v.Uint())
	case reflect.Float32, reflect.Float64:
		return constant.MakeFloat64(v.Float())
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		return constant.BinaryOp(constant.MakeFloat64(real(c)), token.ADD, constant.MakeImag(constant.MakeFloat64(imag(c))))
	}
	return nil
}

// reflectTypes turns reflect types into go/types types.
type reflectTypes struct {
	pkgs  map[string]*types.Package
	named map[reflect.Type]*types.Named
}

// pkg returns the package of path: the type checker's own when it has
// one, or a package made for the compiled cells' types.
func (c *reflectTypes) pkg(path, name string) *types.Package {
	if p, ok := c.pkgs[path]; ok {
		return p
	}
	var p *types.Package
	if packageTypes.has(path) {
		p, _ = packageTypes.Import(path)
	}
	if p == nil {
		if name == "" {
			name = "cell"
		}
		p = types.NewPackage(path, name)
	}
	c.pkgs[path] = p
	return p
}

var basicKinds = map[reflect.Kind]types.BasicKind{
	reflect.Bool: types.Bool, reflect.Int: types.Int, reflect.Int8: types.Int8, reflect.Int16: types.Int16,
	reflect.Int32: types.Int32, reflect.Int64: types.Int64, reflect.Uint: types.Uint, reflect.Uint8: types.Uint8,
	reflect.Uint16: types.Uint16, reflect.Uint32: types.Uint32, reflect.Uint64: types.Uint64,
	reflect.Uintptr: types.Uintptr, reflect.Float32: types.Float32, reflect.Float64: types.Float64,
	reflect.Complex64: types.Complex64, reflect.Complex128: types.Complex128, reflect.String: types.String,
	reflect.UnsafePointer: types.UnsafePointer,
}

func (c *reflectTypes) typ(t reflect.Type) types.Type {
	if t.Name() != "" {
		if t.PkgPath() != "" {
			return c.namedType(t)
		}
		if t == errorType {
			return types.Universe.Lookup("error").Type()
		}
	}
	if k, ok := basicKinds[t.Kind()]; ok {
		return types.Typ[k]
	}
	return c.literal(t)
}

// literal converts the structure of t, as a type literal would spell it.
func (c *reflectTypes) literal(t reflect.Type) types.Type {
	switch t.Kind() {
	case reflect.Pointer:
		return types.NewPointer(c.typ(t.Elem()))
	case reflect.Slice:
		return types.NewSlice(c.typ(t.Elem()))
	case reflect.Array:
		return types.NewArray(c.typ(t.Elem()), int64(t.Len()))
	case reflect.Map:
		return types.NewMap(c.typ(t.Key()), c.typ(t.Elem()))
	case reflect.Chan:
		dir := types.SendRecv
		switch t.ChanDir() {
		case reflect.SendDir:
			dir = types.SendOnly
		case reflect.RecvDir:
			dir = types.RecvOnly
		}
		return types.NewChan(dir, c.typ(t.Elem()))
	case reflect.Func:
		return c.signature(t, nil)
	case reflect.Struct:
		var fields []*types.Var
		var tags []string
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			var p *types.Package
			if f.PkgPath != "" {
				p = c.pkg(f.PkgPath, "")
			}
			fields = append(fields, types.NewField(token.NoPos, p, f.Name, c.typ(f.Type), f.Anonymous))
			tags = append(tags, string(f.Tag))
		}
		return types.NewStruct(fields, tags)
	case reflect.Interface:
		var methods []*types.Func
		for i := 0; i < t.NumMethod(); i++ {
			m := t.Method(i)
			var p *types.Package
			if m.PkgPath != "" {
				p = c.pkg(m.PkgPath, "")
			}
			methods = append(methods, types.NewFunc(token.NoPos, p, m.Name, c.signature(m.Type, nil)))
		}
		return types.NewInterfaceType(methods, nil).Complete()
	}
	return types.Typ[types.Invalid]
}

// signature converts a function type; recv, when set, is the receiver of
// a method, whose reflect type lists it as the first parameter.
func (c *reflectTypes) signature(t reflect.Type, recv *types.Var) *types.Signature {
	var params, results []*types.Var
	start := 0
	if recv != nil {
		start = 1
	}
	for i := start; i < t.NumIn(); i++ {
		params = append(params, types.NewParam(token.NoPos, nil, "", c.typ(t.In(i))))
	}
	for i := 0; i < t.NumOut(); i++ {
		results = append(results, types.NewParam(token.NoPos, nil, "", c.typ(t.Out(i))))
	}
	return types.NewSignatureType(recv, nil, nil, types.NewTuple(params...), types.NewTuple(results...), t.IsVariadic())
}

// namedType converts a defined type: the type checker's own for a
// package it has, otherwise a new defined type with the exported methods
// reflection shows.
func (c *reflectTypes) namedType(t reflect.Type) types.Type {
	if n, ok := c.named[t]; ok {
		return n
	}
	p := c.pkg(t.PkgPath(), "")
	if obj, ok := p.Scope().Lookup(t.Name()).(*types.TypeName); ok {
		return obj.Type()
	}
	obj := types.NewTypeName(token.NoPos, p, t.Name(), nil)
	n := types.NewNamed(obj, nil, nil)
	c.named[t] = n
	p.Scope().Insert(obj)
	// The underlying type: t's structure, without its name.
	var u types.Type
	if k, ok := basicKinds[t.Kind()]; ok {
		u = types.Typ[k]
	} else {
		u = c.literal(t)
	}
	n.SetUnderlying(u)
	if t.Kind() == reflect.Interface {
		return n
	}
	ptr := reflect.PointerTo(t)
	for i := 0; i < ptr.NumMethod(); i++ {
		m := ptr.Method(i)
		var recvType types.Type = n
		if _, ok := t.MethodByName(m.Name); !ok {
			recvType = types.NewPointer(n)
		}
		recv := types.NewVar(token.NoPos, p, "", recvType)
		n.AddMethod(types.NewFunc(token.NoPos, p, m.Name, c.signature(m.Type, recv)))
	}
	return n
}
