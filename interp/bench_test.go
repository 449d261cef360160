package interp

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Figures the issue asks for; run with
//
//	go test ./interp/ -run XXX -bench . -benchtime 2s
//
// TrivialCell: goal under 200 µs. Rebuild: goal under 50 ms.
// CompleteMember: goal under 5 ms. SumLoop reports the ratio of the
// interpreted loop to the compiled one. NewSession and SessionRSS measure
// start-up cost.

// BenchmarkTrivialCell times Execute of "x + 1" in a session of at most
// 500 cells: yaegi's global frame grows by a slot or so per cell and is
// copied by every evaluation, so the cost of a cell grows slowly with
// the length of the session.
func BenchmarkTrivialCell(b *testing.B) {
	var s *Session
	rec := &recorder{}
	for i := 0; i < b.N; i++ {
		if i%500 == 0 {
			b.StopTimer()
			if s != nil {
				s.Close()
			}
			s = newSession(b)
			mustRun(b, s, "x := 1")
			b.StartTimer()
		}
		res := s.Execute(context.Background(), "x + 1", rec, ExecOptions{})
		if res.Err != nil || res.Value == nil {
			b.Fatal(res.Err)
		}
	}
}

func BenchmarkRebuild(b *testing.B) { benchRebuild(b) }

// BenchmarkPrintLoop times a cell that prints 1000 lines with the cells'
// fmt.Fprintln (to io.Discard, so that the capture of the output is not
// timed): of numbers and strings, which reach fmt as they are, and of
// values of a cell type with a String method (fix fmt-static-types hands
// fmt their static type; yaegi wraps the value alone).
func BenchmarkPrintLoop(b *testing.B) {
	benchCells(b, "type Color int\nfunc (c Color) String() string { return [...]string{\"red\", \"green\"}[c] }\ncs := []Color{0, 1}\nvar ca any = Color(1)", []struct{ name, code string }{
		{"plain", "for i := 0; i < 1000; i++ { fmt.Fprintln(io.Discard, i, \"x\", 2.5) }"},
		{"stringer", "for i := 0; i < 1000; i++ { fmt.Fprintln(io.Discard, i, Color(i%2)) }"},
		{"slice", "for i := 0; i < 1000; i++ { fmt.Fprintln(io.Discard, i, cs) }"},
		// An argument of type any (fix fmt-held-pairs): a plain value,
		// and a value of the cell type held in an any.
		{"any", "for i := 0; i < 1000; i++ { var a any = i; fmt.Fprintln(io.Discard, a, \"x\") }"},
		{"held", "for i := 0; i < 1000; i++ { fmt.Fprintln(io.Discard, i, ca) }"},
	})
}

// BenchmarkInterfaceCopy times a cell whose loop puts 1000 values of a
// cell type with methods in interfaces: call results appended to a []I
// (copied by fix interface-copy), composite literals (not copied) and a
// variable in an any. fix interface-copy's cost is the allocations
// added to the first and the last: a one-element slice per value.
func BenchmarkInterfaceCopy(b *testing.B) {
	benchCells(b, "type T struct{ A int }\nfunc (t T) Sum() int { return t.A }\ntype I interface{ Sum() int }\nfunc mk(i int) T { return T{i} }", []struct{ name, code string }{
		{"call", "var xs []I\nfor i := 0; i < 1000; i++ { xs = append(xs, mk(i)) }"},
		{"literal", "var xs []I\nfor i := 0; i < 1000; i++ { xs = append(xs, T{i}) }"},
		{"variable", "var a any\nw := T{1}\nfor i := 0; i < 1000; i++ { a = w }\n_ = a"},
	})
}

// TestRebuildMany redefines a function among many declarations and
// variables and checks that every variable survives.
func TestRebuildMany(t *testing.T) {
	benchRebuild(t)
}

