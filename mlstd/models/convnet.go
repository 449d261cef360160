package models

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/methodic-go/methodic/internal/kernels"
	"github.com/methodic-go/methodic/mlstd/data"
	"gonum.org/v1/gonum/mat"
)

// Conv is one convolutional block of a ConvNet: Filters filters of Size x
// Size over every input channel, moved Stride pixels at a time over the
// input padded with Padding zeros on each side, then a bias (or batch
// normalisation), the network's activation, and a pooling window of Pool
// x Pool (maximum, or the mean with Average) moved PoolStride at a time.
// The zero value of every field but Filters is a sound default: 3x3
// kernels, stride 1, no padding, no pooling.
//
// On sequences (a data set with Steps) the block is one-dimensional: the
// kernel spans Size steps, the padding and the pooling run along the
// steps only, and a step's features are the input channels.
type Conv struct {
	// Filters is the number of output channels (at least 1).
	Filters int
	// Size is the kernel's side; 0 means 3.
	Size int
	// Stride is the step between outputs; 0 means 1.
	Stride int
	// Padding is the number of zero rows and columns added on each side
	// of the input; 0 means none ("valid"), (Size-1)/2 keeps the size.
	Padding int
	// Pool is the side of the pooling window; 0 or 1 means no pooling.
	Pool int
	// PoolStride is the step of the pooling window; 0 means Pool
	// (windows that do not overlap).
	PoolStride int
	// Average pools by the mean instead of the maximum.
	Average bool
}

func (c Conv) size() int   { return orInt(c.Size, 3) }
func (c Conv) stride() int { return orInt(c.Stride, 1) }
func (c Conv) pool() int   { return max(1, c.Pool) }
func (c Conv) poolStride() int {
	if c.PoolStride > 0 {
		return c.PoolStride
	}
	return c.pool()
}

func orInt(v, d int) int {
	if v == 0 {
		return d
	}
	return v
}

// String describes the block ("conv 16 3x3 pad 1, max pool 2").
func (c Conv) String() string {
	s := fmt.Sprintf("conv %d %dx%d", c.Filters, c.size(), c.size())
	if c.stride() != 1 {
		s += fmt.Sprintf(" stride %d", c.stride())
	}
	if c.Padding > 0 {
		s += fmt.Sprintf(" pad %d", c.Padding)
	}
	if c.pool() > 1 {
		kind := "max"
		if c.Average {
			kind = "avg"
		}
		s += fmt.Sprintf(", %s pool %d", kind, c.pool())
		if c.poolStride() != c.pool() {
			s += fmt.Sprintf(" stride %d", c.poolStride())
		}
	}
	return s
}

// DefaultConv is the convolutional part of a ConvNet whose options leave
// Conv nil: 16 filters of 3x3, 2x2 max pooling, 32 filters of 3x3, 2x2
// max pooling, both padded to keep the size (on MNIST: 28x28 → 14x14 →
// 7x7 maps, 1,568 features for the output layer).
var DefaultConv = []Conv{{Filters: 16, Padding: 1, Pool: 2}, {Filters: 32, Padding: 1, Pool: 2}}

// ConvNetOptions configures a ConvNet. The zero value is a sound default:
// the blocks of DefaultConv, no hidden dense layer, ReLU with He
// initialisation, Adam at 0.001, batches of 64, up to 100 epochs with
// early stopping (patience 10) when validation data is given, seed 0, all
// cores. The fields after Hidden mean what they mean in MLPOptions.
type ConvNetOptions struct {
	// Conv lists the convolutional blocks, input side first; nil means
	// DefaultConv. Their output, flattened channel by channel, feeds the
	// dense layers.
	Conv []Conv
	// Hidden lists the sizes of the dense hidden layers between the last
	// block and the softmax output; nil means none.
	Hidden []int
	// Heads names further outputs: targets of the training data
	// (data.Dataset.Targets) that each get a softmax output of their own
	// beside Y's, on the same blocks and hidden layers (section 11.6's
	// transcriber: one output for a number's length, its Y, and one for
	// each digit). The loss of a row is the sum of its outputs'
	// cross-entropies, an output counting only on the rows labelled for
	// it; nil means Y's output alone.
	Heads []string
	// Activation of every block and hidden layer.
	Activation Activation
	// Init draws the initial weights (fan-in of a block: its input
	// channels times the kernel's area).
	Init                  Init
	Optimizer             Optimizer
	LearningRate          float64
	Momentum              float64
	Beta1, Beta2, Epsilon float64
	Schedule              Schedule
	// L2 penalises the weights of every block and dense layer.
	L2 float64
	// Dropout is the probability of dropping each input of the dense
	// layers: the flattened output of the last block and the hidden units.
	Dropout float64
	// BatchNorm normalises the pre-activations of every block (per
	// filter, over the batch and the positions) and hidden layer.
	BatchNorm bool
	BatchSize int
	Epochs    int
	Patience  int
	Seed      uint64
	// Workers is the number of goroutines; each image of a batch is
	// computed whole by one of them. Results are bit-for-bit the same for
	// any value.
	Workers int
	Quiet   bool
}

