package interp

import (
	"go/ast"
	"go/token"
	"go/types"
)

// fixTupleCall (fix tuple-call): yaegi v0.16.1 assigns a tuple whose
// right-hand side holds a call wrongly: after `a, b = len(s), 2` b keeps
// its old value, after `a, b = 1, len(s)` a is 3 too, and mergesort's
// `out, l = append(out, l[0]), l[1:]` never shortens l (a silent endless
// loop). A comma-ok assignment with = (`v, ok = m[k]`, `v, ok =
// x.(T)`) leaves v unchanged when ok is false. Go evaluates every
// operand first and then assigns left to right; the rewrite keeps that:
//
//   - when no operand after the first calls anything or names a target
//     assigned before it, the assignments are made one by one (at the top
//     level of a cell too);
//   - otherwise the typed operands are evaluated into temporaries first
//     (a := of several values is right in yaegi), then assigned;
//     constants are assigned as they are. At the top level of a cell this
//     runs in a function literal called at once.
//
// Targets must be names, fields or indexes of names (see simpleTargets);
// other targets are left as they are.
func fixTupleCall(f *fixer, st ast.Stmt) []ast.Stmt {
	as, ok := st.(*ast.AssignStmt)
	if !ok || as.Tok != token.ASSIGN || len(as.Lhs) < 2 {
		return nil
	}
	if len(as.Rhs) == 1 {
		for _, l := range as.Lhs {
			if _, ok := l.(*ast.Ident); !ok {
				return nil
			}
		}
		return f.commaOkTemps(as)
	}
	if !simpleTargets(as.Lhs) {
		return nil
	}
	if len(as.Rhs) != len(as.Lhs) {
		return nil
	}
	calls := false
	for _, r := range as.Rhs {
		calls = calls || hasCall(r)
	}
	if !calls {
		return nil
	}
	if seq := f.sequential(as); seq != nil {
		return seq
	}
	def := &ast.AssignStmt{TokPos: as.TokPos, Tok: token.DEFINE}
	vals := make([]ast.Expr, len(as.Rhs))
	for i, r := range as.Rhs {
		tv, known := f.typeAndValue(r)
		switch {
		case known && tv.Value != nil, f.isNil(r):
			vals[i] = r // a constant or nil: assigned as it is
		case known && isUntyped(tv.Type):
			return nil // an untyped bool of a comparison: its type is the target's
		default:
			name := f.temp("_methodicT")
			def.Lhs = append(def.Lhs, &ast.Ident{NamePos: r.Pos(), Name: name})
			def.Rhs = append(def.Rhs, r)
			vals[i] = &ast.Ident{NamePos: r.Pos(), Name: name}
		}
	}
	return f.local(as, append([]ast.Stmt{def}, assignEach(as, vals)...))
}

// local returns list as it is inside a function; at the top level of a
// cell it returns it as the body of a function literal called at once,
// so that the temporaries stay local (variables of a block there would
// collide in yaegi's global frame) and the targets, the cell's
// variables, are assigned through the closure.
func (f *fixer) local(st ast.Stmt, list []ast.Stmt) []ast.Stmt {
	if f.insideFunc(st) {
		return list
	}
	p := st.Pos()
	lit := &ast.FuncLit{
		Type: &ast.FuncType{Func: p, Params: &ast.FieldList{Opening: p, Closing: p}},
		Body: &ast.BlockStmt{Lbrace: p, List: list, Rbrace: st.End()},
	}
	return []ast.Stmt{&ast.ExprStmt{X: &ast.CallExpr{Fun: lit, Lparen: st.End(), Rparen: st.End()}}}
}

// commaOkTemps rewrites v, ok = m[k] and v, ok = x.(T) into temporaries
// assigned after.
func (f *fixer) commaOkTemps(as *ast.AssignStmt) []ast.Stmt {
	switch x := ast.Unparen(as.Rhs[0]).(type) {
	case *ast.TypeAssertExpr:
	case *ast.IndexExpr:
		t := f.typeOf(x.X)
		if t == nil {
			return nil
		}
		if _, ok := t.Underlying().(*types.Map); !ok {
			return nil
		}
	default:
		return nil
	}
	if ok := as.Lhs[1].(*ast.Ident); ok.Name != "_" {
		if t := f.typeOf(ok); t == nil || !types.Identical(t, types.Typ[types.Bool]) {
			return nil // a named bool type would not take the temporary's bool
		}
	}
	def := &ast.AssignStmt{TokPos: as.TokPos, Tok: token.DEFINE, Rhs: as.Rhs}
	vals := make([]ast.Expr, 2)
	for i := range vals {
		name := f.temp("_methodicT")
		def.Lhs = append(def.Lhs, &ast.Ident{NamePos: as.TokPos, Name: name})
		vals[i] = &ast.Ident{NamePos: as.TokPos, Name: name}
	}
	return f.local(as, append([]ast.Stmt{def}, assignEach(as, vals)...))
}

