package functions

import (
	"fmt"
	"math"
	"testing"
)

func TestBraninMinima(t *testing.T) {
	for _, x := range [][2]float64{{-math.Pi, 12.275}, {math.Pi, 2.275}, {9.42478, 2.475}} {
		if got := Branin(x[0], x[1]); math.Abs(got-BraninMin) > 1e-5 {
			t.Errorf("Branin(%v) = %v, want %v", x, got, BraninMin)
		}
	}
	if Branin(0, 0) < BraninMin {
		t.Error("Branin(0, 0) below the minimum")
	}
}

func TestHartmann6Minimum(t *testing.T) {
	x := []float64{0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573}
	if got := Hartmann6(x); math.Abs(got-Hartmann6Min) > 1e-5 {
		t.Errorf("Hartmann6 at its minimiser = %v, want %v", got, Hartmann6Min)
	}
	if Hartmann6([]float64{0.5, 0.5, 0.5, 0.5, 0.5, 0.5}) <= Hartmann6Min {
		t.Error("the centre is below the minimum")
	}
}

func TestSparse(t *testing.T) {
	s := NewSparse(1, 8, 2)
	x := make([]float64, 8)
	for i, j := range s.Important {
		x[j] = s.Optimum[i]
	}
	if s.Eval(x) != 0 {
		t.Errorf("value at the optimum = %v", s.Eval(x))
	}
	for j := range x {
		if j != s.Important[0] && j != s.Important[1] {
			x[j] = 1
		}
	}
	if v := s.Eval(x); v != 6*s.Weight {
		t.Errorf("unimportant coordinates add %v, want %v", v, 6*s.Weight)
	}
	if NewSparse(1, 8, 2).Important[0] != s.Important[0] {
		t.Error("the same seed gave another function")
	}
}

func ExampleBranin() {
	fmt.Printf("%.5f\n", Branin(math.Pi, 2.275))
	// Output: 0.39789
}

func ExampleHartmann6() {
	fmt.Printf("%.4f\n", Hartmann6([]float64{0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573}))
	// Output: -3.3224
}

func ExampleNewSparse() {
	f := NewSparse(7, 8, 2)
	fmt.Println(len(f.Important), "of", f.Dims, "dimensions matter")
	// Output: 2 of 8 dimensions matter
}
