package metrics

import (
	"math/rand/v2"
	"testing"
)

// benchData returns n seeded labels (30% positives) and scores whose
// distribution depends on the label, all distinct.
func benchData(n int) ([]int, []float64, []float64) {
	r := rand.New(rand.NewPCG(1, 2))
	y := make([]int, n)
	s := make([]float64, n)
	w := make([]float64, n)
	for i := range n {
		if r.Float64() < 0.3 {
			y[i] = 1
		}
		s[i] = 0.7*r.Float64() + 0.3*float64(y[i])*r.Float64()
		w[i] = 0.5 + r.Float64()
	}
	return y, s, w
}

func BenchmarkPR(b *testing.B) {
	y, s, _ := benchData(1_000_000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := PR(y, s, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPRWeighted(b *testing.B) {
	y, s, w := benchData(1_000_000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := PR(y, s, w); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkROCAUC(b *testing.B) {
	y, s, _ := benchData(1_000_000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ROCAUC(y, s, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkConfusion(b *testing.B) {
	y, s, _ := benchData(1_000_000)
	pred := make([]int, len(s))
	for i, v := range s {
		if v >= 0.5 {
			pred[i] = 1
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Confusion(y, pred, nil, nil); err != nil {
			b.Fatal(err)
		}
	}
}
