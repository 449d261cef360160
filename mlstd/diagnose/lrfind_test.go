package diagnose

import (
	"context"
	"math"
	"testing"

	"github.com/methodic-go/methodic/mlstd/data"
	"github.com/methodic-go/methodic/mlstd/models"
	"gonum.org/v1/gonum/mat"
)

// bowl is the loss a/2 · mean over the batch's rows x of ||p - x||²:
// minibatch gradient descent with rate lr converges (to a noisy
// neighbourhood of the mean row) when lr < 2/a and diverges above, so the
// range test must find its lowest loss below 2/a and stop soon after.
type bowl struct{ a float64 }

func (b bowl) ParamLayout() []models.ParamBlock {
	return []models.ParamBlock{{Name: "bowl", Kind: "W", Rows: 1, Cols: 4}}
}
func (b bowl) Params() []float64 { return []float64{5, 5, 5, 5} }
func (b bowl) Loss(p []float64, x *mat.Dense, y []int) float64 {
	l, _ := b.Gradient(p, x, y)
	return l
}
func (b bowl) Gradient(p []float64, x *mat.Dense, _ []int) (float64, []float64) {
	var l float64
	g := make([]float64, len(p))
	r, _ := x.Dims()
	for i := range r {
		for j, v := range x.RawRowView(i) {
			d := p[j] - v
			l += b.a / 2 * d * d / float64(r)
			g[j] += b.a * d / float64(r)
		}
	}
	return l, g
}

func TestLRRangeTestBowl(t *testing.T) {
	b := bowl{a: 4} // diverges above 2/a = 0.5
	sgd := models.MLPOptions{Optimizer: models.SGD}
	r, err := LRRangeTest(context.Background(), b, irisStd(t), LRRangeOptions{Optimizer: &sgd, Min: 1e-4, Max: 100, Steps: 200, BatchSize: 16})
	if err != nil {
		t.Fatal(err)
	}
	t.Log(r)
	if !r.Diverged {
		t.Errorf("the test did not see the divergence above 0.5")
	}
	if r.MinRate > 0.5 || r.MinRate < 0.01 {
		t.Errorf("lowest loss at rate %g, want below 0.5", r.MinRate)
	}
	if math.Abs(r.Suggested-r.MinRate/10) > 1e-15 {
		t.Errorf("suggested %g, want a tenth of %g", r.Suggested, r.MinRate)
	}
	if last := r.Rates[len(r.Rates)-1]; last > 2 {
		t.Errorf("ran on to rate %g after diverging", last)
	}
}

// TestLRRangeTestMLP: on digits, training with the suggested rate beats
// training with rates a hundred times smaller and larger.
func TestLRRangeTestMLP(t *testing.T) {
	sp := digitsSplit(t)
	m := models.NewMLP(models.MLPOptions{Optimizer: models.Momentum, Seed: 1, Quiet: true})
	if err := m.Begin(sp.Train, nil); err != nil {
		t.Fatal(err)
	}
	before := m.Params()
	r, err := LRRangeTest(context.Background(), m, sp.Train, LRRangeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Log(r)
	after := m.Params()
	for i := range before {
		if before[i] != after[i] {
			t.Fatal("the range test changed the model's parameters")
		}
	}
	loss := func(lr float64) float64 {
		m := models.NewMLP(models.MLPOptions{Optimizer: models.Momentum, LearningRate: lr, Epochs: 3, Seed: 1, Quiet: true})
		h, err := m.Fit(context.Background(), sp.Train, nil)
		if err != nil {
			t.Fatal(err)
		}
		return h.Last().TrainLoss
	}
	good := loss(r.Suggested)
	for _, f := range []float64{0.01, 100} {
		if other := loss(r.Suggested * f); !(other > good) {
			t.Errorf("rate %g trains to loss %g, the suggested %g to %g", r.Suggested*f, other, r.Suggested, good)
		}
	}
}

func TestLRRangeTestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	b := bowl{a: 1}
	if _, err := LRRangeTest(ctx, b, data.Iris(), LRRangeOptions{}); err != context.Canceled {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if _, err := LRRangeTest(context.Background(), b, data.Iris(), LRRangeOptions{Min: 1, Max: 0.1}); err == nil {
		t.Error("no error for Min > Max")
	}
}
