package display

import (
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestMatrixSmall(t *testing.T) {
	b := Matrix(mat.NewDense(2, 3, []float64{1, -2.5, 3, 40, 5, 0.125}), MatrixOptions{})
	want := "2×3 matrix\n⎡ 1  -2.5      3⎤\n⎣40     5  0.125⎦"
	if got := b.Text(); got != want {
		t.Errorf("text:\n%s\nwant:\n%s", got, want)
	}
	h := b.Data[MIMEHTML].(string)
	if strings.Count(h, "<td") != 6 || !strings.Contains(h, `<div align="right">2</div></th>`) || strings.Contains(h, "…") {
		t.Errorf("HTML:\n%s", h)
	}
}

func TestMatrixVector(t *testing.T) {
	b := Matrix(mat.NewVecDense(1, []float64{7}), MatrixOptions{})
	if got := b.Text(); got != "1×1 matrix\n[7]" {
		t.Errorf("text %q", got)
	}
}

func TestMatrixElision(t *testing.T) {
	const r, c = 100, 30
	m := mat.NewDense(r, c, nil)
	for i := range r {
		for j := range c {
			m.Set(i, j, float64(i*1000+j))
		}
	}
	b := Matrix(m, MatrixOptions{Edge: 2})
	lines := strings.Split(b.Text(), "\n")
	if lines[0] != "100×30 matrix" || len(lines) != 1+5 {
		t.Fatalf("text:\n%s", b.Text())
	}
	wantRows := []string{
		"⎡    0      1  …     28     29⎤",
		"⎢ 1000   1001  …   1028   1029⎥",
		"⎢    ⋮      ⋮  ⋱      ⋮      ⋮⎥",
		"⎢98000  98001  …  98028  98029⎥",
		"⎣99000  99001  …  99028  99029⎦",
	}
	for i, w := range wantRows {
		if lines[i+1] != w {
			t.Errorf("line %d: %q, want %q", i+1, lines[i+1], w)
		}
	}
	h := b.Data[MIMEHTML].(string)
	if n := strings.Count(h, "<tr>"); n != 1+5 {
		t.Errorf("HTML has %d rows, want 6", n)
	}
	for _, want := range []string{`<div align="right">98</div></th>`, `<div align="right">29</div></th>`, "⋱", `<div align="right">⋮</div></th>`, `<div align="right">…</div></th>`} {
		if !strings.Contains(h, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	if strings.Contains(h, `<div align="right">50</div></th>`) {
		t.Error("HTML shows an elided row")
	}
	// Not elided when the limits allow it.
	full := Matrix(m, MatrixOptions{MaxRows: -1, MaxCols: -1})
	if strings.Contains(full.Text(), "…") || len(strings.Split(full.Text(), "\n")) != 101 {
		t.Error("MaxRows -1 still elides")
	}
	// A dimension within the limit is shown in full, the other elided.
	tall := Matrix(mat.NewDense(25, 3, nil), MatrixOptions{})
	if lines := strings.Split(tall.Text(), "\n"); len(lines) != 1+11 || strings.Contains(tall.Text(), "…") {
		t.Errorf("25x3:\n%s", tall.Text())
	}
}

func TestMatrixFormat(t *testing.T) {
	b := Matrix(mat.NewDense(1, 2, []float64{1.23456, 2}), MatrixOptions{Format: "%.2f"})
	if got := b.Text(); got != "1×2 matrix\n[1.23  2.00]" {
		t.Errorf("text %q", got)
	}
}
