//go:build !amd64

package kernels

func axpy32(a float32, x, y []float32) { axpyGo32(a, x, y) }

func adam32(p, g, mo, ve []float32, lr, b1, b2, eps float32) {
	adamGo(p, g, mo, ve, lr, b1, b2, eps)
}
