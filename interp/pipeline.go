package interp

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
)

// The preparation pipeline: every piece of Go a cell holds goes through
// the same stages before yaegi sees it, whoever runs it (a cell, %time,
// %timeit, Evaluate; a rebuild compiles what a declaration became):
//
//  1. parse, with a //line directive that puts it at its cell's line and
//     column (positions.go);
//  2. auto-import the preloaded and common packages it names without
//     importing them (generation.go, autoImport);
//  3. check it with go/types against the session (typecheck.go): a piece
//     that does not compile stops here, with Go's message;
//  4. apply the yaegi fixes of fixes.go, with the types the check found:
//     in place for statements, which run once, and to a copy for
//     declarations, whose checked form the type checker keeps for later
//     checks while the copy is what yaegi compiles, now and at every
//     rebuild.
//
// Imports take stages 1 and 2 only (addImport), and the magics parse
// their own lines.

// stmtsPiece is a run of top-level statements ready for yaegi.
type stmtsPiece struct {
	body  *ast.BlockStmt // the statements, fixed
	check *stmtsCheck
}

// prepStmts runs statements found at line, col of a cell through the
// pipeline. last says that a trailing expression is the cell's result.
func (s *Session) prepStmts(cellID int, text string, line, col int, last bool) (*stmtsPiece, *Error) {
	body, f, err := s.parseStmts(s.fset, cellID, text, line, col)
	if err != nil {
		return nil, s.errorFrom(err, cellID)
	}
	if e := s.autoImport(cellID, f); e != nil {
		return nil, e
	}
	chk, e := s.checkStmts(body, last)
	if e != nil {
		return nil, e
	}
	s.applyFixes(body, chk.info, nil)
	return &stmtsPiece{body: body, check: chk}, nil
}

// declsPiece is a chunk of top-level declarations ready for yaegi.
type declsPiece struct {
	src   string    // what file was parsed from
	file  *ast.File // as checked; kept in the store for later checks
	run   *ast.File // a copy with the fixes applied, for yaegi
	orig  map[ast.Node]ast.Node
	check *declsCheck
}

// prepDecls runs declarations found at line, col of a cell through the
// pipeline.
func (s *Session) prepDecls(cellID int, text string, line, col int) (*declsPiece, *Error) {
	src := "package main\n" + lineDirective(cellID, line, col) + text + "\n"
	f, err := parseSrc(s.fset, src)
	if err != nil {
		return nil, s.errorFrom(err, cellID)
	}
	if e := s.autoImport(cellID, f); e != nil {
		return nil, e
	}
	chk, e := s.checkDecls(f)
	if e != nil {
		return nil, e
	}
	run, orig := cloneAST(f)
	s.applyFixes(run, chk.info, orig)
	return &declsPiece{src: src, file: f, run: run, orig: orig, check: chk}, nil
}

// refix makes the yaegi form of each declaration of the store again from
// its checked form, with the types of a check of all of them (checkAll),
// which may have changed with a redefinition.
func (s *Session) refix(c *declsCheck) {
	for _, e := range s.store.decls {
		if e.decl == nil || !checkedBy(c.info, e.decl) {
			// A declaration run again unchanged keeps its entry, while
			// the check saw the cell's copy: its yaegi form stays, as
			// the fixes find nothing of it in c.info.
			continue
		}
		run, orig := cloneAST(e.decl)
		s.applyFixes(run, c.info, orig)
		e.run = run
	}
}

// runFile is a file of the yaegi forms of declarations, to compile. Each
// keeps the positions of its cell.
func runFile(entries []*declEntry) *ast.File {
	f := &ast.File{Name: ast.NewIdent("main")}
	for _, e := range entries {
		if e.run != nil {
			f.Decls = append(f.Decls, e.run)
		}
	}
	if len(f.Decls) > 0 {
		// yaegi files a source's imports under the name of the file of
		// its package clause: the cells share one, srcName.
		f.Package = f.Decls[0].Pos()
	}
	return f
}

func parseSrc(fset *token.FileSet, src string) (*ast.File, error) {
	return parser.ParseFile(fset, srcName, src, parser.AllErrors|parser.ParseComments)
}

// parseDecls parses declarations (or imports) found at line, col of a
// cell, with positions in the cell.
func (s *Session) parseDecls(fset *token.FileSet, cellID int, text string, line, col int) (*ast.File, error) {
	src := "package main\n" + lineDirective(cellID, line, col) + text + "\n"
	return parser.ParseFile(fset, srcName, src, parser.AllErrors)
}

// parseStmts parses statements found at line, col of a cell.
func (s *Session) parseStmts(fset *token.FileSet, cellID int, text string, line, col int) (*ast.BlockStmt, *ast.File, error) {
	src := "package main\nfunc _() {\n" + lineDirective(cellID, line, col) + text + "\n}\n"
	f, err := parser.ParseFile(fset, srcName, src, parser.AllErrors)
	if err != nil {
		return nil, nil, err
	}
	return f.Decls[0].(*ast.FuncDecl).Body, f, nil
}

// checkedBy reports whether info holds the check of d (its declared name).
func checkedBy(info *types.Info, d ast.Decl) bool {
	var id *ast.Ident
	switch d := d.(type) {
	case *ast.FuncDecl:
		id = d.Name
	case *ast.GenDecl:
		if len(d.Specs) == 0 {
			return false
		}
		switch sp := d.Specs[0].(type) {
		case *ast.TypeSpec:
			id = sp.Name
		case *ast.ValueSpec:
			id = sp.Names[0]
		default:
			return true
		}
	}
	if id == nil {
		return true
	}
	_, ok := info.Defs[id]
	return ok
}