func benchRebuild(b testing.TB) {
	n := 3
	if bb, ok := b.(*testing.B); ok {
		n = bb.N
	}
	s := newSession(b)
	var src strings.Builder
	for i := 0; i < 100; i++ {
		switch i % 4 {
		case 0:
			fmt.Fprintf(&src, "func f%d(x int) int { return x + %d }\n", i, i)
		case 1:
			fmt.Fprintf(&src, "type T%d struct{ A, B int }\n", i)
		case 2:
			fmt.Fprintf(&src, "func (t T%d) Sum() int { return t.A + t.B }\n", i-1)
		case 3:
			fmt.Fprintf(&src, "const C%d = %d\n", i, i)
		}
	}
	for i := 0; i < 20; i++ {
		fmt.Fprintf(&src, "v%d := []float64{%d, 2, 3}\n", i, i)
	}
	mustRun(b, s, src.String())
	if bb, ok := b.(*testing.B); ok {
		bb.ResetTimer()
	}
	for i := 0; i < n; i++ {
		rec := mustRun(b, s, fmt.Sprintf("func f0(x int) int { return x * %d }", i+2))
		if rec.stderr.Len() > 0 {
			b.Fatal(rec.stderr.String())
		}
	}
	if bb, ok := b.(*testing.B); ok {
		bb.StopTimer()
	}
	_, res := run(b, s, "v19[0] + float64(f0(1))")
	if res.Value == nil || res.Value.Text() != strconv.Itoa(19+n+1) {
		b.Fatalf("state after rebuilds: %+v", res.Value)
	}
}

func BenchmarkCompleteMember(b *testing.B) {
	s := newSession(b)
	code := "m := mat.NewD"
	for i := 0; i < b.N; i++ {
		c := s.Complete(code, len(code))
		if !has(matchTexts(c), "NewDense") {
			b.Fatal(matchTexts(c))
		}
	}
}

const sumLoop = `
sum := 0
for i := 1; i <= 10000000; i++ {
	sum += i
}
sum`

func BenchmarkSumLoop(b *testing.B) {
	s := newSession(b)
	var interp time.Duration
	for i := 0; i < b.N; i++ {
		t := time.Now()
		_, res := run(b, s, sumLoop)
		interp += time.Since(t)
		if res.Value == nil || res.Value.Text() != "50000005000000" {
			b.Fatal(res.Err, res.Value)
		}
	}
	t := time.Now()
	var sum int
	for i := 0; i < b.N; i++ {
		sum = compiledSum(10000000)
	}
	compiled := time.Since(t)
	if sum != 50000005000000 {
		b.Fatal(sum)
	}
	b.ReportMetric(float64(interp)/float64(b.N)/1e6, "interp-ms/op")
	b.ReportMetric(float64(compiled)/float64(b.N)/1e6, "compiled-ms/op")
	b.ReportMetric(float64(interp)/float64(compiled), "ratio")
}

//go:noinline
func compiledSum(n int) int {
	sum := 0
	for i := 1; i <= n; i++ {
		sum += i
	}
	return sum
}

func BenchmarkNewSession(b *testing.B) {
	for i := 0; i < b.N; i++ {
		s, err := New(Options{})
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}

// BenchmarkSessionRSS runs a fresh process that creates a session, runs a
// cell using gonum and plot, and reports its resident memory.
func BenchmarkSessionRSS(b *testing.B) {
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(os.Args[0], "-test.run", "^TestRSSChild$")
		cmd.Env = append(os.Environ(), "METHODIC_RSS_CHILD=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			b.Fatalf("%v: %s", err, out)
		}
		for _, l := range strings.Split(string(out), "\n") {
			var newMS, rss0, rss1 float64
			if n, _ := fmt.Sscanf(l, "RSS new=%fms before=%fMB after=%fMB", &newMS, &rss0, &rss1); n == 3 {
				b.ReportMetric(newMS, "new-ms")
				b.ReportMetric(rss0, "rss-start-MB")
				b.ReportMetric(rss1, "rss-cells-MB")
			}
		}
	}
}

func TestRSSChild(t *testing.T) {
	if os.Getenv("METHODIC_RSS_CHILD") != "1" {
		t.Skip("run by BenchmarkSessionRSS")
	}
	start := time.Now()
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	newTime := time.Since(start)
	before := rssMB()
	mustRun(t, s, `m := mat.NewDense(2, 2, []float64{1, 2, 3, 4})
p := plot.New()
pts := plotter.XYs{{X: 1, Y: 2}}
l, _ := plotter.NewLine(pts)
p.Add(l)
fmt.Sprint(stat.Mean([]float64{1, 2}, nil), m.At(0, 0))`)
	after := rssMB()
	s.Close()
	fmt.Fprintf(RealStdout(), "RSS new=%.2fms before=%.1fMB after=%.1fMB\n", float64(newTime)/1e6, before, after)
}

