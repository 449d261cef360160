package tune

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/methodic-go/methodic/mlstd/data"
	"github.com/methodic-go/methodic/mlstd/models"
	"github.com/methodic-go/methodic/mlstd/tune/store"
)

var digitsOnce = sync.OnceValues(func() (*data.Split, error) {
	sp, err := data.TrainValTest(data.Digits(), data.SplitOptions{})
	if err != nil {
		return nil, err
	}
	sp, _, err = data.Standardize(sp)
	return sp, err
})

func digits(t testing.TB) *data.Split {
	sp, err := digitsOnce()
	if err != nil {
		t.Fatal(err)
	}
	return sp
}

// digitsMLP is the Trainable of the digits benchmark: an MLP whose
// learning rate, width and weight decay are searched, and whose objective
// is the validation error after each epoch. The model lives in the Step's
// closure, so a paused trial resumes where it stopped.
func digitsMLP(sp *data.Split, epochs *atomic.Int64) Trainable {
	return func(ctx context.Context, t *Trial) (Step, error) {
		m := models.NewMLP(models.MLPOptions{
			LearningRate: t.LogFloat("lr", 1e-5, 1),
			Hidden:       []int{t.LogInt("units", 4, 256)},
			L2:           t.LogFloat("l2", 1e-6, 1),
			Seed:         uint64(t.Number()),
			Workers:      1,
			Quiet:        true,
		})
		if err := m.Begin(sp.Train, sp.Val); err != nil {
			return nil, err
		}
		return func(ctx context.Context) (float64, error) {
			e, err := m.TrainEpoch(ctx)
			if epochs != nil {
				epochs.Add(1)
			}
			return 1 - e.ValAccuracy, err
		}, nil
	}
}

// A trial paused by successive halving and resumed continues its MLP
// exactly as uninterrupted training would: same validation error after
// every epoch (freeze-thaw, not retraining).
func TestDigitsFreezeThaw(t *testing.T) {
	if testing.Short() {
		t.Skip("trains MLPs")
	}
	sp := digits(t)
	ctx := context.Background()
	st := newStudy(t, "digits-sh", StudyOptions{})
	var epochs atomic.Int64
	if err := st.SuccessiveHalving(ctx, digitsMLP(sp, &epochs), HalvingOptions{MaxEpochs: 9, Eta: 3, Trials: 6, Seed: 2, Workers: 2, Quiet: true}); err != nil {
		t.Fatal(err)
	}
	b, err := st.Best(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Intermediate) != 9 || epochs.Load() != 6*1+2*2+1*6 {
		t.Fatalf("best trial reported %d epochs; %d trained in all", len(b.Intermediate), epochs.Load())
	}
	// Train the best trial's configuration straight through.
	v := ParamValues(b)
	m := models.NewMLP(models.MLPOptions{LearningRate: v["lr"], Hidden: []int{int(v["units"])}, L2: v["l2"], Seed: uint64(b.Number), Workers: 1, Quiet: true})
	if err := m.Begin(sp.Train, sp.Val); err != nil {
		t.Fatal(err)
	}
	for i, p := range b.Intermediate {
		e, err := m.TrainEpoch(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got := 1 - e.ValAccuracy; got != p.Value {
			t.Errorf("epoch %d: resumed trial %v, straight training %v", i+1, p.Value, got)
		}
	}
}

// finishWatch is a storage that calls hit when a trial completes with a
// value at or below target.
type finishWatch struct {
	store.Storage
	target float64
	hit    func()
}

func (w *finishWatch) Finish(ctx context.Context, id int64, worker string, state store.State, value float64, note string) error {
	err := w.Storage.Finish(ctx, id, worker, state, value, note)
	if err == nil && state == store.Complete && value <= w.target {
		w.hit()
	}
	return err
}

// hyperbandVsRandom runs, for one seed, random search (trials of
// maxEpochs each) and then Hyperband until one of its complete trials is
// as good as random search's best, and returns random's best validation
// error, its epochs, and the epochs Hyperband had trained by then
// (capped: Hyperband runs at most 3 iterations).
func hyperbandVsRandom(sp *data.Split, seed uint64, trials, maxEpochs int) (best float64, randomEpochs, hbEpochs int64) {
	ctx := context.Background()
	var n atomic.Int64
	rs, _ := NewStudy(ctx, "random", StudyOptions{})
	if err := rs.Optimize(ctx, Epochs(digitsMLP(sp, &n), maxEpochs), Options{Trials: trials, Sampler: NewRandom(seed), Quiet: true}); err != nil {
		panic(err)
	}
	b, err := rs.Best(ctx)
	if err != nil {
		panic(err)
	}
	randomEpochs = n.Load()

	var m atomic.Int64
	hbCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	hbEpochs = -1
	w := &finishWatch{Storage: store.NewMemory(), target: b.Value, hit: func() {
		if hbEpochs < 0 {
			hbEpochs = m.Load()
		}
		cancel()
	}}
	hs, _ := NewStudy(ctx, "hyperband", StudyOptions{Storage: w})
	err = hs.Hyperband(hbCtx, digitsMLP(sp, &m), HalvingOptions{MaxEpochs: maxEpochs, Eta: 3, Iterations: 3, Sampler: NewRandom(seed + 1000), Quiet: true})
	if err != nil && !errors.Is(err, context.Canceled) {
		panic(err)
	}
	if hbEpochs < 0 {
		hbEpochs = m.Load() + 1 // not reached
	}
	return b.Value, randomEpochs, hbEpochs
}

// BenchmarkHyperbandDigits: over 20 seeds, random search of 40 MLPs
// trained 27 epochs each on digits against Hyperband (R = 27, eta = 3,
// freeze-thaw), reporting the median fraction of random search's epochs
// that Hyperband needed to reach random search's best validation error.
//
//	go test -run '^$' -bench HyperbandDigits -benchtime 1x ./mlstd/tune/
func BenchmarkHyperbandDigits(b *testing.B) {
	sp := digits(b)
	for range b.N {
		var ratios, bests []float64
		for seed := uint64(0); seed < seeds; seed++ {
			best, re, he := hyperbandVsRandom(sp, seed, 40, 27)
			ratios = append(ratios, float64(he)/float64(re))
			bests = append(bests, best)
			b.Logf("seed %d: random best %.4f in %d epochs; Hyperband reached it after %d epochs (%.2f)", seed, best, re, he, float64(he)/float64(re))
		}
		b.ReportMetric(median(ratios), "median-epoch-ratio")
		b.ReportMetric(median(bests), "median-random-best-error")
	}
}
