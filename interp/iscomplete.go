package interp

import (
	"go/scanner"
	"go/token"
	"strings"
)

// isComplete is IsComplete without the recovery of boundary.go.
func (s *Session) isComplete(code string) (status, indent string) {
	if strings.TrimSpace(code) == "" {
		return "complete", ""
	}
	if t := strings.TrimSpace(code); strings.HasPrefix(t, "%") || strings.HasPrefix(t, "!") ||
		strings.HasPrefix(t, "?") || strings.HasSuffix(t, "?") {
		return "complete", ""
	}
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(code))
	var errs scanner.ErrorList
	var sc scanner.Scanner
	sc.Init(file, []byte(code), func(pos token.Position, msg string) { errs.Add(pos, msg) }, 0)
	var stack []token.Token
	last := token.ILLEGAL
	for {
		_, tok, lit := sc.Scan()
		if tok == token.EOF {
			break
		}
		if tok == token.SEMICOLON && lit == "\n" {
			continue
		}
		switch tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			stack = append(stack, tok)
		case token.RPAREN, token.RBRACK, token.RBRACE:
			want := map[token.Token]token.Token{token.RPAREN: token.LPAREN, token.RBRACK: token.LBRACK, token.RBRACE: token.LBRACE}[tok]
			if len(stack) == 0 || stack[len(stack)-1] != want {
				return "invalid", ""
			}
			stack = stack[:len(stack)-1]
		}
		last = tok
	}
	for _, e := range errs {
		switch {
		case strings.Contains(e.Msg, "raw string literal not terminated"),
			strings.Contains(e.Msg, "comment not terminated"):
			return "incomplete", ""
		default:
			return "invalid", ""
		}
	}
	depth := strings.Repeat("    ", len(stack))
	if len(stack) > 0 {
		return "incomplete", depth
	}
	if continues(last) {
		return "incomplete", "    "
	}
	// Balanced and not dangling: the parser decides.
	for _, c := range splitCell(code) {
		text := code[c.start:c.end]
		if strings.TrimSpace(text) == "" {
			continue
		}
		var err error
		f := token.NewFileSet()
		if c.kind == chunkStmts {
			_, err = parseSrc(f, "package main\nfunc _() {\n"+text+"\n}\n")
		} else {
			_, err = parseSrc(f, "package main\n"+text+"\n")
		}
		if err != nil {
			return "invalid", ""
		}
	}
	return "complete", ""
}

// continues reports whether a line ending in tok must go on.
func continues(tok token.Token) bool {
	switch {
	case tok.IsOperator():
		switch tok {
		case token.RPAREN, token.RBRACK, token.RBRACE, token.SEMICOLON, token.INC, token.DEC, token.ELLIPSIS:
			return false
		}
		return true
	}
	switch tok {
	case token.FUNC, token.IMPORT, token.TYPE, token.VAR, token.CONST, token.GO, token.DEFER,
		token.RETURN, token.IF, token.FOR, token.SWITCH, token.SELECT, token.CASE, token.ELSE,
		token.RANGE, token.MAP, token.CHAN, token.STRUCT, token.INTERFACE, token.PACKAGE:
		return tok != token.RETURN
	}
	return false
}
