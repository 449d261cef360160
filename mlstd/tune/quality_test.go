package tune

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/methodic-go/methodic/mlstd/tune/functions"
)

// evalsToTarget runs a study of f with sampler until a trial reaches
// target or budget trials ran, and returns how many trials ran (budget+1
// when the target was not reached).
func evalsToTarget(sampler Sampler, f func(*Trial) float64, target float64, budget int) int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st, err := NewStudy(ctx, "quality", StudyOptions{})
	if err != nil {
		panic(err)
	}
	n, hit := 0, 0
	obj := func(ctx context.Context, t *Trial) (float64, error) {
		v := f(t)
		n++
		if v <= target && hit == 0 {
			hit = n
			cancel()
		}
		return v, nil
	}
	err = st.Optimize(ctx, obj, Options{Trials: budget, Sampler: sampler, Quiet: true})
	if err != nil && !errors.Is(err, context.Canceled) {
		panic(err)
	}
	if hit == 0 {
		return budget + 1
	}
	return hit
}

func branin(t *Trial) float64 {
	return functions.Branin(t.Float("x1", -5, 10), t.Float("x2", 0, 15))
}

func hartmann(t *Trial) float64 {
	x := make([]float64, 6)
	for i := range x {
		x[i] = t.Float(fmt.Sprintf("x%d", i+1), 0, 1)
	}
	return functions.Hartmann6(x)
}

func medianInt(v []int) float64 {
	s := append([]int(nil), v...)
	sort.Ints(s)
	n := len(s)
	if n%2 == 1 {
		return float64(s[n/2])
	}
	return float64(s[n/2-1]+s[n/2]) / 2
}

// Seeds is the number of seeds the search-quality comparisons run; the
// issue asks for at least 20, compared by their medians.
const seeds = 20

// modelBasedVsRandom runs TPE and random search on f from 20 seeds each
// and returns the evaluations each needed to reach target (budget+1 when
// it did not).
func modelBasedVsRandom(f func(*Trial) float64, target float64, tpeBudget, randomBudget int) (tpe, rnd []int) {
	for seed := uint64(0); seed < seeds; seed++ {
		tpe = append(tpe, evalsToTarget(NewTPE(seed, TPEOptions{}), f, target, tpeBudget))
		rnd = append(rnd, evalsToTarget(NewRandom(seed), f, target, randomBudget))
	}
	return tpe, rnd
}

// The model-based sampler reaches a target on Branin (within 0.05 of the
// minimum 0.398) and on Hartmann-6 (-3.0; the minimum is -3.32) in fewer
// evaluations than random search: medians over 20 seeds. Deterministic:
// one worker, fixed seeds.
func TestModelBasedBeatsRandom(t *testing.T) {
	if testing.Short() {
		t.Skip("20 seeds of two searches")
	}
	for _, c := range []struct {
		name   string
		f      func(*Trial) float64
		target float64
	}{{"Branin", branin, 0.45}, {"Hartmann6", hartmann, -3.0}} {
		tpe, rnd := modelBasedVsRandom(c.f, c.target, 400, 3000)
		mt, mr := medianInt(tpe), medianInt(rnd)
		t.Logf("%s to %v: TPE median %v evaluations, random %v (budget+1 = not reached)", c.name, c.target, mt, mr)
		if !(mt < mr) {
			t.Errorf("%s: TPE needed a median of %v evaluations, random %v", c.name, mt, mr)
		}
	}
}

// sparseBest returns the best value a search of budget trials found on
// NewSparse(seed, 8, 2).
func sparseBest(seed uint64, sampler Sampler, budget int) float64 {
	f := functions.NewSparse(seed, 8, 2)
	ctx := context.Background()
	st, err := NewStudy(ctx, "sparse", StudyOptions{})
	if err != nil {
		panic(err)
	}
	obj := func(ctx context.Context, t *Trial) (float64, error) {
		x := make([]float64, 8)
		for i := range x {
			x[i] = t.Float(fmt.Sprintf("h%d", i), 0, 1)
		}
		return f.Eval(x), nil
	}
	if err := st.Optimize(ctx, obj, Options{Trials: budget, Sampler: sampler, Quiet: true}); err != nil {
		panic(err)
	}
	b, err := st.Best(ctx)
	if err != nil {
		panic(err)
	}
	return b.Value
}

