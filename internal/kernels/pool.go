package kernels

// MaxPool2 pools 2x2 windows that do not overlap: for y < rows and
// x < cols it sets dst[y·cols+x] to the largest of p[q] for q = 2y·wp+2x
// plus 0, 1, wp and wp+1, compared in that order (the first of equal
// values wins), and arg[y·cols+x] to that q. It panics if p is too short
// or wp < 2·cols.
func MaxPool2[T Float](dst []T, arg []int32, p []T, rows, cols, wp int) {
	if rows <= 0 || cols <= 0 {
		return
	}
	checkPool2(len(dst), len(arg), len(p), rows, cols, wp)
	if d32, ok := any(dst).([]float32); ok && useAVX2 {
		maxPool2AVX2(d32, arg, any(p).([]float32), rows, cols, wp)
		return
	}
	for y := 0; y < rows; y++ {
		for x := 0; x < cols; x++ {
			q0 := 2*y*wp + 2*x
			best := q0
			for _, q := range [3]int{q0 + 1, q0 + wp, q0 + wp + 1} {
				if p[q] > p[best] {
					best = q
				}
			}
			dst[y*cols+x], arg[y*cols+x] = p[best], int32(best)
		}
	}
}

// UnpoolMax2 is the gradient of MaxPool2: for every window it sets d[q]
// to g[y·cols+x] where q is arg[y·cols+x] and 0 at the window's three
// other elements. Elements of d outside the windows are not touched.
func UnpoolMax2[T Float](d, g []T, arg []int32, rows, cols, wp int) {
	if rows <= 0 || cols <= 0 {
		return
	}
	checkPool2(len(g), len(arg), len(d), rows, cols, wp)
	if d32, ok := any(d).([]float32); ok && useAVX2 {
		unpoolMax2AVX2(d32, any(g).([]float32), arg, rows, cols, wp)
		return
	}
	for y := 0; y < rows; y++ {
		for x := 0; x < cols; x++ {
			q0 := 2*y*wp + 2*x
			a := int(arg[y*cols+x])
			v := g[y*cols+x]
			for _, q := range [4]int{q0, q0 + 1, q0 + wp, q0 + wp + 1} {
				if q == a {
					d[q] = v
				} else {
					d[q] = 0
				}
			}
		}
	}
}

func checkPool2(nOut, nArg, nGrid, rows, cols, wp int) {
	if nOut < rows*cols || nArg < rows*cols || wp < 2*cols || nGrid < (2*rows-1)*wp+2*cols {
		panic("kernels: 2x2 pooling out of range")
	}
}

// MaxPool2ReLU is MaxPool2 with a bias and the ReLU: dst[y·cols+x] is the
// window's maximum plus bias, and out[y·ostride+x] the larger of that and
// 0 (the ReLU of the maximum, which is the maximum of the ReLUs).
func MaxPool2ReLU[T Float](dst []T, arg []int32, p []T, rows, cols, wp int, bias T, out []T, ostride int) {
	if rows <= 0 || cols <= 0 {
		return
	}
	checkPool2(len(dst), len(arg), len(p), rows, cols, wp)
	if ostride < cols || len(out) < (rows-1)*ostride+cols {
		panic("kernels: MaxPool2ReLU: out too short")
	}
	if d32, ok := any(dst).([]float32); ok && useAVX2 {
		maxPool2ReLUAVX2(d32, arg, any(p).([]float32), rows, cols, wp, float32(bias), any(out).([]float32), ostride)
		return
	}
	MaxPool2(dst, arg, p, rows, cols, wp)
	for y := 0; y < rows; y++ {
		for x := 0; x < cols; x++ {
			v := dst[y*cols+x] + bias
			dst[y*cols+x] = v
			out[y*ostride+x] = max(v, 0)
		}
	}
}

// UnpoolMax2ReLU is the gradient of MaxPool2ReLU: it does what
// UnpoolMax2 does with the gradient g of window (y, x) being
// dout[y·dstride+x] where pooled[y·cols+x] > 0 and 0 elsewhere, and
// returns the sum of those gradients (the bias's).
func UnpoolMax2ReLU[T Float](d, dout []T, dstride int, pooled []T, arg []int32, rows, cols, wp int) T {
	if rows <= 0 || cols <= 0 {
		return 0
	}
	checkPool2(len(pooled), len(arg), len(d), rows, cols, wp)
	if dstride < cols || len(dout) < (rows-1)*dstride+cols {
		panic("kernels: UnpoolMax2ReLU: dout too short")
	}
	if d32, ok := any(d).([]float32); ok && useAVX2 {
		return T(unpoolMax2ReLUAVX2(d32, any(dout).([]float32), dstride, any(pooled).([]float32), arg, rows, cols, wp))
	}
	g := make([]T, rows*cols)
	var sum T
	for y := 0; y < rows; y++ {
		for x := 0; x < cols; x++ {
			if pooled[y*cols+x] > 0 {
				g[y*cols+x] = dout[y*dstride+x]
				sum += g[y*cols+x]
			}
		}
	}
	UnpoolMax2(d, g, arg, rows, cols, wp)
	return sum
}
