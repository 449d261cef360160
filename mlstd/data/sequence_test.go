package data

import (
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestFlipFlop: every label is the state the last pulses leave, every
// line has a pulse, the classes are about equally frequent, and the rows
// depend on the seed only.
func TestFlipFlop(t *testing.T) {
	d := FlipFlop(800, 20, 4)
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	if !d.IsSequence() || d.Steps != 20 || d.StepFeatures() != 3 || d.NumClasses() != 8 {
		t.Fatalf("shape: %v", d)
	}
	for i := 0; i < d.Len(); i++ {
		row := d.X.RawRowView(i)
		name := []byte("???")
		for b := 0; b < 3; b++ {
			for t := 0; t < 20; t++ {
				switch row[t*3+b] {
				case 1:
					name[b] = '1'
				case -1:
					name[b] = '0'
				}
			}
		}
		if got := d.Classes[d.Y[i]]; got != string(name) {
			t.Fatalf("row %d: class %s, its pulses leave %s", i, got, name)
		}
	}
	for c, n := range d.ClassCounts() {
		if n < 60 || n > 140 {
			t.Errorf("class %s has %d of 800 rows", d.Classes[c], n)
		}
	}
	if !mat.Equal(d.X, FlipFlop(800, 20, 4).X) {
		t.Error("equal seeds gave different rows")
	}
	if mat.Equal(d.X, FlipFlop(800, 20, 5).X) {
		t.Error("different seeds gave equal rows")
	}
}

// TestSequenceShape: Steps must divide the columns, and survives Subset.
func TestSequenceShape(t *testing.T) {
	d := FlipFlop(10, 5, 1)
	if s := d.Subset([]int{1, 2}); s.Steps != 5 {
		t.Errorf("Subset lost Steps: %d", s.Steps)
	}
	d.Steps = 4
	if err := d.Validate(); err == nil {
		t.Error("4 steps of 15 columns validated")
	}
}
