package models

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// Trace is what a hook sees of one training step (one batch), after the
// optimiser's update. Every matrix is a float64 copy the hook may keep.
type Trace struct {
	// Epoch (from 1), Batch (from 0 within the epoch) and Step (updates
	// since Begin, from 1).
	Epoch, Batch, Step int
	// Loss is the batch's mean cross-entropy (without the L2 penalty);
	// LearningRate the rate of the update.
	Loss, LearningRate float64
	// Chance is the batch's loss under a model that gives every class the
	// same probability: ln K, or for a ConvNet with Heads the sum of ln K
	// over the outputs a row is labelled for, averaged over the rows. A
	// loss that stays there means the network has learnt nothing.
	Chance float64
	// Layers holds one record per dense layer, input side first.
	Layers []LayerTrace
}

// LayerTrace is one dense layer at one step. Rows of the batch matrices
// are the batch's rows, columns the layer's units.
type LayerTrace struct {
	// Layer is the index of the layer; Name is "hidden 1", ..., "output".
	Layer int
	Name  string
	// PreActivation is the input of the nonlinearity (after batch
	// normalisation); for the output layer, the logits.
	PreActivation *mat.Dense
	// Activation is the output of the nonlinearity before dropout; for
	// the output layer, the softmax probabilities.
	Activation *mat.Dense
	// PreActivationGrad is the gradient of the batch's mean loss with
	// respect to PreActivation.
	PreActivationGrad *mat.Dense
	// Weights (inputs x units) after the update, their gradient (with the
	// L2 term) and the update applied (new minus old weights): the ratio
	// of the norms of Update and Weights is the update ratio to watch
	// (the book's reference is about 1e-2: an update of about 1% of the
	// weights).
	Weights, WeightGrad, Update *mat.Dense
}

// SetHook installs fn to be called after every every-th update (every <= 1
// means each update) while the MLP trains, with the activations,
// gradients and updates of each layer. Tracing costs copies of the
// layers' matrices; nil removes the hook. Install it after Begin or before
// Fit; it stays across Begin.
func (m *MLP) SetHook(every int, fn func(*Trace)) {
	m.tr.hook, m.tr.hookEvery = fn, every
}

func (m *MLP) trace(epoch, batch, rows int, loss, lr float64, before []float32) *Trace {
	t := &Trace{Epoch: epoch, Batch: batch, Step: m.tr.step, Loss: loss, LearningRate: lr, Chance: m.net.chance(nil, rows)}
	t.Layers = m.net.traceLayers(rows)
	for i, l := range m.net.layers {
		lt := &t.Layers[i]
		lt.Layer, lt.Name = i, layerName(i, len(m.net.layers))
		off := l.wOff
		up := mat.NewDense(l.in, l.out, nil)
		raw := up.RawMatrix().Data
		for k, w := range l.w {
			raw[k] = float64(w) - float64(before[off+k])
		}
		lt.Update = up
	}
	return t
}

// chance returns the mean loss over rows rows of labels y of a model that
// gives every class the same probability.
func (n *net[T]) chance(y []int, rows int) float64 {
	if n.heads == nil {
		return math.Log(float64(n.layers[len(n.layers)-1].out))
	}
	h, s := len(n.heads), 0.0
	for i := 0; i < rows; i++ {
		for t, k := range n.heads {
			if y[i*h+t] >= 0 {
				s += math.Log(float64(k))
			}
		}
	}
	return s / float64(rows)
}

// traceLayers returns the dense layers' records of the last step, without
// their names and updates.
func (n *net[T]) traceLayers(rows int) []LayerTrace {
	var out []LayerTrace
	for _, l := range n.layers {
		out = append(out, LayerTrace{
			PreActivation:     denseOf(rows, l.out, l.pre),
			Activation:        denseOf(rows, l.out, l.act_),
			PreActivationGrad: denseOf(rows, l.out, l.dpre),
			Weights:           denseOf(l.in, l.out, l.w),
			WeightGrad:        denseOf(l.in, l.out, l.gw),
		})
	}
	return out
}