// sequential returns the assignments of as one by one when that cannot
// change what they assign: no operand after the first calls a function
// (which could read a target), reads through a pointer or names a target
// assigned before it.
func (f *fixer) sequential(as *ast.AssignStmt) []ast.Stmt {
	for i := 1; i < len(as.Rhs); i++ {
		if f.callsOut(as.Rhs[i]) || derefs(as.Rhs[i]) {
			return nil
		}
		for _, l := range as.Lhs[:i] {
			if name := rootIdent(l).Name; name != "_" && mentions(as.Rhs[i], name) {
				return nil
			}
		}
	}
	return assignEach(as, as.Rhs)
}

// assignEach returns lhs[i] = vals[i] for each target of as but _.
func assignEach(as *ast.AssignStmt, vals []ast.Expr) []ast.Stmt {
	var out []ast.Stmt
	for i, l := range as.Lhs {
		if id, ok := l.(*ast.Ident); ok && id.Name == "_" && !hasCall(vals[i]) {
			continue
		}
		out = append(out, &ast.AssignStmt{Lhs: []ast.Expr{l}, TokPos: as.TokPos, Tok: token.ASSIGN, Rhs: []ast.Expr{vals[i]}})
	}
	if len(out) == 0 {
		return []ast.Stmt{&ast.EmptyStmt{Semicolon: as.Pos(), Implicit: true}}
	}
	return out
}

// typeAndValue returns what the check found for x.
func (f *fixer) typeAndValue(x ast.Expr) (types.TypeAndValue, bool) {
	if f.info == nil {
		return types.TypeAndValue{}, false
	}
	c, ok := f.checked(x).(ast.Expr)
	if !ok {
		return types.TypeAndValue{}, false
	}
	tv, ok := f.info.Types[c]
	return tv, ok
}

func isUntyped(t types.Type) bool {
	b, ok := t.(*types.Basic)
	return ok && b.Info()&types.IsUntyped != 0
}

// hasCall reports whether x holds a call (or a conversion) outside a
// function literal, or a receive.
func hasCall(x ast.Expr) bool {
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			found = true
		case *ast.UnaryExpr:
			found = found || n.Op == token.ARROW
		}
		return !found
	})
	return found
}

// mentions reports whether x names name (as an identifier, not as a
// field or method after a dot).
func mentions(x ast.Expr, name string) bool {
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			ast.Inspect(n.X, func(m ast.Node) bool {
				if id, ok := m.(*ast.Ident); ok && id.Name == name {
					found = true
				}
				return !found
			})
			return false
		case *ast.Ident:
			found = found || n.Name == name
		}
		return !found
	})
	return found
}

// derefs reports whether x reads through a pointer written as *p, which
// may point at a target.
func derefs(x ast.Expr) bool {
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		if _, ok := n.(*ast.StarExpr); ok {
			found = true
		}
		return !found
	})
	return found
}

// callsOut reports whether x calls a function that could read a
// variable it is not given: a call other than a conversion or one of the
// builtins len, cap, min and max.
func (f *fixer) callsOut(x ast.Expr) bool {
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if tv, ok := f.typeAndValue(n.Fun); ok && tv.IsType() {
				return true
			}
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok {
				if b, ok := f.objectOf(id).(*types.Builtin); ok {
					switch b.Name() {
					case "len", "cap", "min", "max":
						return true
					}
				}
			}
			found = true
		case *ast.UnaryExpr:
			found = found || n.Op == token.ARROW
		}
		return !found
	})
	return found
}

// simpleTargets reports whether every target is a name, a field x.f or
// an index x[i] whose operands are names or literals that no target of
// the assignment names: assigning such targets one after the other, after
// the values, is what Go does (the order of reading x and i against
// the values' calls is not specified).
func simpleTargets(lhs []ast.Expr) bool {
	names := map[string]bool{}
	for _, l := range lhs {
		if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
			names[id.Name] = true
		}
	}
	for _, l := range lhs {
		switch l := l.(type) {
		case *ast.Ident:
		case *ast.IndexExpr:
			for _, op := range []ast.Expr{l.X, l.Index} {
				switch op := op.(type) {
				case *ast.Ident:
					if names[op.Name] {
						return false
					}
				case *ast.BasicLit:
				default:
					return false
				}
			}
		case *ast.SelectorExpr:
			if x, ok := l.X.(*ast.Ident); !ok || names[x.Name] {
				return false
			}
		default:
			return false
		}
	}
	return true
}
