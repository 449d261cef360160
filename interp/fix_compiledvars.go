package interp

import (
	"go/ast"
	"go/token"
	"go/types"
)

// fixCompiledVars (fix compiled-vars): yaegi holds a variable of a
// compiled package (runtime.MemProfileRate, time.Local, a setting of the
// library) as a reflect.Value it also uses for constants, and code that
// takes that value for a constant reads the variable once, when it is
// compiled: in a function, `runtime.MemProfileRate != 0`, `x + r`,
// `-r`, `v := r` and `v = r` with r such a variable give its value at
// the time the function was compiled, for ever after (`0 != r` and a
// call's argument happened to read it each time); `r = v`, `r /= 2` and
// `r, _ = v, 1` are refused ("cannot assign to 0 (int constant)"). Every
// use of such a variable becomes *&r, which yaegi reads, and writes,
// through the pointer each time. Left alone: &r, and r as the operand
// of a selector, an index or a call (r.f, r[i], r.M(), r()), which yaegi
// reads each time already.
func fixCompiledVars(f *fixer, n ast.Node) {
	if !f.usesCompiledVars() {
		return
	}
	switch x := n.(type) {
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return
		}
	case *ast.SelectorExpr, *ast.IndexExpr, *ast.IndexListExpr, *ast.SliceExpr:
		// The operand (r.f, r[i]) is read each time; SelectorExpr's
		// Sel is no expression slot.
		return
	}
	replaceExprs(n, func(field string, x ast.Expr) ast.Expr {
		if c, ok := n.(*ast.CallExpr); ok && field == "Fun" && c.Fun == x {
			return x
		}
		if !f.compiledVar(x) {
			return x
		}
		t := f.typeOf(x)
		p := x.Pos()
		addr := &ast.UnaryExpr{OpPos: p, Op: token.AND, X: x}
		if t != nil {
			f.typed(addr, types.NewPointer(t))
		}
		return f.typed(&ast.StarExpr{Star: p, X: addr}, t)
	})
}

// usesCompiledVars reports whether the piece the fixer rewrites uses a
// variable of a compiled package at all; the answer is kept.
func (f *fixer) usesCompiledVars() bool {
	if f.compiledVars == 0 {
		f.compiledVars = -1
		if f.info != nil {
			for _, obj := range f.info.Uses {
				if v, ok := obj.(*types.Var); ok && v.Pkg() != nil && v.Pkg().Path() != "main" && !v.IsField() && v.Parent() == v.Pkg().Scope() {
					f.compiledVars = 1
					break
				}
			}
		}
	}
	return f.compiledVars > 0
}
