//go:build !amd64 || purego

package kernels

func axpy32(a float32, x, y []float32) { axpyGo32(a, x, y) }

func adam32(p, g, mo, ve []float32, lr, b1, b2, eps float32) {
	adamGo(p, g, mo, ve, lr, b1, b2, eps)
}

func mulRows32(trans bool, i0, i1, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, acc bool) bool {
	return false
}

const useAVX2 = false

func rowSparse32(c, vals []float32, offs []int32, b []float32, acc int) {
	panic("kernels: no assembly on this platform")
}

func shiftDot32(dst, a []float32, offs []int32, b []float32) { shiftDotGo(dst, a, offs, b) }

func maxPool2AVX2(dst []float32, arg []int32, p []float32, rows, cols, wp int) {
	panic("kernels: no assembly on this platform")
}

func unpoolMax2AVX2(d, g []float32, arg []int32, rows, cols, wp int) {
	panic("kernels: no assembly on this platform")
}

func shiftSum3AVX2(c []float32, ldc int, w []float32, ldw int, offs []int32, b []float32, n int, acc int) {
	panic("kernels: no assembly on this platform")
}

func maxPool2ReLUAVX2(dst []float32, arg []int32, p []float32, rows, cols, wp int, bias float32, out []float32, ostride int) {
	panic("kernels: no assembly on this platform")
}

func unpoolMax2ReLUAVX2(d, dout []float32, dstride int, pooled []float32, arg []int32, rows, cols, wp int) float32 {
	panic("kernels: no assembly on this platform")
}

func shiftDots32(dst []float32, ldd, rows int, a []float32, lda, n int, offs []int32, b []float32, slack bool) {
	for r := 0; r < rows; r++ {
		shiftDot32(dst[r*ldd:r*ldd+len(offs)], a[r*lda:r*lda+n], offs, b)
	}
}
