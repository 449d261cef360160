// Command bench measures issue 19's table in one run: the four cells of
// workloads.go interpreted by Methodic, compiled by Methodic's %%compile,
// as compiled Go, as pure Python, and built into a program per cell as a
// kernel that compiles every cell does (our own code doing what GoNB
// does: write the cell into a main package, go build, run); gophernotes
// too when it is on PATH. It also times the compile round trip of a
// %%compile cell with a warm build cache and the trivial interpreted cell.
//
//	go run ./native/bench [-reps 3] [-compiles 11] [-skip-interpreted]
//
// Times are medians of -reps runs of each cell; the load average is
// printed with them, since the machine is shared.
package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/methodic-go/methodic/display"
	"github.com/methodic-go/methodic/interp"
)

//go:embed workloads.go
var workloadsSource string

// A cell of the table: how its input is made, and the call timed.
type cell struct {
	name   string
	setup  string // Go statements making the input, not timed
	call   string // the Go expression timed
	python string // the same in Python: setup, then the timed expression
	pySet  string
}

var cells = []cell{
	{name: "pairwise distances, 1,000 points x 64 dims", setup: "ps := points(1000, 64)", call: "pairwise(ps)",
		pySet: "ps = points(1000, 64)", python: "pairwise(ps)"},
	{name: "naive 200x200 matrix product", setup: "ma := matrix(200)", call: "matmul(ma, ma)",
		pySet: "ma = matrix(200)", python: "matmul(ma, ma)"},
	{name: "word count over 1 MB", setup: "tx := text(1 << 20)", call: "wordCount(tx)",
		pySet: "tx = text(1 << 20)", python: "word_count(tx)"},
	{name: "loop 1..1e7", setup: "", call: "loop(10000000)",
		pySet: "", python: "loop(10000000)"},
}

// compiledGo runs the cells as Go compiled into this program.
func compiledGo(i int) func() {
	var ps [][]float64
	var ma [][]float64
	var tx string
	switch i {
	case 0:
		ps = points(1000, 64)
		return func() { _ = pairwise(ps) }
	case 1:
		ma = matrix(200)
		return func() { _ = matmul(ma, ma) }
	case 2:
		tx = text(1 << 20)
		return func() { _ = wordCount(tx) }
	}
	return func() { _ = loop(10000000) }
}

const pythonSource = `
import math, sys, time, json

def points(n, dim):
    seed = 1
    ps = []
    for i in range(n):
        p = []
        for j in range(dim):
            seed = (seed * 6364136223846793005 + 1442695040888963407) % (1 << 64)
            p.append((seed >> 11) / (1 << 53))
        ps.append(p)
    return ps

def pairwise(ps):
    total = 0.0
    n = len(ps)
    for i in range(n):
        a = ps[i]
        for j in range(i + 1, n):
            b = ps[j]
            s = 0.0
            for k in range(len(a)):
                d = a[k] - b[k]
                s += d * d
            total += math.sqrt(s)
    return total

def matrix(n):
    return [[((i * 7 + j * 3) % 11) / 10 for j in range(n)] for i in range(n)]

def matmul(a, b):
    n, m, p = len(a), len(b), len(b[0])
    c = []
    for i in range(n):
        row = []
        for j in range(p):
            s = 0.0
            for k in range(m):
                s += a[i][k] * b[k][j]
            row.append(s)
        c.append(row)
    return c

def text(size):
    words = ["the", "model", "data", "loss", "train", "test", "metric", "error", "rate", "of", "a", "baseline"]
    out, n, seed = [], 0, 7
    while n < size:
        seed = (seed * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        w = words[(seed >> 33) % len(words)]
        out.append(w + " ")
        n += len(w) + 1
    return "".join(out)

def word_count(s):
    counts = {}
    for w in s.split():
        counts[w] = counts.get(w, 0) + 1
    return counts

def loop(n):
    s = 0
    for i in range(1, n + 1):
        s += i
    return s

reps = int(sys.argv[1])
SETUP
times = []
for _ in range(reps):
    t, c = time.perf_counter(), time.process_time()
    CALL
    times.append([time.perf_counter() - t, time.process_time() - c])
print(json.dumps(times))
`

