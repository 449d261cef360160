package models

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/methodic-go/methodic/internal/kernels"
	"github.com/methodic-go/methodic/mlstd/data"
	"gonum.org/v1/gonum/mat"
)

// MLP is a multilayer perceptron classifier: dense hidden layers with a
// nonlinearity (optionally batch normalisation and dropout) and a softmax
// output trained on the cross-entropy, in float32, by mini-batch SGD,
// momentum, Nesterov or Adam.
//
// Train it with Fit, or epoch by epoch with Begin and TrainEpoch (Iterative).
// An MLP is not safe for concurrent use; separate MLPs train in parallel.
type MLP struct {
	// Options are read by Begin (and Fit); change them before, not during,
	// training.
	Options MLPOptions

	classes  []string
	features int
	net      *net[float32]
	check    *net[float64] // the float64 twin for Loss and Gradient

	// the optimiser, the schedule, the history and early stopping
	tr trainer

	xVal         []float32
	yTrain, yVal []int
	order        []int
	yb           []int
	// the training rows in sparse form (offsets column·units of the first
	// layer), and the transpose of a batch of them
	trainSp, batchSpT *kernels.Sparse[float32]
	trainName         string
}

// NewMLP returns an MLP with options o, untrained.
func NewMLP(o MLPOptions) *MLP { return &MLP{Options: o} }

