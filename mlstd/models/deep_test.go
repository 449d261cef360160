package models

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/methodic-go/methodic/mlstd/data"
	"gonum.org/v1/gonum/mat"
)

// deepModel is what ConvNet and GRU both are, for the tests that run on
// each.
type deepModel interface {
	Iterative
	Continue(ctx context.Context, epochs int) (*History, error)
	Params() []float64
	SetHook(every int, fn func(*Trace))
	ParamLayout() []ParamBlock
}

// deepKinds builds a small model of each kind from common settings; big
// asks for layers wide enough that two workers really split the work.
var deepKinds = map[string]func(o fitOptions, big bool) deepModel{
	"convnet": func(o fitOptions, big bool) deepModel {
		c := ConvNetOptions{Conv: []Conv{{Filters: 4, Padding: 1, Pool: 2}, {Filters: 6, Padding: 1, Pool: 2}}, Hidden: []int{12}}
		if big {
			c.Conv = []Conv{{Filters: 32, Padding: 1, Pool: 2}, {Filters: 48, Padding: 1, Pool: 2}}
			c.Dropout, c.BatchNorm = 0.2, true
		}
		c.Optimizer, c.LearningRate, c.Schedule, c.Epochs, c.Patience, c.Seed, c.Workers, c.Quiet = o.Optimizer, o.LearningRate, o.Schedule, o.Epochs, o.Patience, o.Seed, o.Workers, true
		return NewConvNet(c)
	},
	"gru": func(o fitOptions, big bool) deepModel {
		g := GRUOptions{Units: 12, Hidden: []int{10}}
		if big {
			g.Units, g.Dropout, g.BatchNorm = 128, 0.2, true
		}
		g.Optimizer, g.LearningRate, g.Schedule, g.Epochs, g.Patience, g.Seed, g.Workers, g.Quiet = o.Optimizer, o.LearningRate, o.Schedule, o.Epochs, o.Patience, o.Seed, o.Workers, true
		return NewGRU(g)
	},
}

// TestDeepReproducible: a seeded run gives bit-for-bit the same weights
// and history with one worker or two, and a different seed does not.
func TestDeepReproducible(t *testing.T) {
	sp := digitsSplit(t)
	train, _ := data.Subsample(sp.Train, 128, 1)
	for name, mk := range deepKinds {
		run := func(workers int, seed uint64) ([]float64, *History) {
			m := mk(fitOptions{Epochs: 2, Seed: seed, Workers: workers}, true)
			h, err := m.(Model).Fit(context.Background(), train, sp.Val)
			if err != nil {
				t.Fatal(err)
			}
			return m.Params(), h
		}
		p1, h1 := run(1, 7)
		p2, h2 := run(2, 7)
		p3, _ := run(1, 8)
		if !paramsEqual(p1, p2) {
			t.Errorf("%s: weights differ between 1 and 2 workers", name)
		}
		for i := range h1.Epochs {
			a, b := h1.Epochs[i], h2.Epochs[i]
			if a.TrainLoss != b.TrainLoss || a.ValLoss != b.ValLoss {
				t.Errorf("%s: epoch %d differs: %+v vs %+v", name, i+1, a, b)
			}
		}
		if paramsEqual(p1, p3) {
			t.Errorf("%s: different seeds gave equal weights", name)
		}
	}
}

