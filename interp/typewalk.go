package interp

import "go/types"

// typeHas reports whether t, or a type t is made of, satisfies match.
// match is asked about each type once, outermost first; it answers
// whether the type is the one sought and whether to look inside it. The
// walk looks inside the type arguments of a named type, an alias's
// target, the element, key, field, parameter, result and method types,
// and embedded interfaces.
func typeHas(t types.Type, match func(types.Type) (found, inside bool)) bool {
	seen := map[types.Type]bool{}
	var has func(types.Type) bool
	has = func(t types.Type) bool {
		if seen[t] {
			return false
		}
		seen[t] = true
		found, inside := match(t)
		if found || !inside {
			return found
		}
		switch t := t.(type) {
		case *types.Named:
			for i := 0; i < t.TypeArgs().Len(); i++ {
				if has(t.TypeArgs().At(i)) {
					return true
				}
			}
		case *types.Alias:
			return has(types.Unalias(t))
		case *types.Pointer:
			return has(t.Elem())
		case *types.Slice:
			return has(t.Elem())
		case *types.Array:
			return has(t.Elem())
		case *types.Chan:
			return has(t.Elem())
		case *types.Map:
			return has(t.Key()) || has(t.Elem())
		case *types.Struct:
			for i := 0; i < t.NumFields(); i++ {
				if has(t.Field(i).Type()) {
					return true
				}
			}
		case *types.Signature:
			return has(t.Params()) || has(t.Results())
		case *types.Tuple:
			for i := 0; i < t.Len(); i++ {
				if has(t.At(i).Type()) {
					return true
				}
			}
		case *types.Interface:
			for i := 0; i < t.NumMethods(); i++ {
				if has(t.Method(i).Type()) {
					return true
				}
			}
			for i := 0; i < t.NumEmbeddeds(); i++ {
				if has(t.EmbeddedType(i)) {
					return true
				}
			}
		}
		return false
	}
	return has(t)
}

// instantiatesWithParams reports whether t mentions a generic type
// instantiated with type parameters (not looking into struct or
// interface types).
func instantiatesWithParams(t types.Type) bool {
	return typeHas(t, func(t types.Type) (bool, bool) {
		switch t := t.(type) {
		case *types.Named:
			for i := 0; i < t.TypeArgs().Len(); i++ {
				if _, ok := t.TypeArgs().At(i).(*types.TypeParam); ok {
					return true, false
				}
			}
		case *types.Struct, *types.Interface:
			return false, false
		}
		return false, true
	})
}

// mentionsLocal reports whether t mentions a type declared inside a
// function, which no type expression at top level can name (not looking
// through aliases or into interface types).
func mentionsLocal(t types.Type) bool {
	return typeHas(t, func(t types.Type) (bool, bool) {
		switch t := t.(type) {
		case *types.Named:
			o := t.Obj()
			return o.Parent() != nil && o.Parent() != types.Universe && o.Parent().Parent() != types.Universe, true
		case *types.Alias, *types.Interface:
			return false, false
		}
		return false, true
	})
}

// mentionsMain reports whether t mentions a type declared at package
// level in the cells.
func mentionsMain(t types.Type) bool {
	return typeHas(t, func(t types.Type) (bool, bool) {
		n, ok := t.(*types.Named)
		if !ok {
			return false, true
		}
		o := n.Obj()
		if o.Pkg() == nil || o.Pkg().Path() != "main" {
			return false, true
		}
		// A type of the cells: at package level, or local to a function.
		return o.Parent() != nil && o.Parent().Parent() == types.Universe, false
	})
}
