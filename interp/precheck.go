package interp

import (
	"go/types"
	"strings"
)

// A cell that does not compile runs nothing, as Go builds a program whole
// or not at all (E23). The chunks of a cell (split.go) run one by one,
// each checked just before it runs: statements before a declaration that
// failed its check had run already (u = 2, then var x =
// strings.Repeat("a"): a CompileError, and u was 2). So a cell of more
// than one chunk is first checked whole: each chunk in order against the
// session's view, as the earlier chunks would leave it (their
// declarations and variables), and the view is then put back. Imports of
// the cell are made then (a later chunk's check needs them; an import is
// no change a failing cell must undo). Only a cell that passes runs, each
// chunk checked again as it runs (the checks are what the fixes read).

// precheck checks the chunks of a cell whole, before any runs, and
// returns the first error.
func (s *Session) precheck(cellID int, code string, base int, chunks []chunk) *Error {
	n := 0
	for _, c := range chunks {
		if c.kind != chunkImport && strings.TrimSpace(code[c.start:c.end]) != "" {
			n++
		}
	}
	if n < 2 {
		return nil
	}
	v := s.types
	if err := v.ensureCtx(); err != nil {
		return internalError(err) // before the snapshot, which must hold ctx
	}
	before := v.snapshot()
	defer v.restore(before)
	s.checkOnly = true
	defer func() { s.checkOnly = false }()
	for ci, c := range chunks {
		text := code[c.start:c.end]
		if strings.TrimSpace(text) == "" {
			continue
		}
		line, col := lineCol(s.cells[cellID], base+c.start)
		switch c.kind {
		case chunkImport:
			if e := s.runImport(cellID, text, line, col); e != nil {
				return e
			}
		case chunkDecl:
			f, err := parseSrc(s.fset, "package main\n"+lineDirective(cellID, line, col)+text+"\n")
			if err != nil {
				return s.errorFrom(err, cellID)
			}
			if e := s.autoImport(cellID, f); e != nil {
				return e
			}
			chk, e := s.checkDecls(f)
			if e != nil {
				return e
			}
			v.commitDecls(chk)
		default:
			body, f, err := s.parseStmts(s.fset, cellID, text, line, col)
			if err != nil {
				return s.errorFrom(err, cellID)
			}
			if e := s.autoImport(cellID, f); e != nil {
				return e
			}
			chk, e := s.checkStmts(body, ci == len(chunks)-1)
			if e != nil {
				return e
			}
			// The variables its := and var declare, typed as
			// commitVars will type them. One that takes the name of a
			// declaration of the session (a const, func or type) makes
			// the run replace that declaration first, which this check
			// does not model: such a cell is left to the checks of its
			// chunks as they run.
			for id := range chk.vars {
				if id.Name != "_" && s.store.declared(id.Name) {
					return nil
				}
			}
			for id, vr := range chk.vars {
				if id.Name == "_" {
					continue
				}
				t := vr.Type()
				if old, ok := v.Object(id.Name).(*types.Var); ok && types.IsInterface(old.Type()) && !types.Identical(old.Type(), t) && types.AssignableTo(t, old.Type()) {
					t = old.Type()
				}
				v.setVar(id.Name, t, id.Pos())
			}
		}
	}
	return nil
}
