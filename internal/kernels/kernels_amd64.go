//go:build amd64 && !purego

package kernels

// useAVX2 reports whether the processor and the operating system support
// AVX2 and FMA (CPUID and XGETBV), checked once.
var useAVX2 = detectAVX2()

func detectAVX2() bool {
	_, _, ecx1, _ := cpuid(1, 0)
	const fma, osxsave, avx = 1 << 12, 1 << 27, 1 << 28
	if ecx1&(fma|osxsave|avx) != fma|osxsave|avx {
		return false
	}
	if xcr0 := xgetbv0(); xcr0&6 != 6 { // XMM and YMM state enabled
		return false
	}
	_, ebx7, _, _ := cpuid(7, 0)
	return ebx7&(1<<5) != 0
}

func cpuid(leaf, sub uint32) (eax, ebx, ecx, edx uint32)
func xgetbv0() uint32

// rowSparse32 sets (or with acc != 0 adds to) c[j] for j < len(c) the
// sum over q < len(vals) of vals[q] * b[offs[q]+j], in increasing q, one
// fused multiply-add per term. offs are element offsets into b, which the
// caller has checked.
//
//go:noescape
func rowSparse32(c, vals []float32, offs []int32, b []float32, acc int)

//go:noescape
func adamAVX2(p, g, mo, ve []float32, lr, b1, b2, eps float32)

func axpy32(a float32, x, y []float32) {
	if useAVX2 && len(y) > 0 {
		_ = x[len(y)-1]
		rowSparse32(y, []float32{a}, []int32{0}, x, 1)
		return
	}
	axpyGo32(a, x, y)
}

func adam32(p, g, mo, ve []float32, lr, b1, b2, eps float32) {
	if useAVX2 && len(p) > 0 {
		_, _, _ = g[len(p)-1], mo[len(p)-1], ve[len(p)-1]
		adamAVX2(p, g, mo, ve, lr, b1, b2, eps)
		return
	}
	adamGo(p, g, mo, ve, lr, b1, b2, eps)
}

// rowDense32 sets (or with acc != 0 adds to) c[j] for j < len(c) the sum
// over p < k of a[p*astride] * b[p*ldb+j], in increasing p, one fused
// multiply-add per term. The caller has checked the bounds.
//
//go:noescape
func rowDense32(c, a []float32, astride, k int, b []float32, ldb int, acc int)

// mulRows32 computes rows i0 <= i < i1 of C (m x n) as MulNN (trans
// false) or MulTN (trans true) do, with the dense assembly kernel: every
// term is multiplied, zeros included, which for activations costs less
// than finding the zeros. It reports false when the kernel is not
// available.
func mulRows32(trans bool, i0, i1, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, acc bool) bool {
	if !useAVX2 {
		return false
	}
	if n == 0 || i1 <= i0 {
		return true
	}
	if k == 0 {
		if !acc {
			for i := i0; i < i1; i++ {
				clear(c[i*ldc : i*ldc+n])
			}
		}
		return true
	}
	ac := 0
	if acc {
		ac = 1
	}
	_ = b[(k-1)*ldb+n-1]
	for i := i0; i < i1; i++ {
		ci := c[i*ldc : i*ldc+n]
		if trans {
			rowDense32(ci, a[i:i+(k-1)*lda+1], lda, k, b, ldb, ac)
		} else {
			rowDense32(ci, a[i*lda:i*lda+k], 1, k, b, ldb, ac)
		}
	}
	return true
}

// shiftDot8AVX2 is ShiftDot for len(dst) a multiple of 8 (see
// shift_amd64.s for the order of the sums).
//
//go:noescape
func shiftDot8AVX2(dst, a []float32, offs []int32, b []float32)

// shiftDot32 runs the taps eight at a time; the last group is padded with
// copies of its last tap, whose sums are dropped, so that every tap's sum
// is formed the same way.
func shiftDot32(dst, a []float32, offs []int32, b []float32) {
	n8 := len(dst) &^ 7
	if n8 > 0 {
		shiftDot8AVX2(dst[:n8], a, offs[:n8], b)
	}
	if r := len(dst) - n8; r > 0 {
		var d [8]float32
		var o [8]int32
		copy(d[:], dst[n8:])
		copy(o[:], offs[n8:])
		for k := r; k < 8; k++ {
			o[k] = o[r-1]
		}
		shiftDot8AVX2(d[:], a, o[:], b)
		copy(dst[n8:], d[:r])
	}
}

//go:noescape
func maxPool2AVX2(dst []float32, arg []int32, p []float32, rows, cols, wp int)

//go:noescape
func unpoolMax2AVX2(d, g []float32, arg []int32, rows, cols, wp int)

// shiftSum3AVX2 is ShiftSums for three rows (see shift_amd64.s).
//
//go:noescape
func shiftSum3AVX2(c []float32, ldc int, w []float32, ldw int, offs []int32, b []float32, n int, acc int)

//go:noescape
func maxPool2ReLUAVX2(dst []float32, arg []int32, p []float32, rows, cols, wp int, bias float32, out []float32, ostride int)

//go:noescape
func unpoolMax2ReLUAVX2(d, dout []float32, dstride int, pooled []float32, arg []int32, rows, cols, wp int) float32

// shiftDot3AVX2 is ShiftDots for three rows and a multiple of 4 taps (see
// shift_amd64.s); b must hold 7 values past every offset plus n.
//
//go:noescape
func shiftDot3AVX2(dst []float32, ldd int, a []float32, lda int, n int, offs []int32, b []float32)

// shiftDots32 computes three rows of ShiftDots at a time (the remaining
// rows, or all when b has no slack, one at a time); the taps that do not
// fill a group of four are padded with copies of the last, whose sums are
// dropped.
func shiftDots32(dst []float32, ldd, rows int, a []float32, lda, n int, offs []int32, b []float32, slack bool) {
	K := len(offs)
	r := 0
	if slack {
		k4 := K &^ 3
		for ; r+3 <= rows; r += 3 {
			d, ar := dst[r*ldd:], a[r*lda:]
			if k4 > 0 {
				shiftDot3AVX2(d, ldd, ar, lda, n, offs[:k4], b)
			}
			if rem := K - k4; rem > 0 {
				var dd [12]float32
				var o [4]int32
				copy(o[:], offs[k4:])
				for k := rem; k < 4; k++ {
					o[k] = o[rem-1]
				}
				for q := 0; q < 3; q++ {
					copy(dd[4*q:4*q+rem], d[q*ldd+k4:q*ldd+K])
				}
				shiftDot3AVX2(dd[:], 4, ar, lda, n, o[:], b)
				for q := 0; q < 3; q++ {
					copy(d[q*ldd+k4:q*ldd+K], dd[4*q:4*q+rem])
				}
			}
		}
	}
	for ; r < rows; r++ {
		shiftDot32(dst[r*ldd:r*ldd+K], a[r*lda:r*lda+n], offs, b)
	}
}
