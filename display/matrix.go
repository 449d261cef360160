package display

import (
	"fmt"
	"html"
	"strconv"
	"strings"
	"unicode/utf8"

	"gonum.org/v1/gonum/mat"
)

// MatrixOptions sets how a matrix renders. The zero value is a good
// default: up to 20 rows and 20 columns in full, larger dimensions elided
// in the middle keeping 5 at each end, elements formatted with %.6g.
type MatrixOptions struct {
	// MaxRows and MaxCols are the largest dimensions shown in full
	// (default 20). Negative means never elide.
	MaxRows, MaxCols int
	// Edge is how many rows or columns are kept at each end of an elided
	// dimension (default 5).
	Edge int
	// Format is the fmt verb for an element (default "%.6g").
	Format string
}

func (o MatrixOptions) withDefaults() MatrixOptions {
	if o.MaxRows == 0 {
		o.MaxRows = 20
	}
	if o.MaxCols == 0 {
		o.MaxCols = 20
	}
	if o.Edge <= 0 {
		o.Edge = 5
	}
	if o.Format == "" {
		o.Format = "%.6g"
	}
	return o
}

// Matrix renders m as an HTML table with row and column indices and as
// aligned text. A dimension larger than MaxRows or MaxCols is elided in the
// middle, the way numpy prints large arrays: the first and last Edge rows
// or columns show, and ⋮, … and ⋱ stand for the rest.
func Matrix(m mat.Matrix, o MatrixOptions) Bundle {
	o = o.withDefaults()
	r, c := m.Dims()
	rows := elide(r, o.MaxRows, o.Edge)
	cols := elide(c, o.MaxCols, o.Edge)

	// Format the visible elements once for both representations.
	cells := make([][]string, len(rows))
	for i, ri := range rows {
		cells[i] = make([]string, len(cols))
		for j, cj := range cols {
			switch {
			case ri < 0 && cj < 0:
				cells[i][j] = "⋱"
			case ri < 0:
				cells[i][j] = "⋮"
			case cj < 0:
				cells[i][j] = "…"
			default:
				cells[i][j] = fmt.Sprintf(o.Format, m.At(ri, cj))
			}
		}
	}
	title := fmt.Sprintf("%d×%d matrix", r, c)

	var h strings.Builder
	h.WriteString(`<table class="methodic-matrix">`)
	writeCaption(&h, html.EscapeString(title))
	h.WriteString("<thead><tr><th></th>")
	for _, cj := range cols {
		if cj < 0 {
			writeAligned(&h, "th", "", "", "right", "…")
		} else {
			writeAligned(&h, "th", "", "", "right", strconv.Itoa(cj))
		}
	}
	h.WriteString("</tr></thead><tbody>")
	for i, ri := range rows {
		h.WriteString("<tr>")
		if ri < 0 {
			writeAligned(&h, "th", "", "", "right", "⋮")
		} else {
			writeAligned(&h, "th", "", "", "right", strconv.Itoa(ri))
		}
		for j := range cols {
			writeAligned(&h, "td", "", "", "right", html.EscapeString(cells[i][j]))
		}
		h.WriteString("</tr>")
	}
	h.WriteString("</tbody></table>")

	var b Bundle
	b = b.Set(MIMEHTML, h.String())
	return b.Set(MIMEText, title+"\n"+matrixText(cells))
}

// elide returns the indices of a dimension of length n to show, with -1
// where the elided middle goes.
func elide(n, max, edge int) []int {
	if max < 0 || n <= max || n <= 2*edge {
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		return idx
	}
	idx := make([]int, 0, 2*edge+1)
	for i := 0; i < edge; i++ {
		idx = append(idx, i)
	}
	idx = append(idx, -1)
	for i := n - edge; i < n; i++ {
		idx = append(idx, i)
	}
	return idx
}

// matrixText lays cells out in right-aligned columns between brackets,
// as gonum's mat.Formatted does.
func matrixText(cells [][]string) string {
	if len(cells) == 0 || len(cells[0]) == 0 {
		return "[]"
	}
	width := make([]int, len(cells[0]))
	for _, row := range cells {
		for j, s := range row {
			width[j] = max(width[j], utf8.RuneCountInString(s))
		}
	}
	var t strings.Builder
	for i, row := range cells {
		left, right := "⎢", "⎥"
		switch {
		case len(cells) == 1:
			left, right = "[", "]"
		case i == 0:
			left, right = "⎡", "⎤"
		case i == len(cells)-1:
			left, right = "⎣", "⎦"
		}
		t.WriteString(left)
		for j, s := range row {
			if j > 0 {
				t.WriteString("  ")
			}
			t.WriteString(strings.Repeat(" ", width[j]-utf8.RuneCountInString(s)))
			t.WriteString(s)
		}
		t.WriteString(right)
		if i < len(cells)-1 {
			t.WriteByte('\n')
		}
	}
	return t.String()
}
