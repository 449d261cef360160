package interp

import (
	"fmt"
	"go/ast"
	"go/token"
)

// fixSelectBranch (fix select-branch): yaegi v0.16.1 wires the last
// statement of a select case to the end of the select, over the jump a
// branch statement made: `break L` and `continue` written as the last
// statement of a case fell out of the select instead (loop: for {
// select { case <-done: break loop } } never ended, a continue ran the
// rest of the loop's body); a plain break nested in a case (if x {
// break }) jumped to the end of the enclosing loop, not of the select,
// as yaegi binds a plain break to the nearest loop or switch; and a goto
// in a case back to a label before the select sent yaegi into an
// endless recursion when it wired the function (a stack overflow that
// ended the process). The rewrite gives the select a label when a plain
// break of its own is nested or not last, or when a case holds a goto;
// those breaks break that label; a goto sets a variable and breaks the
// label, and the goto runs after the select; and every branch statement
// written directly in a case (but a plain break) goes in a block of its
// own, whose end yaegi wires while the branch's jump survives.
func fixSelectBranch(f *fixer, st ast.Stmt) []ast.Stmt {
	lab, _ := st.(*ast.LabeledStmt)
	sel, ok := st.(*ast.SelectStmt)
	if lab != nil {
		sel, ok = lab.Stmt.(*ast.SelectStmt)
	}
	if !ok || sel.Body == nil {
		return nil
	}
	var plain []*ast.BranchStmt // plain breaks of the select yaegi gets wrong
	for _, c := range sel.Body.List {
		body := c.(*ast.CommClause).Body
		for i, s := range body {
			if b, ok := s.(*ast.BranchStmt); ok && b.Tok == token.BREAK && b.Label == nil {
				if i < len(body)-1 {
					plain = append(plain, b)
				}
				continue
			}
			plain = append(plain, selectBreaks(s)...)
		}
	}
	inner := map[string]bool{} // labels inside the select: gotos to them stay
	ast.Inspect(sel.Body, func(n ast.Node) bool {
		if l, ok := n.(*ast.LabeledStmt); ok {
			inner[l.Label.Name] = true
		}
		_, lit := n.(*ast.FuncLit)
		return !lit
	})
	gotos := map[string]int{} // the labels the gotos of the cases go to, numbered from 1
	var order []string
	for _, c := range sel.Body.List {
		ast.Inspect(c, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.BranchStmt:
				if n.Tok == token.GOTO && !inner[n.Label.Name] && gotos[n.Label.Name] == 0 {
					order = append(order, n.Label.Name)
					gotos[n.Label.Name] = len(order)
				}
			}
			return true
		})
	}
	if len(plain) == 0 && len(gotos) == 0 {
		if !selectBlocks(sel) {
			return nil
		}
		return []ast.Stmt{st}
	}
	if lab == nil {
		lab = &ast.LabeledStmt{Label: &ast.Ident{NamePos: sel.Select, Name: fmt.Sprintf("_methodicSel%d", sel.Select)},
			Colon: sel.Select, Stmt: sel}
	}
	for _, b := range plain {
		b.Label = &ast.Ident{NamePos: b.End(), Name: lab.Label.Name}
	}
	if len(gotos) == 0 {
		selectBlocks(sel)
		return []ast.Stmt{lab}
	}
	// A goto leaves the select by its label, having said where to: the
	// goto itself runs after the select (a goto back to a label before
	// the select, made in a case, sent yaegi into an endless recursion
	// when it wired the function: a stack overflow).
	p := sel.Select
	flag := fmt.Sprintf("_methodicGoto%d", p)
	id := func() *ast.Ident { return &ast.Ident{NamePos: p, Name: flag} }
	num := func(k int) *ast.BasicLit { return &ast.BasicLit{ValuePos: p, Kind: token.INT, Value: fmt.Sprint(k)} }
	replace := func(list []ast.Stmt) []ast.Stmt {
		var out []ast.Stmt
		for _, s := range list {
			b, ok := s.(*ast.BranchStmt)
			if !ok || b.Tok != token.GOTO || inner[b.Label.Name] {
				out = append(out, s)
				continue
			}
			out = append(out,
				&ast.AssignStmt{Lhs: []ast.Expr{id()}, TokPos: b.Pos(), Tok: token.ASSIGN, Rhs: []ast.Expr{num(gotos[b.Label.Name])}},
				&ast.BranchStmt{TokPos: b.Pos(), Tok: token.BREAK, Label: &ast.Ident{NamePos: b.Label.Pos(), Name: lab.Label.Name}})
		}
		return out
	}
	for _, c := range sel.Body.List {
		ast.Inspect(c, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.BlockStmt:
				n.List = replace(n.List)
			case *ast.CaseClause:
				n.Body = replace(n.Body)
			case *ast.CommClause:
				n.Body = replace(n.Body)
			case *ast.LabeledStmt:
				if b, ok := n.Stmt.(*ast.BranchStmt); ok && b.Tok == token.GOTO && !inner[b.Label.Name] {
					n.Stmt = &ast.BlockStmt{Lbrace: b.Pos(), List: replace([]ast.Stmt{b}), Rbrace: b.End()}
				}
			}
			return true
		})
	}
	selectBlocks(sel)
	out := []ast.Stmt{&ast.AssignStmt{Lhs: []ast.Expr{id()}, TokPos: p, Tok: token.DEFINE, Rhs: []ast.Expr{num(0)}}}
	out = append(out, lab)
	for _, name := range order {
		out = append(out, &ast.IfStmt{If: p,
			Cond: &ast.BinaryExpr{X: id(), OpPos: p, Op: token.EQL, Y: num(gotos[name])},
			Body: &ast.BlockStmt{Lbrace: p, List: []ast.Stmt{&ast.BranchStmt{TokPos: p, Tok: token.GOTO, Label: &ast.Ident{NamePos: p, Name: name}}}, Rbrace: p}})
	}
	return out
}

