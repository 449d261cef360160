package models

import (
	"fmt"

	"github.com/methodic-go/methodic/internal/kernels"
	"github.com/methodic-go/methodic/mlstd/data"
	"gonum.org/v1/gonum/mat"
)

func adamStep(p, g, mo, ve []float32, lr, b1, b2, eps float32) {
	kernels.Adam(p, g, mo, ve, lr, b1, b2, eps)
}

func momentumStep(p, g, vel []float32, lr, mu float32, nesterov bool) {
	kernels.Momentum(p, g, vel, lr, mu, nesterov)
}

// ParamBlock describes one block of the flat parameter vector.
type ParamBlock struct {
	// Layer is the index of the dense layer (0 is the first hidden layer,
	// the last is the output layer); Name names it ("hidden 1", "output").
	Layer int
	Name  string
	// Kind is "W" (weights, Rows = inputs x Cols = units, row-major), "b"
	// (biases), "gamma" or "beta" (batch-norm scale and shift).
	Kind string
	// Offset is the index of the block's first element in the vector.
	Offset     int
	Rows, Cols int
}

// Size returns Rows*Cols.
func (b ParamBlock) Size() int { return b.Rows * b.Cols }

func layerName(i, n int) string {
	if i == n-1 {
		return "output"
	}
	return fmt.Sprintf("hidden %d", i+1)
}

// ParamLayout returns the blocks of the parameter vector in order: for
// each layer its weights, then its biases (or batch-norm gamma and beta).
// It panics before Begin.
func (m *MLP) ParamLayout() []ParamBlock {
	m.mustBuilt("ParamLayout")
	var out []ParamBlock
	off := 0
	for i, l := range m.net.layers {
		for _, b := range l.blocks() {
			b.Layer, b.Name, b.Offset = i, layerName(i, len(m.net.layers)), off
			off += b.Size()
			out = append(out, b)
		}
	}
	return out
}

// NumParams returns the number of trainable parameters.
func (m *MLP) NumParams() int {
	m.mustBuilt("NumParams")
	return len(m.net.params)
}

// Params returns a float64 copy of the parameter vector (ParamLayout
// order).
func (m *MLP) Params() []float64 {
	m.mustBuilt("Params")
	out := make([]float64, len(m.net.params))
	for i, v := range m.net.params {
		out[i] = float64(v)
	}
	return out
}

// SetParams sets the parameters from p (rounded to float32). It panics if
// len(p) != NumParams().
func (m *MLP) SetParams(p []float64) {
	m.mustBuilt("SetParams")
	if len(p) != len(m.net.params) {
		panic(fmt.Sprintf("models: SetParams: %d values for %d parameters", len(p), len(m.net.params)))
	}
	for i, v := range p {
		m.net.params[i] = float32(v)
	}
}

// Loss returns the training loss of the network with parameters p on the
// rows x with labels y: the mean cross-entropy plus the L2 penalty,
// computed in float64 in training mode (batch statistics for batch
// normalisation, without updating the running ones; dropout with masks
// drawn afresh from a generator seeded with Options.Seed on each call, so
// that repeated calls see the same masks). It is a pure function of p, for
// finite differences. It panics before Begin or on mismatched shapes.
func (m *MLP) Loss(p []float64, x *mat.Dense, y []int) float64 {
	loss, _ := m.lossGrad("Loss", p, x, y, false)
	return loss
}

// Gradient returns Loss(p, x, y) and its gradient with respect to p,
// computed by back-propagation in float64 (ParamLayout order).
func (m *MLP) Gradient(p []float64, x *mat.Dense, y []int) (float64, []float64) {
	return m.lossGrad("Gradient", p, x, y, true)
}

func (m *MLP) lossGrad(who string, p []float64, x *mat.Dense, y []int, grad bool) (float64, []float64) {
	m.mustBuilt(who)
	if len(p) != len(m.net.params) {
		panic(fmt.Sprintf("models: %s: %d values for %d parameters", who, len(p), len(m.net.params)))
	}
	checkPredict(who, true, m.features, x)
	r, _ := x.Dims()
	if len(y) != r {
		panic(fmt.Sprintf("models: %s: %d labels for %d rows", who, len(y), r))
	}
	for i, c := range y {
		if c < 0 || c >= len(m.classes) {
			panic(fmt.Sprintf("models: %s: label %d of row %d out of range [0, %d)", who, c, i, len(m.classes)))
		}
	}
	if m.check == nil {
		o := m.Options
		o.Workers = 1
		m.check = newNet[float64](m.Sizes(), &o)
	}
	n := m.check
	copy(n.params, p)
	xs := make([]float64, 0, r*m.features)
	for i := 0; i < r; i++ {
		xs = append(xs, x.RawRowView(i)...)
	}
	n.forward(xs, r, checking, data.NewRand(m.Options.Seed^0x5eed))
	l, _ := n.lossCorrect(y, r)
	loss := l/float64(r) + n.penalty()
	if !grad {
		return loss, nil
	}
	n.backward(xs, y, r)
	return loss, append([]float64(nil), n.grads...)
}

// gradient32 returns the float32 training path's loss and gradient on x, y
// at the current parameters, in checking mode: the fast kernels' answer,
// which tests compare with Gradient.
func (m *MLP) gradient32(x *mat.Dense, y []int) (float64, []float64) {
	r, nf := x.Dims()
	xs := toFloat32(x)
	// the first layer's sparse input, as TrainEpoch builds it
	out0 := m.net.layers[0].out
	sp, spT := &kernels.Sparse[float32]{}, &kernels.Sparse[float32]{}
	sp.Reset()
	for i := 0; i < r; i++ {
		sp.AppendDense(xs[i*nf:(i+1)*nf], out0)
	}
	spT.Transpose(sp, nil, nf, out0)
	m.net.sp, m.net.spT = sp, spT
	defer func() { m.net.sp, m.net.spT = nil, nil }()
	m.net.forward(nil, r, checking, data.NewRand(m.Options.Seed^0x5eed))
	l, _ := m.net.lossCorrect(y, r)
	m.net.backward(nil, y, r)
	g := make([]float64, len(m.net.grads))
	for i, v := range m.net.grads {
		g[i] = float64(v)
	}
	return l/float64(r) + m.net.penalty(), g
}

func (m *MLP) mustBuilt(who string) {
	if m.net == nil {
		panic(fmt.Sprintf("models: MLP.%s: the network is not built: call Begin or Fit first", who))
	}
}
