package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestMaxPool2 checks the pooling (assembly where there is some) against
// a plain reading of its definition, with ties: values are drawn from a
// few levels so that windows often hold equal maxima.
func TestMaxPool2(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for _, rows := range []int{1, 2, 7, 14} {
		for _, cols := range []int{1, 3, 7, 8, 9, 14, 16, 17} {
			wp := 2*cols + r.IntN(3)
			p := make([]float32, 2*rows*wp+3)
			for i := range p {
				p[i] = float32(r.IntN(4)) - 1.5
			}
			dst := make([]float32, rows*cols)
			arg := make([]int32, rows*cols)
			MaxPool2(dst, arg, p, rows, cols, wp)
			for y := 0; y < rows; y++ {
				for x := 0; x < cols; x++ {
					q0 := 2*y*wp + 2*x
					best := q0
					for _, q := range []int{q0 + 1, q0 + wp, q0 + wp + 1} {
						if p[q] > p[best] {
							best = q
						}
					}
					if dst[y*cols+x] != p[best] || arg[y*cols+x] != int32(best) {
						t.Fatalf("%dx%d wp %d: window (%d, %d): got %v at %d, want %v at %d", rows, cols, wp, y, x, dst[y*cols+x], arg[y*cols+x], p[best], best)
					}
				}
			}
			// the gradient: g at the maximum, zero elsewhere in the window,
			// untouched outside
			g := make([]float32, rows*cols)
			for i := range g {
				g[i] = float32(i + 1)
			}
			d := make([]float32, len(p))
			for i := range d {
				d[i] = -7
			}
			UnpoolMax2(d, g, arg, rows, cols, wp)
			want := make([]float32, len(p))
			for i := range want {
				want[i] = -7
			}
			for y := 0; y < rows; y++ {
				for x := 0; x < cols; x++ {
					q0 := 2*y*wp + 2*x
					for _, q := range []int{q0, q0 + 1, q0 + wp, q0 + wp + 1} {
						want[q] = 0
					}
					want[arg[y*cols+x]] = g[y*cols+x]
				}
			}
			for i := range d {
				if d[i] != want[i] {
					t.Fatalf("%dx%d wp %d: unpool d[%d] = %v, want %v", rows, cols, wp, i, d[i], want[i])
				}
			}
		}
	}
}

// TestMaxPool2ReLU: the fused bias and ReLU, and their gradient, agree
// with MaxPool2 and UnpoolMax2 applied by hand.
func TestMaxPool2ReLU(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	for _, rows := range []int{1, 3, 14} {
		for _, cols := range []int{1, 5, 7, 8, 9, 14, 17} {
			wp := 2*cols + r.IntN(3)
			p := make([]float32, 2*rows*wp+3)
			for i := range p {
				p[i] = float32(r.IntN(7)) - 3
			}
			bias := float32(0.5)
			ostride := cols + 3
			dst := make([]float32, rows*cols)
			arg := make([]int32, rows*cols)
			out := make([]float32, rows*ostride)
			for i := range out {
				out[i] = -9
			}
			MaxPool2ReLU(dst, arg, p, rows, cols, wp, bias, out, ostride)
			wantDst := make([]float32, rows*cols)
			wantArg := make([]int32, rows*cols)
			MaxPool2(wantDst, wantArg, p, rows, cols, wp)
			for y := 0; y < rows; y++ {
				for x := 0; x < cols; x++ {
					k := y*cols + x
					v := wantDst[k] + bias
					if dst[k] != v || arg[k] != wantArg[k] || out[y*ostride+x] != max(v, 0) {
						t.Fatalf("%dx%d: window (%d, %d): %v %d %v, want %v %d %v", rows, cols, y, x, dst[k], arg[k], out[y*ostride+x], v, wantArg[k], max(v, 0))
					}
				}
				for x := cols; x < ostride; x++ {
					if out[y*ostride+x] != -9 {
						t.Fatalf("%dx%d: out[%d][%d] written", rows, cols, y, x)
					}
				}
			}
			dout := make([]float32, rows*ostride)
			for i := range dout {
				dout[i] = float32(r.NormFloat64())
			}
			d := make([]float32, len(p))
			sum := UnpoolMax2ReLU(d, dout, ostride, dst, arg, rows, cols, wp)
			g := make([]float32, rows*cols)
			var wantSum float64
			for y := 0; y < rows; y++ {
				for x := 0; x < cols; x++ {
					if dst[y*cols+x] > 0 {
						g[y*cols+x] = dout[y*ostride+x]
						wantSum += float64(g[y*cols+x])
					}
				}
			}
			want := make([]float32, len(p))
			UnpoolMax2(want, g, arg, rows, cols, wp)
			for i := range d {
				if d[i] != want[i] {
					t.Fatalf("%dx%d: gradient d[%d] = %v, want %v", rows, cols, i, d[i], want[i])
				}
			}
			if math.Abs(float64(sum)-wantSum) > 1e-4*(1+math.Abs(wantSum)) {
				t.Fatalf("%dx%d: sum %v, want %v", rows, cols, sum, wantSum)
			}
		}
	}
}
