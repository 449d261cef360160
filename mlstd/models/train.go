package models

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"

	"github.com/methodic-go/methodic/display"
	"github.com/methodic-go/methodic/mlstd/data"
)

// fitOptions are the training options that every network of this package
// (MLP, ConvNet, GRU) takes, with the same names and defaults.
type fitOptions struct {
	Optimizer             Optimizer
	LearningRate          float64
	Momentum              float64
	Beta1, Beta2, Epsilon float64
	Schedule              Schedule
	L2                    float64
	BatchSize             int
	Epochs                int
	Patience              int
	Seed                  uint64
	Workers               int
	Quiet                 bool
}

func (o fitOptions) learningRate() float64 {
	if o.LearningRate != 0 {
		return o.LearningRate
	}
	if o.Optimizer == Adam {
		return 0.001
	}
	return 0.01
}

func (o fitOptions) batchSize() int {
	if o.BatchSize == 0 {
		return 64
	}
	return o.BatchSize
}

func (o fitOptions) epochs() int {
	if o.Epochs == 0 {
		return 100
	}
	return o.Epochs
}

func (o fitOptions) patience() int {
	if o.Patience == 0 {
		return 10
	}
	return o.Patience
}

func (o fitOptions) workers() int {
	if o.Workers > 0 {
		return o.Workers
	}
	return max(1, min(runtime.GOMAXPROCS(0), runtime.NumCPU()))
}

// validate reports the first invalid option; model names the model in
// the message ("MLP").
func (o fitOptions) validate(model string) error {
	bad := func(name string, v float64) error {
		return fmt.Errorf("models: %s: invalid %s %v", model, name, v)
	}
	switch {
	case o.Optimizer < Adam || o.Optimizer > Nesterov:
		return fmt.Errorf("models: %s: unknown optimizer %d", model, int(o.Optimizer))
	case o.Schedule.Kind < Constant || o.Schedule.Kind > Plateau:
		return fmt.Errorf("models: %s: unknown schedule %d", model, int(o.Schedule.Kind))
	case !(o.LearningRate >= 0) || math.IsInf(o.LearningRate, 0):
		return bad("learning rate", o.LearningRate)
	case !(o.Momentum >= 0 && o.Momentum < 1):
		return bad("momentum", o.Momentum)
	case !(o.Beta1 >= 0 && o.Beta1 < 1), !(o.Beta2 >= 0 && o.Beta2 < 1), !(o.Epsilon >= 0):
		return fmt.Errorf("models: %s: invalid Adam settings beta1=%v beta2=%v epsilon=%v", model, o.Beta1, o.Beta2, o.Epsilon)
	case !(o.L2 >= 0) || math.IsInf(o.L2, 0):
		return bad("L2", o.L2)
	case o.BatchSize < 0:
		return bad("batch size", float64(o.BatchSize))
	case o.Epochs < 0:
		return bad("epochs", float64(o.Epochs))
	case !(o.Schedule.Factor >= 0 && o.Schedule.Factor < 1) && o.Schedule.Kind != Constant:
		return bad("schedule factor", o.Schedule.Factor)
	case o.Schedule.Every < 0 || o.Schedule.Over < 0 || o.Schedule.Patience < 0 || !(o.Schedule.Floor >= 0):
		return fmt.Errorf("models: %s: invalid schedule %+v", model, o.Schedule)
	}
	return nil
}

// trainer is what a network trained by mini-batch gradient descent keeps
// from one epoch to the next: the optimiser's state over the flat
// parameter slab, the learning-rate schedule, the shuffling stream, the
// history, and the early-stopping and plateau records. Every network of
// the package trains through one, so that they share their rules.
type trainer struct {
	o             fitOptions
	params, grads []float32 // the network's slabs
	mo, ve, vel   []float32
	step          int
	lr            float64
	sc            stepConsts
	rng           *rand.Rand
	hist          *History
	hasVal        bool
	best          float64
	bestParams    []float32
	bestRun       [][]float32
	bestEpoch     int
	sinceBest     int
	plateauBest   float64
	plateauWait   int
	hook          func(*Trace)
	hookEvery     int
	workers       int
	running       func() [][]float32 // the network's batch-norm statistics
}

