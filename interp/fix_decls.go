package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
)

// The fixes of declarations: const-iota and make-directional-chan
// (see the table in fixes.go).

// fixConstIota gives iota its value in a const declaration with a spec
// of several names: yaegi v0.16.1 counts iota per name instead of per
// spec, so that
//
//	const (
//		a, b = iota, iota * 10
//		c, d
//	)
//
// gave c, d = 2, 20 or failed ("constant definition loop"; with _, _ as
// the repeated line, "cannot use _ as value"). Every line of such a
// declaration that repeats another gets the type and the values of the
// last spec that has them, as Go repeats them, and each iota in a value
// becomes the index of its spec.
func fixConstIota(f *fixer, n ast.Node) {
	d, ok := n.(*ast.GenDecl)
	if !ok || d.Tok != token.CONST {
		return
	}
	multi := false
	for _, sp := range d.Specs {
		if len(sp.(*ast.ValueSpec).Names) > 1 {
			multi = true
		}
	}
	if !multi {
		return
	}
	var last *ast.ValueSpec
	for _, sp := range d.Specs {
		vs := sp.(*ast.ValueSpec)
		if len(vs.Values) == 0 && last != nil {
			if last.Type != nil {
				vs.Type = f.cloneChecked(last.Type)
			}
			for _, v := range last.Values {
				vs.Values = append(vs.Values, f.cloneChecked(v))
			}
		} else {
			last = vs
		}
	}
	for i, sp := range d.Specs {
		vs := sp.(*ast.ValueSpec)
		lit := func(x ast.Expr) ast.Expr {
			if id, ok := x.(*ast.Ident); ok && id.Name == "iota" {
				if obj := f.objectOf(id); obj == nil || obj.Parent() == types.Universe {
					return &ast.BasicLit{ValuePos: id.NamePos, Kind: token.INT, Value: strconv.Itoa(i)}
				}
			}
			return x
		}
		for k, v := range vs.Values {
			vs.Values[k] = lit(v)
			ast.Inspect(vs.Values[k], func(n ast.Node) bool {
				replaceExprs(n, func(_ string, x ast.Expr) ast.Expr { return lit(x) })
				return true
			})
		}
	}
}

// cloneChecked copies x for a second use, its nodes standing for the
// nodes the check saw.
func (f *fixer) cloneChecked(x ast.Expr) ast.Expr {
	c, from := cloneAST(x)
	if f.orig == nil {
		f.orig = map[ast.Node]ast.Node{}
	}
	for cn, src := range from {
		f.orig[cn] = f.checked(src)
	}
	return c
}

// fixMakeDirectionalChan makes make(<-chan T, n) a conversion of a
// bidirectional channel, (<-chan T)(make(chan T, n)): yaegi v0.16.1
// panics with "reflect.MakeChan: unidirectional channel type".
func fixMakeDirectionalChan(f *fixer, n ast.Node) {
	call, ok := n.(*ast.CallExpr)
	if !ok || len(call.Args) == 0 {
		return
	}
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok || id.Name != "make" || !f.isBuiltinCall(call) || f.objectOf(id) == nil {
		return
	}
	ct, ok := ast.Unparen(call.Args[0]).(*ast.ChanType)
	if !ok || ct.Dir == ast.SEND|ast.RECV {
		return
	}
	inner := &ast.CallExpr{Fun: &ast.Ident{NamePos: id.NamePos, Name: "make"}, Lparen: call.Lparen, Rparen: call.Rparen,
		Args: append([]ast.Expr{&ast.ChanType{Begin: ct.Begin, Dir: ast.SEND | ast.RECV, Value: ct.Value}}, call.Args[1:]...)}
	call.Fun = &ast.ParenExpr{Lparen: ct.Pos(), X: call.Args[0], Rparen: ct.End()}
	call.Args = []ast.Expr{inner}
}
