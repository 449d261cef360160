package models

import (
	"context"
	"fmt"
	"strings"

	"github.com/methodic-go/methodic/internal/kernels"
	"github.com/methodic-go/methodic/mlstd/data"
	"gonum.org/v1/gonum/mat"
)

// GRUOptions configures a GRU. The zero value is a sound default: a state
// of 64 units, no hidden dense layer, Adam at 0.001, batches of 64, up to
// 100 epochs with early stopping (patience 10) when validation data is
// given, seed 0, all cores. The fields after Hidden mean what they mean
// in MLPOptions.
type GRUOptions struct {
	// Units is the size of the recurrent state; 0 means 64.
	Units int
	// Hidden lists the sizes of the dense hidden layers between the last
	// state and the softmax output; nil means none.
	Hidden []int
	// Activation of the hidden dense layers (the recurrent layer has its
	// own: sigmoid gates, tanh candidate).
	Activation Activation
	// Init draws the input weights W (Xavier unless He) and the dense
	// layers; the recurrent weights U are uniform on ±1/√Units.
	Init                  Init
	Optimizer             Optimizer
	LearningRate          float64
	Momentum              float64
	Beta1, Beta2, Epsilon float64
	Schedule              Schedule
	// L2 penalises W, U and the dense weights.
	L2 float64
	// Dropout is the probability of dropping each input of the dense
	// layers: the last state and the hidden units.
	Dropout float64
	// BatchNorm normalises the hidden dense layers.
	BatchNorm bool
	BatchSize int
	Epochs    int
	Patience  int
	Seed      uint64
	// Workers is the number of goroutines of the products. Results are
	// bit-for-bit the same for any value.
	Workers int
	Quiet   bool
}

func (o GRUOptions) units() int { return orInt(o.Units, 64) }

func (o GRUOptions) fit() fitOptions {
	return fitOptions{
		Optimizer: o.Optimizer, LearningRate: o.LearningRate, Momentum: o.Momentum,
		Beta1: o.Beta1, Beta2: o.Beta2, Epsilon: o.Epsilon, Schedule: o.Schedule, L2: o.L2,
		BatchSize: o.BatchSize, Epochs: o.Epochs, Patience: o.Patience, Seed: o.Seed,
		Workers: o.Workers, Quiet: o.Quiet,
	}
}

func (o GRUOptions) dense() MLPOptions {
	return MLPOptions{Hidden: o.Hidden, Activation: o.Activation, Init: o.Init, L2: o.L2, Dropout: o.Dropout, BatchNorm: o.BatchNorm, Workers: o.Workers}
}

func (o GRUOptions) validate() error {
	if o.Units < 0 {
		return fmt.Errorf("models: GRU: %d units", o.Units)
	}
	for i, h := range o.Hidden {
		if h <= 0 {
			return fmt.Errorf("models: GRU: hidden layer %d has %d units", i+1, h)
		}
	}
	switch {
	case o.Activation < ReLU || o.Activation > Sigmoid:
		return fmt.Errorf("models: GRU: unknown activation %d", int(o.Activation))
	case o.Init < DefaultInit || o.Init > Xavier:
		return fmt.Errorf("models: GRU: unknown init %d", int(o.Init))
	case !(o.Dropout >= 0 && o.Dropout < 1):
		return fmt.Errorf("models: GRU: invalid dropout %v", o.Dropout)
	}
	return o.fit().validate("GRU")
}

// GRU is a recurrent network classifier: a layer of gated recurrent units
// (Cho et al., 2014) reads each row step by step, and its last state
// feeds dense layers and a softmax output, trained on the cross-entropy
// in float32 by mini-batch SGD, momentum, Nesterov or Adam (gradients
// back-propagated through every step). It has everything an MLP has:
// schedules, L2, dropout, batch normalisation of the dense layers, early
// stopping, epoch-by-epoch training (Iterative), hooks, gradients for
// checks, Save and Load.
//
// The rows are sequences (a data set with Steps: Steps steps of
// NumFeatures/Steps values) or images, read one pixel row per step.
//
// A GRU is not safe for concurrent use; separate GRUs train in parallel.
type GRU struct {
	// Options are read by Begin (and Fit); change them before, not during,
	// training.
	Options GRUOptions

	shape inputShape
	d     deep
}

