package diagnose

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/methodic-go/methodic/mlstd/data"
	"github.com/methodic-go/methodic/mlstd/models"
	"gonum.org/v1/gonum/mat"
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

// TestMonitorSaturationAndRatio: a tanh network with weights twenty times
// too large saturates, and SGD at a rate of 5 moves the weights by far
// more than 1e-1 of their size per step.
func TestMonitorSaturationAndRatio(t *testing.T) {
	d := data.Digits().Scaled(1.0 / 16)
	m := models.NewMLP(models.MLPOptions{Hidden: []int{32}, Activation: models.Tanh, Optimizer: models.SGD, LearningRate: 5, Seed: 1, Quiet: true})
	if err := m.Begin(d, nil); err != nil {
		t.Fatal(err)
	}
	p := m.Params()
	for i := range p {
		p[i] *= 20
	}
	m.SetParams(p)
	mon := Watch(m, MonitorOptions{Every: 10})
	if _, err := m.TrainEpoch(context.Background()); err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for _, w := range mon.Warnings() {
		for _, l := range strings.Split(w.Layer, ", ") {
			kinds[l+"/"+w.Kind] = true
		}
	}
	if !kinds["hidden 1/saturation"] {
		t.Errorf("no saturation warning:\n%v", mon)
	}
	if !kinds["output/update ratio too large"] {
		t.Errorf("no update-ratio warning:\n%v", mon)
	}
	if r, _ := mon.Last(); r.Layers[0].Saturated < 0.5 || !math.IsNaN(r.Layers[0].Dead) {
		t.Errorf("hidden 1: saturated %.3f, dead %v", r.Layers[0].Saturated, r.Layers[0].Dead)
	}
	mon.Record(&models.Trace{Step: 99}) // no layers: ignored
	if r, _ := mon.Last(); r.Step == 99 {
		t.Error("an empty trace was recorded")
	}
}

func TestGradientCheckUnbuiltModel(t *testing.T) {
	_, err := GradientCheck(context.Background(), models.NewMLP(models.MLPOptions{}), data.Iris(), GradCheckOptions{})
	if err == nil || !strings.HasPrefix(err.Error(), "diagnose: GradientCheck: panic: models:") {
		t.Errorf("err = %v, want the model's complaint as an error", err)
	}
}

// TestMonitorVanishing: in eight sigmoid layers the gradient shrinks by
// a factor of at most 4 per layer on its way down, so the first layers
// barely learn.
func TestMonitorVanishing(t *testing.T) {
	d := data.Digits().Scaled(1.0 / 16)
	m := models.NewMLP(models.MLPOptions{Hidden: []int{32, 32, 32, 32, 32, 32, 32, 32}, Activation: models.Sigmoid, Seed: 1, Quiet: true})
	if err := m.Begin(d, nil); err != nil {
		t.Fatal(err)
	}
	mon := Watch(m, MonitorOptions{Every: 10})
	if _, err := m.TrainEpoch(context.Background()); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, w := range mon.Warnings() {
		if w.Kind == "vanishing gradient" {
			found = true
			if w.Layer == "hidden 8" {
				t.Errorf("the last hidden layer is flagged: %+v", w)
			}
		}
	}
	if !found {
		t.Errorf("no vanishing-gradient warning:\n%v", mon)
	}
	r, _ := mon.Last()
	if !(r.Layers[0].GradRMS < r.Layers[7].GradRMS/100) {
		t.Errorf("gradient RMS %g in hidden 1, %g in hidden 8", r.Layers[0].GradRMS, r.Layers[7].GradRMS)
	}
}

