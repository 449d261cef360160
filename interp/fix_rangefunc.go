package interp

import (
	"go/ast"
	"go/token"
	"go/types"
)

// fixRangeFunc rewrites a range over a function (Go 1.23: a func(yield
// func(K, V) bool), iter.Seq, iter.Seq2, strings.SplitSeq, ...), which
// yaegi v0.16.1 cannot compile, into the call Go's own compiler makes of
// it: the body becomes the yield function.
//
//	for k, v := range seq { body }
//
// becomes
//
//	seq(func(k K, v V) bool { body; return true })
//
// with, inside body (not inside its own function literals), a continue
// of this loop as return true, a break of it as return false, and a
// return of the enclosing function as: results kept in temporaries, a
// flag set, return false, then after the call, if the flag is set, the
// enclosing function returns them. The types come from the checker. A
// body that the rewrite cannot keep Go's meaning for (a goto, a defer, a
// break or continue of an enclosing loop, a return whose function is
// unknown) is replaced by a name that says so, which yaegi reports as an
// Unsupported error naming the construct.
func fixRangeFunc(f *fixer, st ast.Stmt) []ast.Stmt {
	var label *ast.Ident
	rs, ok := st.(*ast.RangeStmt)
	if ls, isLabel := st.(*ast.LabeledStmt); isLabel {
		rs, ok = ls.Stmt.(*ast.RangeStmt)
		label = ls.Label
	}
	if !ok || rs.Body == nil {
		return nil
	}
	t := f.typeOf(rs.X)
	if t == nil {
		return nil
	}
	sig, ok := t.Underlying().(*types.Signature)
	if !ok || sig.Params().Len() != 1 {
		return nil
	}
	yield, ok := sig.Params().At(0).Type().Underlying().(*types.Signature)
	if !ok {
		return nil
	}
	p := rs.For
	unsupported := func(what string) []ast.Stmt {
		return []ast.Stmt{&ast.ExprStmt{X: &ast.Ident{NamePos: p, Name: "range_over_function_" + what + "_is_not_supported_by_the_kernel"}}}
	}
	// The yield function's parameters: the loop's variables (or
	// temporaries assigned to them, for =).
	params := &ast.FieldList{}
	var pre []ast.Stmt
	vars := []ast.Expr{rs.Key, rs.Value}
	for i := 0; i < yield.Params().Len(); i++ {
		typ, ok := f.s.typeSource(yield.Params().At(i).Type(), p)
		if !ok {
			return nil
		}
		name := "_"
		var v ast.Expr
		if i < len(vars) {
			v = vars[i]
		}
		if id, isID := v.(*ast.Ident); isID && rs.Tok == token.DEFINE {
			name = id.Name
		} else if v != nil && !isBlank(v) {
			name = f.temp("_methodicY")
			pre = append(pre, &ast.AssignStmt{Lhs: []ast.Expr{v}, TokPos: p, Tok: token.ASSIGN, Rhs: []ast.Expr{&ast.Ident{NamePos: p, Name: name}}})
		}
		params.List = append(params.List, &ast.Field{Names: []*ast.Ident{{NamePos: p, Name: name}}, Type: typ})
	}
	w := &yieldBody{f: f, label: label, pos: p}
	w.block(rs.Body.List, 0, 0)
	if w.bad != "" {
		return unsupported(w.bad)
	}
	var out, after []ast.Stmt
	if w.returns {
		res, found := f.enclosingResults(rs)
		if !found {
			return unsupported("with_a_return")
		}
		w.flag = f.temp("_methodicRet")
		out = append(out, varStmt(p, w.flag, ast.NewIdent("bool")))
		var results []ast.Expr
		named := res.Len() > 0 && res.At(0).Name() != ""
		for i := 0; i < res.Len(); i++ {
			if named {
				// Named results: a return sets them, the function
				// returns them with a bare return.
				if res.At(i).Name() == "_" {
					return unsupported("with_a_return_and_a_blank_result")
				}
				w.results = append(w.results, res.At(i).Name())
				continue
			}
			typ, ok := f.s.typeSource(res.At(i).Type(), p)
			if !ok {
				return nil
			}
			name := f.temp("_methodicR")
			w.results = append(w.results, name)
			out = append(out, varStmt(p, name, typ))
			results = append(results, &ast.Ident{NamePos: p, Name: name})
		}
		after = append(after, &ast.IfStmt{If: p, Cond: &ast.Ident{NamePos: p, Name: w.flag},
			Body: &ast.BlockStmt{Lbrace: p, List: []ast.Stmt{&ast.ReturnStmt{Return: p, Results: results}}, Rbrace: p}})
	}
	w.rewrite(rs.Body)
	body := append(pre, rs.Body.List...)
	body = append(body, &ast.ReturnStmt{Return: rs.Body.Rbrace, Results: []ast.Expr{ast.NewIdent("true")}})
	lit := &ast.FuncLit{
		Type: &ast.FuncType{Func: p, Params: params, Results: &ast.FieldList{List: []*ast.Field{{Type: ast.NewIdent("bool")}}}},
		Body: &ast.BlockStmt{Lbrace: rs.Body.Lbrace, List: body, Rbrace: rs.Body.Rbrace},
	}
	out = append(out, &ast.ExprStmt{X: &ast.CallExpr{Fun: rs.X, Lparen: p, Args: []ast.Expr{lit}, Rparen: rs.Body.Rbrace}})
	out = append(out, after...)
	// A block of its own keeps the temporaries out of the enclosing scope.
	return []ast.Stmt{&ast.BlockStmt{Lbrace: p, List: out, Rbrace: rs.Body.Rbrace}}
}