func rssMB() float64 {
	b, _ := os.ReadFile("/proc/self/status")
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmRSS:") {
			kb, _ := strconv.ParseFloat(strings.Fields(l)[1], 64)
			return kb / 1024
		}
	}
	return 0
}

// BenchmarkPublish times a display message from a cell: after output
// (the pipes must be drained and the text streamed first) and with
// nothing written since the last one. display.Progress and live charts
// publish up to 10 times a second.
func BenchmarkPublish(b *testing.B) {
	for _, c := range []struct{ name, body string }{
		{"AfterOutput", `fmt.Print("x"); display.Clear(true)`},
		{"Idle", `display.Clear(true)`},
	} {
		b.Run(c.name, func(b *testing.B) {
			s := newSession(b)
			rec := &counter{}
			code := fmt.Sprintf("for i := 0; i < %d; i++ { %s }", b.N, c.body)
			b.ResetTimer()
			if res := s.Execute(context.Background(), code, rec, ExecOptions{}); res.Err != nil {
				b.Fatal(res.Err)
			}
			b.StopTimer()
			if c.name == "AfterOutput" && rec.out != b.N {
				b.Fatalf("%d bytes streamed, want %d", rec.out, b.N)
			}
		})
	}
}

// BenchmarkCellAfter5000Cells times a statement cell in a session that
// has already run 5,000 of them; compare with BenchmarkCellAfter0Cells.
// Before cells ran as named functions, the 5,000 earlier cells made each
// one about four times slower (0.7 ms against 0.16 ms here).
//
//	go test ./interp -run XXX -bench 'CellAfter'
func BenchmarkCellAfter5000Cells(b *testing.B) { benchCellAfter(b, 5000) }

// BenchmarkCellAfter0Cells is the same cell in a fresh session.
func BenchmarkCellAfter0Cells(b *testing.B) { benchCellAfter(b, 0) }

func benchCellAfter(b *testing.B, before int) {
	s := newSession(b)
	mustRun(b, s, "x := 1")
	for range before {
		mustRun(b, s, "x = 2")
	}
	rec := &recorder{}
	b.ResetTimer()
	for range b.N {
		if res := s.Execute(context.Background(), "x = 2", rec, ExecOptions{}); res.Err != nil {
			b.Fatal(res.Err)
		}
	}
}

// BenchmarkDefineExisting times x := 1 on an existing int x, the cell
// e2e/bench/kernels.py sends: an assignment in place, compiled once per
// cell. It used to go through a temporary, with three compilations and
// two new frame slots a cell, so that each cell cost more than the one
// before: 0.26-0.29 ms a cell over this benchmark's 7,000-9,000 cells,
// against 0.07 ms now.
func BenchmarkDefineExisting(b *testing.B) {
	s := newSession(b)
	mustRun(b, s, "x := 1")
	rec := &recorder{}
	for b.Loop() {
		if res := s.Execute(context.Background(), "x := 1", rec, ExecOptions{}); res.Err != nil {
			b.Fatal(res.Err)
		}
	}
}

// BenchmarkTrailingAfter10000Cells times a cell that shows the value of
// x + 1 in a session that has already shown 10,000 such values. yaegi
// gave every trailing expression's temporaries a slot of its global
// frame for good, and every compilation copies a frame that has grown:
// 0.38 ms a cell here against 0.16 ms in a fresh session. The slots are
// now given back (generation.releaseFrame).
//
//	go test ./interp -run XXX -bench TrailingAfter -benchtime 1000x
func BenchmarkTrailingAfter10000Cells(b *testing.B) {
	s := newSession(b)
	mustRun(b, s, "x := 1")
	rec := &recorder{}
	for range 10000 {
		if res := s.Execute(context.Background(), "x + 1", rec, ExecOptions{}); res.Err != nil {
			b.Fatal(res.Err)
		}
	}
	b.ResetTimer()
	for range b.N {
		if res := s.Execute(context.Background(), "x + 1", rec, ExecOptions{}); res.Err != nil {
			b.Fatal(res.Err)
		}
	}
}