func (o ConvNetOptions) conv() []Conv {
	if o.Conv == nil {
		return DefaultConv
	}
	return o.Conv
}

func (o ConvNetOptions) fit() fitOptions {
	return fitOptions{
		Optimizer: o.Optimizer, LearningRate: o.LearningRate, Momentum: o.Momentum,
		Beta1: o.Beta1, Beta2: o.Beta2, Epsilon: o.Epsilon, Schedule: o.Schedule, L2: o.L2,
		BatchSize: o.BatchSize, Epochs: o.Epochs, Patience: o.Patience, Seed: o.Seed,
		Workers: o.Workers, Quiet: o.Quiet,
	}
}

// dense returns the options of the dense layers.
func (o ConvNetOptions) dense() MLPOptions {
	return MLPOptions{Hidden: o.Hidden, Activation: o.Activation, Init: o.Init, L2: o.L2, Dropout: o.Dropout, BatchNorm: o.BatchNorm, Workers: o.Workers}
}

func (o ConvNetOptions) validate() error {
	if len(o.conv()) == 0 {
		return fmt.Errorf("models: ConvNet: no convolutional block (use an MLP)")
	}
	for i, c := range o.conv() {
		switch {
		case c.Filters <= 0:
			return fmt.Errorf("models: ConvNet: conv %d has %d filters", i+1, c.Filters)
		case c.Size < 0 || c.Stride < 0 || c.Padding < 0 || c.Pool < 0 || c.PoolStride < 0:
			return fmt.Errorf("models: ConvNet: conv %d: negative size, stride, padding or pooling in %+v", i+1, c)
		}
	}
	for i, h := range o.Hidden {
		if h <= 0 {
			return fmt.Errorf("models: ConvNet: hidden layer %d has %d units", i+1, h)
		}
	}
	for i, h := range o.Heads {
		if h == "" || slices.Contains(o.Heads[:i], h) {
			return fmt.Errorf("models: ConvNet: head %d: every head names a target of its own, got %q", i+1, h)
		}
	}
	switch {
	case o.Activation < ReLU || o.Activation > Sigmoid:
		return fmt.Errorf("models: ConvNet: unknown activation %d", int(o.Activation))
	case o.Init < DefaultInit || o.Init > Xavier:
		return fmt.Errorf("models: ConvNet: unknown init %d", int(o.Init))
	case !(o.Dropout >= 0 && o.Dropout < 1):
		return fmt.Errorf("models: ConvNet: invalid dropout %v", o.Dropout)
	}
	return o.fit().validate("ConvNet")
}

// inputShape is the shape of a network's input rows: images of h x w
// pixels of c channels (channel last), or sequences of h steps of c
// features (seq).
type inputShape struct {
	C, H, W int
	Seq     bool
}

// shapeOf returns the input shape of the rows of d: a sequence when
// d.Steps is set, else an image of ImageHeight x ImageWidth.
func shapeOf(kind string, d *data.Dataset) (inputShape, error) {
	switch {
	case d.IsSequence():
		return inputShape{C: d.StepFeatures(), H: d.Steps, W: 1, Seq: true}, nil
	case d.IsImage():
		return inputShape{C: 1, H: d.ImageHeight, W: d.ImageWidth}, nil
	}
	return inputShape{}, fmt.Errorf("models: %s: the rows of %s are neither images (ImageHeight, ImageWidth) nor sequences (Steps)", kind, d.Name)
}