// NewGRU returns a GRU with options o, untrained.
func NewGRU(o GRUOptions) *GRU {
	m := &GRU{Options: o}
	m.d.kind = "GRU"
	return m
}

// String describes the architecture and the optimiser.
func (m *GRU) String() string {
	o := m.Options
	in := "?"
	if m.d.features > 0 {
		in = fmt.Sprintf("%d steps x %d", m.shape.H, m.shape.C*m.shape.W)
	}
	parts := []string{in, fmt.Sprintf("gru %d", o.units())}
	for _, h := range o.Hidden {
		parts = append(parts, fmt.Sprint(h))
	}
	out := "?"
	if len(m.d.classes) > 0 {
		out = fmt.Sprint(len(m.d.classes))
	}
	parts = append(parts, out)
	s := fmt.Sprintf("GRU %s, %s lr=%g, batch %d", strings.Join(parts, " → "), o.Optimizer, o.fit().learningRate(), o.fit().batchSize())
	if o.Dropout > 0 {
		s += fmt.Sprintf(", dropout %g", o.Dropout)
	}
	if o.L2 > 0 {
		s += fmt.Sprintf(", L2 %g", o.L2)
	}
	return s
}

// buildGRU builds the network for input shape s and k classes: a step is
// a row of s (its width times its channels values).
func buildGRU[T kernels.Float](o GRUOptions, s inputShape, k int) *stack[T] {
	st := &stack[T]{gru: newGRULayer[T](s.H, s.C*s.W, o.units(), o.Dropout)}
	st.width = o.units()
	dense := o.dense()
	st.finish(o.Hidden, k, &dense)
	return st
}

// Begin prepares training on train, watching val (nil allowed): it checks
// the data and options, builds the network for the shape of train's rows
// (sequences, or images read row by row), converts the data to float32,
// draws fresh weights from Options.Seed and resets the optimiser, the
// schedule and the history.
func (m *GRU) Begin(train, val *data.Dataset) error {
	nf, classes, err := checkFit(train, val)
	if err != nil {
		return err
	}
	o := m.Options
	if err := o.validate(); err != nil {
		return err
	}
	shape, err := shapeOf("GRU", train)
	if err != nil {
		return err
	}
	m.shape = shape
	m.setup(nf, classes)
	m.d.begin(buildGRU[float32](o, shape, len(classes)), train, val)
	return nil
}

// setup fills the shared machinery's view of the options.
func (m *GRU) setup(features int, classes []string) {
	o := m.Options
	m.d.kind, m.d.features, m.d.classes = "GRU", features, classes
	m.d.fit, m.d.init, m.d.act = o.fit(), o.Init, o.Activation
	m.d.describe = m.String
	shape, k := m.shape, len(classes)
	m.d.build64 = func() *stack[float64] {
		o := o
		o.Workers = 1
		return buildGRU[float64](o, shape, k)
	}
}

// Fit trains a fresh network on train for up to Options.Epochs epochs,
// as MLP.Fit does: with val and early stopping (the default) it stops
// after Patience epochs without a lower validation loss and restores the
// best epoch's weights; it draws live learning curves unless Quiet; a
// cancelled ctx stops it within one batch with ctx.Err().
func (m *GRU) Fit(ctx context.Context, train, val *data.Dataset) (*History, error) {
	if err := m.Begin(train, val); err != nil {
		return nil, err
	}
	return m.Continue(ctx, m.d.fit.epochs())
}

// Continue trains up to epochs more epochs from where training stopped
// (freeze-thaw), with Fit's stopping rules, and returns the whole history.
func (m *GRU) Continue(ctx context.Context, epochs int) (*History, error) {
	if err := m.d.mustBegun("Continue"); err != nil {
		return nil, err
	}
	return m.d.tr.run(ctx, epochs, m.TrainEpoch)
}