// selectBlocks puts each branch statement written directly in a case of
// sel, but a plain break, in a block of its own; it reports whether it
// found one.
func selectBlocks(sel *ast.SelectStmt) bool {
	changed := false
	for _, c := range sel.Body.List {
		body := c.(*ast.CommClause).Body
		for i, s := range body {
			b, ok := s.(*ast.BranchStmt)
			if !ok || b.Tok == token.BREAK && b.Label == nil {
				continue
			}
			body[i] = &ast.BlockStmt{Lbrace: b.Pos(), List: []ast.Stmt{b}, Rbrace: b.End()}
			changed = true
		}
	}
	return changed
}

// selectBreaks returns the plain breaks in s that break the select s is
// in: those not inside a loop, a switch, another select or a function
// literal of s.
func selectBreaks(s ast.Stmt) []*ast.BranchStmt {
	var out []*ast.BranchStmt
	ast.Inspect(s, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt, *ast.FuncLit:
			return false
		case *ast.BranchStmt:
			if n.Tok == token.BREAK && n.Label == nil {
				out = append(out, n)
			}
		}
		return true
	})
	return out
}

// fixCaseLabel (fix case-label): yaegi v0.16.1 declares the labels of a
// block when it enters the block, and a case of a switch or a select is
// no block to it: a labelled statement written directly in a case
// (case x: L: for { ... break L }) failed with "undefined: L". The body
// of such a case goes in a block. A goto from outside the case to the
// label is no Go (it would jump into a block), and one inside the case
// finds the label in the block.
func fixCaseLabel(f *fixer, n ast.Node) {
	var body *[]ast.Stmt
	switch n := n.(type) {
	case *ast.CaseClause:
		body = &n.Body
	case *ast.CommClause:
		body = &n.Body
	default:
		return
	}
	for _, s := range *body {
		if _, ok := s.(*ast.LabeledStmt); ok {
			list := *body
			var tail []ast.Stmt
			if b, ok := list[len(list)-1].(*ast.BranchStmt); ok && b.Tok == token.FALLTHROUGH {
				list, tail = list[:len(list)-1], list[len(list)-1:]
			}
			*body = append([]ast.Stmt{&ast.BlockStmt{Lbrace: list[0].Pos(), List: list, Rbrace: list[len(list)-1].End()}}, tail...)
			return
		}
	}
}