func isBlank(x ast.Expr) bool {
	id, ok := x.(*ast.Ident)
	return ok && id.Name == "_"
}

func varStmt(p token.Pos, name string, typ ast.Expr) ast.Stmt {
	return &ast.DeclStmt{Decl: &ast.GenDecl{TokPos: p, Tok: token.VAR, Specs: []ast.Spec{
		&ast.ValueSpec{Names: []*ast.Ident{{NamePos: p, Name: name}}, Type: typ}}}}
}

// yieldBody finds and rewrites the statements of a range-over-function
// body that leave an iteration: break, continue, return.
type yieldBody struct {
	f       *fixer
	label   *ast.Ident // the loop's label, or nil
	pos     token.Pos
	bad     string // what cannot be rewritten, or ""
	returns bool   // the body returns from the enclosing function
	labels  map[string]bool
	nested  int      // depth inside ranges over functions in the body
	flag    string   // the flag a return sets
	results []string // the temporaries of a return's results
	repl    map[*ast.BranchStmt]ast.Stmt
	rets    []*ast.ReturnStmt
}

// block walks statements at a depth of nested breakable statements
// (brk) and loops (loop) inside the body.
func (w *yieldBody) block(list []ast.Stmt, brk, loop int) {
	for _, st := range list {
		w.stmt(st, brk, loop)
	}
}