// begin resets the trainer for a fresh run over the slabs params and
// grads: a new generator from the seed (which the caller then uses to
// draw the weights), zero optimiser state, rate and history. running
// returns the batch-norm statistics that early stopping must keep with
// the weights (nil for none).
func (t *trainer) begin(o fitOptions, params, grads []float32, hasVal bool, running func() [][]float32) {
	t.o, t.params, t.grads, t.hasVal, t.running = o, params, grads, hasVal, running
	t.workers = o.workers()
	t.rng = data.NewRand(o.Seed)
	p := len(params)
	t.mo, t.ve, t.vel = nil, nil, nil
	switch o.Optimizer {
	case Adam:
		t.mo, t.ve = make([]float32, p), make([]float32, p)
	case Momentum, Nesterov:
		t.vel = make([]float32, p)
	}
	t.step = 0
	t.lr = o.learningRate()
	t.hist = &History{}
	t.best, t.bestParams, t.bestRun, t.bestEpoch, t.sinceBest = math.Inf(1), nil, nil, 0, 0
	t.plateauBest, t.plateauWait = math.Inf(1), 0
}

// epochLR applies the schedule for epoch e (1-based) and returns the rate.
func (t *trainer) epochLR(e int) float64 {
	o := t.o
	s := o.Schedule
	lr0 := o.learningRate()
	switch s.Kind {
	case Step:
		every := s.Every
		if every == 0 {
			every = 10
		}
		t.lr = lr0 * math.Pow(orDefault(s.Factor, 0.5), float64((e-1)/every))
	case Exponential:
		t.lr = lr0 * math.Pow(orDefault(s.Factor, 0.95), float64(e-1))
	case Linear:
		over := s.Over
		if over == 0 {
			over = o.epochs() - 1 // the last epoch at the floor
		}
		floor := lr0 * orDefault(s.Floor, 0.01)
		x := math.Min(1, float64(e-1)/float64(max(1, over)))
		t.lr = lr0 + (floor-lr0)*x
	}
	return t.lr
}

// tracing reports whether the step about to be taken is traced for the
// hook.
func (t *trainer) tracing() bool {
	return t.hook != nil && t.step%max(1, t.hookEvery) == 0
}

// stepConsts are the numbers of one optimiser step.
type stepConsts struct {
	lr, b1, b2, eps, mu float32
}

// prepareStep counts an update and computes its constants for rate lr
// (Adam's bias correction folded into the rate).
func (t *trainer) prepareStep(lr float64) {
	o := t.o
	t.step++
	switch o.Optimizer {
	case Adam:
		b1, b2 := orDefault(o.Beta1, 0.9), orDefault(o.Beta2, 0.999)
		n := float64(t.step)
		lrt := lr * math.Sqrt(1-math.Pow(b2, n)) / (1 - math.Pow(b1, n))
		t.sc = stepConsts{lr: float32(lrt), b1: float32(b1), b2: float32(b2), eps: float32(orDefault(o.Epsilon, 1e-8))}
	default:
		t.sc = stepConsts{lr: float32(lr), mu: float32(orDefault(o.Momentum, 0.9))}
	}
}

// applyRange applies the prepared step to the parameters [i0, i1). The
// update of each parameter depends on it alone, so any split of the
// vector gives the same result.
func (t *trainer) applyRange(i0, i1 int) {
	p, g := t.params[i0:i1], t.grads[i0:i1]
	c := t.sc
	switch t.o.Optimizer {
	case Adam:
		adamStep(p, g, t.mo[i0:i1], t.ve[i0:i1], c.lr, c.b1, c.b2, c.eps)
	case SGD:
		for i := range p {
			p[i] -= c.lr * g[i]
		}
	case Momentum, Nesterov:
		momentumStep(p, g, t.vel[i0:i1], c.lr, c.mu, t.o.Optimizer == Nesterov)
	}
}

