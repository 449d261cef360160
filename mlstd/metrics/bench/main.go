// Command bench times mlstd/metrics against scikit-learn on the same
// seeded data, in one run, and prints the ratios.
//
//	go run ./mlstd/metrics/bench            # 10^6 scores, 7 runs each
//	go run ./mlstd/metrics/bench -n 100000 -reps 11
//
// It generates labels (30% positives) and continuous scores (all
// distinct, the worst case for curve sizes), writes them as raw arrays,
// starts bench.py with /usr/bin/python3 (scikit-learn) on them, and times
// each operation on both sides in turns: one scikit-learn run, one mlstd
// run, and so on, so that both see the same load on a shared machine. It
// prints, for each operation, the median wall and processor times of both,
// their ratios,
// the bytes mlstd allocated for one call against the size of its input (Go
// ints and float64s are 8 bytes each, as numpy's int64 and float64 are),
// and the peak memory numpy allocated for it (tracemalloc). A busy machine
// still adds noise: rerun on a quiet one before quoting figures.
package main

import (
	"bufio"
	"encoding/binary"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/methodic-go/methodic/mlstd/metrics"
)

func main() {
	n := flag.Int("n", 1_000_000, "number of examples")
	reps := flag.Int("reps", 7, "timed runs per operation (the median is reported)")
	python := flag.String("python", "/usr/bin/python3", "Python with scikit-learn")
	seed := flag.Uint64("seed", 1, "seed of the data")
	flag.Parse()

	d := newData(*n, *seed)
	dir, err := os.MkdirTemp("", "metrics-bench")
	check(err)
	defer os.RemoveAll(dir)
	d.write(dir)

	py := startPython(*python, script(), dir)
	defer py.close()

	in16 := float64(16 * *n) // two 8-byte slices of n
	ops := []struct {
		name  string
		input float64
		run   func()
	}{
		{"pr+ap", in16, func() { _, err := metrics.PR(d.y, d.s, nil); check(err) }},
		{"pr", in16, func() { _, err := metrics.PR(d.y, d.s, nil); check(err) }},
		{"roc_auc", in16, func() { _, err := metrics.ROCAUC(d.y, d.s, nil); check(err) }},
		{"roc", in16, func() { _, err := metrics.ROC(d.y, d.s, nil); check(err) }},
		{"confusion", in16, func() { _, err := metrics.Confusion(d.y, d.pred, nil, nil); check(err) }},
		{"confusion10", in16, func() { _, err := metrics.Confusion(d.ym, d.pm, nil, nil); check(err) }},
		{"pr+ap weighted", in16 + float64(8**n), func() { _, err := metrics.PR(d.y, d.s, d.w); check(err) }},
	}
	desc := map[string]string{
		"pr+ap":          "precision_recall_curve + average_precision_score | PR",
		"pr":             "precision_recall_curve alone | PR",
		"roc_auc":        "roc_auc_score | ROCAUC",
		"roc":            "roc_curve | ROC (curve and AUC)",
		"confusion":      "confusion_matrix, 2 classes | Confusion",
		"confusion10":    "confusion_matrix, 10 classes | Confusion",
		"pr+ap weighted": "the first row with sample weights",
	}

	fmt.Printf("n = %d, %d runs each, scikit-learn and mlstd taking turns; medians\n", *n, *reps)
	fmt.Printf("load average before: %s\n\n", loadavg())
	fmt.Printf("%-15s %9s %9s %7s %9s %9s %7s %12s %8s %12s\n", "", "wall ms", "", "", "cpu ms", "", "", "mlstd", "", "sklearn")
	fmt.Printf("%-15s %9s %9s %7s %9s %9s %7s %12s %8s %12s\n", "operation", "sklearn", "mlstd", "ratio", "sklearn", "mlstd", "ratio", "alloc", "/ input", "peak")
	for _, op := range ops {
		py.run(op.name) // warm up
		op.run()
		var skWall, skCPU, mlWall, mlCPU []float64
		for range *reps {
			w, c := py.run(op.name)
			skWall, skCPU = append(skWall, w), append(skCPU, c)
			runtime.GC()
			c0 := processCPU()
			t0 := time.Now()
			op.run()
			mlWall = append(mlWall, float64(time.Since(t0).Nanoseconds())/1e6)
			mlCPU = append(mlCPU, float64(processCPU()-c0)/1e6)
		}
		runtime.GC()
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		op.run()
		runtime.ReadMemStats(&m1)
		alloc := float64(m1.TotalAlloc - m0.TotalAlloc)
		peak, _ := py.run("peak " + op.name)
		sw, mw, sc, mc := median(skWall), median(mlWall), median(skCPU), median(mlCPU)
		fmt.Printf("%-15s %9.1f %9.1f %7.3f %9.1f %9.1f %7.3f %10.1fMB %8.2f %10.1fMB\n",
			op.name, sw, mw, mw/sw, sc, mc, mc/sc, alloc/1e6, alloc/op.input, peak/1e6)
	}
	fmt.Printf("\nload average after: %s\n\n", loadavg())
	for _, op := range ops {
		fmt.Printf("  %-15s %s\n", op.name, desc[op.name])
	}
	fmt.Println(`
ratio = mlstd / scikit-learn (goal <= 0.333). cpu is processor time of the
whole process (Go's included garbage collector workers), steadier than wall
time on a busy machine. / input = bytes one mlstd call allocates / bytes of
its input (goal <= 3); peak = the most numpy held at once during the call.`)
}