// BenchmarkBoundsCopy times a cell calling a small function that indexes,
// 10000 times (fix bounds-values): in a session that has never called
// recover() (none: the function has no checked copy), in one that has
// (copied: each call compares the counter and runs the plain body), and
// while a recover waits (recovering: each call runs the checked copy,
// whose every index is a kernel call).
func BenchmarkBoundsCopy(b *testing.B) {
	const get = "func get(s []int, i int) int { t := 0; for j := range 4 { t += s[(i+j)%3] }; return t }\ns := []int{1, 2, 3}"
	const loop = "t := 0; for n := range 10000 { t += get(s, n) }; _ = t"
	for _, c := range []struct{ name, setup, code string }{
		{"none", "", loop},
		{"copied", "func safe(f func()) { defer func() { recover() }(); f() }", loop},
		{"recovering", "func safe(f func()) { defer func() { recover() }(); f() }", "safe(func() { " + loop + " })"},
	} {
		b.Run(c.name, func(b *testing.B) {
			s := newSession(b)
			mustRun(b, s, c.setup+"\n"+get)
			rec := &recorder{}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if res := s.Execute(context.Background(), c.code, rec, ExecOptions{}); res.Err != nil {
					b.Fatal(res.Err)
				}
			}
		})
	}
}

// BenchmarkStraightLine times cells with and without fix
// straight-line-checks (checked: the fix on, as in every session; plain:
// off), interleaved in one run: a trivial cell with one index, a cell of
// 20 indexes and a nil-pointer field in straight-line code (each a kernel
// call when checked), and a loop-heavy cell whose indexes are all in a
// loop (the fix leaves loops alone: the figures should match).
func BenchmarkStraightLine(b *testing.B) {
	const setup = "s := []int{1, 2, 3}\ntype P struct{ A int }\np := &P{1}"
	var many strings.Builder
	many.WriteString("t := 0\n")
	for i := range 20 {
		fmt.Fprintf(&many, "t += s[%d%%3+x]\n", i)
	}
	many.WriteString("t += p.A")
	for _, c := range []struct{ name, code string }{
		{"trivial", "s[x] + 1"},
		{"straight20", many.String()},
		{"loop", "t := 0\nfor i := 0; i < 100000; i++ { t += s[i%3] * s[(i+1)%3] }\n_ = t"},
	} {
		for _, mode := range []string{"plain", "checked"} {
			b.Run(c.name+"/"+mode, func(b *testing.B) {
				s := newSession(b)
				s.straightOff = mode == "plain"
				mustRun(b, s, setup+"\nx := 0")
				rec := &recorder{}
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					if res := s.Execute(context.Background(), c.code, rec, ExecOptions{}); res.Err != nil {
						b.Fatal(res.Err)
					}
				}
			})
		}
	}
}

// BenchmarkCompiledVar times a loop reading a variable of a compiled
// package, which fix compiled-vars reads through its pointer (*&r), next
// to the same loop reading a variable of the cells.
func BenchmarkCompiledVar(b *testing.B) {
	benchCells(b, "import \"runtime\"\nv := runtime.MemProfileRate", []struct{ name, code string }{
		{"cell", "t := 0\nfor i := 0; i < 100000; i++ { if v != 0 { t += v } }\n_ = t"},
		{"compiled", "t := 0\nfor i := 0; i < 100000; i++ { if runtime.MemProfileRate != 0 { t += runtime.MemProfileRate } }\n_ = t"},
	})
}

