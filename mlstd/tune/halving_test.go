package tune

import (
	"context"
	"errors"
	"math"
	"reflect"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/methodic-go/methodic/mlstd/tune/store"
)

// curveModel is a Trainable whose model is a learning curve q + 1/epoch:
// it counts how often a model is built and how many epochs are trained,
// so a test can tell resuming from retraining.
type curveModel struct {
	builds, epochs atomic.Int64
	delay          time.Duration
	onEpoch        func(n int64) // called with the count of epochs trained, if set
}

func (c *curveModel) build(ctx context.Context, t *Trial) (Step, error) {
	q := t.Float("q", 0, 1)
	c.builds.Add(1)
	epoch := 0 // the model's state: kept while the trial is paused
	return func(ctx context.Context) (float64, error) {
		if c.delay > 0 {
			select {
			case <-ctx.Done():
				return 0, ctx.Err()
			case <-time.After(c.delay):
			}
		}
		epoch++
		if n := c.epochs.Add(1); c.onEpoch != nil {
			c.onEpoch(n)
		}
		return curve(q, epoch), nil
	}, nil
}

func TestSuccessiveHalvingFreezeThaw(t *testing.T) {
	ctx := context.Background()
	for _, workers := range []int{1, 3} {
		st := newStudy(t, "sh", StudyOptions{})
		var m curveModel
		err := st.SuccessiveHalving(ctx, m.build, HalvingOptions{MaxEpochs: 9, Eta: 3, Workers: workers, Seed: 4, Quiet: true})
		if err != nil {
			t.Fatal(err)
		}
		sn, _ := st.Snapshot(ctx)
		c := sn.Counts()
		if len(sn.Trials) != 9 || c[store.Complete] != 1 || c[store.Pruned] != 8 {
			t.Fatalf("workers %d: %d trials, states %v; want 9: 1 complete, 8 pruned", workers, len(sn.Trials), c)
		}
		// Rungs of 1, 3 and 9 epochs: 9 trials, then 3, then 1, each
		// resumed where it paused: 9·1 + 3·2 + 1·6 epochs, 9 models built.
		if got := m.epochs.Load(); got != 21 || sn.Epochs() != 21 {
			t.Errorf("workers %d: %d epochs trained (%d recorded), want 21", workers, got, sn.Epochs())
		}
		if got := m.builds.Load(); got != 9 {
			t.Errorf("workers %d: %d models built, want 9 (promoted trials resume, not retrain)", workers, got)
		}
		steps := map[int]int{}
		bestQ := 2.0
		for _, tr := range sn.Trials {
			last, _ := tr.Last()
			steps[last.Step]++
			if q, _ := tr.Param("q"); q.Value < bestQ {
				bestQ = q.Value
			}
			if len(tr.Intermediate) != last.Step {
				t.Errorf("trial %d reported %d of %d epochs", tr.Number, len(tr.Intermediate), last.Step)
			}
		}
		if steps[1] != 6 || steps[3] != 2 || steps[9] != 1 {
			t.Errorf("trials stopped after 1, 3, 9 epochs: %v, want 6, 2, 1", steps)
		}
		b, _ := sn.Best()
		if q, _ := b.Param("q"); q.Value != bestQ || b.Value != curve(bestQ, 9) {
			t.Errorf("the complete trial has q %v and value %v; the best q was %v", q.Value, b.Value, bestQ)
		}
	}
}

func TestHyperbandBrackets(t *testing.T) {
	ctx := context.Background()
	st := newStudy(t, "hb", StudyOptions{})
	var m curveModel
	if err := st.Hyperband(ctx, m.build, HalvingOptions{MaxEpochs: 27, Seed: 1, Quiet: true}); err != nil {
		t.Fatal(err)
	}
	sn, _ := st.Snapshot(ctx)
	c := sn.Counts()
	// Li et al.'s table for R = 27, eta = 3: brackets of 27, 12, 6 and 4
	// trials, of which 1, 1, 2 and 4 train all 27 epochs.
	if len(sn.Trials) != 49 || c[store.Complete] != 8 || c[store.Pruned] != 41 {
		t.Errorf("%d trials, states %v; want 49 with 8 complete", len(sn.Trials), c)
	}
	brackets := map[string]int{}
	for _, tr := range sn.Trials {
		brackets[tr.Attrs["bracket"]]++
	}
	if brackets["3"] != 27 || brackets["2"] != 12 || brackets["1"] != 6 || brackets["0"] != 4 {
		t.Errorf("trials by bracket: %v", brackets)
	}
	want := planEpochs(27, []int{1, 3, 9, 27}, 3) + planEpochs(12, []int{3, 9, 27}, 3) + planEpochs(6, []int{9, 27}, 3) + planEpochs(4, []int{27}, 3)
	if int(m.epochs.Load()) != want || sn.Epochs() != want || m.builds.Load() != 49 {
		t.Errorf("%d epochs (%d recorded), %d builds; want %d epochs, 49 builds", m.epochs.Load(), sn.Epochs(), m.builds.Load(), want)
	}
	if want != 81+78+90+108 {
		t.Errorf("planned epochs %d", want)
	}
}

