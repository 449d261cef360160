package interp

import (
	"go/scanner"
	"go/token"
)

// chunkKind says what a top-level piece of a cell holds.
type chunkKind int

const (
	chunkStmts  chunkKind = iota // statements
	chunkImport                  // an import declaration
	chunkDecl                    // func, method, type, const or var declaration
)

// A chunk is a top-level piece of a cell: consecutive statements, or one
// declaration. Offsets are byte offsets into the cell source.
type chunk struct {
	kind       chunkKind
	start, end int
}

// splitCell cuts a cell at top level into imports, declarations and runs
// of statements, in source order (fix mixed-cells (fixes.go): yaegi picks one mode
// from the first token). It only scans tokens; each chunk is parsed on its
// own afterwards, so a syntax error is reported by the parser with its
// position in the cell.
func splitCell(src string) []chunk {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), func(token.Position, string) {}, scanner.ScanComments)

	type tok struct {
		pos int
		tok token.Token
		lit string
	}
	var toks []tok
	for {
		pos, t, lit := s.Scan()
		if t == token.EOF {
			break
		}
		toks = append(toks, tok{file.Offset(pos), t, lit})
	}

	// A package clause at the top of a cell (a pasted file) is left
	// out: the cells are package main.
	if i := firstToken(toks, func(t tok) token.Token { return t.tok }); i >= 0 && toks[i].tok == token.PACKAGE &&
		i+1 < len(toks) && toks[i+1].tok == token.IDENT {
		end := toks[i+1].pos + len(toks[i+1].lit)
		blank := []byte(src[:end])
		for k := toks[i].pos; k < end; k++ {
			blank[k] = ' '
		}
		return splitCell(string(blank) + src[end:])
	}

	var chunks []chunk
	add := func(k chunkKind, start, end int) {
		if start >= end {
			return
		}
		if n := len(chunks); n > 0 && k == chunkStmts && chunks[n-1].kind == chunkStmts {
			chunks[n-1].end = end
			return
		}
		chunks = append(chunks, chunk{k, start, end})
	}

	depth := 0
	stmtStart := true // at the start of a top-level statement
	docStart := -1    // start of the comments just before a statement
	cur := chunk{kind: chunkStmts, start: -1}
	flush := func(end int) {
		if cur.start >= 0 {
			add(cur.kind, cur.start, end)
		}
		cur = chunk{kind: chunkStmts, start: -1}
	}
	for i, t := range toks {
		if t.tok == token.COMMENT {
			if depth == 0 && stmtStart && docStart < 0 {
				docStart = t.pos
			}
			continue
		}
		if depth == 0 && stmtStart && t.tok != token.SEMICOLON {
			kind := chunkStmts
			switch t.tok {
			case token.IMPORT:
				kind = chunkImport
			case token.TYPE, token.CONST, token.VAR:
				kind = chunkDecl
			case token.FUNC:
				if isFuncDecl(toks, i, func(j int) token.Token { return toks[j].tok }) {
					kind = chunkDecl
				}
			}
			if kind != chunkStmts || cur.kind != chunkStmts || cur.start < 0 {
				start := t.pos
				if kind != chunkStmts && docStart >= 0 {
					start = docStart // the declaration's doc comment
				}
				flush(start)
				cur = chunk{kind: kind, start: start}
			}
			stmtStart = false
			docStart = -1
		}
		switch t.tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			if depth > 0 {
				depth--
			}
		case token.SEMICOLON:
			if depth == 0 {
				stmtStart = true
				if t.lit == "\n" {
					docStart = -1
				}
				if cur.kind != chunkStmts {
					end := t.pos
					if t.lit == ";" {
						end++
					}
					flush(end)
				}
			}
		}
	}
	flush(len(src))
	// Stretch statement chunks over the text between chunks so that no
	// source is lost (comments, blank lines).
	for i := range chunks {
		if i+1 < len(chunks) && chunks[i].kind == chunkStmts {
			chunks[i].end = chunks[i+1].start
		}
	}
	return chunks
}

// isFuncDecl tells a function or method declaration (func f(...), func
// (r T) m(...)) from a function literal starting a statement
// (func() {...}()).
func isFuncDecl[T any](toks []T, i int, tokAt func(int) token.Token) bool {
	if i+1 >= len(toks) {
		return false
	}
	switch tokAt(i + 1) {
	case token.IDENT:
		return true
	case token.LPAREN:
		// A method has a receiver followed by a name and its parameters.
		depth := 0
		for j := i + 1; j < len(toks); j++ {
			switch tokAt(j) {
			case token.LPAREN:
				depth++
			case token.RPAREN:
				depth--
				if depth == 0 {
					return j+2 < len(toks) && tokAt(j+1) == token.IDENT &&
						(tokAt(j+2) == token.LPAREN || tokAt(j+2) == token.LBRACK)
				}
			}
		}
	}
	return false
}

// firstToken returns the index of the first token that is not a comment
// or a semicolon, or -1.
func firstToken[T any](toks []T, tokAt func(T) token.Token) int {
	for i, t := range toks {
		if k := tokAt(t); k != token.COMMENT && k != token.SEMICOLON {
			return i
		}
	}
	return -1
}
