package kernels

import (
	"fmt"
	"runtime"
	"syscall"
	"testing"
)

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

func BenchmarkMaxPool2(b *testing.B) {
	for _, cols := range []int{14, 16, 7, 8} {
		rows, wp := cols, 2*cols+2
		p := make([]float32, 2*rows*wp+8)
		for i := range p {
			p[i] = float32(i%7) - 3
		}
		dst := make([]float32, rows*cols)
		arg := make([]int32, rows*cols)
		b.Run(fmt.Sprintf("pool/%d", cols), func(b *testing.B) {
			threadCPU(b, func() { MaxPool2(dst, arg, p, rows, cols, wp) })
		})
		b.Run(fmt.Sprintf("unpool/%d", cols), func(b *testing.B) {
			threadCPU(b, func() { UnpoolMax2(p, dst, arg, rows, cols, wp) })
		})
	}
}