// TestDeepPauseResume: 2 epochs, a pause (with predictions in between),
// then 2 more equal 4 at once (freeze-thaw), with momentum and a schedule.
func TestDeepPauseResume(t *testing.T) {
	sp := digitsSplit(t)
	o := fitOptions{Optimizer: Nesterov, Schedule: Schedule{Kind: Exponential}, Patience: -1}
	for name, mk := range deepKinds {
		a := mk(o, false)
		if err := a.Begin(sp.Train, sp.Val); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 4; i++ {
			if _, err := a.TrainEpoch(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		b := mk(o, false)
		if err := b.Begin(sp.Train, sp.Val); err != nil {
			t.Fatal(err)
		}
		if _, err := b.Continue(context.Background(), 2); err != nil {
			t.Fatal(err)
		}
		_ = b.Score(sp.Test) // predicting in between must not disturb training
		if _, err := b.Continue(context.Background(), 2); err != nil {
			t.Fatal(err)
		}
		if !paramsEqual(a.Params(), b.Params()) {
			t.Errorf("%s: paused and resumed training differs from uninterrupted training", name)
		}
		if n := len(b.History().Epochs); n != 4 {
			t.Errorf("%s: history has %d epochs, want 4", name, n)
		}
	}
}

// TestDeepCancel: a cancelled context stops Fit within one batch.
func TestDeepCancel(t *testing.T) {
	sp := digitsSplit(t)
	for name, mk := range deepKinds {
		m := mk(fitOptions{}, false)
		ctx, cancel := context.WithCancel(context.Background())
		batches := 0
		m.SetHook(1, func(tr *Trace) {
			batches++
			if tr.Epoch == 2 && tr.Batch == 3 {
				cancel()
			}
		})
		h, err := m.(Model).Fit(ctx, sp.Train, sp.Val)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("%s: err = %v, want context.Canceled", name, err)
		}
		perEpoch := (sp.Train.Len() + 63) / 64
		if batches != perEpoch+4 {
			t.Errorf("%s: %d batches trained, want %d", name, batches, perEpoch+4)
		}
		if h.Stopped != "cancelled" || len(h.Epochs) != 1 {
			t.Errorf("%s: history: stopped %q with %d epochs", name, h.Stopped, len(h.Epochs))
		}
	}
}

// TestDeepEarlyStopping: with a tiny patience on a small training set,
// training stops early and restores the best epoch's weights.
func TestDeepEarlyStopping(t *testing.T) {
	sp := digitsSplit(t)
	small, _ := data.Subsample(sp.Train, 100, 1)
	for name, mk := range deepKinds {
		m := mk(fitOptions{LearningRate: 0.01, Epochs: 300, Patience: 3}, false)
		h, err := m.(Model).Fit(context.Background(), small, sp.Val)
		if err != nil {
			t.Fatal(err)
		}
		if h.Stopped != "early stopping" || len(h.Epochs) == 300 {
			t.Fatalf("%s: did not stop early: %v", name, h)
		}
		if h.BestEpoch != len(h.Epochs)-3 {
			t.Errorf("%s: best epoch %d, stopped after %d with patience 3", name, h.BestEpoch, len(h.Epochs))
		}
		var d *deep
		switch m := m.(type) {
		case *ConvNet:
			d = &m.d
		case *GRU:
			d = &m.d
		}
		loss, _ := d.evaluate(d.xVal, d.yVal)
		if math.Abs(loss-h.Best().ValLoss) > 1e-12 {
			t.Errorf("%s: restored weights give val loss %v, best epoch had %v", name, loss, h.Best().ValLoss)
		}
	}
}

// TestDeepHooks: traces carry every layer with consistent shapes, and the
// update is the change of the weights.
func TestDeepHooks(t *testing.T) {
	sp := digitsSplit(t)
	for name, mk := range deepKinds {
		m := mk(fitOptions{Epochs: 1}, false)
		var traces []*Trace
		m.SetHook(5, func(tr *Trace) { traces = append(traces, tr) })
		if _, err := m.(Model).Fit(context.Background(), sp.Train, nil); err != nil {
			t.Fatal(err)
		}
		perEpoch := (sp.Train.Len() + 63) / 64
		if want := (perEpoch + 4) / 5; len(traces) != want {
			t.Fatalf("%s: %d traces, want %d", name, len(traces), want)
		}
		tr := traces[1]
		if tr.Step != 6 {
			t.Errorf("%s: trace step %d", name, tr.Step)
		}
		var want []string
		switch name {
		case "convnet":
			want = []string{"conv 1", "conv 2", "hidden 1", "output"}
		case "gru":
			want = []string{"gru", "hidden 1", "output"}
		}
		if len(tr.Layers) != len(want) {
			t.Fatalf("%s: %d layers traced, want %v", name, len(tr.Layers), want)
		}
		for i, lt := range tr.Layers {
			if lt.Name != want[i] || lt.Layer != i {
				t.Errorf("%s: layer %d is %q (%d), want %q", name, i, lt.Name, lt.Layer, want[i])
			}
			r, c := lt.PreActivation.Dims()
			ra, ca := lt.Activation.Dims()
			rg, cg := lt.PreActivationGrad.Dims()
			if r != ra || r != rg || c != ca || c != cg || r%64 != 0 {
				t.Errorf("%s/%s: pre-activation %dx%d, activation %dx%d, gradient %dx%d", name, lt.Name, r, c, ra, ca, rg, cg)
			}
			wr, wc := lt.Weights.Dims()
			ur, uc := lt.Update.Dims()
			if wr != ur || wc != uc || mat.Norm(lt.Update, 2) == 0 {
				t.Errorf("%s/%s: weights %dx%d, update %dx%d (norm %v)", name, lt.Name, wr, wc, ur, uc, mat.Norm(lt.Update, 2))
			}
		}
		// the first conv layer: 64 images x 4x4 positions (8x8 pooled to 4x4
		// after padding 1 keeps 8x8), 4 filters
		if name == "convnet" {
			if r, c := tr.Layers[0].PreActivation.Dims(); r != 64*64 || c != 4 {
				t.Errorf("conv 1 pre-activation %dx%d, want %dx4", r, c, 64*64)
			}
			if r, c := tr.Layers[0].Weights.Dims(); r != 9 || c != 4 {
				t.Errorf("conv 1 weights %dx%d, want 9x4", r, c)
			}
		}
	}
}

// TestDeepSaveLoad: each model round-trips through the file format with
// identical predictions, batch-norm statistics included.
func TestDeepSaveLoad(t *testing.T) {
	sp := digitsSplit(t)
	seq := smallSequences()
	ms := []struct {
		m     Model
		train *data.Dataset
	}{
		{NewConvNet(ConvNetOptions{Conv: []Conv{{Filters: 3, Padding: 1, Pool: 2}, {Filters: 4, Stride: 2}}, Hidden: []int{8}, BatchNorm: true, Epochs: 2, Quiet: true}), sp.Train},
		{NewConvNet(ConvNetOptions{Conv: []Conv{{Filters: 3, Size: 5, Padding: 2, Pool: 2, Average: true}}, Epochs: 2, Quiet: true}), seq},
		{NewGRU(GRUOptions{Units: 8, Hidden: []int{6}, BatchNorm: true, Epochs: 2, Quiet: true}), sp.Train},
		{NewGRU(GRUOptions{Units: 5, Epochs: 2, Quiet: true}), seq},
	}
	for _, c := range ms {
		if _, err := c.m.Fit(context.Background(), c.train, nil); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := Save(&buf, c.m); err != nil {
			t.Fatal(err)
		}
		m2, err := Load(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if !mat.Equal(c.m.PredictProba(c.train.X), m2.PredictProba(c.train.X)) {
			t.Errorf("%v: probabilities differ after Save and Load", c.m)
		}
		if fmt.Sprint(c.m) != fmt.Sprint(m2) {
			t.Errorf("loaded model %v, saved %v", m2, c.m)
		}
	}
	if err := Save(&bytes.Buffer{}, NewConvNet(ConvNetOptions{})); err == nil || !strings.Contains(err.Error(), "not trained") {
		t.Errorf("saving an untrained ConvNet: %v", err)
	}
}

// TestDeepBadInput: bad data and options are named in Begin's error, and
// rows that are neither images nor sequences are refused.
func TestDeepBadInput(t *testing.T) {
	sp := digitsSplit(t)
	flat := data.Blobs(30, 3, 4, 1, 1)
	nan := sp.Train.Subset(seqTo(20))
	nan.X.Set(3, 5, math.NaN())
	cases := []struct {
		name string
		m    Model
		d    *data.Dataset
		want string
	}{
		{"convnet/flat", NewConvNet(ConvNetOptions{Quiet: true}), flat, "neither images"},
		{"gru/flat", NewGRU(GRUOptions{Quiet: true}), flat, "neither images"},
		{"convnet/nan", NewConvNet(ConvNetOptions{Quiet: true}), nan, "feature 5 of row 3 is NaN"},
		{"gru/nan", NewGRU(GRUOptions{Quiet: true}), nan, "feature 5 of row 3 is NaN"},
		{"convnet/filters", NewConvNet(ConvNetOptions{Conv: []Conv{{Filters: 0}}}), sp.Train, "conv 1 has 0 filters"},
		{"convnet/too small", NewConvNet(ConvNetOptions{Conv: []Conv{{Filters: 2, Size: 5, Pool: 2}, {Filters: 2, Size: 5}}}), sp.Train, "conv 2: a 5x5 kernel does not fit its 2x2 input"},
		{"convnet/pool", NewConvNet(ConvNetOptions{Conv: []Conv{{Filters: 2, Pool: 9}}}), sp.Train, "pooling window of 9 does not fit"},
		{"convnet/dropout", NewConvNet(ConvNetOptions{Dropout: 1}), sp.Train, "dropout"},
		{"gru/units", NewGRU(GRUOptions{Units: -1}), sp.Train, "-1 units"},
		{"gru/optimizer", NewGRU(GRUOptions{Optimizer: 9}), sp.Train, "unknown optimizer"},
	}
	for _, c := range cases {
		_, err := c.m.Fit(context.Background(), c.d, nil)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "models: ") {
			t.Errorf("%s: err = %v, want one containing %q", c.name, err, c.want)
		}
	}
	// predicting with the wrong width panics with a clear message
	m := NewConvNet(ConvNetOptions{Conv: []Conv{{Filters: 2}}, Epochs: 1, Quiet: true})
	if _, err := m.Fit(context.Background(), sp.Train, nil); err != nil {
		t.Fatal(err)
	}
	defer func() {
		r := recover()
		if s, _ := r.(string); !strings.Contains(s, "x has 2 columns, the model was fitted on 64") {
			t.Errorf("panic = %v", r)
		}
	}()
	m.Predict(mat.NewDense(2, 2, nil))
}

// TestDeepRefitWiderRows: a model fitted again on rows with more features
// (longer sequences here) trains on them; its batch buffers were sized
// for the first data and panicked.
func TestDeepRefitWiderRows(t *testing.T) {
	short, long := data.FlipFlop(100, 10, 1), data.FlipFlop(100, 30, 1)
	for name, mk := range deepKinds {
		m := mk(fitOptions{Epochs: 1}, false).(Model)
		for _, d := range []*data.Dataset{short, long} {
			if _, err := m.Fit(context.Background(), d, nil); err != nil {
				t.Fatalf("%s on %s: %v", name, d.Name, err)
			}
			if got := m.(interface{ NumFeatures() int }).NumFeatures(); got != d.NumFeatures() {
				t.Fatalf("%s on %s: %d features, want %d", name, d.Name, got, d.NumFeatures())
			}
		}
	}
}
