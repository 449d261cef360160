package diagnose

import (
	"context"
	"math"
	"testing"

	"github.com/methodic-go/methodic/mlstd/data"
	"github.com/methodic-go/methodic/mlstd/models"
)

// killUnits sets the biases of the first n units of the first hidden layer
// to -bias, so that their pre-activations are negative for every input of
// data scaled to [0, 1]: dead ReLUs from the start.
func killUnits(t *testing.T, m *models.MLP, n int, bias float64) {
	t.Helper()
	p := m.Params()
	for _, b := range m.ParamLayout() {
		if b.Layer == 0 && b.Kind == "b" {
			for j := range n {
				p[b.Offset+j] = -bias
			}
		}
	}
	m.SetParams(p)
}

func TestMonitorDeadReLU(t *testing.T) {
	d := data.Digits().Scaled(1.0 / 16)
	ctx := context.Background()
	run := func(kill int) *Monitor {
		m := models.NewMLP(models.MLPOptions{Hidden: []int{40, 40}, Seed: 2, Quiet: true, Workers: 1})
		if err := m.Begin(d, nil); err != nil {
			t.Fatal(err)
		}
		killUnits(t, m, kill, 20)
		mon := Watch(m, MonitorOptions{Every: 20})
		for range 3 {
			if _, err := m.TrainEpoch(ctx); err != nil {
				t.Fatal(err)
			}
		}
		return mon
	}
	healthy := run(0)
	for _, w := range healthy.Warnings() {
		t.Errorf("healthy network warned: %+v", w)
	}
	sick := run(20)
	recs := sick.Records()
	// 3 epochs of 29 batches: steps 1, 21, 41, 61 and 81 are recorded.
	if len(recs) != 5 || recs[0].Step != 1 || recs[4].Step != 81 {
		t.Errorf("%d records, want steps 1, 21, ..., 81", len(recs))
	}
	last := recs[len(recs)-1]
	if got := last.Layers[0].Dead; got < 0.5 || got > 0.6 {
		t.Errorf("dead share of hidden 1 = %.3f, want at least the 20 killed of 40 units", got)
	}
	if got := last.Layers[1].Dead; got > 0.2 {
		t.Errorf("dead share of hidden 2 = %.3f, want few", got)
	}
	if !math.IsNaN(last.Layers[2].Dead) {
		t.Errorf("the output layer has a dead share %v, want NaN", last.Layers[2].Dead)
	}
	var found bool
	for _, w := range sick.Warnings() {
		if w.Kind == "dead units" {
			if w.Layer != "hidden 1" {
				t.Errorf("dead units warned in %s", w.Layer)
			}
			found = true
			if w.Count != len(recs) || w.First != recs[0].Step {
				t.Errorf("dead units warned in %d of %d records from step %d", w.Count, len(recs), w.First)
			}
		}
	}
	if !found {
		t.Errorf("no dead-unit warning:\n%v", sick)
	}
	t.Log(sick)
}