// applyAll applies the prepared step to [i0, i1), split over the workers
// when it is long enough.
func (t *trainer) applyAll(i0, i1 int) {
	if i1 <= i0 {
		return
	}
	parallel(t.workers, i1-i0, 32768, func(a, b int) { t.applyRange(i0+a, i0+b) })
}

func (t *trainer) earlyStopping() bool {
	return t.hasVal && t.o.patience() > 0
}

// shouldStop reports whether early stopping would stop now.
func (t *trainer) shouldStop() bool {
	return t.earlyStopping() && t.sinceBest >= t.o.patience()
}

// afterEpoch updates the early-stopping and plateau records with the
// epoch just trained, keeping a copy of the weights (and batch-norm
// statistics) of the best one.
func (t *trainer) afterEpoch(rec Epoch) {
	if t.hasVal {
		if rec.ValLoss < t.best {
			t.best, t.bestEpoch, t.sinceBest = rec.ValLoss, rec.Epoch, 0
			t.bestParams = append(t.bestParams[:0], t.params...)
			t.bestRun = t.bestRun[:0]
			if t.running != nil {
				for _, s := range t.running() {
					t.bestRun = append(t.bestRun, append([]float32(nil), s...))
				}
			}
		} else {
			t.sinceBest++
		}
	}
	if s := t.o.Schedule; s.Kind == Plateau {
		watch := rec.ValLoss
		if !t.hasVal {
			watch = rec.TrainLoss
		}
		if watch < t.plateauBest {
			t.plateauBest, t.plateauWait = watch, 0
		} else {
			t.plateauWait++
			pat := s.Patience
			if pat == 0 {
				pat = 5
			}
			if t.plateauWait >= pat {
				t.lr *= orDefault(s.Factor, 0.2)
				t.plateauWait = 0
			}
		}
	}
}

// restoreBest sets the weights and batch-norm statistics to those of the
// best validation epoch and records it in the history.
func (t *trainer) restoreBest() {
	if t.bestParams == nil {
		return
	}
	copy(t.params, t.bestParams)
	if t.running != nil {
		for i, s := range t.running() {
			copy(s, t.bestRun[i])
		}
	}
	t.hist.BestEpoch = t.bestEpoch
}

// run trains up to epochs more epochs with trainEpoch, stopping early as
// Fit does, and drawing live charts unless Quiet; it restores the best
// epoch's weights when early stopping is on.
func (t *trainer) run(ctx context.Context, epochs int, trainEpoch func(context.Context) (Epoch, error)) (*History, error) {
	t.hist.Stopped = ""
	var loss, acc *display.Chart
	if !t.o.Quiet {
		loss = display.NewChart(display.ChartOptions{Title: "Loss", XLabel: "epoch", YLabel: "cross-entropy loss"})
		acc = display.NewChart(display.ChartOptions{Title: "Accuracy", XLabel: "epoch", YLabel: "accuracy"})
		for _, e := range t.hist.Epochs {
			addEpoch(loss, acc, e)
		}
	}
	var err error
	for e := 0; e < epochs; e++ {
		var rec Epoch
		if rec, err = trainEpoch(ctx); err != nil {
			break
		}
		addEpoch(loss, acc, rec)
		if t.shouldStop() {
			t.hist.Stopped = "early stopping"
			break
		}
	}
	loss.Done()
	acc.Done()
	if t.earlyStopping() {
		t.restoreBest()
	}
	switch {
	case err != nil && ctx.Err() != nil:
		t.hist.Stopped = "cancelled"
	case err != nil:
		t.hist.Stopped = "error"
	case t.hist.Stopped == "":
		t.hist.Stopped = "epochs"
	}
	return t.hist, err
}

// addEpoch adds an epoch's points to the live charts (nil charts ignore
// them).
func addEpoch(loss, acc *display.Chart, e Epoch) {
	x := float64(e.Epoch)
	loss.Add("training", x, e.TrainLoss)
	acc.Add("training", x, e.TrainAccuracy)
	if !math.IsNaN(e.ValLoss) {
		loss.Add("validation", x, e.ValLoss)
		acc.Add("validation", x, e.ValAccuracy)
	}
}
