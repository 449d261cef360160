package diagnose

import (
	"context"
	"math"
	"testing"

	"github.com/methodic-go/methodic/mlstd/data"
	"github.com/methodic-go/methodic/mlstd/metrics"
	"github.com/methodic-go/methodic/mlstd/models"
)

// TestNetworksThroughDiagnose: a ConvNet and a GRU pass a gradient check
// block by block, are watched by a Monitor that sees their layers by
// name, and memorise a tiny set quietly; so does a ConvNet with heads,
// whose gradient check and range test take every output's labels.
func TestNetworksThroughDiagnose(t *testing.T) {
	digits := data.Digits().Scaled(1.0 / 16)
	train := digits.Subset(seq(200))
	parity := data.Target{Name: "parity", Classes: []string{"even", "odd"}, Y: make([]int, train.Len())}
	for i, c := range train.Y {
		parity.Y[i] = c % 2
		if c == 0 {
			parity.Y[i] = -1
		}
	}
	train.Targets = []data.Target{parity}
	for _, c := range []struct {
		m interface {
			models.Iterative
			Differentiable
			Hookable
		}
		layers []string
	}{
		{models.NewConvNet(models.ConvNetOptions{Conv: []models.Conv{{Filters: 3, Padding: 1, Pool: 2}, {Filters: 4}}, Epochs: 2, Quiet: true}), []string{"conv 1", "conv 2", "output"}},
		{models.NewGRU(models.GRUOptions{Units: 16, LearningRate: 0.01, Epochs: 2, Quiet: true}), []string{"gru", "output"}},
		{models.NewConvNet(models.ConvNetOptions{Conv: []models.Conv{{Filters: 3, Padding: 1, Pool: 2}}, Heads: []string{"parity"}, Epochs: 2, Quiet: true}), []string{"conv 1", "output"}},
	} {
		if err := c.m.Begin(train, nil); err != nil {
			t.Fatal(err)
		}
		g, err := GradientCheck(context.Background(), c.m, train, GradCheckOptions{PerBlock: 10})
		if err != nil {
			t.Fatal(err)
		}
		if !g.Passed {
			t.Errorf("%v: gradient check failed:\n%v", c.m, g)
		}
		lr, err := LRRangeTest(context.Background(), c.m, train, LRRangeOptions{Steps: 20})
		if err != nil || len(lr.Losses) == 0 {
			t.Fatalf("%v: LRRangeTest: %v, %v", c.m, err, lr)
		}
		mon := Watch(c.m, MonitorOptions{Every: 1})
		if _, err := c.m.Fit(context.Background(), train, nil); err != nil {
			t.Fatal(err)
		}
		recs := mon.Records()
		if len(recs) == 0 || len(recs[0].Layers) != len(c.layers) {
			t.Fatalf("%v: %d records", c.m, len(recs))
		}
		for i, l := range recs[0].Layers {
			if l.Name != c.layers[i] {
				t.Errorf("%v: layer %d recorded as %q, want %q", c.m, i, l.Name, c.layers[i])
			}
		}
		tiny, err := FitTiny(context.Background(), c.m, train, TinyOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if !tiny.Passed {
			t.Errorf("%v: could not memorise a tiny set: %v", c.m, tiny)
		}
	}
}

func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// TestTinyLossOfHeads: FitTiny judges a ConvNet with heads by the loss it
// trains on, every output's cross-entropy summed, not Y's alone.
func TestTinyLossOfHeads(t *testing.T) {
	d := data.Digits().Scaled(1.0 / 16).Subset(seq(60))
	parity := data.Target{Name: "parity", Classes: []string{"even", "odd"}, Y: make([]int, d.Len())}
	for i, c := range d.Y {
		parity.Y[i] = c % 2
	}
	d.Targets = []data.Target{parity}
	m := models.NewConvNet(models.ConvNetOptions{Conv: []models.Conv{{Filters: 3, Padding: 1, Pool: 2}}, Heads: []string{"parity"}, Epochs: 2, Quiet: true})
	if _, err := m.Fit(context.Background(), d, nil); err != nil {
		t.Fatal(err)
	}
	want := m.Loss(m.Params(), d.X, m.Labels(d))
	y, err := metrics.LogLoss(d.Y, m.PredictProba(d.X), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := logLoss(m, d); math.Abs(got-want) > 1e-4*want || got < y+0.1 {
		t.Errorf("log loss %v; the summed training loss is %v, Y's output alone %v", got, want, y)
	}
}
