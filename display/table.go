package display

import (
	"fmt"
	"html"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"gonum.org/v1/gonum/mat"
)

// Align is the horizontal alignment of a table column.
type Align int

// Alignments. AlignAuto puts numbers on the right and everything else on
// the left.
const (
	AlignAuto Align = iota
	AlignLeft
	AlignRight
	AlignCenter
)

// Column describes one column of a Table.
type Column struct {
	Name string
	// Format is a fmt verb with its flags, such as "%.3f" or "%8.2e",
	// applied to every cell of the column. Empty means the default: %.6g
	// for floating-point numbers, %v for everything else.
	Format string
	Align  Align
}

// Table is a table of values that renders as an HTML table and as aligned
// text. Build one with NewTable and AddRow, or with TableOf from a slice of
// structs, a slice of rows or a matrix; the fields are exported so that a
// cell can adjust it before it is shown.
//
// A cell that renders itself as HTML (a display.HTML, say) is embedded as
// is in the HTML form; every other cell is formatted and escaped.
type Table struct {
	Columns []Column
	Rows    [][]any
	// Caption is shown above the table.
	Caption string
	// MaxRows is the number of rows shown: a longer table shows its first
	// and last MaxRows/2 rows around a marker that says how many were left
	// out. Zero means 60; negative means all rows.
	MaxRows int
}

// NewTable returns an empty table with the named columns.
func NewTable(columns ...string) *Table {
	t := &Table{Columns: make([]Column, len(columns))}
	for i, c := range columns {
		t.Columns[i].Name = c
	}
	return t
}

// AddRow appends a row and returns t for chaining. It panics if the number
// of cells differs from the number of columns.
func (t *Table) AddRow(cells ...any) *Table {
	if len(cells) != len(t.Columns) {
		panic(fmt.Sprintf("display: table row has %d cells, want %d", len(cells), len(t.Columns)))
	}
	t.Rows = append(t.Rows, append([]any(nil), cells...))
	return t
}

// Format sets the fmt verb of the named column and returns t for chaining.
// It panics if there is no such column.
func (t *Table) Format(column, format string) *Table {
	t.column(column).Format = format
	return t
}

// Align sets the alignment of the named column and returns t for
// chaining. It panics if there is no such column.
func (t *Table) Align(column string, a Align) *Table {
	t.column(column).Align = a
	return t
}

func (t *Table) column(name string) *Column {
	for i := range t.Columns {
		if t.Columns[i].Name == name {
			return &t.Columns[i]
		}
	}
	panic(fmt.Sprintf("display: table has no column %q", name))
}

// TableOf builds a table from v, which is one of:
//
//   - a slice or array of structs, or of pointers to structs: one row per
//     element, one column per exported field. A field tag
//     `display:"name,format"` renames the column and sets its format
//     (either part may be empty); `display:"-"` leaves the field out.
//   - a slice or array of slices or arrays: one row per element, columns
//     named 0, 1, 2, ...
//   - a mat.Matrix: one row per matrix row, columns named 0, 1, 2, ...
//
// It panics on any other type, and on rows of different lengths.
func TableOf(v any) *Table {
	if m, ok := v.(mat.Matrix); ok {
		return matrixTable(m)
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		panic(fmt.Sprintf("display: TableOf: cannot make a table of %T", v))
	}
	et := rv.Type().Elem()
	for et.Kind() == reflect.Pointer {
		et = et.Elem()
	}
	switch et.Kind() {
	case reflect.Struct:
		return structTable(rv, et)
	case reflect.Slice, reflect.Array, reflect.Interface:
		return rowsTable(rv)
	}
	panic(fmt.Sprintf("display: TableOf: cannot make a table of %T", v))
}

func matrixTable(m mat.Matrix) *Table {
	r, c := m.Dims()
	t := &Table{Columns: numberedColumns(c), Rows: make([][]any, r)}
	for i := range r {
		row := make([]any, c)
		for j := range c {
			row[j] = m.At(i, j)
		}
		t.Rows[i] = row
	}
	return t
}

func numberedColumns(n int) []Column {
	cols := make([]Column, n)
	for i := range cols {
		cols[i].Name = strconv.Itoa(i)
	}
	return cols
}

