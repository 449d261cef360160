package display

import (
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestTableText(t *testing.T) {
	tb := NewTable("model", "accuracy", "params").
		AddRow("logistic", 0.91234567, 785).
		AddRow("mlp <big>", 0.97, 101770).
		Format("accuracy", "%.3f")
	want := strings.Join([]string{
		"model      accuracy  params",
		"---------  --------  ------",
		"logistic      0.912     785",
		"mlp <big>     0.970  101770",
	}, "\n")
	if got := tb.String(); got != want {
		t.Errorf("text:\n%s\nwant:\n%s", got, want)
	}
}

func TestTableHTMLEscapes(t *testing.T) {
	tb := NewTable("name <th>", "value").
		AddRow("<script>alert(1)</script>", "a & b").
		AddRow(HTML("<b>bold</b>"), 1.5)
	tb.Caption = "caption <i>"
	h := tb.HTML()
	for _, want := range []string{
		`<caption style="text-align:left"><div align="left">caption &lt;i&gt;</div></caption>`,
		`<th style="text-align:left"><div align="left">name &lt;th&gt;</div></th>`,
		"&lt;script&gt;alert(1)&lt;/script&gt;",
		"a &amp; b",
		"<b>bold</b>", // an HTML value is embedded as is
	} {
		if !strings.Contains(h, want) {
			t.Errorf("HTML lacks %q:\n%s", want, h)
		}
	}
	if strings.Contains(h, "<script>") {
		t.Errorf("HTML holds a raw script:\n%s", h)
	}
	// Mixed column (string and float): left; numeric column: right.
	if strings.Count(h, `text-align:right`) != 0 || strings.Count(h, `align="right"`) != 0 {
		t.Errorf("no column is all numbers, yet some cells are right-aligned:\n%s", h)
	}
}

func TestTableAlignment(t *testing.T) {
	tb := NewTable("n", "s", "c").AddRow(1, "x", "mid").AddRow(22, "yy", "m").Align("c", AlignCenter)
	h := tb.HTML()
	if !strings.Contains(h, `<th style="text-align:right"><div align="right">n</div></th><th style="text-align:left"><div align="left">s</div></th><th style="text-align:center"><div align="center">c</div></th>`) {
		t.Errorf("header alignment:\n%s", h)
	}
	want := " n  s    c\n--  --  ---\n 1  x   mid\n22  yy   m"
	if got := tb.String(); got != want {
		t.Errorf("text:\n%q\nwant:\n%q", got, want)
	}
}

type trial struct {
	ID       int     `display:"trial"`
	LR       float64 `display:",%.0e"`
	Accuracy float64 `display:"acc,%.2f"`
	Secret   string  `display:"-"`
	hidden   int
	Note     string
}

func TestTableOfStructs(t *testing.T) {
	rows := []*trial{{1, 0.01, 0.9, "s", 0, "ok"}, nil, {3, 0.001, 0.95123, "s", 0, ""}}
	tb := TableOf(rows)
	var names []string
	for _, c := range tb.Columns {
		names = append(names, c.Name)
	}
	if got := strings.Join(names, ","); got != "trial,LR,acc,Note" {
		t.Fatalf("columns %s", got)
	}
	want := "trial     LR   acc  Note\n-----  -----  ----  ----\n    1  1e-02  0.90  ok\n\n    3  1e-03  0.95"
	if got := tb.String(); got != want {
		t.Errorf("text:\n%q\nwant:\n%q", got, want)
	}
	_ = rows[0].hidden
}

// TestTableOfInterpretedStructs uses the kind of type yaegi builds for a
// struct declared in a cell: unnamed, its unexported fields exported with
// an X prefix.
func TestTableOfInterpretedStructs(t *testing.T) {
	v := []struct {
		Name string `display:"name"`
		Xacc float64
		Loss float64
	}{{"a", 1, 0.5}}
	tb := TableOf(v)
	if len(tb.Columns) != 2 || tb.Columns[0].Name != "name" || tb.Columns[1].Name != "Loss" {
		t.Errorf("columns %+v", tb.Columns)
	}
}

func TestTableOfRowsAndMatrix(t *testing.T) {
	tb := TableOf([][]any{{"a", 1}, {"b", 2.5}})
	if got, want := tb.String(), "0    1\n-  ---\na    1\nb  2.5"; got != want {
		t.Errorf("rows:\n%q\nwant\n%q", got, want)
	}
	tb = TableOf(mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6}))
	if got, want := tb.String(), "0  1  2\n-  -  -\n1  2  3\n4  5  6"; got != want {
		t.Errorf("matrix:\n%q\nwant\n%q", got, want)
	}
}

func TestTableMisusePanics(t *testing.T) {
	for name, f := range map[string]func(){
		"row length":    func() { NewTable("a", "b").AddRow(1) },
		"no column":     func() { NewTable("a").Format("b", "%d") },
		"not a slice":   func() { TableOf(3) },
		"ragged rows":   func() { TableOf([][]int{{1, 2}, {3}}) },
		"slice of ints": func() { TableOf([]int{1, 2}) },
	} {
		func() {
			defer func() {
				r := recover()
				if s, ok := r.(string); !ok || !strings.HasPrefix(s, "display: ") {
					t.Errorf("%s: recovered %v, want a display: panic", name, r)
				}
			}()
			f()
		}()
	}
}

func TestTableElidesRows(t *testing.T) {
	tb := NewTable("i")
	for i := range 100 {
		tb.AddRow(i)
	}
	tb.MaxRows = 4
	want := " i\n--\n 0\n 1\n… 96 more rows …\n98\n99"
	if got := tb.String(); got != want {
		t.Errorf("text:\n%s\nwant:\n%s", got, want)
	}
	h := tb.HTML()
	if !strings.Contains(h, `<td colspan="1" style="text-align:center"><div align="center">… 96 more rows …</div></td>`) || strings.Count(h, "<tr>") != 6 {
		t.Errorf("HTML:\n%s", h)
	}
	tb.MaxRows = 0
	if n := strings.Count(tb.HTML(), "<tr>"); n != 1+60+1 {
		t.Errorf("default limit: %d rows", n)
	}
	tb.MaxRows = -1
	if n := strings.Count(tb.HTML(), "<tr>"); n != 101 {
		t.Errorf("no limit: %d rows", n)
	}
}

func TestTableBundle(t *testing.T) {
	b := Render(NewTable("a").AddRow(1))
	if mimes(b) != "text/html text/plain" || b.Text() != "a\n-\n1" {
		t.Errorf("bundle %s %q", mimes(b), b.Text())
	}
}
