package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

func randSparse(r *rand.Rand, n int, zeros float64) []float32 {
	s := make([]float32, n)
	for i := range s {
		if r.Float64() >= zeros {
			s[i] = float32(r.NormFloat64())
		}
	}
	return s
}

// refMul is C = op(A)·B in float64, the reference for the float32 kernels.
func refMul(trans bool, m, n, k int, a []float32, lda int, b []float32, ldb int) []float64 {
	c := make([]float64, m*n)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			s := 0.0
			for p := 0; p < k; p++ {
				var av float32
				if trans {
					av = a[p*lda+i]
				} else {
					av = a[i*lda+p]
				}
				s += float64(av) * float64(b[p*ldb+j])
			}
			c[i*n+j] = s
		}
	}
	return c
}

func TestMulMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, sz := range [][3]int{{1, 1, 1}, {3, 10, 7}, {64, 128, 784}, {17, 33, 5}, {5, 70, 64}, {2, 9, 0}} {
		m, n, k := sz[0], sz[1], sz[2]
		for _, trans := range []bool{false, true} {
			var a []float32
			lda := k + 3
			if trans {
				lda = m + 2
				a = randSparse(r, max(1, k)*lda, 0.6)
			} else {
				a = randSparse(r, m*lda, 0.6)
			}
			ldb := n + 1
			b := randSparse(r, max(1, k)*ldb, 0)
			ldc := n + 4
			c := make([]float32, m*ldc)
			for i := range c {
				c[i] = 99 // overwritten unless acc
			}
			if trans {
				MulTN(0, m, n, k, a, lda, b, ldb, c, ldc, false)
			} else {
				MulNN(0, m, n, k, a, lda, b, ldb, c, ldc, false)
			}
			want := refMul(trans, m, n, k, a, lda, b, ldb)
			for i := 0; i < m; i++ {
				for j := 0; j < n; j++ {
					if d := math.Abs(float64(c[i*ldc+j]) - want[i*n+j]); d > 1e-4*(1+math.Abs(want[i*n+j])) {
						t.Fatalf("%v trans=%v: C[%d,%d] = %v, want %v", sz, trans, i, j, c[i*ldc+j], want[i*n+j])
					}
				}
				if n < ldc && c[i*ldc+n] != 99 {
					t.Fatalf("%v: wrote past the row", sz)
				}
			}
			// accumulate: adding the product again doubles it
			if trans {
				MulTN(0, m, n, k, a, lda, b, ldb, c, ldc, true)
			} else {
				MulNN(0, m, n, k, a, lda, b, ldb, c, ldc, true)
			}
			for i := 0; i < m; i++ {
				for j := 0; j < n; j++ {
					if d := math.Abs(float64(c[i*ldc+j]) - 2*want[i*n+j]); d > 2e-4*(1+math.Abs(want[i*n+j])) {
						t.Fatalf("%v trans=%v acc: C[%d,%d] = %v, want %v", sz, trans, i, j, c[i*ldc+j], 2*want[i*n+j])
					}
				}
			}
		}
	}
}

// TestMulPartitionIndependent: computing the rows in two ranges gives the
// same bits as computing them at once.
func TestMulPartitionIndependent(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	m, n, k := 37, 45, 61
	a := randSparse(r, m*k, 0.5)
	at := randSparse(r, k*m, 0.5)
	b := randSparse(r, k*n, 0)
	for _, trans := range []bool{false, true} {
		whole := make([]float32, m*n)
		parts := make([]float32, m*n)
		f := MulNN[float32]
		src := a
		lda := k
		if trans {
			f, src, lda = MulTN[float32], at, m
		}
		f(0, m, n, k, src, lda, b, n, whole, n, false)
		f(0, 13, n, k, src, lda, b, n, parts, n, false)
		f(13, m, n, k, src, lda, b, n, parts, n, false)
		for i := range whole {
			if math.Float32bits(whole[i]) != math.Float32bits(parts[i]) {
				t.Fatalf("trans=%v: element %d differs: %v vs %v", trans, i, whole[i], parts[i])
			}
		}
	}
}

func TestAdamMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{1, 7, 8, 9, 100, 1003} {
		p, g := randSparse(r, n, 0), randSparse(r, n, 0.2)
		mo, ve := randSparse(r, n, 0), randSparse(r, n, 0)
		for i := range ve {
			ve[i] *= ve[i]
		}
		p2, mo2, ve2 := append([]float32(nil), p...), append([]float32(nil), mo...), append([]float32(nil), ve...)
		Adam(p, g, mo, ve, 0.01, 0.9, 0.999, 1e-8)
		adamGo(p2, g, mo2, ve2, float32(0.01), 0.9, 0.999, 1e-8)
		for i := range p {
			for _, pair := range [][2]float32{{p[i], p2[i]}, {mo[i], mo2[i]}, {ve[i], ve2[i]}} {
				if d := math.Abs(float64(pair[0] - pair[1])); d > 1e-6*(1+math.Abs(float64(pair[1]))) {
					t.Fatalf("n=%d element %d: %v vs portable %v", n, i, pair[0], pair[1])
				}
			}
		}
		// a split slice gives the same bits
		q1, q2 := append([]float32(nil), p2...), append([]float32(nil), p2...)
		m1, m2 := append([]float32(nil), mo2...), append([]float32(nil), mo2...)
		v1, v2 := append([]float32(nil), ve2...), append([]float32(nil), ve2...)
		Adam(q1, g, m1, v1, 0.01, 0.9, 0.999, 1e-8)
		h := n / 3
		Adam(q2[:h], g[:h], m2[:h], v2[:h], 0.01, 0.9, 0.999, 1e-8)
		Adam(q2[h:], g[h:], m2[h:], v2[h:], 0.01, 0.9, 0.999, 1e-8)
		for i := range q1 {
			if math.Float32bits(q1[i]) != math.Float32bits(q2[i]) {
				t.Fatalf("n=%d: split Adam differs at %d", n, i)
			}
		}
	}
}

func TestAxpy(t *testing.T) {
	x := []float32{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}
	y := make([]float32, 11)
	Axpy(2, x, y)
	for i := range y {
		if y[i] != 2*x[i] {
			t.Fatalf("y[%d] = %v", i, y[i])
		}
	}
}

func BenchmarkMulNN(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	m, n, k := 64, 128, 784
	a := randSparse(r, m*k, 0.8)
	w := randSparse(r, k*n, 0)
	c := make([]float32, m*n)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		MulNN(0, m, n, k, a, k, w, n, c, n, false)
	}
}

func BenchmarkMulTN(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	m, n, k := 784, 128, 64
	a := randSparse(r, k*m, 0.8)
	dz := randSparse(r, k*n, 0)
	c := make([]float32, m*n)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		MulTN(0, m, n, k, a, m, dz, n, c, n, false)
	}
}
