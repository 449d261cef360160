package models

import (
	"fmt"
	"runtime"
	"syscall"
	"testing"

	"github.com/methodic-go/methodic/internal/kernels"
	"github.com/methodic-go/methodic/mlstd/data"
)

// benchConvNet returns the MNIST network built for 28x28 images
// and a batch of 64 random images.
func benchConvNet(b *testing.B, workers int) (*stack[float32], []float32, []int) {
	o := ConvNetOptions{Workers: workers}
	st, err := buildConv[float32](o, inputShape{C: 1, H: 28, W: 28}, []int{10})
	if err != nil {
		b.Fatal(err)
	}
	r := data.NewRand(1)
	st.init(r, DefaultInit, ReLU)
	x := make([]float32, 64*784)
	for i := range x {
		if r.Float64() < 0.2 {
			x[i] = float32(r.Float64())
		}
	}
	y := make([]int, 64)
	for i := range y {
		y[i] = i % 10
	}
	return st, x, y
}

// threadCPU runs f b.N times on one locked thread and reports its
// processor time per call: on a busy machine, wall time measures the
// other processes.
func threadCPU(b *testing.B, f func()) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var r0, r1 syscall.Rusage
	syscall.Getrusage(1, &r0) // RUSAGE_THREAD
	for i := 0; i < b.N; i++ {
		f()
	}
	syscall.Getrusage(1, &r1)
	ns := (r1.Utime.Nano() + r1.Stime.Nano()) - (r0.Utime.Nano() + r0.Stime.Nano())
	b.ReportMetric(float64(ns)/float64(b.N), "cpu-ns/op")
}

func BenchmarkConvNetStep(b *testing.B) {
	st, x, y := benchConvNet(b, 1)
	r := data.NewRand(2)
	st.forward(x, 64, training, r)
	b.Run("forward", func(b *testing.B) { threadCPU(b, func() { st.forward(x, 64, training, r) }) })
	b.Run("backward", func(b *testing.B) { threadCPU(b, func() { st.backward(x, y, 64) }) })
	b.Run("dense", func(b *testing.B) {
		threadCPU(b, func() {
			st.tail.forward(st.flat, 64, training, r)
			st.tail.backward(st.flat, y, 64)
		})
	})
	for li, l := range st.convs {
		b.Run(fmt.Sprintf("conv%d", li+1), func(b *testing.B) {
			threadCPU(b, func() {
				for im := 0; im < 64; im++ {
					kernels.ShiftSums(l.zc[im*l.cout*l.L:], l.L, l.cout, l.L, l.wT, l.K, l.taps, l.in[im*l.inRow:], false)
				}
			})
		})
		b.Run(fmt.Sprintf("pool%d", li+1), func(b *testing.B) {
			threadCPU(b, func() {
				for im := 0; im < 64; im++ {
					l.pool(im, false)
				}
			})
		})
		b.Run(fmt.Sprintf("dW%d", li+1), func(b *testing.B) {
			threadCPU(b, func() {
				clear(l.gwT)
				for i := 0; i < 64; i++ {
					kernels.ShiftDots(l.gwT, l.K, l.cout, l.dzg[i*l.cout*l.Lm+l.margin:], l.Lm, l.L, l.taps, l.in[i*l.inRow:])
				}
			})
		})
		if !l.first {
			kk := l.kh * l.kw
			n := l.ih * l.wp
			p0 := l.ph * l.wp
			b.Run(fmt.Sprintf("dIn%d", li+1), func(b *testing.B) {
				threadCPU(b, func() {
					for i := 0; i < 64; i++ {
						d := l.dzg[i*l.cout*l.Lm : (i+1)*l.cout*l.Lm]
						kernels.ShiftSums(l.din[i*l.inRow+p0:], l.plane, l.cin, n, l.wIn, l.cout*kk, l.dtaps, d, false)
					}
				})
			})
		}
		b.Run(fmt.Sprintf("unpool%d", li+1), func(b *testing.B) {
			threadCPU(b, func() {
				for im := 0; im < 64; im++ {
					l.unpool(im)
				}
			})
		})
	}
}

// BenchmarkConvIm2col measures the choice doc.go argues: the forward
// convolutions of the MNIST network by direct convolution (shifted rows,
// kernels.ShiftSum) against im2col (the taps' shifted rows copied into a
// matrix, then one product by the same kind of kernel, kernels.MulNN),
// per batch of 64 images, on one thread.
func BenchmarkConvIm2col(b *testing.B) {
	st, x, _ := benchConvNet(b, 1)
	st.forward(x, 64, training, data.NewRand(2))
	for li, l := range st.convs {
		b.Run(fmt.Sprintf("conv%d/direct", li+1), func(b *testing.B) {
			threadCPU(b, func() {
				for im := 0; im < 64; im++ {
					kernels.ShiftSums(l.zc[im*l.cout*l.L:], l.L, l.cout, l.L, l.wT, l.K, l.taps, l.in[im*l.inRow:], false)
				}
			})
		})
		b.Run(fmt.Sprintf("conv%d/direct-one-filter-at-a-time", li+1), func(b *testing.B) {
			threadCPU(b, func() {
				for im := 0; im < 64; im++ {
					src := l.in[im*l.inRow:]
					for f := 0; f < l.cout; f++ {
						o := (im*l.cout + f) * l.L
						kernels.ShiftSum(l.zc[o:o+l.L], l.wT[f*l.K:(f+1)*l.K], l.taps, src, false)
					}
				}
			})
		})
		col := make([]float32, l.K*l.L)
		b.Run(fmt.Sprintf("conv%d/im2col", li+1), func(b *testing.B) {
			threadCPU(b, func() {
				for im := 0; im < 64; im++ {
					src := l.in[im*l.inRow:]
					for t, off := range l.taps.Offs {
						copy(col[t*l.L:(t+1)*l.L], src[off:int(off)+l.L])
					}
					kernels.MulNN(0, l.cout, l.L, l.K, l.wT, l.K, col, l.L, l.zc[im*l.cout*l.L:], l.L, false)
				}
			})
		})
		b.Run(fmt.Sprintf("conv%d/im2col-product-only", li+1), func(b *testing.B) {
			threadCPU(b, func() {
				for im := 0; im < 64; im++ {
					kernels.MulNN(0, l.cout, l.L, l.K, l.wT, l.K, col, l.L, l.zc[im*l.cout*l.L:], l.L, false)
				}
			})
		})
	}
}