func (s inputShape) String() string {
	if s.Seq {
		return fmt.Sprintf("%d steps x %d", s.H, s.C)
	}
	if s.C == 1 {
		return fmt.Sprintf("%dx%d", s.H, s.W)
	}
	return fmt.Sprintf("%dx%dx%d", s.H, s.W, s.C)
}

// ConvNet is a convolutional network classifier: blocks of convolution,
// activation and pooling (Conv) that read images, or sequences along
// their steps, followed by dense layers and a softmax output, trained on
// the cross-entropy in float32 by mini-batch SGD, momentum, Nesterov or
// Adam. It has everything an MLP has: schedules, L2, dropout, batch
// normalisation, early stopping, epoch-by-epoch training (Iterative),
// hooks, gradients for checks, Save and Load.
//
// With Options.Heads it has several softmax outputs on one trunk: Y's
// (which Predict, PredictProba and Classes are about) and one per head,
// side by side in the output layer ("output/W" has a column per class of
// every output, Y's first). Their gradients add up in the shared layers.
// The History's loss is then the mean over rows of the summed
// cross-entropies, which early stopping watches, and its accuracy, as
// Score's, the share of rows whose every labelled output is right (for
// section 11.6's numbers: whole readings). PredictOutputs and
// ScoreOutputs give each output's probabilities and accuracy.
//
// A ConvNet is not safe for concurrent use; separate ConvNets train in
// parallel.
type ConvNet struct {
	// Options are read by Begin (and Fit); change them before, not during,
	// training.
	Options ConvNetOptions

	shape inputShape
	d     deep
	// heads holds the name and classes of each head's target (no
	// labels), in Options.Heads order as Begin saw them; nil without heads.
	heads []data.Target
}

// NewConvNet returns a ConvNet with options o, untrained.
func NewConvNet(o ConvNetOptions) *ConvNet {
	m := &ConvNet{Options: o}
	m.d.kind = "ConvNet"
	return m
}

// String describes the architecture and the optimiser.
func (m *ConvNet) String() string {
	o := m.Options
	var parts []string
	in := "?"
	if m.d.features > 0 {
		in = m.shape.String()
	}
	parts = append(parts, in)
	for _, c := range o.conv() {
		parts = append(parts, c.String())
	}
	for _, h := range o.Hidden {
		parts = append(parts, fmt.Sprint(h))
	}
	out := "?"
	if len(m.d.classes) > 0 {
		out = fmt.Sprint(len(m.d.classes))
		for _, h := range m.heads {
			out += fmt.Sprintf("+%d", len(h.Classes))
		}
	}
	parts = append(parts, out)
	s := fmt.Sprintf("ConvNet %s %s, %s lr=%g, batch %d", strings.Join(parts, " → "), o.Activation, o.Optimizer, o.fit().learningRate(), o.fit().batchSize())
	if o.BatchNorm {
		s += ", batch norm"
	}
	if o.Dropout > 0 {
		s += fmt.Sprintf(", dropout %g", o.Dropout)
	}
	if o.L2 > 0 {
		s += fmt.Sprintf(", L2 %g", o.L2)
	}
	return s
}

// buildConv builds the network for input shape s and outputs of outs[h]
// classes each, or returns an error naming the block that does not fit.
func buildConv[T kernels.Float](o ConvNetOptions, s inputShape, outs []int) (*stack[T], error) {
	st := &stack[T]{}
	c, h, w := s.C, s.H, s.W
	for i, b := range o.conv() {
		kh, kw := b.size(), b.size()
		if s.Seq {
			kw = 1
		}
		ph, pw := b.Padding, b.Padding
		if s.Seq {
			pw = 0
		}
		if h+2*ph < kh || w+2*pw < kw {
			return nil, fmt.Errorf("models: ConvNet: conv %d: a %dx%d kernel does not fit its %dx%d input padded by %d", i+1, kh, kw, h, w, b.Padding)
		}
		l := newConvLayer[T](c, h, w, b, s.Seq, o.Activation, o.BatchNorm)
		if l.hs < l.pkh || l.ws < l.pkw {
			return nil, fmt.Errorf("models: ConvNet: conv %d: a pooling window of %d does not fit its %dx%d output", i+1, b.pool(), l.hs, l.ws)
		}
		l.first = i == 0
		st.convs = append(st.convs, l)
		c, h, w = l.outShape()
	}
	last := st.convs[len(st.convs)-1]
	last.dropout = T(o.Dropout)
	st.width = c * h * w
	dense := o.dense()
	k := 0
	for _, c := range outs {
		k += c
	}
	st.finish(o.Hidden, k, &dense)
	if len(outs) > 1 {
		st.tail.heads = outs
	}
	return st, nil
}

