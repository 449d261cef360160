// Package kernels holds the loops that training a network spends its time
// in: matrix products written as rows of axpy operations (dense, or over a
// sparse left operand whose zeros cost nothing: MNIST's pixels are mostly
// zero), and the optimisers' element-wise updates. They are generic over
// float32 and float64; the float32 loops use AVX2 and FMA assembly on
// amd64 processors that have them, and portable Go elsewhere.
//
// Every function computes each output element with the same sequence of
// floating-point operations whatever the caller's partition of the work
// into row ranges, so that results do not depend on the number of
// goroutines: callers parallelise over rows of the output only. The
// sequence may differ between the assembly and the portable loops.
package kernels

// Float is the element type of the kernels.
type Float interface{ ~float32 | ~float64 }

// Axpy sets y[i] += a*x[i] for i < len(y). x must be at least as long as y.
func Axpy[T Float](a T, x, y []T) {
	switch yy := any(y).(type) {
	case []float32:
		axpy32(float32(a), any(x).([]float32), yy)
		return
	}
	x = x[:len(y)]
	for i := range y {
		y[i] += a * x[i]
	}
}

func axpyGo32(a float32, x, y []float32) {
	x = x[:len(y)]
	for i := range y {
		y[i] += a * x[i]
	}
}

// MulNN sets C = A·B (or adds A·B to C when acc is set) for row-major A
// (m x k, stride lda), B (k x n, stride ldb) and C (m x n, stride ldc),
// for the rows i0 <= i < i1 of C only. The portable loops skip zero
// elements of A; the assembly multiplies them (see rowDense32).
func MulNN[T Float](i0, i1, n, k int, a []T, lda int, b []T, ldb int, c []T, ldc int, acc bool) {
	if c32, ok := any(c).([]float32); ok && mulRows32(false, i0, i1, n, k, any(a).([]float32), lda, any(b).([]float32), ldb, c32, ldc, acc) {
		return
	}
	for i := i0; i < i1; i++ {
		ci := c[i*ldc : i*ldc+n]
		if !acc {
			clear(ci)
		}
		ai := a[i*lda : i*lda+k]
		for p, av := range ai {
			if av == 0 {
				continue
			}
			Axpy(av, b[p*ldb:p*ldb+n], ci)
		}
	}
}

// MulTN sets C = Aᵀ·B (or adds it when acc is set) for row-major A (k x m,
// stride lda), B (k x n) and C (m x n), for rows i0 <= i < i1 of C only.
// The portable loops skip zero elements of A and sum over k in increasing
// order; the assembly groups the terms of narrow columns (see rowSparse32).
func MulTN[T Float](i0, i1, n, k int, a []T, lda int, b []T, ldb int, c []T, ldc int, acc bool) {
	if c32, ok := any(c).([]float32); ok && mulRows32(true, i0, i1, n, k, any(a).([]float32), lda, any(b).([]float32), ldb, c32, ldc, acc) {
		return
	}
	if !acc {
		for i := i0; i < i1; i++ {
			clear(c[i*ldc : i*ldc+n])
		}
	}
	for p := 0; p < k; p++ {
		ap := a[p*lda+i0 : p*lda+i1]
		bp := b[p*ldb : p*ldb+n]
		for ii, av := range ap {
			if av == 0 {
				continue
			}
			i := i0 + ii
			Axpy(av, bp, c[i*ldc:i*ldc+n])
		}
	}
}

// Transpose writes the transpose of the m x n row-major matrix a (stride
// lda) into t (n x m, stride m).
func Transpose[T Float](m, n int, a []T, lda int, t []T) {
	const blk = 32
	for i0 := 0; i0 < m; i0 += blk {
		for j0 := 0; j0 < n; j0 += blk {
			for i := i0; i < min(i0+blk, m); i++ {
				for j := j0; j < min(j0+blk, n); j++ {
					t[j*m+i] = a[i*lda+j]
				}
			}
		}
	}
}

// Adam applies one step of Adam to params p with gradient g, first and
// second moment estimates mo and ve: mo = b1·mo + (1-b1)·g,
// ve = b2·ve + (1-b2)·g², p -= lr·mo/(√ve + eps), where lr already holds
// the bias correction. All slices have the length of p.
func Adam[T Float](p, g, mo, ve []T, lr, b1, b2, eps T) {
	switch pp := any(p).(type) {
	case []float32:
		adam32(pp, any(g).([]float32), any(mo).([]float32), any(ve).([]float32), float32(lr), float32(b1), float32(b2), float32(eps))
		return
	}
	adamGo(p, g, mo, ve, lr, b1, b2, eps)
}

func adamGo[T Float](p, g, mo, ve []T, lr, b1, b2, eps T) {
	g, mo, ve = g[:len(p)], mo[:len(p)], ve[:len(p)]
	for i := range p {
		gi := g[i]
		m := b1*mo[i] + (1-b1)*gi
		v := b2*ve[i] + (1-b2)*gi*gi
		mo[i], ve[i] = m, v
		p[i] -= lr * m / (sqrt(v) + eps)
	}
}

// Momentum applies one step of SGD with momentum mu: vel = mu·vel - lr·g,
// then p += vel, or with nesterov set p += mu·vel - lr·g (the velocity
// just computed), as scikit-learn's SGDOptimizer does.
func Momentum[T Float](p, g, vel []T, lr, mu T, nesterov bool) {
	g, vel = g[:len(p)], vel[:len(p)]
	for i := range p {
		v := mu*vel[i] - lr*g[i]
		vel[i] = v
		if nesterov {
			p[i] += mu*v - lr*g[i]
		} else {
			p[i] += v
		}
	}
}