// TrainEpoch trains one epoch over the shuffled training data and returns
// its record (also appended to History). A cancelled ctx stops it within
// one batch with ctx.Err(); the partial epoch's updates stay in the
// weights but are not recorded.
func (m *GRU) TrainEpoch(ctx context.Context) (Epoch, error) { return m.d.trainEpoch(ctx) }

// History returns the record of the epochs trained since Begin.
func (m *GRU) History() *History { return m.d.tr.hist }

// ShouldStop reports whether early stopping would stop now.
func (m *GRU) ShouldStop() bool { return m.d.tr.shouldStop() }

// RestoreBest sets the weights (and batch-norm statistics) to those of the
// epoch with the lowest validation loss so far.
func (m *GRU) RestoreBest() { m.d.tr.restoreBest() }

// LearningRate returns the rate the next epoch will use (before the
// schedule's change for that epoch).
func (m *GRU) LearningRate() float64 { return m.d.tr.lr }

// PredictProba returns the class probabilities of each row of x, computed
// in inference mode. It panics if the model is not trained or x has the
// wrong number of columns.
func (m *GRU) PredictProba(x *mat.Dense) *mat.Dense { return m.d.predictProba("PredictProba", x) }

// Predict returns the most probable class of each row of x.
func (m *GRU) Predict(x *mat.Dense) []int { return argmaxRows(m.PredictProba(x)) }

// Score returns the accuracy on d.
func (m *GRU) Score(d *data.Dataset) float64 { return score(m, d) }

// Classes returns the class names seen by Begin.
func (m *GRU) Classes() []string { return append([]string(nil), m.d.classes...) }

// NumFeatures returns the number of input features, 0 before Begin.
func (m *GRU) NumFeatures() int { return m.d.features }

// SetHook installs fn to be called after every every-th update (every <= 1
// means each update) with a Trace of every layer. For the recurrent layer
// ("gru") the rows of the matrices are (row, step) pairs and the columns
// its units: the activation is the candidate state, the pre-activation
// its input; its Weights are W (features x 3·units). nil removes the hook.
func (m *GRU) SetHook(every int, fn func(*Trace)) {
	m.d.tr.hook, m.d.tr.hookEvery = fn, every
}

// ParamLayout returns the blocks of the parameter vector in order: the
// recurrent layer's ("gru") W (features x 3·units: the reset, update and
// candidate gates side by side), U (units x 3·units), b (3·units) and bh
// (units, the candidate's recurrent bias), then the dense layers as in an
// MLP. It panics before Begin.
func (m *GRU) ParamLayout() []ParamBlock { return m.d.paramLayout() }

// NumParams returns the number of trainable parameters.
func (m *GRU) NumParams() int {
	m.d.mustBuilt("NumParams")
	return len(m.d.net.params)
}

// Params returns a float64 copy of the parameter vector (ParamLayout
// order).
func (m *GRU) Params() []float64 { return m.d.params() }

// SetParams sets the parameters from p (rounded to float32). It panics if
// len(p) != NumParams().
func (m *GRU) SetParams(p []float64) { m.d.setParams(p) }

// Loss returns the training loss at parameters p on rows x with labels
// y, in float64, as MLP.Loss does: a pure function of p for finite
// differences.
func (m *GRU) Loss(p []float64, x *mat.Dense, y []int) float64 {
	l, _ := m.d.lossGrad("Loss", p, x, y, false)
	return l
}

// Gradient returns Loss(p, x, y) and its gradient with respect to p,
// computed by back-propagation in float64 (ParamLayout order).
func (m *GRU) Gradient(p []float64, x *mat.Dense, y []int) (float64, []float64) {
	return m.d.lossGrad("Gradient", p, x, y, true)
}

var _ Iterative = (*GRU)(nil)
