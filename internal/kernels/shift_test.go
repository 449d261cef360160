package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// shiftCase draws taps with offsets into a b long enough for rows of n.
func shiftCase(r *rand.Rand, taps, n int) (w []float32, offs []int32, b []float32) {
	b = randSparse(r, 3*n+50, 0.3)
	for t := 0; t < taps; t++ {
		w = append(w, float32(r.NormFloat64()))
		offs = append(offs, int32(r.IntN(len(b)-n+1)))
	}
	return w, offs, b
}

func TestShiftSumMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{1, 7, 8, 31, 32, 33, 64, 100, 840} {
		for _, taps := range []int{0, 1, 5, 9, 144} {
			w, offs, b := shiftCase(r, taps, n)
			for _, acc := range []bool{false, true} {
				c := make([]float32, n)
				for j := range c {
					c[j] = float32(j)
				}
				ShiftSum(c, w, NewTaps(offs), b, acc)
				for j := range c {
					want := 0.0
					if acc {
						want = float64(j)
					}
					for k := range w {
						want += float64(w[k]) * float64(b[int(offs[k])+j])
					}
					if math.Abs(float64(c[j])-want) > 1e-4*(1+math.Abs(want)) {
						t.Fatalf("n=%d taps=%d acc=%v: c[%d] = %v, want %v", n, taps, acc, j, c[j], want)
					}
				}
			}
		}
	}
}

func TestShiftDotMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{1, 3, 7, 8, 9, 15, 16, 17, 224, 840} {
		for _, taps := range []int{1, 5, 8, 9, 16, 23, 144} {
			_, offs, b := shiftCase(r, taps, n)
			a := randSparse(r, n, 0.2)
			dst := make([]float32, taps)
			for k := range dst {
				dst[k] = float32(k)
			}
			ShiftDot(dst, a, NewTaps(offs), b)
			dst64 := make([]float64, taps)
			b64 := make([]float64, len(b))
			for i, v := range b {
				b64[i] = float64(v)
			}
			a64 := make([]float64, n)
			for i, v := range a {
				a64[i] = float64(v)
			}
			for k := range dst64 {
				dst64[k] = float64(k)
			}
			ShiftDot(dst64, a64, NewTaps(offs), b64) // the portable loops, in float64
			for k := range dst {
				if math.Abs(float64(dst[k])-dst64[k]) > 1e-4*(1+math.Abs(dst64[k])) {
					t.Fatalf("n=%d taps=%d: dst[%d] = %v, want %v", n, taps, k, dst[k], dst64[k])
				}
			}
		}
	}
}

// TestShiftDotSplitIndependent: a tap's sum has the same bits whatever
// other taps the call computes, so that callers may split taps freely.
func TestShiftDotSplitIndependent(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	_, offs, b := shiftCase(r, 21, 101)
	a := randSparse(r, 101, 0)
	whole := make([]float32, 21)
	ShiftDot(whole, a, NewTaps(offs), b)
	for k := range offs {
		one := make([]float32, 1)
		ShiftDot(one, a, NewTaps(offs[k:k+1]), b)
		if math.Float32bits(one[0]) != math.Float32bits(whole[k]) {
			t.Fatalf("tap %d: alone %v, among others %v", k, one[0], whole[k])
		}
	}
}

func TestShiftBoundsPanic(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("ShiftDot read past b without panicking")
		}
	}()
	ShiftDot(make([]float32, 1), make([]float32, 10), NewTaps([]int32{5}), make([]float32, 14))
}

// TestShiftSums: several rows at once give what ShiftSum gives row by
// row, within rounding (the assembly sums each output in increasing t in
// both, but groups a row's last columns differently), for every row count
// and width, with and without acc.
func TestShiftSums(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for _, rows := range []int{1, 2, 3, 4, 5, 7} {
		for _, n := range []int{1, 7, 8, 9, 31, 32, 33, 40, 224, 840} {
			_, offs, b := shiftCase(r, 13, n)
			taps := NewTaps(offs)
			ldw, ldc := 15, n+5
			w := randSparse(r, rows*ldw, 0)
			for _, acc := range []bool{false, true} {
				c := make([]float32, rows*ldc)
				for i := range c {
					c[i] = float32(i % 5)
				}
				want := append([]float32(nil), c...)
				ShiftSums(c, ldc, rows, n, w, ldw, taps, b, acc)
				for k := 0; k < rows; k++ {
					ShiftSum(want[k*ldc:k*ldc+n], w[k*ldw:k*ldw+13], taps, b, acc)
				}
				for i := range c {
					if math.Abs(float64(c[i]-want[i])) > 1e-4*(1+math.Abs(float64(want[i]))) {
						t.Fatalf("rows %d n %d acc %v: c[%d] = %v, want %v", rows, n, acc, i, c[i], want[i])
					}
				}
			}
		}
	}
}

// TestShiftDots: rows at once give the same bits as ShiftDot row by row
// (the sums are formed alike), with and without the slack the fast kernel
// needs, for every row count, tap count and width.
func TestShiftDots(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	for _, rows := range []int{1, 2, 3, 4, 6, 7} {
		for _, taps := range []int{1, 4, 5, 8, 9, 13, 144} {
			for _, n := range []int{1, 7, 8, 9, 31, 224} {
				for _, slack := range []int{0, ShiftDotSlack} {
					_, offs, b := shiftCase(r, taps, n)
					hi := 0
					for _, o := range offs {
						hi = max(hi, int(o))
					}
					b = append(b, make([]float32, ShiftDotSlack)...)[:hi+n+slack]
					lda, ldd := n+3, taps+2
					a := randSparse(r, rows*lda, 0.3)
					dst := make([]float32, rows*ldd)
					for i := range dst {
						dst[i] = float32(i % 3)
					}
					want := append([]float32(nil), dst...)
					ShiftDots(dst, ldd, rows, a, lda, n, NewTaps(offs), b)
					for q := 0; q < rows; q++ {
						ShiftDot(want[q*ldd:q*ldd+taps], a[q*lda:q*lda+n], NewTaps(offs), b)
					}
					for i := range dst {
						if math.Float32bits(dst[i]) != math.Float32bits(want[i]) {
							t.Fatalf("rows %d taps %d n %d slack %d: dst[%d] = %v, want %v", rows, taps, n, slack, i, dst[i], want[i])
						}
					}
				}
			}
		}
	}
}