func main() {
	reps := flag.Int("reps", 3, "runs of each cell; the median is shown")
	compiles := flag.Int("compiles", 11, "%%compile round trips timed for the p50")
	skipInterp := flag.Bool("skip-interpreted", false, "skip the interpreted and Python columns (minutes of the run)")
	flag.Parse()
	if err := run(*reps, *compiles, *skipInterp); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// cellOut discards a cell's output.
type cellOut struct{}

func (cellOut) Stream(name, text string)             {}
func (cellOut) Display(display.Bundle, string, bool) {}
func (cellOut) Clear(bool)                           {}
func (cellOut) Input(string, bool) (string, error)   { return "", fmt.Errorf("no input") }

// sample is one timed run: wall time, and the CPU time of this process
// and of the children it waited for (the go command, the linker), which
// other processes on a shared machine do not inflate.
type sample struct{ wall, cpu time.Duration }

func cpuNow() time.Duration {
	var self, kids syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &self)
	syscall.Getrusage(syscall.RUSAGE_CHILDREN, &kids)
	tv := func(t syscall.Timeval) time.Duration { return time.Duration(t.Nano()) }
	return tv(self.Utime) + tv(self.Stime) + tv(kids.Utime) + tv(kids.Stime)
}

func measure(f func() error) (sample, error) {
	c, t := cpuNow(), time.Now()
	err := f()
	return sample{wall: time.Since(t), cpu: cpuNow() - c}, err
}

func exec1(s *interp.Session, code string) (sample, error) {
	return measure(func() error {
		r := s.Execute(context.Background(), code, cellOut{}, interp.ExecOptions{})
		if r.Err != nil {
			return fmt.Errorf("%s: %s: %s", code, r.Err.Name, r.Err.Value)
		}
		return nil
	})
}

func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

// medians returns the medians of the wall and CPU times of samples.
func medians(ss []sample) sample {
	var w, c []time.Duration
	for _, s := range ss {
		w, c = append(w, s.wall), append(c, s.cpu)
	}
	return sample{median(w), median(c)}
}

// clockCell is compiled into each session: the clock the cells read
// around the call, so that the cell's own overhead is not counted.
const clockCell = `%%compile
import (
	"time"

	"golang.org/x/sys/unix"
)

func benchClock() (wall, cpu int64) {
	var ts unix.Timespec
	unix.ClockGettime(unix.CLOCK_PROCESS_CPUTIME_ID, &ts)
	return time.Now().UnixNano(), ts.Nano()
}`

// benchClock is the same clock, for the compiled Go column.
func benchClock() (wall, cpu int64) {
	var ts unix.Timespec
	unix.ClockGettime(unix.CLOCK_PROCESS_CPUTIME_ID, &ts)
	return time.Now().UnixNano(), ts.Nano()
}

// timeWork times a call inside a cell, reps times: the work itself, as
// %time would show it, without the cell's own overhead.
func timeWork(s *interp.Session, call string, reps int) (sample, error) {
	code := "func() [2]int64 {\n\tw0, c0 := benchClock()\n\t_ = " + call + "\n\tw1, c1 := benchClock()\n\treturn [2]int64{w1 - w0, c1 - c0}\n}()"
	var ss []sample
	for r := 0; r < reps; r++ {
		res := s.Execute(context.Background(), code, cellOut{}, interp.ExecOptions{})
		if res.Err != nil {
			return sample{}, fmt.Errorf("%s: %s: %s", code, res.Err.Name, res.Err.Value)
		}
		var w, c int64
		if res.Value == nil {
			return sample{}, fmt.Errorf("%s: no value", code)
		}
		if _, err := fmt.Sscanf(res.Value.Text(), "[%d %d]", &w, &c); err != nil {
			return sample{}, fmt.Errorf("%s: %q: %v", code, res.Value.Text(), err)
		}
		ss = append(ss, sample{time.Duration(w), time.Duration(c)})
	}
	return medians(ss), nil
}

// timeCell runs a cell reps times in s.
func timeCell(s *interp.Session, code string, reps int) (sample, error) {
	var ss []sample
	for r := 0; r < reps; r++ {
		d, err := exec1(s, code)
		if err != nil {
			return sample{}, err
		}
		ss = append(ss, d)
	}
	return medians(ss), nil
}

func uptime() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:3], " ")
}

// declarations is workloads.go without its package clause and comments
// above it: the text of a cell.
func declarations() string {
	i := strings.Index(workloadsSource, "import (")
	return workloadsSource[i:]
}

type row struct {
	interp, compiled, goTime, python, perCell sample
}

