package interp

import (
	"fmt"
	"go/ast"
	"go/token"
)

// Rewrites applied to the syntax of every cell before yaegi sees it:
//
//   - go f(x) becomes { t := x; go func() { defer _methodicRecover(); f(t) }() }
//     so that a panic in the goroutine is reported on stderr and the
//     kernel lives (YAEGI.md item 7). Arguments are still evaluated by the
//     go statement, as Go does.
//   - for i := range n, with n an integer, becomes
//     for i := range make([]struct{}, _methodicNonNeg(n)), since yaegi
//     v0.16.1 cannot range over an integer (item 5). The kernel must know
//     n is an integer without a type checker: a literal, len or cap, a
//     conversion to an integer type, a parameter, variable or constant
//     declared with an integer type or value in the cell, a global
//     integer of the session, or arithmetic on those. i is then an int.
func rewrite(n ast.Node, globalInts map[string]bool) {
	r := &rewriter{globalInts: globalInts}
	r.walk(n)
}

type rewriter struct {
	globalInts map[string]bool
	tmp        int
}

func (r *rewriter) walk(n ast.Node) {
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BlockStmt:
			n.List = r.stmts(n.List)
		case *ast.CaseClause:
			n.Body = r.stmts(n.Body)
		case *ast.CommClause:
			n.Body = r.stmts(n.Body)
		case *ast.RangeStmt:
			if n.X != nil && r.isInt(n.X, 0) {
				p := n.X.Pos()
				n.X = &ast.CallExpr{Fun: &ast.Ident{NamePos: p, Name: "make"}, Lparen: p, Rparen: n.X.End(), Args: []ast.Expr{
					&ast.ArrayType{Lbrack: p, Elt: &ast.StructType{Struct: p, Fields: &ast.FieldList{}}},
					&ast.CallExpr{Fun: &ast.Ident{NamePos: p, Name: "_methodicNonNeg"}, Lparen: p, Rparen: n.X.End(), Args: []ast.Expr{n.X}},
				}}
			}
		}
		return true
	})
}

// stmts rewrites the go statements of a statement list.
func (r *rewriter) stmts(list []ast.Stmt) []ast.Stmt {
	for i, st := range list {
		if g, ok := st.(*ast.GoStmt); ok {
			list[i] = r.goStmt(g)
		}
	}
	return list
}

func (r *rewriter) goStmt(g *ast.GoStmt) ast.Stmt {
	call := g.Call
	if id, ok := call.Fun.(*ast.Ident); ok && isBuiltin(id.Name) {
		return g
	}
	if lit, ok := call.Fun.(*ast.FuncLit); ok && len(lit.Body.List) > 0 {
		if d, ok := lit.Body.List[0].(*ast.DeferStmt); ok {
			if id, ok := d.Call.Fun.(*ast.Ident); ok && id.Name == "_methodicRecover" {
				return g // rewritten already
			}
		}
	}
	p := g.Pos()
	var assign *ast.AssignStmt
	args := make([]ast.Expr, len(call.Args))
	if len(call.Args) > 0 {
		assign = &ast.AssignStmt{TokPos: p, Tok: token.DEFINE}
		for i, a := range call.Args {
			r.tmp++
			name := fmt.Sprintf("_methodicA%d", r.tmp)
			assign.Lhs = append(assign.Lhs, &ast.Ident{NamePos: a.Pos(), Name: name})
			assign.Rhs = append(assign.Rhs, a)
			args[i] = &ast.Ident{NamePos: a.Pos(), Name: name}
		}
	}
	inner := &ast.CallExpr{Fun: call.Fun, Lparen: call.Lparen, Args: args, Ellipsis: call.Ellipsis, Rparen: call.Rparen}
	body := &ast.BlockStmt{Lbrace: p, Rbrace: g.End(), List: []ast.Stmt{
		&ast.DeferStmt{Defer: p, Call: &ast.CallExpr{Fun: &ast.Ident{NamePos: p, Name: "_methodicRecover"}, Lparen: p, Rparen: p}},
		&ast.ExprStmt{X: inner},
	}}
	ng := &ast.GoStmt{Go: p, Call: &ast.CallExpr{
		Fun:    &ast.FuncLit{Type: &ast.FuncType{Func: p, Params: &ast.FieldList{}}, Body: body},
		Lparen: g.End(), Rparen: g.End(),
	}}
	if assign == nil {
		return ng
	}
	return &ast.BlockStmt{Lbrace: p, Rbrace: g.End(), List: []ast.Stmt{assign, ng}}
}

var intTypeNames = map[string]bool{
	"int": true, "int8": true, "int16": true, "int32": true, "int64": true,
	"uint": true, "uint8": true, "uint16": true, "uint32": true, "uint64": true,
	"uintptr": true, "byte": true, "rune": true,
}

func isBuiltin(name string) bool {
	switch name {
	case "append", "cap", "close", "complex", "copy", "delete", "imag", "len", "make",
		"new", "panic", "print", "println", "real", "recover":
		return true
	}
	return false
}

// isInt tells, without type checking, whether x is surely an integer.
func (r *rewriter) isInt(x ast.Expr, depth int) bool {
	if depth > 8 {
		return false
	}
	switch x := x.(type) {
	case *ast.BasicLit:
		return x.Kind == token.INT
	case *ast.ParenExpr:
		return r.isInt(x.X, depth+1)
	case *ast.UnaryExpr:
		return (x.Op == token.SUB || x.Op == token.ADD || x.Op == token.XOR) && r.isInt(x.X, depth+1)
	case *ast.BinaryExpr:
		switch x.Op {
		case token.ADD, token.SUB, token.MUL, token.QUO, token.REM, token.AND, token.OR,
			token.XOR, token.AND_NOT:
			return r.isInt(x.X, depth+1) || r.isInt(x.Y, depth+1)
		case token.SHL, token.SHR:
			return r.isInt(x.X, depth+1)
		}
	case *ast.CallExpr:
		if id, ok := x.Fun.(*ast.Ident); ok && id.Obj == nil {
			return id.Name == "len" || id.Name == "cap" || intTypeNames[id.Name]
		}
	case *ast.Ident:
		if x.Obj == nil {
			return r.globalInts[x.Name]
		}
		return r.declIsInt(x, depth)
	}
	return false
}

// declIsInt looks at the declaration of a name resolved in the cell.
func (r *rewriter) declIsInt(id *ast.Ident, depth int) bool {
	isIntType := func(t ast.Expr) bool {
		n, ok := t.(*ast.Ident)
		return ok && intTypeNames[n.Name]
	}
	switch d := id.Obj.Decl.(type) {
	case *ast.Field:
		return isIntType(d.Type)
	case *ast.ValueSpec:
		if d.Type != nil {
			return isIntType(d.Type)
		}
		for i, n := range d.Names {
			if n.Name == id.Name && i < len(d.Values) {
				return r.isInt(d.Values[i], depth+1)
			}
		}
	case *ast.AssignStmt:
		if len(d.Lhs) != len(d.Rhs) {
			return false
		}
		for i, l := range d.Lhs {
			if n, ok := l.(*ast.Ident); ok && n.Name == id.Name {
				return r.isInt(d.Rhs[i], depth+1)
			}
		}
	}
	return false
}
