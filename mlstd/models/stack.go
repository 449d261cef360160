package models

import (
	"fmt"
	"math/rand/v2"

	"github.com/methodic-go/methodic/internal/kernels"
)

// stack is the numerical core of a ConvNet or a GRU, generic over the
// element type (float32 to train, float64 for gradient checks): front
// layers (convolutional blocks, or one recurrent layer) whose output,
// flattened, is the input of a dense network (the MLP's net) that ends in
// the softmax. Its parameters live in one slab in ParamLayout order, the
// front layers' blocks first, so that an optimiser step is one pass and
// the flat views that gradient checks use are the slab itself.
type stack[T kernels.Float] struct {
	convs         []*convLayer[T]
	gru           *gruLayer[T]
	tail          *net[T]
	params, grads []T
	width         int // values per row of the tail's input
	flat          []T // the tail's input, rows x width
	workers       int
	l2            T
	cap           int
}

// frontNames returns the names of the front layers ("conv 1", "gru").
func (s *stack[T]) frontNames() []string {
	var out []string
	for i := range s.convs {
		out = append(out, fmt.Sprintf("conv %d", i+1))
	}
	if s.gru != nil {
		out = append(out, "gru")
	}
	return out
}

// frontBlocks returns the parameter blocks of the front layers, without
// names and offsets.
func (s *stack[T]) frontBlocks() [][]ParamBlock {
	var out [][]ParamBlock
	for _, c := range s.convs {
		out = append(out, c.blocks())
	}
	if s.gru != nil {
		out = append(out, s.gru.blocks())
	}
	return out
}

// finish allocates the slab for the front layers (already built) and a
// dense tail of the given hidden sizes and classes, and binds every layer
// to its part of it.
func (s *stack[T]) finish(hidden []int, classes int, o *MLPOptions) {
	s.workers, s.l2 = o.workers(), T(o.L2)
	front := 0
	for _, bs := range s.frontBlocks() {
		for _, b := range bs {
			front += b.Size()
		}
	}
	sizes := append(append([]int{s.width}, hidden...), classes)
	total := front + netSize(sizes, o)
	s.params, s.grads = make([]T, total), make([]T, total)
	off := 0
	for _, c := range s.convs {
		off = c.bind(s.params, s.grads, off)
	}
	if s.gru != nil {
		off = s.gru.bind(s.params, s.grads, off)
	}
	s.tail = newNetOn(sizes, o, s.params[off:], s.grads[off:])
	s.tail.dx0 = true
}

// layout returns the parameter blocks with their names and offsets.
func (s *stack[T]) layout() []ParamBlock {
	var out []ParamBlock
	off := 0
	names := s.frontNames()
	for i, bs := range s.frontBlocks() {
		for _, b := range bs {
			b.Layer, b.Name, b.Offset = i, names[i], off
			off += b.Size()
			out = append(out, b)
		}
	}
	nf := len(names)
	for i, l := range s.tail.layers {
		for _, b := range l.blocks() {
			b.Layer, b.Name, b.Offset = nf+i, layerName(i, len(s.tail.layers)), off
			off += b.Size()
			out = append(out, b)
		}
	}
	return out
}

// layerNames returns the names of all layers, front first.
func (s *stack[T]) layerNames() []string {
	names := s.frontNames()
	for i := range s.tail.layers {
		names = append(names, layerName(i, len(s.tail.layers)))
	}
	return names
}

// init draws every weight from r, front layers first.
func (s *stack[T]) init(r *rand.Rand, init Init, act Activation) {
	for _, c := range s.convs {
		c.initWeights(r, init, act)
	}
	if s.gru != nil {
		s.gru.initWeights(r, init)
	}
	s.tail.init(r, init, act)
}

// ensure sizes every buffer for rows rows and connects each layer's
// output to the next one's input.
func (s *stack[T]) ensure(rows int) {
	if rows <= s.cap {
		return
	}
	s.cap = rows
	s.flat = make([]T, rows*s.width)
	s.tail.ensure(rows)
	for _, c := range s.convs {
		c.ensure(rows)
	}
	for i, c := range s.convs {
		if i+1 < len(s.convs) {
			next := s.convs[i+1]
			c.setOutput(next.in, next.din, next)
		} else {
			c.setOutput(s.flat, s.tail.layers[0].dx, nil)
		}
	}
	if s.gru != nil {
		s.gru.ensure(rows)
		s.gru.setOutput(s.flat, s.tail.layers[0].dx)
	}
}

// forward runs rows rows of x (rows x features, as the data set holds
// them) through the network, leaving the probabilities in the tail's last
// layer. r draws the dropout masks in training and checking modes.
func (s *stack[T]) forward(x []T, rows int, mode passMode, r *rand.Rand) {
	s.ensure(rows)
	if len(s.convs) > 0 {
		s.convs[0].load(x, rows, s.workers)
		for _, c := range s.convs {
			c.forward(rows, mode, r, s.workers)
		}
	}
	if s.gru != nil {
		s.gru.forward(x, rows, mode, r, s.workers)
	}
	s.tail.forward(s.flat, rows, mode, r)
}

// backward computes the gradients of the mean loss (plus the L2 penalty)
// of the last forward pass into grads.
func (s *stack[T]) backward(x []T, y []int, rows int) {
	s.tail.backward(s.flat, y, rows)
	if s.gru != nil {
		s.gru.backward(x, rows, s.workers, s.l2)
	}
	for i := len(s.convs) - 1; i >= 0; i-- {
		s.convs[i].backward(rows, s.workers, s.l2)
	}
}

func (s *stack[T]) lossCorrect(y []int, rows int) (float64, int) {
	return s.tail.lossCorrect(y, rows)
}

// probs returns the probabilities of the last forward pass.
func (s *stack[T]) probs() []T { return s.tail.layers[len(s.tail.layers)-1].act_ }

// penalty returns L2/2 times the sum of squared weights of every layer.
func (s *stack[T]) penalty() float64 {
	if s.l2 == 0 {
		return 0
	}
	sum := 0.0
	for _, w := range s.frontWeights() {
		for _, v := range w {
			sum += float64(v) * float64(v)
		}
	}
	return 0.5*float64(s.l2)*sum + s.tail.penalty()
}

// frontWeights returns the weight matrices of the front layers (those
// that L2 penalises).
func (s *stack[T]) frontWeights() [][]T {
	var out [][]T
	for _, c := range s.convs {
		out = append(out, c.w)
	}
	if s.gru != nil {
		out = append(out, s.gru.wx, s.gru.wh)
	}
	return out
}

// namedRunning is one layer's batch-norm running statistics.
type namedRunning[T kernels.Float] struct {
	name     string
	mean, vr []T
}

// runningByLayer returns the batch-norm running statistics with the
// names of their layers, front first.
func (s *stack[T]) runningByLayer() []namedRunning[T] {
	var out []namedRunning[T]
	for i, c := range s.convs {
		if c.bn {
			out = append(out, namedRunning[T]{fmt.Sprintf("conv %d", i+1), c.runMean, c.runVar})
		}
	}
	for i, l := range s.tail.layers {
		if l.bn {
			out = append(out, namedRunning[T]{layerName(i, len(s.tail.layers)), l.runMean, l.runVar})
		}
	}
	return out
}

// running returns the batch-norm running statistics of every layer.
func (s *stack[T]) running() [][]T {
	var out [][]T
	for _, c := range s.convs {
		out = append(out, c.running()...)
	}
	for _, l := range s.tail.layers {
		if l.bn {
			out = append(out, l.runMean, l.runVar)
		}
	}
	return out
}