func run(reps, compiles int, skipInterp bool) error {
	fmt.Printf("load average at start: %s\n", uptime())
	rows := make([]row, len(cells))

	// Compiled Go.
	for i := range cells {
		f := compiledGo(i)
		var ss []sample
		for r := 0; r < 3*reps; r++ {
			w0, c0 := benchClock()
			f()
			w1, c1 := benchClock()
			ss = append(ss, sample{time.Duration(w1 - w0), time.Duration(c1 - c0)})
		}
		rows[i].goTime = medians(ss)
	}

	// Methodic, %%compile.
	s, err := interp.New(interp.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	first, err := exec1(s, "%%compile\n"+declarations())
	if err != nil {
		return err
	}
	if _, err := exec1(s, clockCell); err != nil {
		return err
	}
	for i, c := range cells {
		if c.setup != "" {
			if _, err := exec1(s, c.setup); err != nil {
				return err
			}
		}
		if rows[i].compiled, err = timeWork(s, c.call, 3*reps); err != nil {
			return err
		}
	}
	// The compile round trip: a small cell, compiled anew each time (its
	// constant changes), the build cache warm from the cell above.
	var rt []sample
	for k := 0; k < compiles; k++ {
		d, err := exec1(s, fmt.Sprintf("%%%%compile\nfunc scaled%d(xs []float64) float64 {\n\ts := 0.0\n\tfor _, x := range xs {\n\t\ts += %d * x\n\t}\n\treturn s\n}", k, k+1))
		if err != nil {
			return err
		}
		rt = append(rt, d)
	}
	loadCompile := uptime()
	// The trivial interpreted cell, in a session that compiled a cell and
	// in one that did not.
	trivWith, err := trivial(true)
	if err != nil {
		return err
	}
	trivWithout, err := trivial(false)
	if err != nil {
		return err
	}

	// Compile every cell, as GoNB does: each cell a program, built and run.
	everyBuild, err := compileEveryCell(reps, rows)
	if err != nil {
		return err
	}

	if !skipInterp {
		si, err := interp.New(interp.Options{})
		if err != nil {
			return err
		}
		defer si.Close()
		if _, err := exec1(si, declarations()); err != nil {
			return err
		}
		if _, err := exec1(si, clockCell); err != nil {
			return err
		}
		for i, c := range cells {
			if c.setup != "" {
				if _, err := exec1(si, c.setup); err != nil {
					return err
				}
			}
			if rows[i].interp, err = timeWork(si, c.call, reps); err != nil {
				return err
			}
		}
		for i, c := range cells {
			d, err := python(reps, c)
			if err != nil {
				fmt.Fprintf(os.Stderr, "python: %v\n", err)
				continue
			}
			rows[i].python = d
		}
	}

	fmt.Printf("\nload average at end: %s; medians of %d runs; wall time, and CPU time in brackets\n\n", uptime(), reps)
	os.Stdout.WriteString(tableHeader)
	fmt.Println("|---|---|---|---|---|---|---|")
	for i, c := range cells {
		r := rows[i]
		fmt.Printf("| %s | %s | %s | %s | %.2fx (%.2fx) | %s | %s + %s |\n", c.name, both(r.interp), both(r.compiled), both(r.goTime),
			float64(r.compiled.wall)/float64(r.goTime.wall), float64(r.compiled.cpu)/float64(r.goTime.cpu),
			both(r.python), both(r.perCell), both(everyBuild))
	}
	fmt.Printf("\nfirst %%%%compile of the four cells' declarations in this session: %s\n", both(first))
	p50 := medians(rt)
	sort.Slice(rt, func(i, j int) bool { return rt[i].wall < rt[j].wall })
	fmt.Printf("%%%%compile round trip of a small cell, warm build cache, %d runs: p50 %s, wall min %s, max %s (load %s)\n",
		len(rt), both(p50), show(rt[0].wall), show(rt[len(rt)-1].wall), loadCompile)
	fmt.Printf("compile every cell: go build of a trivial cell's program, p50 of %d: %s\n", reps, both(everyBuild))
	fmt.Printf("interpreted trivial cell (x := 1), p50 of %d: %s in a fresh session, %s after a %%%%compile\n", trivialRuns, both(trivWithout), both(trivWith))
	return nil
}

const trivialRuns = 500

// trivial times x := 1 in a new session, after compiling a cell or not.
func trivial(compiled bool) (sample, error) {
	s, err := interp.New(interp.Options{})
	if err != nil {
		return sample{}, err
	}
	defer s.Close()
	if compiled {
		if _, err := exec1(s, "%%compile\nfunc triv(x int) int { return x + 1 }"); err != nil {
			return sample{}, err
		}
	}
	return timeCell(s, "x := 1", trivialRuns)
}

// both shows a sample: wall (cpu).
func both(s sample) string {
	if s.wall == 0 {
		return "-"
	}
	return fmt.Sprintf("%s (%s)", show(s.wall), show(s.cpu))
}

func show(d time.Duration) string {
	switch {
	case d == 0:
		return "-"
	case d >= time.Second:
		return fmt.Sprintf("%.2f s", d.Seconds())
	case d >= 10*time.Millisecond:
		return fmt.Sprintf("%.0f ms", float64(d)/1e6)
	case d >= time.Millisecond:
		return fmt.Sprintf("%.1f ms", float64(d)/1e6)
	}
	return fmt.Sprintf("%.0f µs", float64(d)/1e3)
}

// python runs a cell in python3 and returns the median of its runs.
func python(reps int, c cell) (sample, error) {
	src := strings.Replace(pythonSource, "SETUP", c.pySet, 1)
	src = strings.Replace(src, "CALL", c.python, 1)
	out, err := exec.Command("python3", "-c", src, strconv.Itoa(reps)).Output()
	if err != nil {
		return sample{}, err
	}
	var runs [][2]float64
	if err := json.Unmarshal(out, &runs); err != nil {
		return sample{}, err
	}
	var ss []sample
	for _, r := range runs {
		ss = append(ss, sample{time.Duration(r[0] * 1e9), time.Duration(r[1] * 1e9)})
	}
	return medians(ss), nil
}

// compileEveryCell builds each cell into a program of its own, as a kernel
// that compiles every cell does, and runs it: the run's time of the
// cell goes into rows; the build time of a trivial cell's program
// (p50 of reps, warm cache) is returned.
func compileEveryCell(reps int, rows []row) (sample, error) {
	dir, err := os.MkdirTemp("", "methodic-every-cell-")
	if err != nil {
		return sample{}, err
	}
	defer os.RemoveAll(dir)
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module everycell\n\ngo 1.22\n"), 0o644); err != nil {
		return sample{}, err
	}
	decl := "package main\n\n" + declarations()
	if err := os.WriteFile(filepath.Join(dir, "workloads.go"), []byte(decl), 0o644); err != nil {
		return sample{}, err
	}
	build := func(mainSrc string) (sample, error) {
		if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(mainSrc), 0o644); err != nil {
			return sample{}, err
		}
		cmd := exec.Command("go", "build", "-o", "cell", ".")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
		return measure(func() error {
			if out, err := cmd.CombinedOutput(); err != nil {
				return fmt.Errorf("go build: %v: %s", err, out)
			}
			return nil
		})
	}
	for i, c := range cells {
		src := fmt.Sprintf(everyCellMain, c.setup, c.call)
		if _, err := build(src); err != nil {
			return sample{}, err
		}
		var ss []sample
		for r := 0; r < reps; r++ {
			out, err := exec.Command(filepath.Join(dir, "cell")).Output()
			if err != nil {
				return sample{}, err
			}
			var wall, cpu int64
			fmt.Sscan(string(out), &wall, &cpu)
			ss = append(ss, sample{time.Duration(wall), time.Duration(cpu)})
		}
		rows[i].perCell = medians(ss)
	}
	var bs []sample
	for r := 0; r < reps; r++ {
		d, err := build(fmt.Sprintf("package main\n\nfunc main() {\n\tx := %d\n\t_ = x\n}\n", r))
		if err != nil {
			return sample{}, err
		}
		bs = append(bs, d)
	}
	return medians(bs), nil
}

// everyCellMain is the program of one cell: its setup, then the call,
// timed in wall and CPU nanoseconds.
const everyCellMain = `package main

import (
	"fmt"
	"syscall"
	"time"
	"unsafe"
)

func cpu() int64 {
	var ts syscall.Timespec
	syscall.Syscall(syscall.SYS_CLOCK_GETTIME, 2, uintptr(unsafe.Pointer(&ts)), 0) // CLOCK_PROCESS_CPUTIME_ID
	return ts.Nano()
}

func main() {
	%s
	c, t := cpu(), time.Now()
	_ = %s
	fmt.Println(time.Since(t).Nanoseconds(), cpu()-c)
}
`

const tableHeader = "| user-written cell | Methodic interpreted | Methodic %%compile | compiled Go | %%compile / Go | pure Python | compile every cell (run + build) |\n"
