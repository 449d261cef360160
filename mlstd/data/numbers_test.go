package data

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// digitImages returns ten 4x4 "digit" images, digit d with every pixel
// d/10, so that a composed image says which digit went where.
func digitImages() *Dataset {
	x := mat.NewDense(10, 16, nil)
	y := make([]int, 10)
	for d := range 10 {
		for j := range 16 {
			x.Set(d, j, float64(d)/10)
		}
		y[d] = d
	}
	return &Dataset{Name: "toy", X: x, Y: y, Classes: []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}, ImageHeight: 4, ImageWidth: 4}
}

func TestNumbers(t *testing.T) {
	n, err := NewNumbers(digitImages(), 300, NumbersOptions{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	// 4x4 digits halved: 2x2 digits in cells of 3, a canvas of 4 x 12.
	if n.ImageHeight != 4 || n.ImageWidth != 12 || n.Cell != 3 || n.Len() != 300 || n.NumClasses() != 3 {
		t.Fatalf("shape: %v, cell %d", n, n.Cell)
	}
	lengths := [3]int{}
	for i := range n.Len() {
		ds := n.Digits[i]
		lengths[len(ds)-1]++
		if n.Y[i] != len(ds)-1 || len(n.Number(i)) != len(ds) {
			t.Fatalf("number %d: label %d for %q", i, n.Y[i], n.Number(i))
		}
		// Each digit's 2x2 block holds d/10, from a left margin of 1 or
		// 2 pixels on.
		row := n.X.RawRowView(i)
		fits := func(left int) bool {
			for k, d := range ds {
				if v := row[1*12+left+3*k]; math.Abs(v-float64(d)/10) > 1e-12 {
					return false
				}
			}
			return true
		}
		if !fits(1) && !fits(2) {
			t.Fatalf("number %q is not drawn in its image: %v", n.Number(i), row)
		}
	}
	for l, c := range lengths {
		if c < 70 {
			t.Errorf("%d numbers of %d digits in 300", c, l+1)
		}
	}
	// The targets label each position, -1 past the length.
	if err := n.Validate(); err != nil || len(n.Targets) != 3 {
		t.Fatalf("targets: %v, %d of them", err, len(n.Targets))
	}
	for i, ds := range n.Digits {
		for p := range 3 {
			want := -1
			if p < len(ds) {
				want = ds[p]
			}
			if got := n.Targets[p].Y[i]; got != want {
				t.Fatalf("number %q: target %s is %d, want %d", n.Number(i), n.Targets[p].Name, got, want)
			}
		}
	}
	p2 := n.Position(2)
	if p2.Len() != lengths[2] || p2.NumClasses() != 10 {
		t.Errorf("position 3: %d rows, %d classes; want %d, 10", p2.Len(), p2.NumClasses(), lengths[2])
	}
	if n.Length().Len() != 300 {
		t.Error("Length lost rows")
	}
	same, _ := NewNumbers(digitImages(), 300, NumbersOptions{Seed: 1})
	if !mat.Equal(same.X, n.X) || same.Number(7) != n.Number(7) {
		t.Error("the same seed gave other numbers")
	}
	// A preprocessed copy keeps the numbers and leaves the original alone.
	blank := n.WithImages(mat.NewDense(300, 48, nil))
	if blank.Number(5) != n.Number(5) || blank.Y[5] != n.Y[5] || mat.Sum(blank.X) != 0 || mat.Sum(n.X) == 0 {
		t.Error("WithImages: the copy lost its numbers, or the original its pixels")
	}
	for _, c := range []struct {
		d    *Dataset
		o    NumbersOptions
		want string
	}{
		{&Dataset{Name: "none", X: mat.NewDense(1, 16, nil), Y: []int{}, ImageHeight: 4, ImageWidth: 4}, NumbersOptions{}, "no digit images"},
		{Iris(), NumbersOptions{}, "not square images"},
		{digitImages(), NumbersOptions{Scale: 3}, "scale 3"},
	} {
		if _, err := NewNumbers(c.d, 10, c.o); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("NewNumbers: err %v, want %q", err, c.want)
		}
	}
}

func TestTranscribe(t *testing.T) {
	length := mat.NewDense(2, 3, []float64{0.1, 0.8, 0.1, 0.7, 0.2, 0.1})
	pos := make([]*mat.Dense, 3)
	for p := range pos {
		pos[p] = mat.NewDense(2, 10, nil)
		pos[p].Set(0, 3+p, 0.9)
		pos[p].Set(0, 0, 0.1)
		pos[p].Set(1, 7, 0.5)
		pos[p].Set(1, 1, 0.5)
	}
	r, c := Transcribe(length, pos)
	if r[0] != "34" || math.Abs(c[0]-0.8*0.9*0.9) > 1e-12 {
		t.Errorf("first reading %q (%v), want \"34\" at 0.648", r[0], c[0])
	}
	// A tie goes to the lower digit.
	if r[1] != "1" || math.Abs(c[1]-0.35) > 1e-12 {
		t.Errorf("second reading %q (%v), want \"1\" at 0.35", r[1], c[1])
	}
}
