package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/methodic-go/methodic/kernel/kerneltest"
)

// BenchmarkStartup starts the methodic binary as Jupyter would, with a
// connection file, and times it until kernel_info_reply arrives; it also
// reports the kernel's resident memory right after.
//
//	go test -run '^$' -bench Startup -benchtime 20x .
//
// With METHODIC_STARTUP_BASE set to another build of methodic (an older
// commit, say), it times that binary too, in the same run, as
// BenchmarkStartup/base.
func BenchmarkStartup(b *testing.B) {
	exe := filepath.Join(b.TempDir(), "methodic")
	if out, err := exec.Command("go", "build", "-o", exe, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	base := os.Getenv("METHODIC_STARTUP_BASE")
	if base == "" {
		benchStartup(b, exe)
		return
	}
	for round := 0; round < 2; round++ {
		b.Run("this", func(b *testing.B) { benchStartup(b, exe) })
		b.Run("base", func(b *testing.B) { benchStartup(b, base) })
	}
}

func benchStartup(b *testing.B, exe string) {
	var rss []float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		info, err := kerneltest.NewConnectionInfo()
		if err != nil {
			b.Fatal(err)
		}
		conn := filepath.Join(b.TempDir(), "kernel.json")
		if err := info.WriteFile(conn); err != nil {
			b.Fatal(err)
		}
		cmd := exec.Command(exe, "kernel", conn)
		b.StartTimer()
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		c, err := kerneltest.NewClient(info)
		if err != nil {
			b.Fatal(err)
		}
		if err := c.WaitReady(); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		rss = append(rss, residentMB(b, cmd.Process.Pid))
		c.Close()
		cmd.Process.Kill()
		cmd.Wait()
		b.StartTimer()
	}
	b.StopTimer()
	sort.Float64s(rss)
	b.ReportMetric(rss[len(rss)/2], "MB-rss")
}

// residentMB reads a process's resident set size from /proc.
func residentMB(b *testing.B, pid int) float64 {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		b.Skip("no /proc: cannot read resident memory")
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	b.Fatal("no VmRSS in /proc status")
	return 0
}

// BenchmarkTrivialCell times the round trip of a trivial cell, x := 1 as
// in e2e/bench/kernels.py, through the whole kernel (ZeroMQ, signing,
// the interpreter) in process: from execute_request sent to the status
// idle that ends it. It reports the
// median as p50-ns.
//
//	go test -run '^$' -bench TrivialCell .
func BenchmarkTrivialCell(b *testing.B) {
	srv := kerneltest.Start(b, startedSession(b))
	c := srv.Client(b)
	if _, err := c.Execute("x := 1"); err != nil {
		b.Fatal(err)
	}
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		e, err := c.Execute("x := 1")
		if err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(t0))
		if e.Reply.Status != "ok" {
			b.Fatalf("reply %+v", e.Reply)
		}
	}
	b.StopTimer()
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)/2].Nanoseconds()), "p50-ns")
}
