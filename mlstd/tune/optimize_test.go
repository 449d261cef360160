package tune

import (
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/methodic-go/methodic/mlstd/tune/store"
	"github.com/methodic-go/methodic/mlstd/tune/store/storetest"
	"gonum.org/v1/gonum/stat"
)

func newStudy(t *testing.T, name string, o StudyOptions) *Study {
	t.Helper()
	st, err := NewStudy(context.Background(), name, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestOptimizeRecordsTrials(t *testing.T) {
	ctx := context.Background()
	st := newStudy(t, "quad", StudyOptions{})
	obj := func(ctx context.Context, tr *Trial) (float64, error) {
		x := tr.Float("x", -3, 3)
		lr := tr.LogFloat("lr", 1e-5, 1)
		n := tr.Int("n", 1, 5)
		act := tr.Choice("act", "relu", "tanh")
		v := x*x + math.Abs(math.Log10(lr)+3) + float64(n)
		if act == "tanh" {
			v += 1
		}
		tr.Report(1, v+1)
		tr.Report(2, v)
		return v, nil
	}
	if err := st.Optimize(ctx, obj, Options{Trials: 15, Sampler: NewRandom(1), Quiet: true}); err != nil {
		t.Fatal(err)
	}
	ts, err := st.Trials(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 15 {
		t.Fatalf("%d trials, want 15", len(ts))
	}
	for i, tr := range ts {
		if tr.Number != i || tr.State != store.Complete || len(tr.Params) != 4 || len(tr.Intermediate) != 2 || tr.Duration() <= 0 {
			t.Errorf("trial %d = %+v", i, tr)
		}
		p, _ := tr.Param("lr")
		if p.Value < 1e-5 || p.Value > 1 || !p.Dist.Log {
			t.Errorf("lr = %+v", p)
		}
		n, _ := tr.Param("n")
		if n.Value != math.Round(n.Value) {
			t.Errorf("n = %v, not an integer", n.Value)
		}
	}
	b, err := st.Best(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range ts {
		if tr.Value < b.Value {
			t.Errorf("trial %d (%v) beats the best (%v)", tr.Number, tr.Value, b.Value)
		}
	}
	// The same seed gives the same trials.
	st2 := newStudy(t, "quad", StudyOptions{})
	if err := st2.Optimize(ctx, obj, Options{Trials: 15, Sampler: NewRandom(1), Quiet: true}); err != nil {
		t.Fatal(err)
	}
	ts2, _ := st2.Trials(ctx)
	for i := range ts {
		if ts[i].Value != ts2[i].Value {
			t.Fatalf("trial %d: %v and %v with the same seed", i, ts[i].Value, ts2[i].Value)
		}
	}
	// A maximising study picks the largest.
	mx := newStudy(t, "max", StudyOptions{Direction: Maximize})
	if err := mx.Optimize(ctx, obj, Options{Trials: 10, Sampler: NewRandom(1), Quiet: true}); err != nil {
		t.Fatal(err)
	}
	mts, _ := mx.Trials(ctx)
	mb, _ := mx.Best(ctx)
	for _, tr := range mts {
		if tr.Value > mb.Value {
			t.Errorf("maximise: trial %d (%v) beats the best (%v)", tr.Number, tr.Value, mb.Value)
		}
	}
}

// Cancelling the context keeps every finished trial, marks the running
// ones interrupted with what they reported, and returns ctx.Err().
func TestOptimizeCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st := newStudy(t, "cancel", StudyOptions{})
	var mu sync.Mutex
	finished := 0
	obj := func(ctx context.Context, tr *Trial) (float64, error) {
		x := tr.Float("x", 0, 1)
		for epoch := 1; epoch <= 5; epoch++ {
			select {
			case <-ctx.Done():
				return 0, ctx.Err()
			case <-time.After(time.Duration(5+20*x) * time.Millisecond):
			}
			tr.Report(epoch, x/float64(epoch))
		}
		mu.Lock()
		finished++
		if finished == 4 {
			cancel()
		}
		mu.Unlock()
		return x, nil
	}
	start := time.Now()
	err := st.Optimize(ctx, obj, Options{Trials: 100, Workers: 3, Sampler: NewRandom(2), Quiet: true})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("cancellation took %v", d)
	}
	ts, _ := st.Trials(context.Background())
	c := (&Snapshot{Trials: ts}).Counts()
	if c[store.Complete] < 4 || c[store.Running] != 0 || c[store.Waiting] != 0 || c[store.Complete]+c[store.Interrupted] != len(ts) {
		t.Errorf("states after cancel: %v", c)
	}
	for _, tr := range ts {
		if tr.State == store.Complete && len(tr.Intermediate) != 5 {
			t.Errorf("complete trial %d lost intermediate values: %v", tr.Number, tr.Intermediate)
		}
		if tr.State == store.Interrupted && (tr.Note == "" || len(tr.Params) != 1) {
			t.Errorf("interrupted trial %d = %+v", tr.Number, tr)
		}
	}
	if c[store.Interrupted] == 0 {
		t.Errorf("no trial was running at the cancel (states %v); with 3 workers two should be", c)
	}
}

// Two (and four) workers never run the same trial: every grid point runs
// exactly once, in memory and in SQLite, and sampled trials get distinct
// numbers.
func TestWorkersNeverShareATrial(t *testing.T) {
	for _, backend := range []string{"memory", "sqlite", "postgres"} {
		for _, workers := range []int{2, 4} {
			t.Run(fmt.Sprintf("%s/%d", backend, workers), func(t *testing.T) {
				o := StudyOptions{}
				switch backend {
				case "sqlite":
					o.URL = filepath.Join(t.TempDir(), "w.db")
				case "postgres":
					o.URL = storetest.Postgres(t)
				}
				st := newStudy(t, "workers", o)
				var mu sync.Mutex
				seen := map[string]int{}
				numbers := map[int]int{}
				obj := func(ctx context.Context, tr *Trial) (float64, error) {
					a, b := tr.Int("a", 0, 9), tr.Int("b", 0, 3)
					mu.Lock()
					seen[fmt.Sprint(a, b)]++
					numbers[tr.Number()]++
					mu.Unlock()
					time.Sleep(time.Millisecond)
					return float64(a + b), nil
				}
				g := NewGrid().Ints("a", 0, 1, 2, 3, 4, 5, 6, 7, 8, 9).Ints("b", 0, 1, 2, 3)
				if err := st.Optimize(context.Background(), obj, Options{Sampler: g, Workers: workers, Quiet: true}); err != nil {
					t.Fatal(err)
				}
				if len(seen) != 40 {
					t.Errorf("%d distinct points ran, want 40", len(seen))
				}
				for p, n := range seen {
					if n != 1 {
						t.Errorf("point %s ran %d times", p, n)
					}
				}
				// A budget of 60: the 40 grid trials and 20 more.
				if err := st.Optimize(context.Background(), obj, Options{Trials: 60, Sampler: NewRandom(3), Workers: workers, Quiet: true}); err != nil {
					t.Fatal(err)
				}
				for n, k := range numbers {
					if k != 1 {
						t.Errorf("trial number %d ran %d times", n, k)
					}
				}
				if len(numbers) != 60 {
					t.Errorf("%d trials ran, want 60", len(numbers))
				}
			})
		}
	}
}

func TestOptimizeFailures(t *testing.T) {
	ctx := context.Background()
	boom := errors.New("boom")
	obj := func(ctx context.Context, tr *Trial) (float64, error) {
		x := tr.Float("x", 0, 1)
		switch tr.Number() {
		case 2:
			return 0, boom
		case 4:
			var m map[string]int
			//lint:ignore SA5000 the nil map write is the panic under test
			m["crash"] = 1 // a bug in the cell: a panic, not a dead kernel
		case 5:
			return math.NaN(), nil
		}
		return x, nil
	}
	st := newStudy(t, "fail", StudyOptions{})
	err := st.Optimize(ctx, obj, Options{Trials: 10, Sampler: NewRandom(1), Quiet: true})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	ts, _ := st.Trials(ctx)
	if len(ts) != 3 || ts[2].State != store.Failed || ts[2].Note != "boom" {
		t.Fatalf("trials after a failure: %+v", ts)
	}
	st2 := newStudy(t, "keep", StudyOptions{})
	err = st2.Optimize(ctx, obj, Options{Trials: 10, Sampler: NewRandom(1), KeepGoing: true, Quiet: true})
	var pe *PanicError
	if !errors.Is(err, boom) || errors.As(err, &pe) {
		t.Errorf("KeepGoing: err = %v, want the first failure", err)
	}
	ts, _ = st2.Trials(ctx)
	c := (&Snapshot{Trials: ts}).Counts()
	if len(ts) != 10 || c[store.Failed] != 3 || c[store.Complete] != 7 {
		t.Errorf("KeepGoing: %d trials, states %v", len(ts), c)
	}
	if !strings.Contains(ts[4].Note, "panic") || !strings.Contains(ts[5].Note, "NaN") {
		t.Errorf("notes: %q, %q", ts[4].Note, ts[5].Note)
	}
	// Misuse of the trial API fails the trial with a clear message.
	st3 := newStudy(t, "misuse", StudyOptions{})
	err = st3.Optimize(ctx, func(ctx context.Context, tr *Trial) (float64, error) {
		return tr.LogFloat("lr", 0, 1), nil
	}, Options{Trials: 1, Quiet: true})
	if err == nil || !strings.Contains(err.Error(), `tune: parameter "lr": log scale needs positive bounds`) {
		t.Errorf("misuse: err = %v", err)
	}
	err = st3.Optimize(ctx, func(ctx context.Context, tr *Trial) (float64, error) {
		tr.Float("x", 0, 1)
		return tr.Float("x", 0, 2), nil
	}, Options{Trials: 2, Quiet: true}) // the study's first trial failed already
	if err == nil || !strings.Contains(err.Error(), `suggested again`) {
		t.Errorf("re-suggest: err = %v", err)
	}
}

// curve is a learning curve whose final value is q: bad trials are bad
// from the start.
func curve(q float64, epoch int) float64 { return q + 1/float64(epoch) }

func TestMedianPruning(t *testing.T) {
	ctx := context.Background()
	st := newStudy(t, "median", StudyOptions{})
	epochs := 0
	obj := func(ctx context.Context, tr *Trial) (float64, error) {
		q := tr.Float("q", 0, 1)
		for e := 1; e <= 10; e++ {
			epochs++
			tr.Report(e, curve(q, e))
			if tr.ShouldPrune() {
				return curve(q, e), ErrPruned
			}
		}
		return curve(q, 10), nil
	}
	if err := st.Optimize(ctx, obj, Options{Trials: 40, Sampler: NewRandom(5), Pruner: Median{}, Quiet: true}); err != nil {
		t.Fatal(err)
	}
	ts, _ := st.Trials(ctx)
	c := (&Snapshot{Trials: ts}).Counts()
	if c[store.Pruned] < 10 || c[store.Complete]+c[store.Pruned] != 40 {
		t.Errorf("states %v: want many pruned", c)
	}
	if epochs > 300 {
		t.Errorf("%d epochs trained; pruning should save about half of 400", epochs)
	}
	for i, tr := range ts {
		if i < 5 && tr.State != store.Complete {
			t.Errorf("trial %d pruned during the 5 startup trials", i)
		}
		if tr.State == store.Pruned {
			last, _ := tr.Last()
			if last.Step >= 10 || tr.Value != last.Value {
				t.Errorf("pruned trial %d: steps %d, value %v", tr.Number, last.Step, tr.Value)
			}
		}
	}
	// The best q is never pruned: a pruned trial's q is worse than the
	// median of the complete ones at its step.
	var best float64 = 2
	for _, tr := range ts {
		if q, _ := tr.Param("q"); q.Value < best {
			best = q.Value
		}
	}
	b, _ := st.Best(ctx)
	if q, _ := b.Param("q"); q.Value != best {
		t.Errorf("best complete q = %v, but q = %v was tried", q.Value, best)
	}
}

// Conditional parameters: suggested only on the branch that uses them;
// TPE models them on their own.
func TestConditionalParameters(t *testing.T) {
	ctx := context.Background()
	st := newStudy(t, "cond", StudyOptions{})
	obj := func(ctx context.Context, tr *Trial) (float64, error) {
		lr := tr.LogFloat("lr", 1e-4, 1)
		v := math.Pow(math.Log10(lr)+2, 2)
		if tr.Choice("model", "linear", "mlp") == "mlp" {
			units := tr.LogInt("units", 8, 512)
			v += math.Pow(math.Log2(float64(units))-6, 2) / 10
		} else {
			v += 0.5
		}
		return v, nil
	}
	if err := st.Optimize(ctx, obj, Options{Trials: 60, Seed: 3, Quiet: true}); err != nil {
		t.Fatal(err)
	}
	ts, _ := st.Trials(ctx)
	linear, mlp := 0, 0
	for _, tr := range ts {
		m, _ := tr.Param("model")
		_, hasUnits := tr.Param("units")
		switch {
		case m.Label() == "linear" && !hasUnits:
			linear++
		case m.Label() == "mlp" && hasUnits:
			mlp++
		default:
			t.Errorf("trial %d: model %s with units %v", tr.Number, m.Label(), hasUnits)
		}
	}
	if linear == 0 || mlp <= linear {
		t.Errorf("linear %d, mlp %d: TPE should prefer the better branch", linear, mlp)
	}
	b, _ := st.Best(ctx)
	if b.Value > 0.2 {
		t.Errorf("best %v after 60 trials, want below 0.2", b.Value)
	}
}

func TestStudyAttrs(t *testing.T) {
	ctx := context.Background()
	st := newStudy(t, "attrs", StudyOptions{URL: filepath.Join(t.TempDir(), "a.db")})
	if err := st.SetAttr(ctx, "note", "first try"); err != nil {
		t.Fatal(err)
	}
	a, err := st.Attrs(ctx)
	if err != nil || a["note"] != "first try" {
		t.Errorf("Attrs = %v, %v", a, err)
	}
	if _, err := NewStudy(ctx, "attrs", StudyOptions{Storage: st.Storage(), Direction: Maximize}); err == nil {
		t.Error("a study reopened with the other direction was accepted")
	}
}

// The timeout stops starting trials; the running ones finish.
func TestOptimizeTimeout(t *testing.T) {
	st := newStudy(t, "timeout", StudyOptions{})
	obj := func(ctx context.Context, tr *Trial) (float64, error) {
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(30 * time.Millisecond):
		}
		return tr.Float("x", 0, 1), nil
	}
	err := st.Optimize(context.Background(), obj, Options{Trials: 1000, Workers: 2, Timeout: 100 * time.Millisecond, Sampler: NewRandom(1), Quiet: true})
	if err != nil {
		t.Fatal(err)
	}
	ts, _ := st.Trials(context.Background())
	c := (&Snapshot{Trials: ts}).Counts()
	if c[store.Complete] != len(ts) || len(ts) < 1 || len(ts) > 20 {
		t.Errorf("%d trials, states %v; want a few, all complete", len(ts), c)
	}
}

// TestRandomDrawsIndependent: the values Random draws for two parameters
// of the same trials are uncorrelated, as are one parameter's values
// across seeds.
func TestRandomDrawsIndependent(t *testing.T) {
	d := store.Dist{Kind: store.Float, Lo: 0, Hi: 1}
	corr := func(a, b []float64) float64 {
		ma, mb := stat.Mean(a, nil), stat.Mean(b, nil)
		var sab, saa, sbb float64
		for i := range a {
			sab += (a[i] - ma) * (b[i] - mb)
			saa += (a[i] - ma) * (a[i] - ma)
			sbb += (b[i] - mb) * (b[i] - mb)
		}
		return sab / math.Sqrt(saa*sbb)
	}
	r1, r2 := NewRandom(2), NewRandom(3)
	var x, y, z []float64
	for trial := range 400 {
		x = append(x, r1.Sample(History{}, trial, "learning rate", d))
		y = append(y, r1.Sample(History{}, trial, "L2", d))
		z = append(z, r2.Sample(History{}, trial, "learning rate", d))
	}
	// With 400 independent pairs, |r| above 0.15 has a probability of
	// about 3 in 1000.
	if c := corr(x, y); math.Abs(c) > 0.15 {
		t.Errorf("two parameters of the same trials correlate: r = %.3f", c)
	}
	if c := corr(x, z); math.Abs(c) > 0.15 {
		t.Errorf("one parameter under two seeds correlates: r = %.3f", c)
	}
}

// TestTPEResumedStartupDrawsNew: a TPE search resumed in a new session
// (a new sampler with the same seed) draws new start-up points for its
// new trials, not the first session's again.
func TestTPEResumedStartupDrawsNew(t *testing.T) {
	d := store.Dist{Kind: store.Float, Lo: 0, Hi: 1}
	first, resumed := NewTPE(7, TPEOptions{}), NewTPE(7, TPEOptions{})
	for trial := range 5 {
		a := first.Sample(History{}, trial, "x", d)
		b := resumed.Sample(History{}, trial+5, "x", d)
		if a == b {
			t.Errorf("trial %d of the resumed search drew trial %d's value %v", trial+5, trial, a)
		}
		if again := NewTPE(7, TPEOptions{}).Sample(History{}, trial, "x", d); again != a {
			t.Errorf("trial %d: %v, then %v with the same seed", trial, a, again)
		}
	}
}