// Cancelling Hyperband marks the training trials interrupted and keeps the
// rest.
func TestHyperbandCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	st := newStudy(t, "hbcancel", StudyOptions{})
	// Cancel at the 40th epoch, from inside it: trials are training.
	m := curveModel{delay: 2 * time.Millisecond, onEpoch: func(n int64) {
		if n == 40 {
			cancel()
		}
	}}
	err := st.Hyperband(ctx, m.build, HalvingOptions{MaxEpochs: 27, Workers: 2, Quiet: true})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	sn, _ := st.Snapshot(context.Background())
	c := sn.Counts()
	if c[store.Running] != 0 || c[store.Interrupted] == 0 {
		t.Errorf("states after cancel: %v", c)
	}
	for _, tr := range sn.Trials {
		if tr.State == store.Paused && len(tr.Intermediate) == 0 {
			t.Errorf("paused trial %d with no epoch", tr.Number)
		}
	}
}

// Epochs adapts a Trainable to Optimize with median pruning.
func TestEpochsWithMedian(t *testing.T) {
	ctx := context.Background()
	st := newStudy(t, "epochs", StudyOptions{})
	var m curveModel
	if err := st.Optimize(ctx, Epochs(m.build, 10), Options{Trials: 30, Sampler: NewRandom(9), Pruner: Median{}, Quiet: true}); err != nil {
		t.Fatal(err)
	}
	sn, _ := st.Snapshot(ctx)
	c := sn.Counts()
	if c[store.Pruned] == 0 || c[store.Complete]+c[store.Pruned] != 30 || m.epochs.Load() >= 300 {
		t.Errorf("states %v, %d epochs", c, m.epochs.Load())
	}
}

// A Trainable that fails stops successive halving with its error, unless
// KeepGoing; a panic in a Step fails only its trial.
func TestHalvingFailure(t *testing.T) {
	ctx := context.Background()
	boom := errors.New("boom")
	var m curveModel
	failing := func(ctx context.Context, tr *Trial) (Step, error) {
		if tr.Number() == 3 {
			return nil, boom
		}
		step, err := m.build(ctx, tr)
		if tr.Number() == 5 {
			return func(ctx context.Context) (float64, error) { panic("bad step") }, err
		}
		return step, err
	}
	st := newStudy(t, "shfail", StudyOptions{})
	if err := st.SuccessiveHalving(ctx, failing, HalvingOptions{MaxEpochs: 9, Quiet: true}); !errors.Is(err, boom) {
		t.Errorf("err = %v, want boom", err)
	}
	st2 := newStudy(t, "shkeep", StudyOptions{})
	err := st2.SuccessiveHalving(ctx, failing, HalvingOptions{MaxEpochs: 9, KeepGoing: true, Quiet: true})
	if !errors.Is(err, boom) {
		t.Errorf("KeepGoing: err = %v, want the first failure reported", err)
	}
	sn, _ := st2.Snapshot(ctx)
	c := sn.Counts()
	if c[store.Failed] != 2 || c[store.Complete] != 1 || len(sn.Trials) != 9 {
		t.Errorf("KeepGoing: states %v", c)
	}
}

func TestHalvingPruner(t *testing.T) {
	var h History
	mk := func(vals ...float64) store.Trial {
		var tr store.Trial
		for i, v := range vals {
			tr.Intermediate = append(tr.Intermediate, store.Point{Step: i + 1, Value: v})
		}
		return tr
	}
	hv := Halving{}
	if hv.Prune(h, mk(0.9)) {
		t.Error("the first trial at a rung was pruned")
	}
	h.Trials = append(h.Trials, mk(0.5, 0.4, 0.3))
	if !hv.Prune(h, mk(0.9)) || hv.Prune(h, mk(0.4)) {
		t.Error("with one other trial at rung 1, only a better value may go on")
	}
	if hv.Prune(h, mk(0.4, 0.9)) {
		t.Error("step 2 is not a rung")
	}
	h.Trials = append(h.Trials, mk(0.6), mk(0.7), mk(0.8), mk(0.45))
	// At rung 1 there are now 6 values with ours: the best 2 go on.
	if hv.Prune(h, mk(0.41)) || !hv.Prune(h, mk(0.55)) {
		t.Error("top third at rung 1")
	}
	// At rung 3 one other trial reported 0.3.
	if !hv.Prune(h, mk(0.1, 0.1, 0.35)) || hv.Prune(h, mk(0.1, 0.1, 0.25)) {
		t.Error("at rung 3 only a value better than 0.3 may go on")
	}
	ctx := context.Background()
	st := newStudy(t, "asha", StudyOptions{})
	var m curveModel
	if err := st.Optimize(ctx, Epochs(m.build, 27), Options{Trials: 30, Sampler: NewRandom(3), Pruner: Halving{}, Workers: 2, Quiet: true}); err != nil {
		t.Fatal(err)
	}
	sn, _ := st.Snapshot(ctx)
	c := sn.Counts()
	for _, tr := range sn.Trials {
		if last, _ := tr.Last(); tr.State == store.Pruned && last.Step != 1 && last.Step != 3 && last.Step != 9 {
			t.Errorf("trial %d pruned at step %d, not a rung", tr.Number, last.Step)
		}
	}
	if c[store.Pruned] < 15 || m.epochs.Load() > 30*27/3 {
		t.Errorf("states %v after %d epochs: ASHA should stop most trials early", c, m.epochs.Load())
	}
}

