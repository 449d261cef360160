package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestSparseMatchesDense: S·B and Sᵀ·B from the sparse form agree with
// the dense kernels (which also multiply the zeros, so that the grouping
// of terms in narrow columns differs: equal to rounding).
func TestSparseMatchesDense(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	m, k, n := 23, 50, 37
	a := randSparse(r, m*k, 0.7)
	b := randSparse(r, k*n, 0)
	var s Sparse[float32]
	s.Reset()
	for i := 0; i < m; i++ {
		s.AppendDense(a[i*k:(i+1)*k], n)
	}
	got, want := make([]float32, m*n), make([]float32, m*n)
	MulSparse(0, m, n, &s, nil, b, got, n, false)
	MulNN(0, m, n, k, a, k, b, n, want, n, false)
	for i := range got {
		if !close32(got[i], want[i]) {
			t.Fatalf("S·B element %d: %v, dense %v", i, got[i], want[i])
		}
	}
	// Aᵀ·D for D (m x n): transpose the sparse form with offsets row·n
	d := randSparse(r, m*n, 0)
	var st Sparse[float32]
	st.Transpose(&s, nil, k, n)
	got2, want2 := make([]float32, k*n), make([]float32, k*n)
	MulSparse(0, k, n, &st, nil, d, got2, n, false)
	MulTN(0, k, n, m, a, k, d, n, want2, n, false)
	for i := range got2 {
		if !close32(got2[i], want2[i]) {
			t.Fatalf("Sᵀ·D element %d: %v, dense %v", i, got2[i], want2[i])
		}
	}
	// a gathered copy of rows gives the rows
	var g Sparse[float32]
	g.Reset()
	g.AppendRow(&s, 5)
	g.AppendRow(&s, 2)
	row := make([]float32, 2*n)
	MulSparse(0, 2, n, &g, nil, b, row, n, false)
	for j := 0; j < n; j++ {
		if row[j] != got[5*n+j] || row[n+j] != got[2*n+j] {
			t.Fatal("gathered rows differ")
		}
	}
	// the same through a list of rows, and its transpose
	MulSparse(0, 2, n, &s, []int{5, 2}, b, row, n, false)
	for j := 0; j < n; j++ {
		if row[j] != got[5*n+j] || row[n+j] != got[2*n+j] {
			t.Fatal("listed rows differ")
		}
	}
	var gt, lt Sparse[float32]
	gt.Transpose(&g, nil, k, n)
	lt.Transpose(&s, []int{5, 2}, k, n)
	if len(gt.Val) != len(lt.Val) {
		t.Fatal("transposes of listed rows differ")
	}
	for q := range gt.Val {
		if gt.Val[q] != lt.Val[q] || gt.Off[q] != lt.Off[q] || gt.Col[q] != lt.Col[q] {
			t.Fatal("transposes of listed rows differ")
		}
	}
}

func close32(a, b float32) bool {
	return math.Abs(float64(a)-float64(b)) <= 1e-5*(1+math.Abs(float64(b)))
}

// TestMulSparseChecksBounds: a B too short for the offsets panics in Go
// instead of letting the assembly read past it.
func TestMulSparseChecksBounds(t *testing.T) {
	var s Sparse[float32]
	s.Reset()
	s.AppendDense([]float32{0, 0, 1}, 8) // offset 16
	c := make([]float32, 8)
	defer func() {
		if recover() == nil {
			t.Error("no panic for a B of 20 elements read up to 24")
		}
	}()
	MulSparse(0, 1, 8, &s, nil, make([]float32, 20), c, 8, false)
}