// Begin prepares training on train, watching val (nil allowed): it checks
// the data and options, builds the network for the shape of train's rows
// (images, or sequences), converts the data to float32, draws fresh
// weights from Options.Seed and resets the optimiser, the schedule and
// the history.
func (m *ConvNet) Begin(train, val *data.Dataset) error {
	nf, classes, err := checkFit(train, val)
	if err != nil {
		return err
	}
	o := m.Options
	if err := o.validate(); err != nil {
		return err
	}
	shape, err := shapeOf("ConvNet", train)
	if err != nil {
		return err
	}
	heads, err := headClasses(o.Heads, train, val)
	if err != nil {
		return err
	}
	net, err := buildConv[float32](o, shape, outputSizes(classes, heads))
	if err != nil {
		return err
	}
	m.shape, m.heads = shape, heads
	m.setup(nf, classes)
	m.d.begin(net, train, val)
	return nil
}

// headClasses returns the classes of the targets that heads name, which
// train must have, and val (when given) with as many classes.
func headClasses(heads []string, train, val *data.Dataset) ([]data.Target, error) {
	var out []data.Target
	for _, name := range heads {
		t, ok := train.Target(name)
		if !ok {
			return nil, fmt.Errorf("models: ConvNet: head %q: training data %s has no target of that name (%s)", name, train.Name, targetNames(train))
		}
		if val != nil {
			v, ok := val.Target(name)
			if !ok {
				return nil, fmt.Errorf("models: ConvNet: head %q: validation data %s has no target of that name (%s)", name, val.Name, targetNames(val))
			}
			if len(v.Classes) != len(t.Classes) {
				return nil, fmt.Errorf("models: ConvNet: head %q: validation data %s has %d classes, training data %s has %d", name, val.Name, len(v.Classes), train.Name, len(t.Classes))
			}
		}
		out = append(out, data.Target{Name: name, Classes: append([]string(nil), t.Classes...)})
	}
	return out, nil
}

// targetNames lists d's targets for a message.
func targetNames(d *data.Dataset) string {
	if len(d.Targets) == 0 {
		return "it has none"
	}
	var names []string
	for _, t := range d.Targets {
		names = append(names, fmt.Sprintf("%q", t.Name))
	}
	return "it has " + strings.Join(names, ", ")
}

// outputSizes returns the number of classes of each output: Y's, then
// each head's.
func outputSizes(classes []string, heads []data.Target) []int {
	outs := []int{len(classes)}
	for _, h := range heads {
		outs = append(outs, len(h.Classes))
	}
	return outs
}

// setup fills the shared machinery's view of the options.
func (m *ConvNet) setup(features int, classes []string) {
	o := m.Options
	m.d.kind, m.d.features, m.d.classes = "ConvNet", features, classes
	m.d.fit, m.d.init, m.d.act = o.fit(), o.Init, o.Activation
	m.d.describe = m.String
	shape, outs := m.shape, outputSizes(classes, m.heads)
	m.d.outs, m.d.labels = nil, nil
	if len(outs) > 1 {
		m.d.outs = outs
		m.d.labels = func(d *data.Dataset) []int {
			y, err := m.labels(d)
			if err != nil {
				panic(err.Error())
			}
			return y
		}
	}
	m.d.build64 = func() *stack[float64] {
		o := o
		o.Workers = 1
		st, _ := buildConv[float64](o, shape, outs)
		return st
	}
}

