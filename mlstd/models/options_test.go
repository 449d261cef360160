package models

import (
	"context"
	"math"
	"testing"

	"github.com/methodic-go/methodic/mlstd/data"
)

// TestSchedules: the learning rate of each epoch follows the schedule.
func TestSchedules(t *testing.T) {
	d := data.Blobs(64, 2, 2, 1, 1)
	cases := []struct {
		s    Schedule
		want []float64 // for epochs 1..6 with initial rate 0.1
	}{
		{Schedule{}, []float64{0.1, 0.1, 0.1, 0.1, 0.1, 0.1}},
		{Schedule{Kind: Step, Every: 2, Factor: 0.5}, []float64{0.1, 0.1, 0.05, 0.05, 0.025, 0.025}},
		{Schedule{Kind: Exponential, Factor: 0.5}, []float64{0.1, 0.05, 0.025, 0.0125, 0.00625, 0.003125}},
		{Schedule{Kind: Linear, Over: 4, Floor: 0.2}, []float64{0.1, 0.08, 0.06, 0.04, 0.02, 0.02}},
		// Over 0: the decay spans the run, and the last epoch (6)
		// trains at the floor (it reached the floor after training
		// ended before).
		{Schedule{Kind: Linear, Floor: 0.2}, []float64{0.1, 0.084, 0.068, 0.052, 0.036, 0.02}},
	}
	for _, c := range cases {
		m := NewMLP(MLPOptions{Hidden: []int{3}, Optimizer: SGD, LearningRate: 0.1, Schedule: c.s, Epochs: 6, Quiet: true})
		h, err := m.Fit(context.Background(), d, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i, w := range c.want {
			if got := h.Epochs[i].LearningRate; math.Abs(got-w) > 1e-12 {
				t.Errorf("%+v epoch %d: rate %v, want %v", c.s, i+1, got, w)
			}
		}
	}
}

// TestPlateauSchedule: the rate is divided when the validation loss stops
// improving for Patience epochs.
func TestPlateauSchedule(t *testing.T) {
	d := data.Blobs(64, 2, 2, 1, 1)
	m := NewMLP(MLPOptions{Hidden: []int{3}, Optimizer: SGD, LearningRate: 0.1, Schedule: Schedule{Kind: Plateau, Patience: 1, Factor: 0.1}, Quiet: true})
	if err := m.Begin(d, d); err != nil {
		t.Fatal(err)
	}
	rates := []float64{}
	losses := []float64{}
	for e := 0; e < 8; e++ {
		rec, err := m.TrainEpoch(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		rates = append(rates, rec.LearningRate)
		losses = append(losses, rec.ValLoss)
	}
	// replay the rule on the recorded losses
	best, lr := math.Inf(1), 0.1
	for e := range rates {
		if math.Abs(rates[e]-lr) > 1e-15 {
			t.Fatalf("epoch %d: rate %v, want %v (losses %v)", e+1, rates[e], lr, losses)
		}
		if losses[e] < best {
			best = losses[e]
		} else {
			lr *= 0.1
		}
	}
}

// TestOptimizersLearn: every optimiser lowers the training loss on a
// separable problem, and momentum methods differ from plain SGD.
func TestOptimizersLearn(t *testing.T) {
	d := data.Moons(300, 0.1, 2)
	final := map[Optimizer]float64{}
	for _, opt := range []Optimizer{Adam, SGD, Momentum, Nesterov} {
		for _, act := range []Activation{ReLU, Tanh, Sigmoid} {
			m := NewMLP(MLPOptions{Hidden: []int{16}, Activation: act, Optimizer: opt, LearningRate: 0.05, Epochs: 30, Quiet: true, Patience: -1})
			h, err := m.Fit(context.Background(), d, nil)
			if err != nil {
				t.Fatal(err)
			}
			first, last := h.Epochs[0].TrainLoss, h.Last().TrainLoss
			if !(last < 0.8*first) {
				t.Errorf("%v/%v: loss %v -> %v", opt, act, first, last)
			}
			if act == Tanh {
				final[opt] = last
			}
		}
	}
	if final[SGD] == final[Momentum] || final[Momentum] == final[Nesterov] {
		t.Errorf("optimisers gave equal losses: %v", final)
	}
}

// TestDummyStrategies: each strategy's probabilities and predictions.
func TestDummyStrategies(t *testing.T) {
	d := data.Imbalanced(100, 2, 0.2, 0, 1)
	ctx := context.Background()
	for _, s := range []Strategy{MostFrequent, Prior, Stratified, Uniform} {
		m := NewDummy(DummyOptions{Strategy: s, Seed: 3})
		if _, err := m.Fit(ctx, d, nil); err != nil {
			t.Fatal(err)
		}
		p := m.PredictProba(d.X)
		pred := m.Predict(d.X)
		ones := 0
		for _, y := range pred {
			ones += y
		}
		switch s {
		case MostFrequent:
			if p.At(0, 0) != 1 || ones != 0 {
				t.Errorf("most frequent: p %v, %d ones", p.RawRowView(0), ones)
			}
		case Prior:
			if p.At(5, 1) != 0.2 || ones != 0 {
				t.Errorf("prior: p %v, %d ones", p.RawRowView(5), ones)
			}
		case Stratified:
			if ones < 8 || ones > 35 {
				t.Errorf("stratified: %d ones of 100 with prior 0.2", ones)
			}
		case Uniform:
			if p.At(0, 0) != 0.5 || ones < 35 || ones > 65 {
				t.Errorf("uniform: p %v, %d ones", p.RawRowView(0), ones)
			}
		}
	}
}
