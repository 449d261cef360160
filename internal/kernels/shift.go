package kernels

// The two loops of a direct convolution. A convolution of planes stored
// one after the other, each padded with zeros and of width wp, is a sum
// of shifted copies of its input: output element q of a filter is
// Σ_t w[t]·in[offs[t]+q], where t runs over the filter's taps (input
// channel c, kernel row a, column b) and offs[t] = c·plane + a·wp + b.
// ShiftSum computes a row of such outputs (the forward pass, and with
// the filter turned round, the gradient with respect to the input);
// ShiftDot computes the gradient with respect to the taps, one dot
// product of the output's gradient with a shifted input per tap.

// Taps are the offsets of a filter's taps, with their range (checked
// once per call instead of once per tap).
type Taps struct {
	Offs   []int32
	lo, hi int
}

// NewTaps returns the taps at offsets offs (not copied). It panics on a
// negative offset.
func NewTaps(offs []int32) Taps {
	lo, hi := offRange(offs)
	if lo < 0 {
		panic("kernels: NewTaps: negative offset")
	}
	return Taps{Offs: offs, lo: lo, hi: hi}
}

// ShiftSum sets (or with acc adds to) c[j], for j < len(c), the sum over
// t < len(w) of w[t]·b[taps.Offs[t]+j], summing in increasing t (the
// float32 assembly groups the terms of a row's last columns, see
// rowSparse32). w must have len(taps.Offs) weights. It panics if some
// offset plus len(c) exceeds len(b).
func ShiftSum[T Float](c, w []T, taps Taps, b []T, acc bool) {
	if len(c) == 0 {
		return
	}
	offs := taps.Offs
	w = w[:len(offs)]
	if taps.hi+len(c) > len(b) {
		panic("kernels: ShiftSum: offsets out of range")
	}
	if len(w) == 0 {
		if !acc {
			clear(c)
		}
		return
	}
	if c32, ok := any(c).([]float32); ok && useAVX2 {
		ac := 0
		if acc {
			ac = 1
		}
		rowSparse32(c32, any(w).([]float32), offs, any(b).([]float32), ac)
		return
	}
	if !acc {
		clear(c)
	}
	for t, wt := range w {
		o := int(offs[t])
		Axpy(wt, b[o:o+len(c)], c)
	}
}

// ShiftSums is ShiftSum for rows rows at once: row r sets (or adds to)
// c[r·ldc+j], for j < n, the sum over t of w[r·ldw+t]·b[taps.Offs[t]+j].
// The float32 assembly computes three rows at a time, sharing the loads
// of b, and sums each output in increasing t; a row's result does not
// depend on the other rows the call computes with it only because rows
// are grouped in threes from the first: callers that split rows between
// goroutines must split them at multiples of 3 (ShiftSums3). It panics
// if an offset plus n exceeds len(b).
func ShiftSums[T Float](c []T, ldc, rows, n int, w []T, ldw int, taps Taps, b []T, acc bool) {
	if rows <= 0 || n <= 0 {
		return
	}
	K := len(taps.Offs)
	if taps.hi+n > len(b) {
		panic("kernels: ShiftSums: offsets out of range")
	}
	_ = c[(rows-1)*ldc+n-1]
	_ = w[(rows-1)*ldw+K-1]
	r := 0
	if c32, ok := any(c).([]float32); ok && useAVX2 && K > 0 {
		w32, b32 := any(w).([]float32), any(b).([]float32)
		ac := 0
		if acc {
			ac = 1
		}
		for ; r+3 <= rows; r += 3 {
			shiftSum3AVX2(c32[r*ldc:], ldc, w32[r*ldw:], ldw, taps.Offs, b32, n, ac)
		}
	}
	for ; r < rows; r++ {
		ShiftSum(c[r*ldc:r*ldc+n], w[r*ldw:r*ldw+K], taps, b, acc)
	}
}

// ShiftSums3 is the multiple of 3 that ShiftSums's callers split rows at.
const ShiftSums3 = 3

// ShiftDot adds to dst[t], for t < len(dst) = len(taps.Offs), the sum
// over j < len(a) of a[j]·b[taps.Offs[t]+j]. Each sum is formed in an
// order that depends only on len(a), then added to dst[t]. It panics if
// some offset plus len(a) exceeds len(b).
func ShiftDot[T Float](dst, a []T, taps Taps, b []T) {
	if len(a) == 0 || len(dst) == 0 {
		return
	}
	offs := taps.Offs
	dst = dst[:len(offs)]
	if taps.hi+len(a) > len(b) {
		panic("kernels: ShiftDot: offsets out of range")
	}
	if d32, ok := any(dst).([]float32); ok && useAVX2 {
		shiftDot32(d32, any(a).([]float32), offs, any(b).([]float32))
		return
	}
	shiftDotGo(dst, a, offs, b)
}

// ShiftDots is ShiftDot for rows rows of a at once: dst[r·ldd+t] +=
// Σ_{j<n} a[r·lda+j]·b[taps.Offs[t]+j]. Each sum is formed as ShiftDot
// forms it, whichever rows a call is given; the float32 assembly computes
// three rows at a time, sharing the loads of b, when b holds 7 values past
// every offset plus n (ShiftDotSlack), one at a time otherwise.
func ShiftDots[T Float](dst []T, ldd, rows int, a []T, lda, n int, taps Taps, b []T) {
	K := len(taps.Offs)
	if rows <= 0 || n <= 0 || K == 0 {
		return
	}
	if taps.hi+n > len(b) {
		panic("kernels: ShiftDots: offsets out of range")
	}
	_ = dst[(rows-1)*ldd+K-1]
	_ = a[(rows-1)*lda+n-1]
	if d32, ok := any(dst).([]float32); ok && useAVX2 {
		shiftDots32(d32, ldd, rows, any(a).([]float32), lda, n, taps.Offs, any(b).([]float32), taps.hi+n+ShiftDotSlack <= len(b))
		return
	}
	for r := 0; r < rows; r++ {
		shiftDotGo(dst[r*ldd:r*ldd+K], a[r*lda:r*lda+n], taps.Offs, b)
	}
}

// ShiftDotSlack is how many values past the last offset plus n a b given
// to ShiftDots should hold for the fast kernel.
const ShiftDotSlack = 7

// shiftDotGo sums each dot product in four interleaved partial sums
// (terms j ≡ 0, 1, 2, 3 mod 4, the remaining terms into the first),
// added as (s0+s1)+(s2+s3).
func shiftDotGo[T Float](dst, a []T, offs []int32, b []T) {
	n := len(a)
	n4 := n &^ 3
	for t := range dst {
		bt := b[int(offs[t]) : int(offs[t])+n]
		var s0, s1, s2, s3 T
		for j := 0; j < n4; j += 4 {
			s0 += a[j] * bt[j]
			s1 += a[j+1] * bt[j+1]
			s2 += a[j+2] * bt[j+2]
			s3 += a[j+3] * bt[j+3]
		}
		for j := n4; j < n; j++ {
			s0 += a[j] * bt[j]
		}
		dst[t] += (s0 + s1) + (s2 + s3)
	}
}

func offRange(offs []int32) (lo, hi int) {
	if len(offs) == 0 {
		return 0, 0
	}
	l, h := offs[0], offs[0]
	for _, o := range offs[1:] {
		l = min(l, o)
		h = max(h, o)
	}
	return int(l), int(h)
}
