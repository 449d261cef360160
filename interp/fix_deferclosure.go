package interp

import (
	"go/ast"

	"golang.org/x/tools/go/ast/astutil"
)

// The fix defer-local-closure (see the table in fixes.go).
//
// yaegi v0.16.1 runs a function's deferred calls holding the lock of the
// function's frame (runCfg's deferred func: f.mutex.Lock(), then the
// calls), and a closure, when a call of it ends, takes the lock of the
// frame that made it to write back its slot there (getFunc, the write-back
// that fix closure-write-back is about). A closure made by the function
// itself and called by one of its deferred calls so waits, when the
// function returns, for a lock its own frame holds, for good
// (traefik/yaegi#1697):
//
//	func cleanup() (out string) {
//		done := func() { out += " cleaned" }
//		defer done() // or defer func() { done() }(), or defer fs[0]()
//		...
//
// The fix makes every function literal of a function with a defer
// statement, other than those called on the spot (defer func() {...}()
// among them: yaegi calls those through a wrapper of its own), in a call
// of its own, func() T { f := lit; return f }() (fix closure-write-back's
// form): the closure then writes back into that call's frame, whose lock
// nobody holds; so are method expressions used as values (add :=
// (*Acc).Add), made function literals here. The watch of deadlock.go
// (errDeferClosure) stays for what this misses: a generic function used
// as a value (add := Add[int]), made a literal by a later fix.
func fixDeferLocalClosure(f *fixer, n ast.Node) {
	var body *ast.BlockStmt
	switch n := n.(type) {
	case *ast.FuncDecl:
		body = n.Body
	case *ast.FuncLit:
		body = n.Body
	}
	if body == nil || !hasOwnDefer(body) {
		return
	}
	astutil.Apply(body, func(c *astutil.Cursor) bool {
		if sel, ok := c.Node().(*ast.SelectorExpr); ok {
			// A method expression used as a value is made a function
			// literal by fix method-expression, after this fix: made
			// here, it is made apart too.
			if call, ok := c.Parent().(*ast.CallExpr); ok && c.Name() == "Fun" && call.Fun == sel {
				return true
			}
			if lit, ok := f.methodExprLit(sel).(*ast.FuncLit); ok {
				c.Replace(f.madeApart(lit))
				return false
			}
			return true
		}
		lit, ok := c.Node().(*ast.FuncLit)
		if !ok {
			return true
		}
		// Its body runs in frames of its own: the fixer takes it when it
		// gets there.
		if call, ok := c.Parent().(*ast.CallExpr); !ok || c.Name() != "Fun" || call.Fun != lit {
			c.Replace(f.madeApart(lit))
		}
		return false
	}, nil)
}

// hasOwnDefer reports whether body holds a defer statement of its own
// function (not of a function literal inside it).
func hasOwnDefer(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.DeferStmt:
			found = true
		case *ast.FuncLit:
			return false
		}
		return !found
	})
	return found
}
