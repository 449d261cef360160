//go:build amd64 && !purego

package kernels

import (
	"math"
	"sync"
)

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
func rowSparse32(c, vals []float32, offs []int, b []float32, acc int)

//go:noescape
func adamAVX2(p, g, mo, ve []float32, lr, b1, b2, eps float32)

func axpy32(a float32, x, y []float32) {
	if useAVX2 && len(y) > 0 {
		_ = x[len(y)-1]
		rowSparse32(y, []float32{a}, []int{0}, x, 1)
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

// sparseRow is the scratch of one goroutine's call of mulRows32: the
// nonzero multipliers of a row and the byte offsets of their rows of B.
type sparseRow struct {
	vals []float32
	offs []int
}

var sparsePool = sync.Pool{New: func() any { return new(sparseRow) }}

// mulRows32 computes rows i0 <= i < i1 of C (m x n) as MulNN (trans
// false) or MulTN (trans true) do, with the assembly kernel: each row of
// op(A) is first compressed to its nonzero elements, so that the kernel
// runs without branches over the terms that count. It reports false when
// the kernel is not available.
// nonzero is 1 for a nonzero v and 0 for ±0, without a branch.
func nonzero(v float32) int {
	return int((math.Float32bits(v)&0x7fffffff + 0x7fffffff) >> 31)
}

func mulRows32(trans bool, i0, i1, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, acc bool) bool {
	if !useAVX2 {
		return false
	}
	if n == 0 || i1 <= i0 {
		return true
	}
	ac := 0
	if acc {
		ac = 1
	}
	if k == 0 {
		if !acc {
			for i := i0; i < i1; i++ {
				clear(c[i*ldc : i*ldc+n])
			}
		}
		return true
	}
	_ = b[(k-1)*ldb+n-1]
	s := sparsePool.Get().(*sparseRow)
	if cap(s.vals) < k {
		s.vals, s.offs = make([]float32, k), make([]int, k)
	}
	vals, offs := s.vals[:k], s.offs[:k]
	step := ldb
	for i := i0; i < i1; i++ {
		nz := 0
		if trans {
			col := a[i : i+(k-1)*lda+1]
			for p := 0; p < k; p++ {
				v := col[p*lda]
				vals[nz], offs[nz] = v, p*step
				nz += nonzero(v)
			}
		} else {
			row := a[i*lda : i*lda+k]
			for p, v := range row {
				vals[nz], offs[nz] = v, p*step
				nz += nonzero(v)
			}
		}
		ci := c[i*ldc : i*ldc+n]
		if nz == 0 {
			if !acc {
				clear(ci)
			}
			continue
		}
		rowSparse32(ci, vals[:nz], offs[:nz], b, ac)
	}
	sparsePool.Put(s)
	return true
}
