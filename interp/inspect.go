package interp

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"strings"
	"unicode/utf8"

	"github.com/methodic-go/methodic/display"
)

// inspect is Inspect without the recovery of boundary.go.
func (s *Session) inspect(code string, cursor, detail int) (display.Bundle, bool) {
	off := byteOffset(code, cursor)
	start, end := off, off
	for start > 0 {
		r, n := utf8.DecodeLastRuneInString(code[:start])
		if !isIdentRune(r) && r != '.' {
			break
		}
		start -= n
	}
	for end < len(code) {
		r, n := utf8.DecodeRuneInString(code[end:])
		if !isIdentRune(r) {
			break
		}
		end += n
	}
	// Back over a call's opening parenthesis: shift-tab inside f( shows f.
	if start == end && start > 0 && code[start-1] == '(' {
		return s.inspect(code, runeCount(code[:start-1]), detail)
	}
	expr := strings.Trim(code[start:end], ".")
	if expr == "" {
		return display.Bundle{}, false
	}
	text, ok := s.describe(code[:start], expr, detail)
	if !ok {
		return display.Bundle{}, false
	}
	return display.Bundle{}.Set(display.MIMEText, text), true
}

// describe returns the text that documents expr.
func (s *Session) describe(before, expr string, detail int) (string, bool) {
	snap := s.snap.Load()
	parts := strings.Split(expr, ".")
	head := parts[0]
	if p, ok := s.packagePath(snap, head); ok {
		if len(parts) == 1 {
			d := docsFor(p)
			txt := fmt.Sprintf("package %s // import %q", packageName(p), p)
			if d != nil && d.Doc != "" {
				txt += "\n\n" + trimDoc(d.Doc, detail)
			}
			return txt, true
		}
		return describeMember(p, parts[1], parts[2:], detail)
	}
	if snap != nil {
		if len(parts) == 1 {
			if v, ok := s.vars.get(head); ok {
				// The type only: inspection never looks at a value
				// (vars.go).
				return fmt.Sprintf("%s %s %s", v.kind, head, v.typeStr), true
			}
			if e, ok := snap.byName(head); ok {
				txt := e.src
				if e.kind == "type" {
					for _, m := range snap.methods[head] {
						txt += "\n\n" + m.src
					}
				}
				return txt, true
			}
		}
	}
	if sig, ok := builtinFuncs[head]; ok && len(parts) == 1 {
		return sig + "\n\n(builtin)", true
	}
	if head == "ctx" && len(parts) == 1 {
		return "var ctx context.Context\n\nThe context of the running cell: an interrupt cancels it. Pass it to long-running library calls (model.Fit(ctx, ...)).", true
	}
	t := s.typeOfName(snap, before, head)
	for i, f := range parts[1:] {
		if t == nil {
			return "", false
		}
		if i == len(parts)-2 {
			for _, m := range t.members(snap) {
				if m.Text == f {
					return m.Signature, true
				}
			}
			return "", false
		}
		t = t.member(f)
	}
	if t != nil && len(parts) == 1 {
		if t.rt != nil {
			return fmt.Sprintf("%s %s", head, t.rt), true
		}
		return fmt.Sprintf("%s %s", head, typeLabel(t.yt)), true
	}
	return "", false
}

// describeMember documents pkg.name (and .rest: a method of a type).
func describeMember(importPath, name string, rest []string, detail int) (string, bool) {
	d := docsFor(importPath)
	pkg := packageName(importPath)
	if len(rest) > 0 && d != nil {
		if m, ok := d.Members[name+"."+rest[0]]; ok {
			return m.Sig + "\n\n" + trimDoc(m.Doc, detail), true
		}
	}
	if d != nil {
		if m, ok := d.Members[name]; ok {
			txt := m.Sig
			if m.Doc != "" {
				txt += "\n\n" + trimDoc(m.Doc, detail)
			}
			if detail > 0 && len(m.Methods) > 0 {
				txt += "\n\nMethods:\n"
				for _, mm := range m.Methods {
					txt += "  " + d.Members[name+"."+mm].Sig + "\n"
				}
			}
			return txt, true
		}
	}
	for _, m := range packageSymbols(importPath) {
		if m.Text == name {
			return strings.Replace(m.Signature, " "+name, " "+pkg+"."+name, 1), true
		}
	}
	return "", false
}

// trimDoc keeps the first paragraph of a doc comment unless detail > 0.
func trimDoc(doc string, detail int) string {
	doc = strings.TrimSpace(doc)
	if detail > 0 {
		return doc
	}
	if i := strings.Index(doc, "\n\n"); i >= 0 {
		return doc[:i]
	}
	return doc
}

// byName finds the declaration of a name of the cells.
func (snap *snapshot) byName(name string) (*declEntry, bool) {
	for _, e := range snap.decls {
		for _, n := range e.names {
			if n == name {
				return e, true
			}
		}
	}
	return nil, false
}

// evaluate is Evaluate without the recovery of boundary.go.
func (s *Session) evaluate(ctx context.Context, expr string) (display.Bundle, error) {
	// An expression belongs to the execution of the last cell.
	cellID := s.addCell(expr, s.counts[len(s.counts)-1])
	if _, err := parser.ParseExpr(expr); err != nil {
		return display.Bundle{}, fmt.Errorf("interp: %s: %w", expr, err)
	}
	piece, e := s.prepStmts(cellID, expr, 1, 1, true)
	if e != nil {
		return display.Bundle{}, e
	}
	es, ok := piece.body.List[0].(*ast.ExprStmt)
	if len(piece.body.List) != 1 || !ok {
		return display.Bundle{}, fmt.Errorf("interp: %s is not an expression", expr)
	}
	b, ok, e := s.renderExpr(ctx, cellID, es.X)
	if e != nil {
		return display.Bundle{}, e
	}
	if !ok || b == nil {
		return display.Bundle{}, fmt.Errorf("interp: %s has no single value", expr)
	}
	return *b, nil
}
