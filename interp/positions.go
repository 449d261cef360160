package interp

import (
	"fmt"
	"go/ast"
	"strings"
)

func (s *Session) positionedNode(name, msg string, cellID int, n ast.Node) *Error {
	p := s.gen.i.FileSet().Position(n.Pos())
	return s.positioned(name, msg, p.Line, p.Column)
}

// lineCol returns the 1-based line and column of byte offset off in src.
func lineCol(src string, off int) (line, col int) {
	if off > len(src) {
		off = len(src)
	}
	line = 1 + strings.Count(src[:off], "\n")
	col = off - strings.LastIndex(src[:off], "\n")
	return line, col
}

// Positions: every piece of source handed to yaegi is parsed under one
// file name (yaegi scopes imports by file name, so all cells must share
// one) with a //line directive whose line number encodes the cell:
// cellID*lineBase + line. Error messages and panic traces are decoded back
// to the cell's own line and column.
const (
	srcName  = "_.go"
	lineBase = 10000
	// maxCells keeps encoded lines under the parser's limit of 1<<30;
	// positions in cells older than that many are not told apart.
	maxCells = 100000
)

func lineDirective(cellID, line, col int) string {
	if line >= lineBase {
		line = lineBase - 1
	}
	return fmt.Sprintf("//line %s:%d:%d\n", srcName, (cellID%maxCells)*lineBase+line, col)
}

// splitPos splits "L:C: message" as yaegi writes errors for _.go.
func splitPos(msg string) (line, col int, rest string, ok bool) {
	msg = strings.TrimPrefix(msg, srcName+":")
	var l, c int
	n, err := fmt.Sscanf(msg, "%d:%d:", &l, &c)
	if err != nil || n != 2 {
		return 0, 0, "", false
	}
	i := strings.Index(msg, ": ")
	if i < 0 {
		return 0, 0, "", false
	}
	return l, c, strings.TrimSpace(msg[i+2:]), true
}

// positioned builds an error whose traceback shows the source line of the
// cell and a caret under the column. line is encoded (cellID*lineBase+line).
func (s *Session) positioned(name, msg string, line, col int) *Error {
	cellID, l := line/lineBase, line%lineBase
	tb := []string{red(name) + ": " + msg}
	tb = append(tb, s.sourceLines(cellID, l, col)...)
	// The position goes at the end of the message's first line (Go's
	// messages may go on with lines of detail: have (...), want (...)).
	head, rest, _ := strings.Cut(msg, "\n")
	value := fmt.Sprintf("%s (%s)", head, s.where(cellID, l, col))
	if rest != "" {
		value += "\n" + rest
	}
	return &Error{Name: name, Value: value, Traceback: tb}
}

// where names a position: "line 3, column 5" in the running cell, with
// the cell named for earlier ones.
func (s *Session) where(cellID, line, col int) string {
	switch {
	case cellID == 0 && line > 5000:
		return fmt.Sprintf("the kernel's slices package, line %d", line-5000)
	case cellID == 0:
		return fmt.Sprintf("kernel prelude line %d", line)
	case cellID == len(s.cells)-1:
		return fmt.Sprintf("line %d, column %d", line, col)
	case cellID < 0 || cellID >= len(s.counts):
		return fmt.Sprintf("line %d, column %d of an old cell", line, col)
	}
	return fmt.Sprintf("cell In[%d], line %d, column %d", s.counts[cellID], line, col)
}

func (s *Session) sourceLines(cellID, line, col int) []string {
	if cellID < 0 || cellID >= len(s.cells) {
		return nil
	}
	lines := strings.Split(s.cells[cellID], "\n")
	if line < 1 || line > len(lines) {
		return nil
	}
	src := strings.ReplaceAll(lines[line-1], "\t", "    ")
	// The caret goes under column col, counted in bytes of the original
	// line, where a tab is four columns wide.
	orig := lines[line-1]
	if col < 1 {
		col = 1
	}
	if col > len(orig)+1 {
		col = len(orig) + 1
	}
	pad := len([]rune(strings.ReplaceAll(orig[:col-1], "\t", "    ")))
	head := fmt.Sprintf("  %s:", s.where(cellID, line, col))
	return []string{head, "    " + src, "    " + strings.Repeat(" ", pad) + green("^")}
}

func red(s string) string { return "\x1b[0;31m" + s + "\x1b[0m" }

func green(s string) string { return "\x1b[0;32m" + s + "\x1b[0m" }

func bold(s string) string { return "\x1b[1m" + s + "\x1b[0m" }
