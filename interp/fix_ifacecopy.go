package interp

import (
	"go/ast"
	"go/token"
	"go/types"
)

// typeUnder is t's underlying type, nil for nil.
func typeUnder(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	return t.Underlying()
}

// fixInterfaceCopy (fix interface-copy): yaegi keeps a value of a type
// of the cells that has methods, put in an interface (any, a cell
// interface, error), as its own pair of the node that made it and the
// reflect.Value of its storage (valueInterface), not as a copy: the
// interface shares the variable, field, element or call result it was
// made from. var j I = w; w.A = 50 then showed 50 through j.Sum() (Go: the
// old value), and in a loop xs = append(xs, mk(i)) filled xs with the
// last result, every element sharing the storage of the call's result.
// Where the check says such a value becomes an interface value, and it
// is not a composite literal (made afresh each time), it goes through a
// new one-element slice, whose element nothing else holds:
//
//	xs = append(xs, mk(i))  →  xs = append(xs, []T{mk(i)}[0])
//
// A composite literal of a type with fmt methods put in an empty
// interface goes the same way, so that yaegi holds it as its pair, which
// names its type, rather than bare (heldBare, fix fmt-held-pairs).
// The same for a pointer of such a type (p := &T{1}; var j I = p; p =
// &T{9}: j kept following p). Arguments of compiled functions are left
// alone: reflect copies them when it makes the call. Types yaegi cannot
// be handed by name (declared in a function, instances of generic types)
// are left as they are.
func fixInterfaceCopy(f *fixer, n ast.Node) {
	if f.info == nil {
		return
	}
	if call, ok := n.(*ast.CallExpr); ok && (f.made[call] || f.isCompiledFunc(call.Fun)) {
		return
	}
	f.conversions(n, interfaceCopyType, func(x ast.Expr, target types.Type) ast.Expr {
		if target == nil || !types.IsInterface(target) || f.made[x] {
			return x
		}
		if _, ok := types.Unalias(target).(*types.TypeParam); ok {
			return x
		}
		t := f.typeOf(x)
		if !interfaceCopyType(t) {
			return x
		}
		switch e := ast.Unparen(x).(type) {
		case *ast.CompositeLit:
			if !f.heldBare(n, target, t) {
				return x
			}
		case *ast.UnaryExpr:
			if _, ok := ast.Unparen(e.X).(*ast.CompositeLit); ok && e.Op == token.AND {
				return x // &T{...}
			}
		}
		typ, ok := f.s.typeSource(t, x.Pos())
		if !ok || !f.yaegiAgrees(x) {
			return x
		}
		lit := &ast.CompositeLit{
			Type:   &ast.ArrayType{Lbrack: x.Pos(), Elt: typ},
			Lbrace: x.Pos(),
			Elts:   []ast.Expr{x},
			Rbrace: x.End(),
		}
		out := &ast.IndexExpr{X: lit, Lbrack: x.End(), Index: &ast.BasicLit{ValuePos: x.End(), Kind: token.INT, Value: "0"}, Rbrack: x.End()}
		if f.made == nil {
			f.made = map[ast.Node]bool{}
		}
		f.made[out] = true
		return f.typed(out, t)
	})
}

// heldBare reports whether a composite literal of type t, put in an
// interface of type target at the site n, is kept bare by yaegi where
// fmt would print it otherwise than Go: a value of a cell type with fmt
// methods put in an empty interface (var a any = T{1}, a = T{1}, an
// argument), but for an element of a composite literal (yaegi makes its
// pair there) and an explicit conversion (any(T{1}) stays bare, copied
// or not). A bare value has its runtime type alone, which names neither
// a cell type over a non-struct type nor one of two cell struct types
// with the same fields (E37: var v any = A2{8} printed {8}, without A2's
// String); as a copy, it becomes yaegi's pair, whose node names the
// type for the cells' fmt (fix fmt-held-pairs).
func (f *fixer) heldBare(n ast.Node, target, t types.Type) bool {
	switch n := n.(type) {
	case *ast.CompositeLit:
		return false
	case *ast.CallExpr:
		if tv, ok := f.typeAndValue(n.Fun); ok && tv.IsType() {
			return false
		}
	}
	if !emptyInterface(target) {
		return false
	}
	nt, ok := types.Unalias(t).(*types.Named)
	return ok && fmtMethodNames(nt) != nil
}

// yaegiAgrees reports whether yaegi gives the variable at the root of x
// (x, x.f, x[i], *x) the type the check gives it. A variable of the
// cells redeclared by := with another type keeps its old type in yaegi
// when the old one could hold the new value (var g any = 1.5, then g :=
// T{1}): []T{g} failed there ("reflect.Set: value of type interface {}
// is not assignable"). A global of yaegi's with the root's name and
// another type, be it the variable or one a local variable shadows, so
// leaves x alone.
func (f *fixer) yaegiAgrees(x ast.Expr) bool {
	id := rootIdent(x)
	if id == nil {
		return true
	}
	g, ok := f.s.gen.global(id.Name)
	if !ok || g.Kind != "var" {
		return true
	}
	t := f.typeOf(id)
	return g.Type != nil && t != nil && g.Type.Str == types.TypeString(t, func(p *types.Package) string { return p.Name() })
}

// topCellType returns t as a defined type declared at the cells' top
// level (package main, not inside a function), not generic; else nil.
func topCellType(t types.Type) *types.Named {
	nt, ok := t.(*types.Named)
	if !ok || nt.TypeArgs().Len() > 0 || nt.TypeParams().Len() > 0 {
		return nil
	}
	obj := nt.Obj()
	if obj.Pkg() == nil || obj.Pkg().Path() != "main" || obj.Parent() == nil || obj.Parent().Parent() != types.Universe {
		return nil
	}
	return nt
}

// interfaceCopyType reports whether t, the type of a value put in an
// interface, is a type of the cells with methods (or a pointer to one),
// which yaegi keeps in an interface without copying it (fix
// interface-copy): declared at the cells' top level, not generic.
func interfaceCopyType(t types.Type) bool {
	if t == nil {
		return false
	}
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	nt := topCellType(t)
	if nt == nil {
		return false
	}
	if types.IsInterface(nt) {
		return false
	}
	return types.NewMethodSet(types.NewPointer(nt)).Len() > 0
}