func rowsTable(rv reflect.Value) *Table {
	t := &Table{Rows: make([][]any, 0, rv.Len())}
	width := -1
	for i := range rv.Len() {
		row := rv.Index(i)
		for row.Kind() == reflect.Interface || row.Kind() == reflect.Pointer {
			if row.IsNil() {
				break
			}
			row = row.Elem()
		}
		if row.Kind() != reflect.Slice && row.Kind() != reflect.Array {
			panic(fmt.Sprintf("display: TableOf: row %d is %s, not a slice", i, row.Kind()))
		}
		if width < 0 {
			width = row.Len()
		} else if row.Len() != width {
			panic(fmt.Sprintf("display: TableOf: row %d has %d cells, want %d", i, row.Len(), width))
		}
		cells := make([]any, row.Len())
		for j := range cells {
			cells[j] = row.Index(j).Interface()
		}
		t.Rows = append(t.Rows, cells)
	}
	t.Columns = numberedColumns(max(width, 0))
	return t
}

func structTable(rv reflect.Value, st reflect.Type) *Table {
	// Types declared in notebook cells reach compiled code as unnamed
	// struct types in which yaegi has exported each unexported field by
	// prefixing it with X; such fields are left out as Go would.
	interpreted := st.Name() == "" && st.PkgPath() == ""
	var fields []int
	t := &Table{}
	for i := range st.NumField() {
		f := st.Field(i)
		if !f.IsExported() || f.Anonymous {
			continue
		}
		if interpreted && len(f.Name) > 1 && f.Name[0] == 'X' {
			if r, _ := utf8.DecodeRuneInString(f.Name[1:]); unicode.IsLower(r) || r == '_' {
				continue
			}
		}
		col := Column{Name: f.Name}
		if tag, ok := f.Tag.Lookup("display"); ok {
			if tag == "-" {
				continue
			}
			name, format, _ := strings.Cut(tag, ",")
			if name != "" {
				col.Name = name
			}
			col.Format = format
		}
		fields = append(fields, i)
		t.Columns = append(t.Columns, col)
	}
	t.Rows = make([][]any, 0, rv.Len())
	for i := range rv.Len() {
		e := rv.Index(i)
		for e.Kind() == reflect.Pointer {
			if e.IsNil() {
				break
			}
			e = e.Elem()
		}
		row := make([]any, len(fields))
		if e.Kind() == reflect.Struct {
			for j, fi := range fields {
				row[j] = e.Field(fi).Interface()
			}
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// visibleRows returns the indices of the rows to show, with -1 where the
// left-out middle goes.
func (t *Table) visibleRows() []int {
	n, limit := len(t.Rows), t.MaxRows
	if limit == 0 {
		limit = 60
	}
	if limit < 0 || n <= limit {
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		return idx
	}
	head := max(limit/2, 1)
	return elide(n, limit, head)
}

// formatCell returns the text of a cell and whether it is a number.
func formatCell(v any, format string) (string, bool) {
	if format != "" && v != nil {
		return fmt.Sprintf(format, v), isNumber(v)
	}
	switch x := v.(type) {
	case nil:
		return "", false
	case string:
		return x, false
	case float64:
		return strconv.FormatFloat(x, 'g', 6, 64), true
	case float32:
		return strconv.FormatFloat(float64(x), 'g', 6, 32), true
	case int:
		return strconv.Itoa(x), true
	case int64:
		return strconv.FormatInt(x, 10), true
	case bool:
		return strconv.FormatBool(x), false
	case time.Duration:
		return x.String(), true
	case error:
		return x.Error(), false
	case fmt.Stringer:
		return x.String(), false
	}
	return fmt.Sprint(v), isNumber(v)
}

func isNumber(v any) bool {
	switch reflect.ValueOf(v).Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128:
		return true
	}
	return false
}

// layout formats every visible cell once and decides each column's
// alignment.
func (t *Table) layout() (rows []int, cells [][]string, align []Align) {
	rows = t.visibleRows()
	cells = make([][]string, len(rows))
	align = make([]Align, len(t.Columns))
	numeric := make([]bool, len(t.Columns))
	for j := range numeric {
		numeric[j] = true
	}
	seen := make([]bool, len(t.Columns))
	for i, ri := range rows {
		if ri < 0 {
			continue
		}
		row := t.Rows[ri]
		cells[i] = make([]string, len(t.Columns))
		for j := range t.Columns {
			if j >= len(row) {
				continue
			}
			s, num := formatCell(row[j], t.Columns[j].Format)
			cells[i][j] = s
			if row[j] != nil {
				seen[j] = true
				numeric[j] = numeric[j] && num
			}
		}
	}
	for j, c := range t.Columns {
		align[j] = c.Align
		if align[j] == AlignAuto {
			align[j] = AlignLeft
			if seen[j] && numeric[j] {
				align[j] = AlignRight
			}
		}
	}
	return rows, cells, align
}

func (t *Table) omitted(rows []int) int { return len(t.Rows) - len(rows) + 1 }

var alignCSS = [...]string{AlignLeft: "left", AlignRight: "right", AlignCenter: "center"}

// HTML renders the table as a static HTML table.
func (t *Table) HTML() string {
	rows, cells, align := t.layout()
	var b strings.Builder
	b.Grow(64 * (len(rows) + 1) * (len(t.Columns) + 1))
	b.WriteString(`<table class="methodic-table">`)
	if t.Caption != "" {
		writeCaption(&b, html.EscapeString(t.Caption))
	}
	b.WriteString("<thead><tr>")
	for j, c := range t.Columns {
		writeAligned(&b, "th", "", "", alignCSS[align[j]], html.EscapeString(c.Name))
	}
	b.WriteString("</tr></thead><tbody>")
	for i, ri := range rows {
		if ri < 0 {
			b.WriteString("<tr>")
			writeAligned(&b, "td", fmt.Sprintf(`colspan="%d"`, max(len(t.Columns), 1)), "", "center",
				fmt.Sprintf("… %d more rows …", t.omitted(rows)))
			b.WriteString("</tr>")
			continue
		}
		b.WriteString("<tr>")
		for j := range t.Columns {
			var v any
			if j < len(t.Rows[ri]) {
				v = t.Rows[ri][j]
			}
			content := html.EscapeString(cells[i][j])
			if h, ok := v.(HTMLer); ok && t.Columns[j].Format == "" {
				content = h.HTML()
			}
			writeAligned(&b, "td", "", "", alignCSS[align[j]], content)
		}
		b.WriteString("</tr>")
	}
	b.WriteString("</tbody></table>")
	return b.String()
}

// String renders the table as text in aligned columns under a header.
func (t *Table) String() string {
	rows, cells, align := t.layout()
	width := make([]int, len(t.Columns))
	for j, c := range t.Columns {
		width[j] = utf8.RuneCountInString(c.Name)
	}
	for _, row := range cells {
		for j, s := range row {
			width[j] = max(width[j], utf8.RuneCountInString(s))
		}
	}
	var b strings.Builder
	if t.Caption != "" {
		b.WriteString(t.Caption)
		b.WriteByte('\n')
	}
	line := func(texts []string) {
		var l strings.Builder
		for j, s := range texts {
			if j > 0 {
				l.WriteString("  ")
			}
			pad := width[j] - utf8.RuneCountInString(s)
			switch align[j] {
			case AlignRight:
				l.WriteString(strings.Repeat(" ", pad))
				l.WriteString(s)
			case AlignCenter:
				l.WriteString(strings.Repeat(" ", pad/2))
				l.WriteString(s)
				l.WriteString(strings.Repeat(" ", pad-pad/2))
			default:
				l.WriteString(s)
				l.WriteString(strings.Repeat(" ", pad))
			}
		}
		b.WriteString(strings.TrimRight(l.String(), " "))
		b.WriteByte('\n')
	}
	names := make([]string, len(t.Columns))
	rules := make([]string, len(t.Columns))
	for j, c := range t.Columns {
		names[j] = c.Name
		rules[j] = strings.Repeat("-", width[j])
	}
	line(names)
	line(rules)
	for i, ri := range rows {
		if ri < 0 {
			fmt.Fprintf(&b, "… %d more rows …\n", t.omitted(rows))
			continue
		}
		line(cells[i])
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// MIMEBundle renders the table as HTML with the aligned text as
// text/plain.
func (t *Table) MIMEBundle() Bundle {
	var b Bundle
	return b.Set(MIMEHTML, t.HTML()).Set(MIMEText, t.String())
}