// labels returns the labels of d's rows for every output, Y's then each
// head's, row by row, or an error when d lacks a head's target or its
// classes differ in number.
func (m *ConvNet) labels(d *data.Dataset) ([]int, error) {
	h := 1 + len(m.heads)
	ts := make([]data.Target, len(m.heads))
	for i, head := range m.heads {
		name := head.Name
		t, ok := d.Target(name)
		if !ok {
			return nil, fmt.Errorf("models: ConvNet: head %q: %s has no target of that name (%s)", name, d.Name, targetNames(d))
		}
		if len(t.Classes) != len(head.Classes) || len(t.Y) != d.Len() {
			return nil, fmt.Errorf("models: ConvNet: head %q: the target of %s has %d classes and %d labels, want %d classes and %d labels", name, d.Name, len(t.Classes), len(t.Y), len(head.Classes), d.Len())
		}
		ts[i] = t
	}
	y := make([]int, d.Len()*h)
	for r, c := range d.Y {
		y[r*h] = c
		for i, t := range ts {
			y[r*h+1+i] = t.Y[r]
		}
	}
	return y, nil
}

// Fit trains a fresh network on train for up to Options.Epochs epochs,
// as MLP.Fit does: with val and early stopping (the default) it stops
// after Patience epochs without a lower validation loss and restores the
// best epoch's weights; it draws live learning curves unless Quiet; a
// cancelled ctx stops it within one batch with ctx.Err().
func (m *ConvNet) Fit(ctx context.Context, train, val *data.Dataset) (*History, error) {
	if err := m.Begin(train, val); err != nil {
		return nil, err
	}
	return m.Continue(ctx, m.d.fit.epochs())
}

// Continue trains up to epochs more epochs from where training stopped
// (freeze-thaw), with Fit's stopping rules, and returns the whole history.
func (m *ConvNet) Continue(ctx context.Context, epochs int) (*History, error) {
	if err := m.d.mustBegun("Continue"); err != nil {
		return nil, err
	}
	return m.d.tr.run(ctx, epochs, m.TrainEpoch)
}

// TrainEpoch trains one epoch over the shuffled training data and returns
// its record (also appended to History). A cancelled ctx stops it within
// one batch with ctx.Err(); the partial epoch's updates stay in the
// weights but are not recorded.
func (m *ConvNet) TrainEpoch(ctx context.Context) (Epoch, error) { return m.d.trainEpoch(ctx) }

// History returns the record of the epochs trained since Begin.
func (m *ConvNet) History() *History { return m.d.tr.hist }

// ShouldStop reports whether early stopping would stop now.
func (m *ConvNet) ShouldStop() bool { return m.d.tr.shouldStop() }

// RestoreBest sets the weights (and batch-norm statistics) to those of the
// epoch with the lowest validation loss so far.
func (m *ConvNet) RestoreBest() { m.d.tr.restoreBest() }

// LearningRate returns the rate the next epoch will use (before the
// schedule's change for that epoch).
func (m *ConvNet) LearningRate() float64 { return m.d.tr.lr }

// PredictProba returns the class probabilities of each row of x, computed
// in inference mode. It panics if the model is not trained or x has the
// wrong number of columns.
func (m *ConvNet) PredictProba(x *mat.Dense) *mat.Dense { return m.d.predictProba("PredictProba", x) }

// Predict returns the most probable class of each row of x.
func (m *ConvNet) Predict(x *mat.Dense) []int { return argmaxRows(m.PredictProba(x)) }

// Score returns the accuracy on d: with Heads, the share of rows whose
// every labelled output is right (d must have the heads' targets).
func (m *ConvNet) Score(d *data.Dataset) float64 {
	if len(m.heads) == 0 {
		return score(m, d)
	}
	if err := d.Validate(); err != nil {
		panic(fmt.Sprintf("models: Score: %v", err))
	}
	y := m.Labels(d)
	n, h := d.Len(), 1+len(m.heads)
	preds := m.predictAll("Score", d)
	right := 0
	for r := range n {
		ok := true
		for o, p := range preds {
			if c := y[r*h+o]; c >= 0 && p[r] != c {
				ok = false
			}
		}
		if ok {
			right++
		}
	}
	return float64(right) / float64(n)
}