// String describes the architecture and the optimiser.
func (m *MLP) String() string {
	o := m.Options
	sizes := []string{"?"}
	if m.features > 0 {
		sizes[0] = fmt.Sprint(m.features)
	}
	for _, h := range o.hidden() {
		sizes = append(sizes, fmt.Sprint(h))
	}
	if len(m.classes) > 0 {
		sizes = append(sizes, fmt.Sprint(len(m.classes)))
	} else {
		sizes = append(sizes, "?")
	}
	s := fmt.Sprintf("MLP %s %s, %s lr=%g, batch %d", strings.Join(sizes, "-"), o.Activation, o.Optimizer, o.learningRate(), o.batchSize())
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

// Classes returns the class names seen by Begin.
func (m *MLP) Classes() []string { return append([]string(nil), m.classes...) }

// NumFeatures returns the number of input features, 0 before Begin.
func (m *MLP) NumFeatures() int { return m.features }

// Sizes returns the layer sizes: inputs, hidden layers, classes.
func (m *MLP) Sizes() []int {
	s := []int{m.features}
	s = append(s, m.Options.hidden()...)
	return append(s, len(m.classes))
}

// Fit trains a fresh network on train for up to Options.Epochs epochs.
// With val and early stopping (the default), it stops after Patience
// epochs without a lower validation loss and restores the weights of the
// best epoch (History.BestEpoch). In a notebook it draws the learning
// curves live unless Options.Quiet. When ctx is cancelled it stops within
// one batch and returns the history so far with ctx.Err(), the model
// holding the best (or last) weights.
func (m *MLP) Fit(ctx context.Context, train, val *data.Dataset) (*History, error) {
	if err := m.Begin(train, val); err != nil {
		return nil, err
	}
	return m.Continue(ctx, m.Options.epochs())
}

// Continue trains up to epochs more epochs from where training stopped,
// keeping the optimiser state, the schedule and the early-stopping record
// (freeze-thaw: a paused model resumes as if it had not paused). It stops
// early as Fit does and returns the whole history. Unless Options.Quiet it
// draws live charts of the loss and the accuracy per epoch (display.Chart:
// redrawn in place in a notebook, a one-line summary per curve printed at
// the end elsewhere).
func (m *MLP) Continue(ctx context.Context, epochs int) (*History, error) {
	if m.net == nil || m.trainSp == nil {
		return nil, fmt.Errorf("models: MLP.Continue: call Begin or Fit first")
	}
	return m.tr.run(ctx, epochs, m.TrainEpoch)
}

// ShouldStop reports whether early stopping would stop now: validation
// data was given, early stopping is on, and the validation loss has not
// improved for Patience epochs.
func (m *MLP) ShouldStop() bool { return m.tr.shouldStop() }

// RestoreBest sets the weights (and batch-norm statistics) to those of the
// epoch with the lowest validation loss so far, and records it in
// History.BestEpoch. Without validation data it does nothing.
func (m *MLP) RestoreBest() { m.tr.restoreBest() }

// running returns the batch-norm statistics of the network.
func (m *MLP) running() [][]float32 {
	var out [][]float32
	for _, l := range m.net.layers {
		if l.bn {
			out = append(out, l.runMean, l.runVar)
		}
	}
	return out
}

// Begin prepares training on train, watching val (nil allowed): it checks
// the data and options, converts the data to float32, draws fresh weights
// from Options.Seed and resets the optimiser, the schedule and the history.
func (m *MLP) Begin(train, val *data.Dataset) error {
	nf, classes, err := checkFit(train, val)
	if err != nil {
		return err
	}
	o := m.Options
	if err := o.validate(); err != nil {
		return err
	}
	m.features, m.classes = nf, classes
	m.build()
	m.tr.begin(o.fit(), m.net.params, m.net.grads, val != nil, m.running)
	m.net.init(m.tr.rng, o.Init, o.Activation)
	m.yTrain = append([]int(nil), train.Y...)
	m.xVal, m.yVal = nil, nil
	if val != nil {
		m.xVal, m.yVal = toFloat32(val.X), append([]int(nil), val.Y...)
	}
	m.trainName = train.Name
	// The first layer reads its input in sparse form, built once here: a
	// batch is a list of rows, and the zeros (most of MNIST's pixels) cost
	// nothing.
	out0 := m.net.layers[0].out
	r, _ := train.X.Dims()
	if nf*out0 > math.MaxInt32 {
		return fmt.Errorf("models: MLP: a first layer of %d x %d weights is too large", nf, out0)
	}
	nnz := 0
	for i := 0; i < r; i++ {
		for _, v := range train.X.RawRowView(i) {
			if float32(v) != 0 {
				nnz++
			}
		}
	}
	sp := &kernels.Sparse[float32]{Ptr: make([]int, 1, r+1), Val: make([]float32, 0, nnz), Off: make([]int32, 0, nnz), Col: make([]int32, 0, nnz)}
	for i := 0; i < r; i++ {
		for j, v := range train.X.RawRowView(i) {
			if f := float32(v); f != 0 {
				sp.Val = append(sp.Val, f)
				sp.Off = append(sp.Off, int32(j*out0))
				sp.Col = append(sp.Col, int32(j))
			}
		}
		sp.Ptr = append(sp.Ptr, len(sp.Val))
	}
	sp.MaxOff = (nf - 1) * out0 // bounds every offset, for MulSparse's check
	m.trainSp = sp
	m.batchSpT = &kernels.Sparse[float32]{}
	m.order = make([]int, len(m.yTrain))
	for i := range m.order {
		m.order[i] = i
	}
	m.tr.hist.Model = m.String()
	return nil
}

// build makes the float32 network for the current sizes.
func (m *MLP) build() {
	m.net = newNet[float32](m.Sizes(), &m.Options)
	m.check = nil
}

// History returns the record of the epochs trained since Begin.
func (m *MLP) History() *History { return m.tr.hist }

// LearningRate returns the rate the next epoch will use (before the
// schedule's change for that epoch).
func (m *MLP) LearningRate() float64 { return m.tr.lr }

// TrainEpoch trains one epoch over the shuffled training data and returns
// its record (also appended to History). A cancelled ctx stops it within
// one batch with ctx.Err(); the partial epoch's updates stay in the
// weights but are not recorded.
func (m *MLP) TrainEpoch(ctx context.Context) (Epoch, error) {
	if m.net == nil || m.trainSp == nil {
		return Epoch{}, fmt.Errorf("models: MLP.TrainEpoch: call Begin first")
	}
	start := time.Now()
	e := len(m.tr.hist.Epochs) + 1
	lr := m.tr.epochLR(e)
	n, nf := len(m.yTrain), m.features
	bs := min(m.Options.batchSize(), n)
	m.tr.rng.Shuffle(n, func(i, j int) { m.order[i], m.order[j] = m.order[j], m.order[i] })
	if len(m.yb) < bs {
		m.yb = make([]int, bs)
	}
	var lossSum float64
	correct, batch := 0, 0
	for b0 := 0; b0 < n; b0 += bs {
		if err := ctx.Err(); err != nil {
			return Epoch{}, err
		}
		rows := min(bs, n-b0)
		batchRows := m.order[b0 : b0+rows]
		for i, r := range batchRows {
			m.yb[i] = m.yTrain[r]
		}
		// The transpose of the batch is needed only by the backward pass:
		// build it while the forward pass runs.
		out0 := m.net.layers[0].out
		transposed := make(chan struct{})
		if m.net.workers > 1 && rows*nf*out0 >= 2*parallelWork {
			go func() {
				m.batchSpT.Transpose(m.trainSp, batchRows, nf, out0)
				close(transposed)
			}()
		} else { // too small to be worth a goroutine
			m.batchSpT.Transpose(m.trainSp, batchRows, nf, out0)
			close(transposed)
		}
		m.net.sp, m.net.spRows, m.net.spT = m.trainSp, batchRows, m.batchSpT
		m.net.forward(nil, rows, training, m.tr.rng)
		l, c := m.net.lossCorrect(m.yb, rows)
		lossSum += l
		correct += c
		<-transposed
		tracing := m.tr.tracing()
		var before []float32
		if tracing {
			before = append([]float32(nil), m.net.params...)
		}
		// The first layer's weights are updated by the goroutines that
		// compute their gradient, row by row while it is in cache; a
		// traced step keeps them apart so that the hook sees the update.
		m.tr.prepareStep(lr)
		w0 := m.net.layers[0]
		lo, hi := w0.wOff, w0.wOff+len(w0.w)
		if !tracing {
			m.net.after = m.tr.applyRange
		}
		m.net.backward(nil, m.yb, rows)
		m.net.sp, m.net.spRows, m.net.spT, m.net.after = nil, nil, nil, nil
		if tracing {
			m.tr.applyAll(0, len(m.net.params))
		} else {
			m.tr.applyAll(0, lo)
			m.tr.applyAll(hi, len(m.net.params))
		}
		if tracing {
			m.tr.hook(m.trace(e, batch, rows, l/float64(rows), lr, before))
		}
		batch++
	}
	rec := Epoch{Epoch: e, TrainLoss: lossSum/float64(n) + m.net.penalty(), TrainAccuracy: float64(correct) / float64(n), LearningRate: lr, ValLoss: math.NaN(), ValAccuracy: math.NaN()}
	if m.xVal != nil {
		rec.ValLoss, rec.ValAccuracy = m.evaluate(m.xVal, m.yVal)
	}
	m.tr.afterEpoch(rec)
	rec.Time = time.Since(start)
	m.tr.hist.Epochs = append(m.tr.hist.Epochs, rec)
	return rec, nil
}

// evaluate returns the mean cross-entropy (without penalty) and accuracy
// of the network in inference mode on x, y.
func (m *MLP) evaluate(x []float32, y []int) (float64, float64) {
	const chunk = 512
	n, nf := len(y), m.features
	var loss float64
	correct := 0
	for i0 := 0; i0 < n; i0 += chunk {
		rows := min(chunk, n-i0)
		m.net.forward(x[i0*nf:(i0+rows)*nf], rows, inference, nil)
		l, c := m.net.lossCorrect(y[i0:i0+rows], rows)
		loss += l
		correct += c
	}
	return loss / float64(n), float64(correct) / float64(n)
}

// PredictProba returns the class probabilities of each row of x, computed
// in inference mode (no dropout, running batch-norm statistics). It panics
// if the model is not trained or x has the wrong number of columns.
func (m *MLP) PredictProba(x *mat.Dense) *mat.Dense {
	checkPredict("MLP.PredictProba", m.net != nil, m.features, x)
	const chunk = 512
	r, _ := x.Dims()
	k := len(m.classes)
	out := mat.NewDense(r, k, nil)
	buf := make([]float32, chunk*m.features)
	last := m.net.layers[len(m.net.layers)-1]
	for i0 := 0; i0 < r; i0 += chunk {
		rows := min(chunk, r-i0)
		for i := 0; i < rows; i++ {
			src := x.RawRowView(i0 + i)
			dst := buf[i*m.features : (i+1)*m.features]
			for j, v := range src {
				dst[j] = float32(v)
			}
		}
		m.net.forward(buf, rows, inference, nil)
		for i := 0; i < rows; i++ {
			dst := out.RawRowView(i0 + i)
			for j := range dst {
				dst[j] = float64(last.act_[i*k+j])
			}
		}
	}
	return out
}

// Predict returns the most probable class of each row of x.
func (m *MLP) Predict(x *mat.Dense) []int { return argmaxRows(m.PredictProba(x)) }

// Score returns the accuracy on d.
func (m *MLP) Score(d *data.Dataset) float64 { return score(m, d) }

func toFloat32(x *mat.Dense) []float32 {
	r, c := x.Dims()
	out := make([]float32, r*c)
	for i := 0; i < r; i++ {
		for j, v := range x.RawRowView(i) {
			out[i*c+j] = float32(v)
		}
	}
	return out
}