func (w *yieldBody) stmt(st ast.Stmt, brk, loop int) {
	if w.bad != "" || st == nil {
		return
	}
	switch s := st.(type) {
	case *ast.LabeledStmt:
		if w.labels == nil {
			w.labels = map[string]bool{}
		}
		w.labels[s.Label.Name] = true
		w.stmt(s.Stmt, brk, loop)
	case *ast.BranchStmt:
		switch s.Tok {
		case token.GOTO, token.FALLTHROUGH:
			if s.Tok == token.GOTO {
				w.bad = "with_goto"
			}
		case token.BREAK, token.CONTINUE:
			ours := false
			if s.Label == nil {
				ours = s.Tok == token.BREAK && brk == 0 || s.Tok == token.CONTINUE && loop == 0
			} else if w.label != nil && s.Label.Name == w.label.Name {
				ours = true
			} else if !w.labels[s.Label.Name] {
				w.bad = "with_a_break_or_continue_of_an_outer_loop"
			}
			if ours && w.nested > 0 && s.Label != nil {
				w.bad = "with_a_labelled_branch_inside_another_range_over_a_function"
			}
			if ours {
				if w.repl == nil {
					w.repl = map[*ast.BranchStmt]ast.Stmt{}
				}
				w.repl[s] = &ast.ReturnStmt{Return: s.Pos(), Results: []ast.Expr{ast.NewIdent(boolText(s.Tok == token.CONTINUE))}}
			}
		}
	case *ast.ReturnStmt:
		if w.nested > 0 {
			w.bad = "with_a_return_inside_another_range_over_a_function"
			return
		}
		w.returns = true
		w.rets = append(w.rets, s)
	case *ast.DeferStmt:
		w.bad = "with_defer"
	case *ast.BlockStmt:
		w.block(s.List, brk, loop)
	case *ast.IfStmt:
		w.stmt(s.Body, brk, loop)
		w.stmt(s.Else, brk, loop)
	case *ast.ForStmt:
		w.stmt(s.Body, brk+1, loop+1)
	case *ast.RangeStmt:
		if t := w.f.typeOf(s.X); t != nil {
			if _, ok := t.Underlying().(*types.Signature); ok {
				// Rewritten after this loop: its own returns and the
				// branches to this loop would be taken twice.
				w.nested++
				defer func() { w.nested-- }()
			}
		}
		w.stmt(s.Body, brk+1, loop+1)
	case *ast.SwitchStmt:
		w.stmt(s.Body, brk+1, loop)
	case *ast.TypeSwitchStmt:
		w.stmt(s.Body, brk+1, loop)
	case *ast.SelectStmt:
		w.stmt(s.Body, brk+1, loop)
	case *ast.CaseClause:
		w.block(s.Body, brk, loop)
	case *ast.CommClause:
		w.block(s.Body, brk, loop)
	}
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// rewrite replaces, in the body, the statements block found.
func (w *yieldBody) rewrite(body *ast.BlockStmt) {
	isRet := map[*ast.ReturnStmt]bool{}
	for _, r := range w.rets {
		isRet[r] = true
	}
	var list func([]ast.Stmt) []ast.Stmt
	one := func(st ast.Stmt) []ast.Stmt {
		switch s := st.(type) {
		case *ast.BranchStmt:
			if r, ok := w.repl[s]; ok {
				return []ast.Stmt{r}
			}
		case *ast.ReturnStmt:
			if !isRet[s] {
				break
			}
			p := s.Pos()
			var out []ast.Stmt
			if len(s.Results) > 0 {
				set := &ast.AssignStmt{TokPos: p, Tok: token.ASSIGN, Rhs: s.Results}
				for _, n := range w.results {
					set.Lhs = append(set.Lhs, &ast.Ident{NamePos: p, Name: n})
				}
				out = append(out, set)
			}
			out = append(out,
				&ast.AssignStmt{Lhs: []ast.Expr{&ast.Ident{NamePos: p, Name: w.flag}}, TokPos: p, Tok: token.ASSIGN, Rhs: []ast.Expr{ast.NewIdent("true")}},
				&ast.ReturnStmt{Return: p, Results: []ast.Expr{ast.NewIdent("false")}})
			return out
		}
		return nil
	}
	list = func(in []ast.Stmt) []ast.Stmt {
		var out []ast.Stmt
		for _, st := range in {
			if r := one(st); r != nil {
				out = append(out, r...)
			} else {
				out = append(out, st)
			}
		}
		return out
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.BlockStmt:
			n.List = list(n.List)
		case *ast.CaseClause:
			n.Body = list(n.Body)
		case *ast.CommClause:
			n.Body = list(n.Body)
		case *ast.LabeledStmt:
			if r := one(n.Stmt); len(r) == 1 {
				n.Stmt = r[0]
			}
		}
		return true
	})
}

// enclosingResults returns the results of the function whose body holds
// st, as the checker saw it, and whether it found the function.
func (f *fixer) enclosingResults(st ast.Stmt) (*types.Tuple, bool) {
	if f.info == nil {
		return nil, false
	}
	c := f.checked(st)
	pos := c.Pos()
	var best *types.Signature
	var bestSize token.Pos
	consider := func(from, to token.Pos, sig *types.Signature) {
		if sig == nil || pos < from || pos >= to {
			return
		}
		if best == nil || to-from < bestSize {
			best, bestSize = sig, to-from
		}
	}
	for x, tv := range f.info.Types {
		if lit, ok := x.(*ast.FuncLit); ok {
			sig, _ := tv.Type.(*types.Signature)
			consider(lit.Pos(), lit.End(), sig)
		}
	}
	for _, obj := range f.info.Defs {
		if fn, ok := obj.(*types.Func); ok && fn.Scope() != nil {
			sig, _ := fn.Type().(*types.Signature)
			consider(fn.Scope().Pos(), fn.Scope().End(), sig)
		}
	}
	if best == nil {
		return nil, false
	}
	return best.Results(), true // nil for no results
}
