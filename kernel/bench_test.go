package kernel_test

import (
	"slices"
	"testing"
	"time"

	"github.com/methodic-go/methodic/kernel"
	"github.com/methodic-go/methodic/kernel/kerneltest"
)

// reportQuantiles adds p50 and p99 of ds to the benchmark's report.
func reportQuantiles(b *testing.B, ds []time.Duration) {
	if len(ds) == 0 {
		return
	}
	slices.Sort(ds)
	b.ReportMetric(float64(ds[len(ds)/2].Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(ds[len(ds)*99/100].Nanoseconds()), "p99-ns")
}

func benchServer(b *testing.B) *kerneltest.Client {
	srv := kerneltest.StartWith(b, newFake(), kernel.Options{Logger: quietLogger()})
	return srv.Client(b)
}

// BenchmarkExecuteRoundTrip measures a trivial cell from the client's
// execute_request to both its execute_reply and its status idle, over
// real ZeroMQ sockets on 127.0.0.1 (the fake interpreter takes no time).
func BenchmarkExecuteRoundTrip(b *testing.B) {
	c := benchServer(b)
	ds := make([]time.Duration, 0, 1024)
	for b.Loop() {
		t0 := time.Now()
		e, err := c.Execute("result 1")
		if err != nil || e.Reply.Status != "ok" {
			b.Fatal(err, e)
		}
		ds = append(ds, time.Since(t0))
	}
	reportQuantiles(b, ds)
}

// BenchmarkKernelInfoRoundTrip measures a request answered on the shell
// reader's goroutine, reply only.
func BenchmarkKernelInfoRoundTrip(b *testing.B) {
	c := benchServer(b)
	ds := make([]time.Duration, 0, 1024)
	for b.Loop() {
		t0 := time.Now()
		if _, err := c.Request(kerneltest.Shell, "kernel_info_request", struct{}{}); err != nil {
			b.Fatal(err)
		}
		ds = append(ds, time.Since(t0))
	}
	reportQuantiles(b, ds)
}

// BenchmarkStartup measures a kernel from Listen (binding five sockets)
// to a connected client's first kernel_info_reply and IOPub status, which
// is what jupyter_client waits for.
func BenchmarkStartup(b *testing.B) {
	ds := make([]time.Duration, 0, 64)
	for b.Loop() {
		t0 := time.Now()
		srv, err := kerneltest.NewServer(newFake(), kernel.Options{Logger: quietLogger()})
		if err != nil {
			b.Fatal(err)
		}
		c, err := kerneltest.NewClient(srv.Info)
		if err != nil {
			b.Fatal(err)
		}
		if err := c.WaitReady(); err != nil {
			b.Fatal(err)
		}
		ds = append(ds, time.Since(t0))
		c.Close()
		srv.Close()
	}
	reportQuantiles(b, ds)
}