// BenchmarkMixedCell times a cell of two chunks (a function declaration
// and statements) run whole ("cell"), and the check of the whole cell
// before any chunk runs (precheck.go, E23) alone ("precheck"), in
// sessions of at most 300 cells: the check's share of such a cell.
func BenchmarkMixedCell(b *testing.B) {
	code := func(i int) string {
		return fmt.Sprintf("func g%d() int { return %d }\nv = g%d() + 1", i, i, i)
	}
	for _, name := range []string{"cell", "precheck"} {
		b.Run(name, func(b *testing.B) {
			var s *Session
			rec := &recorder{}
			for i := 0; i < b.N; i++ {
				if i%300 == 0 {
					b.StopTimer()
					if s != nil {
						s.Close()
					}
					s = newSession(b)
					mustRun(b, s, "v := 0")
					b.StartTimer()
				}
				c := code(i)
				if name == "cell" {
					if res := s.Execute(context.Background(), c, rec, ExecOptions{}); res.Err != nil {
						b.Fatal(res.Err)
					}
					continue
				}
				b.StopTimer()
				id := s.addCell(c, i+2)
				chunks := mergeDecls(splitCell(c), c)
				b.StartTimer()
				if e := s.precheck(id, c, 0, chunks); e != nil {
					b.Fatal(e)
				}
			}
		})
	}
}

// BenchmarkGenericMethodsCell times the cell of BenchmarkTrivialCell in a
// session whose generic types share a method name and have instances
// (fix generic-methods: each compilation looks through yaegi's generic
// cache), and a cell making instances of both (the compile splits nothing
// there; the instances are found by name).
func BenchmarkGenericMethodsCell(b *testing.B) {
	for _, c := range []struct{ name, cell string }{
		{"trivial", "x + 1"},
		{"instances", "A[int]{x}.Get() + B[int]{x}.Get()"},
	} {
		b.Run(c.name, func(b *testing.B) {
			var s *Session
			rec := &recorder{}
			for i := 0; i < b.N; i++ {
				if i%500 == 0 {
					b.StopTimer()
					if s != nil {
						s.Close()
					}
					s = newSession(b)
					mustRun(b, s, "type A[T any] struct{ n int }\nfunc (a A[T]) Get() int { return a.n }\ntype B[T any] struct{ n int }\nfunc (b B[T]) Get() int { return b.n + 1 }")
					mustRun(b, s, "x := 1\na := A[int]{1}\nb := B[int]{2}\nc := A[string]{3}")
					b.StartTimer()
				}
				res := s.Execute(context.Background(), c.cell, rec, ExecOptions{})
				if res.Err != nil || res.Value == nil {
					b.Fatal(res.Err)
				}
			}
		})
	}
}

// BenchmarkCompiledAssert times a cell whose loop makes 1000 comma-ok
// assertions to fmt.Stringer (fix assert-compiled-interface) of a
// compiled value, of a value of a cell type held bare (any(T{1})) and of
// one held as yaegi's pair (an element of a []any), in a session where a
// cell type has String.
func BenchmarkCompiledAssert(b *testing.B) {
	benchCells(b, "type T struct{ A int }\nfunc (t T) String() string { return \"t\" }\ntype U struct{ B string }", []struct{ name, code string }{
		{"compiled", "var v any = time.Second\nn := 0\nfor i := 0; i < 1000; i++ { if _, ok := v.(fmt.Stringer); ok { n++ } }"},
		{"bare", "v := any(T{1})\nn := 0\nfor i := 0; i < 1000; i++ { if _, ok := v.(fmt.Stringer); ok { n++ } }"},
		{"pair", "v := []any{T{1}}\nn := 0\nfor i := 0; i < 1000; i++ { if _, ok := v[0].(fmt.Stringer); ok { n++ } }"},
	})
}

// BenchmarkNilPointerInterface times a cell whose loop puts a pointer of
// a cell type in a fmt.Stringer 1000 times (fix nil-pointer-interface
// checks each for nil, the classic nil-pointer trap).
func BenchmarkNilPointerInterface(b *testing.B) {
	benchCells(b, "type C struct{ n int }\nfunc (c *C) String() string { return \"c\" }", []struct{ name, code string }{
		{"pointer", "c := &C{1}\nvar st fmt.Stringer\nfor i := 0; i < 1000; i++ { st = c }\n_ = st"},
	})
}