// TestHalvingBrackets: with brackets, a trial's first rung depends on
// its number, and it is compared only within its bracket.
func TestHalvingBrackets(t *testing.T) {
	hv := Halving{Brackets: 3}
	mk := func(n int, vals ...float64) store.Trial {
		tr := store.Trial{Number: n}
		for i, v := range vals {
			tr.Intermediate = append(tr.Intermediate, store.Point{Step: i + 1, Value: v})
		}
		return tr
	}
	h := History{Trials: []store.Trial{mk(0, 0.1, 0.1, 0.1), mk(1, 0.1, 0.1, 0.1)}}
	// Trial 3 is in bracket 0 with trial 0, which was better at step 1.
	if !hv.Prune(h, mk(3, 0.5)) {
		t.Error("bracket 0: a worse trial went on at rung 1")
	}
	// Trial 4 is in bracket 1 (first rung 3): step 1 is no rung.
	if hv.Prune(h, mk(4, 0.5)) {
		t.Error("bracket 1 pruned at step 1")
	}
	if !hv.Prune(h, mk(4, 0.5, 0.5, 0.5)) {
		t.Error("bracket 1: a worse trial went on at rung 3")
	}
	// Trial 5 is in bracket 2 (first rung 9), alone there.
	if hv.Prune(h, mk(5, 0.5, 0.5, 0.5)) {
		t.Error("bracket 2 pruned at step 3")
	}
}

// TestHyperbandSameWithAnyWorkers: a seeded Hyperband gives the same
// trials (numbers, parameters, states, values) with one worker or
// several, however the workers interleave. With several workers, trial 0
// draws its parameters only after trial 1 has drawn its own, as a slow
// start would make it; the parameters must not depend on that order.
func TestHyperbandSameWithAnyWorkers(t *testing.T) {
	ctx := context.Background()
	type trialRecord struct {
		number  int
		state   store.State
		lr      float64
		units   float64
		value   float64
		reports int
	}
	run := func(workers int) []trialRecord {
		drawn := make(chan struct{})
		var once sync.Once
		build := func(ctx context.Context, tr *Trial) (Step, error) {
			if workers > 1 && tr.Number() == 0 {
				<-drawn
			}
			lr, units := tr.LogFloat("lr", 1e-4, 1), tr.LogInt("units", 4, 256)
			if tr.Number() == 1 {
				once.Do(func() { close(drawn) })
			}
			seed := tr.Number()
			epoch := 0
			return func(ctx context.Context) (float64, error) {
				epoch++
				runtime.Gosched()
				return math.Abs(math.Log10(lr)+2)/float64(epoch) + 1/float64(units) + float64(seed%7)*1e-3, nil
			}, nil
		}
		st := newStudy(t, "hyperband", StudyOptions{})
		if err := st.Hyperband(ctx, build, HalvingOptions{MaxEpochs: 9, Workers: workers, Seed: 1, Quiet: true}); err != nil {
			t.Fatal(err)
		}
		sn, _ := st.Snapshot(ctx)
		var out []trialRecord
		for _, tr := range sn.Trials {
			lr, _ := tr.Param("lr")
			units, _ := tr.Param("units")
			out = append(out, trialRecord{tr.Number, tr.State, lr.Value, units.Value, tr.Value, len(tr.Intermediate)})
		}
		sort.Slice(out, func(i, j int) bool { return out[i].number < out[j].number })
		return out
	}
	want := run(1)
	for _, workers := range []int{2, 3} {
		if got := run(workers); !reflect.DeepEqual(got, want) {
			t.Errorf("workers %d: the trials differ from one worker's:\n got %v\nwant %v", workers, got, want)
		}
	}
}
