package interp

import (
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/ast/astutil"
)

// The fix closure-write-back (see the table in fixes.go).
//
// yaegi v0.16.1 keeps the closure it makes for a function literal in a
// slot of the frame that runs the literal, and each call of that closure,
// when it ends, writes back into the slot what the slot held when the
// closure was made (getFunc in yaegi's run.go). Where the literal runs
// again in the same frame, in a loop, a call of an older closure of the
// literal that ends between the making of a new one and its use puts the
// older one (or nothing) back in its place, and the new one is lost:
//
//	for i := range 50 { go func() { total.Add(int64(i)) }() }
//
// now and then starts an earlier iteration's closure a second time, when
// a goroutine ends at the wrong moment (total 1195 for 1225: a silent
// wrong answer that depends on the machine's load), and a literal used
// after a call of an older closure of it, both(func() int { return i },
// prev()), gets the old one every time.
//
// The fix makes such a literal inside a function of its own, called on
// the spot: func() T { f := lit; return f }(). The closure is then made
// in that call's own frame, which nothing reads again, so its write-backs
// go nowhere. Which literals: those inside a loop of the function (or
// cell) they belong to, but for a literal called on the spot (its call
// ends before the next is made; the form above is one) and those of a
// deferred call (they run after the loop; deferred closures are touchy
// in yaegi, traefik/yaegi#1697). The goroutine of every go statement is
// made so by fix goroutine-panic (fixGoStmt), loop or not.
func fixClosureWriteBack(f *fixer, n ast.Node) {
	switch n.(type) {
	case *ast.ForStmt, *ast.RangeStmt:
	default:
		return
	}
	astutil.Apply(n, func(c *astutil.Cursor) bool {
		switch x := c.Node().(type) {
		case *ast.DeferStmt:
			return false
		case *ast.FuncLit:
			// Its body runs in frames of its own: loops there are
			// taken when the fixer gets to them.
			if call, ok := c.Parent().(*ast.CallExpr); !ok || c.Name() != "Fun" || call.Fun != x {
				c.Replace(f.madeApart(x))
			}
			return false
		}
		return true
	}, nil)
}

// madeApart returns func() T { f := lit; return f }(), T the type of the
// function literal lit: the closure of lit made in a call of its own.
func (f *fixer) madeApart(lit *ast.FuncLit) *ast.CallExpr {
	p := lit.Pos()
	typ, _ := cloneAST(lit.Type)
	name := &ast.Ident{NamePos: p, Name: f.temp("_methodicF")}
	return &ast.CallExpr{
		Fun: &ast.FuncLit{
			Type: &ast.FuncType{Func: p, Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{Type: typ}}}},
			Body: &ast.BlockStmt{Lbrace: p, Rbrace: lit.End(), List: []ast.Stmt{
				&ast.AssignStmt{Lhs: []ast.Expr{name}, TokPos: p, Tok: token.DEFINE, Rhs: []ast.Expr{lit}},
				&ast.ReturnStmt{Return: p, Results: []ast.Expr{&ast.Ident{NamePos: p, Name: name.Name}}},
			}},
		},
		Lparen: lit.End(), Rparen: lit.End(),
	}
}