// processCPU is the processor time used by this process so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	check(syscall.Getrusage(syscall.RUSAGE_SELF, &ru))
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// script finds bench.py next to this file's source, or under the current
// directory (the repository's root) when the build trimmed source paths.
func script() string {
	if _, self, _, ok := runtime.Caller(0); ok {
		p := filepath.Join(filepath.Dir(self), "bench.py")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return filepath.Join("mlstd", "metrics", "bench", "bench.py")
}

// python is bench.py serving requests over a pipe.
type python struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Scanner
}

func startPython(exe, script, dir string) *python {
	cmd := exec.Command(exe, script, dir)
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	check(err)
	out, err := cmd.StdoutPipe()
	check(err)
	check(cmd.Start())
	p := &python{cmd: cmd, in: in, out: bufio.NewScanner(out)}
	if !p.out.Scan() || p.out.Text() != "ready" {
		check(fmt.Errorf("bench.py did not start: %v", p.out.Err()))
	}
	return p
}

// run sends one request and returns the numbers bench.py answers (the
// second is 0 when it answers one).
func (p *python) run(req string) (float64, float64) {
	_, err := fmt.Fprintln(p.in, req)
	check(err)
	if !p.out.Scan() {
		check(fmt.Errorf("bench.py: no answer to %q: %v", req, p.out.Err()))
	}
	f := strings.Fields(p.out.Text())
	var v [2]float64
	for i := range min(len(f), 2) {
		v[i], err = strconv.ParseFloat(f[i], 64)
		check(err)
	}
	return v[0], v[1]
}

func (p *python) close() {
	p.in.Close()
	p.cmd.Wait()
}

type data struct {
	y, pred, ym, pm []int
	s, w            []float64
}

func newData(n int, seed uint64) *data {
	r := rand.New(rand.NewPCG(seed, 0x6d657472696373))
	d := &data{y: make([]int, n), pred: make([]int, n), ym: make([]int, n), pm: make([]int, n),
		s: make([]float64, n), w: make([]float64, n)}
	for i := range n {
		if r.Float64() < 0.3 {
			d.y[i] = 1
		}
		d.s[i] = 0.7*r.Float64() + 0.3*float64(d.y[i])*r.Float64()
		if d.s[i] >= 0.5 {
			d.pred[i] = 1
		}
		d.w[i] = 0.5 + r.Float64()
		d.ym[i] = int(math.Sqrt(r.Float64()) * 10) // 10 imbalanced classes
		d.pm[i] = d.ym[i]
		if r.Float64() < 0.3 {
			d.pm[i] = r.IntN(10)
		}
	}
	return d
}

func (d *data) write(dir string) {
	ints := map[string][]int{"y.i64": d.y, "pred.i64": d.pred, "ym.i64": d.ym, "pm.i64": d.pm}
	for name, v := range ints {
		b := make([]byte, 8*len(v))
		for i, x := range v {
			binary.LittleEndian.PutUint64(b[8*i:], uint64(int64(x)))
		}
		check(os.WriteFile(filepath.Join(dir, name), b, 0o644))
	}
	floats := map[string][]float64{"s.f64": d.s, "w.f64": d.w}
	for name, v := range floats {
		b := make([]byte, 8*len(v))
		for i, x := range v {
			binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(x))
		}
		check(os.WriteFile(filepath.Join(dir, name), b, 0o644))
	}
}

func median(x []float64) float64 {
	x = slices.Clone(x)
	slices.Sort(x)
	return x[len(x)/2]
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil || len(b) < 14 {
		return "unknown"
	}
	return string(b[:14])
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}