// randomVsGrid compares, over 20 seeds, the best value found by a grid of
// two values per hyperparameter (2^8 = 256 trials, at the quartiles: the
// best two-point design) with random search at the same budget, on a
// function of 8 hyperparameters of which 2 matter.
func randomVsGrid() (grid, rnd []float64) {
	g := NewGrid()
	for i := 0; i < 8; i++ {
		g.Values(fmt.Sprintf("h%d", i), 0.25, 0.75)
	}
	for seed := uint64(0); seed < seeds; seed++ {
		grid = append(grid, sparseBest(seed, g, g.Size()))
		rnd = append(rnd, sparseBest(seed, NewRandom(seed), g.Size()))
	}
	return grid, rnd
}

// Bergstra and Bengio (2012): at equal budget random search beats grid
// search when only a few hyperparameters matter, because every trial tries
// a new value of each; the grid tries two.
func TestRandomBeatsGrid(t *testing.T) {
	if testing.Short() {
		t.Skip("20 seeds of two searches")
	}
	grid, rnd := randomVsGrid()
	mg, mr := medianFloat(grid), medianFloat(rnd)
	t.Logf("2 of 8 matter, 256 trials: median best grid %.4g, random %.4g", mg, mr)
	if !(mr < mg/3) {
		t.Errorf("median best: random %v, grid %v; random should be several times better", mr, mg)
	}
	wins := 0
	for i := range grid {
		if rnd[i] < grid[i] {
			wins++
		}
	}
	if wins < seeds*3/4 {
		t.Errorf("random beat the grid on %d of %d seeds", wins, seeds)
	}
}

func medianFloat(v []float64) float64 { return median(v) }

func hartmannPlain(x []float64) float64 { return functions.Hartmann6(x) }

// hitRate estimates the probability that f at a uniform point of [0, 1]^d
// is at or below target.
func hitRate(f func([]float64) float64, d int, target float64, n int) float64 {
	rng := rand.New(rand.NewPCG(1, 2))
	x := make([]float64, d)
	hits := 0
	for range n {
		for i := range x {
			x[i] = rng.Float64()
		}
		if f(x) <= target {
			hits++
		}
	}
	return float64(hits) / float64(n)
}

// BenchmarkSearchQuality reports the medians over 20 seeds that the
// quality tests check: evaluations to the target on Branin and Hartmann-6
// for TPE and random search, and the best value found on the 8-parameter
// function for grid and random search. Each figure is computed once; b.N
// does not change them.
//
//	go test -run '^$' -bench SearchQuality ./mlstd/tune/
func BenchmarkSearchQuality(b *testing.B) {
	for range b.N {
		tpe, rnd := modelBasedVsRandom(branin, 0.45, 400, 3000)
		b.ReportMetric(medianInt(tpe), "branin-tpe-evals")
		b.ReportMetric(medianInt(rnd), "branin-random-evals")
		tpe, rnd = modelBasedVsRandom(hartmann, -3.0, 400, 3000)
		b.ReportMetric(medianInt(tpe), "hartmann6-tpe-evals")
		b.ReportMetric(medianInt(rnd), "hartmann6-random-evals")
		// Random search's evaluations to a target are geometric with p =
		// P(f(x) <= target); its median is ln 2 / p, estimated here from
		// 4 million uniform points, beyond the 3000 the searches ran.
		b.ReportMetric(math.Ln2/hitRate(hartmannPlain, 6, -3.0, 4_000_000), "hartmann6-random-evals-estimated")
		grid, rs := randomVsGrid()
		b.ReportMetric(medianFloat(grid), "sparse8-grid-best")
		b.ReportMetric(medianFloat(rs), "sparse8-random-best")
	}
}