// TestMonitorSigmoidStuck: 02-baselines' sigmoid network (three layers of
// 64 units, SGD with momentum) stays at chance; the monitor must say so,
// and why: the gradient falls tens of times from the output to the first
// layer. The same network with batch normalisation learns, silently.
func TestMonitorSigmoidStuck(t *testing.T) {
	sp, err := data.TrainValTest(data.Digits().Scaled(1.0/16), data.SplitOptions{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	run := func(bn bool) *Monitor {
		m := models.NewMLP(models.MLPOptions{Hidden: []int{64, 64, 64}, Activation: models.Sigmoid, Optimizer: models.Momentum,
			BatchNorm: bn, Epochs: 12, Patience: -1, Seed: 1, Quiet: true, Workers: 1})
		mon := Watch(m, MonitorOptions{Every: 20})
		if _, err := m.Fit(context.Background(), sp.Train, sp.Val); err != nil {
			t.Fatal(err)
		}
		return mon
	}
	stuck := run(false)
	got := map[string]Warning{}
	for _, w := range stuck.Warnings() {
		got[w.Kind] = w
	}
	v, ok := got["vanishing gradient"]
	if !ok || !strings.Contains(v.Layer, "hidden 1") || strings.Contains(v.Layer, "hidden 3") {
		t.Errorf("want a vanishing gradient in hidden 1 (not hidden 3), have:\n%v", stuck)
	}
	c, ok := got["loss at chance"]
	if !ok || !strings.Contains(c.Message, "vanishing gradient in hidden 1") {
		t.Errorf("want the loss at chance, caused by the vanishing gradient, have:\n%v", stuck)
	}
	if ws := run(true).Warnings(); len(ws) != 0 {
		t.Errorf("with batch normalisation the network learns, yet the monitor warns: %+v", ws)
	}
}

// TestMonitorRootCauseOnce: 05-debugging's bug on digits (pixels 0 to 255,
// a learning rate that suits pixels in [0, 1]): the first step is a leap
// that kills every hidden unit, and from then on no weight moves. The
// monitor names the leap as the cause of the dead units, and does not
// also advise raising the learning rate for the updates that stopped.
func TestMonitorRootCauseOnce(t *testing.T) {
	d := data.Digits().Scaled(255.0 / 16)
	m := models.NewMLP(models.MLPOptions{Hidden: []int{64}, Optimizer: models.Momentum, LearningRate: 0.05, Epochs: 5, Seed: 1, Quiet: true, Workers: 1})
	mon := Watch(m, MonitorOptions{Every: 10})
	if _, err := m.Fit(context.Background(), d, nil); err != nil {
		t.Fatal(err)
	}
	kinds := map[string]Warning{}
	for _, w := range mon.Warnings() {
		kinds[w.Kind] = w
		if strings.Contains(w.Message, "Raise the learning rate") || strings.Contains(w.Message, "of their size (healthy: about 1e-3)") {
			t.Errorf("%s: %s: %s", w.Layer, w.Kind, w.Message)
		}
		if strings.Contains(w.Message, " by 0 of their size") {
			t.Errorf("a zero update is written as a ratio: %s", w.Message)
		}
	}
	if _, ok := kinds["update ratio too small"]; ok {
		t.Errorf("the stopped updates are reported apart from their cause:\n%v", mon)
	}
	dead, ok := kinds["dead units"]
	if !ok || !strings.Contains(dead.Message, "died after the update of step 1") {
		t.Errorf("the dead units do not name the first step as their cause:\n%v", mon)
	}
	big, ok := kinds["update ratio too large"]
	if !ok || big.Layer != "hidden 1, output" || !strings.Contains(big.Message, "scaled") {
		t.Errorf("want one warning of the too-large first step, in both layers, pointing at the inputs:\n%v", mon)
	}
	t.Log(mon)
}

// TestMonitorChanceOfHeads: the loss at chance is the traces' Chance (a
// network with several outputs sums theirs), not ln of the output layer's
// units: a loss that stays at the sum warns, one at ln 15 does not.
func TestMonitorChanceOfHeads(t *testing.T) {
	trace := func(step int, loss float64) *models.Trace {
		m := mat.NewDense(4, 15, nil)
		for i := range 4 {
			for j := range 15 {
				m.Set(i, j, 0.1*float64(i+j))
			}
		}
		w := mat.NewDense(6, 15, nil)
		w.Apply(func(i, j int, _ float64) float64 { return 0.01 * float64(i-j) }, w)
		up := mat.NewDense(6, 15, nil)
		up.Scale(0.01, w)
		return &models.Trace{Step: step, Loss: loss, Chance: math.Log(10) + math.Log(3) + 0.5*math.Log(2),
			Layers: []models.LayerTrace{{Name: "output", PreActivation: m, Activation: m, PreActivationGrad: m, Weights: w, WeightGrad: w, Update: up}}}
	}
	chance := math.Log(10) + math.Log(3) + 0.5*math.Log(2)
	for _, c := range []struct {
		loss float64
		warn bool
	}{{chance * 1.01, true}, {math.Log(15), false}} {
		mon := NewMonitor(MonitorOptions{Every: 1})
		for s := range 8 {
			mon.Record(trace(s+1, c.loss))
		}
		var got *Warning
		for _, w := range mon.Warnings() {
			if w.Kind == "loss at chance" {
				got = &w
			}
		}
		switch {
		case c.warn && (got == nil || !strings.Contains(got.Message, fmt.Sprintf("near %.3f,", chance))):
			t.Errorf("loss %.3f at the heads' chance %.3f: warning %+v", c.loss, chance, got)
		case !c.warn && got != nil:
			t.Errorf("loss ln 15 with a chance of %.3f: warned %q", chance, got.Message)
		}
	}
}