// predictAll returns the most probable class of every output for d's
// rows.
func (m *ConvNet) predictAll(who string, d *data.Dataset) [][]int {
	var preds [][]int
	for _, p := range m.d.predictOutputs(who, d.X) {
		preds = append(preds, argmaxRows(p))
	}
	return preds
}

// PredictOutputs returns the class probabilities of every output for the
// rows of x: Y's first (as PredictProba), then each head's in the order of
// Options.Heads. It panics as PredictProba does.
func (m *ConvNet) PredictOutputs(x *mat.Dense) []*mat.Dense {
	return m.d.predictOutputs("PredictOutputs", x)
}

// ScoreOutputs returns the accuracy of each output on d, Y's first and
// then each head's, on the rows labelled for it (NaN for an output with
// no labelled row). d must have the heads' targets.
func (m *ConvNet) ScoreOutputs(d *data.Dataset) []float64 {
	if err := d.Validate(); err != nil {
		panic(fmt.Sprintf("models: ScoreOutputs: %v", err))
	}
	y := m.Labels(d)
	h := 1 + len(m.heads)
	preds := m.predictAll("ScoreOutputs", d)
	out := make([]float64, h)
	for o, p := range preds {
		right, labelled := 0, 0
		for r := range d.Len() {
			if c := y[r*h+o]; c >= 0 {
				labelled++
				if p[r] == c {
					right++
				}
			}
		}
		out[o] = float64(right) / float64(labelled)
	}
	return out
}

// Labels returns the labels of d's rows in the form Loss and Gradient
// take them: d.Y, or with Heads, for each row its label of Y and then of
// each head (-1 where the row has none). It panics if d lacks a head's
// target.
func (m *ConvNet) Labels(d *data.Dataset) []int {
	if len(m.heads) == 0 {
		return append([]int(nil), d.Y...)
	}
	y, err := m.labels(d)
	if err != nil {
		panic(err.Error())
	}
	return y
}

// Classes returns the class names seen by Begin.
func (m *ConvNet) Classes() []string { return append([]string(nil), m.d.classes...) }

// NumFeatures returns the number of input features, 0 before Begin.
func (m *ConvNet) NumFeatures() int { return m.d.features }

// SetHook installs fn to be called after every every-th update (every <= 1
// means each update) with a Trace of every layer. For a convolutional
// block the rows of the matrices are (image, output position) pairs and
// the columns its filters; its Weights are taps (input channel, kernel
// row, kernel column) x filters. nil removes the hook.
func (m *ConvNet) SetHook(every int, fn func(*Trace)) {
	m.d.tr.hook, m.d.tr.hookEvery = fn, every
}

// ParamLayout returns the blocks of the parameter vector in order: for
// each block ("conv 1", ...) its weights W (taps x filters, taps in
// input channel, kernel row, kernel column order) and biases b (or
// batch-norm gamma and beta), then the dense layers as in an MLP. It
// panics before Begin.
func (m *ConvNet) ParamLayout() []ParamBlock { return m.d.paramLayout() }

// NumParams returns the number of trainable parameters.
func (m *ConvNet) NumParams() int {
	m.d.mustBuilt("NumParams")
	return len(m.d.net.params)
}

// Params returns a float64 copy of the parameter vector (ParamLayout
// order).
func (m *ConvNet) Params() []float64 { return m.d.params() }

// SetParams sets the parameters from p (rounded to float32). It panics if
// len(p) != NumParams().
func (m *ConvNet) SetParams(p []float64) { m.d.setParams(p) }

// Loss returns the training loss at parameters p on rows x with labels
// y, in float64, as MLP.Loss does: a pure function of p for finite
// differences. With Heads, y holds every output's label of each row, as
// Labels returns them, and the loss sums the outputs'.
func (m *ConvNet) Loss(p []float64, x *mat.Dense, y []int) float64 {
	l, _ := m.d.lossGrad("Loss", p, x, y, false)
	return l
}

// Gradient returns Loss(p, x, y) and its gradient with respect to p,
// computed by back-propagation in float64 (ParamLayout order).
func (m *ConvNet) Gradient(p []float64, x *mat.Dense, y []int) (float64, []float64) {
	return m.d.lossGrad("Gradient", p, x, y, true)
}

var _ Iterative = (*ConvNet)(nil)