// BenchmarkNamedValues times cells using a type over a basic type without
// methods (fix named-values): a loop of arithmetic on such values
// (untouched), one putting them in a []any (each goes through the
// kernel's _methodicNamed) and one asserting an any to the type (each
// through _methodicNamedView). With the plain int forms for comparison.
func BenchmarkNamedValues(b *testing.B) {
	benchCells(b, "type ID int", []struct{ name, code string }{
		{"arith", "var s ID\nfor i := 0; i < 1000; i++ { s += ID(i) }\n_ = s"},
		{"append", "var xs []any\nfor i := 0; i < 1000; i++ { xs = append(xs, ID(i)) }"},
		{"append-int", "var xs []any\nfor i := 0; i < 1000; i++ { xs = append(xs, i) }"},
		{"assert", "var v any = ID(1)\nn := 0\nfor i := 0; i < 1000; i++ { if _, ok := v.(ID); ok { n++ } }"},
		{"assert-int", "var v any = 1\nn := 0\nfor i := 0; i < 1000; i++ { if _, ok := v.(int); ok { n++ } }"},
	})
}

// BenchmarkIndexGuards times cells with fix index-guards off (plain) and
// on (guarded), interleaved in one run: issue 19's pairwise distances
// (100 points of 64 dimensions) and 60x60 matrix product as a user
// writes them (light loops: no guard, the figures should match), a loop
// that prints each element (guarded: a comparison beside a call of fmt),
// and a cell calling 20000 times a function that prints nothing and
// indexes (guarded: three slots of its frame per call, allocations/op
// tell them).
func BenchmarkIndexGuards(b *testing.B) {
	const setup = `import ("fmt"; "io"; "math")
func points(n, dim int) [][]float64 {
	seed := uint64(1)
	ps := make([][]float64, n)
	for i := range ps {
		p := make([]float64, dim)
		for j := range p {
			seed = seed*6364136223846793005 + 1442695040888963407
			p[j] = float64(seed>>11) / (1 << 53)
		}
		ps[i] = p
	}
	return ps
}
func pairwise(ps [][]float64) float64 {
	total := 0.0
	for i := 0; i < len(ps); i++ {
		for j := i + 1; j < len(ps); j++ {
			s := 0.0
			a, b := ps[i], ps[j]
			for k := 0; k < len(a); k++ {
				d := a[k] - b[k]
				s += d * d
			}
			total += math.Sqrt(s)
		}
	}
	return total
}
func matmul(a, b [][]float64) [][]float64 {
	n, m, p := len(a), len(b), len(b[0])
	c := make([][]float64, n)
	for i := 0; i < n; i++ {
		c[i] = make([]float64, p)
		for j := 0; j < p; j++ {
			s := 0.0
			for k := 0; k < m; k++ {
				s += a[i][k] * b[k][j]
			}
			c[i][j] = s
		}
	}
	return c
}
func ix(xs []int, i int) int {
	fmt.Fprint(io.Discard)
	return xs[i] * 2
}
ps := points(100, 64)
ma := points(60, 60)
xs := make([]int, 2000)
s := []int{1, 2, 3}`
	for _, c := range []struct{ name, code string }{
		{"pairwise", "_ = pairwise(ps)"},
		{"matmul", "_ = matmul(ma, ma)"},
		{"printloop", "for i := 0; i < len(xs); i++ { fmt.Fprintln(io.Discard, xs[i]) }"},
		{"calls", "t := 0\nfor n := 0; n < 20000; n++ { t += ix(s, n%3) }\n_ = t"},
	} {
		for _, mode := range []string{"plain", "guarded"} {
			b.Run(c.name+"/"+mode, func(b *testing.B) {
				s := newSession(b)
				s.guardsOff = mode == "plain"
				mustRun(b, s, setup)
				rec := &recorder{}
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					if res := s.Execute(context.Background(), c.code, rec, ExecOptions{}); res.Err != nil {
						b.Fatal(res.Err)
					}
				}
			})
		}
	}
}

// benchCells runs, for each case, its code as one cell per iteration in a
// session that ran setup first.
func benchCells(b *testing.B, setup string, cases []struct{ name, code string }) {
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			s := newSession(b)
			mustRun(b, s, setup)
			rec := &recorder{}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if res := s.Execute(context.Background(), c.code, rec, ExecOptions{}); res.Err != nil {
					b.Fatal(res.Err)
				}
			}
		})
	}
}
