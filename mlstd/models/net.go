package models

import (
	"math"
	"math/rand/v2"
	"sync"
	"sync/atomic"

	"github.com/methodic-go/methodic/internal/kernels"
)

// net is the numerical core of an MLP, generic over the element type:
// float32 for training, float64 for gradient checks. Parameters and their
// gradients live in two flat slabs that the layers view into, so that an
// optimiser step is one pass over memory and the flat views that
// diagnose's gradient checks use are the slabs themselves.
type net[T kernels.Float] struct {
	layers  []*layer[T]
	params  []T // every trainable parameter, in ParamLayout order
	grads   []T // their gradients
	l2      T
	workers int
	cap     int // rows the batch buffers hold

	// sp, when set, holds input rows in sparse form with offsets
	// column·(units of the first layer); the batch is its rows spRows (all
	// when nil), and spT the batch's transpose. forward and backward then
	// use them for the first layer instead of the dense x.
	sp, spT *kernels.Sparse[T]
	spRows  []int

	// dx0 asks backward for the gradient of the first layer's input (in
	// layers[0].dx), for the layers that feed the network.
	dx0 bool

	// heads, when set, splits the output layer's units into that many
	// softmax outputs of heads[h] classes each, side by side (a ConvNet
	// with Heads). The labels of a row are then one per output, -1 for
	// none; the loss of a row is the sum of its labelled outputs'
	// cross-entropies. nil: one softmax, one label per row.
	heads []int

	// after, when set, is called by backward with each range [i0, i1) of
	// the parameter vector holding first-layer weights whose gradient is
	// final, from the goroutine that computed it (the optimiser's step,
	// fused into the product).
	after func(i0, i1 int)
}

type layer[T kernels.Float] struct {
	in, out int
	output  bool // the softmax layer
	act     Activation
	dropout T // probability of dropping a unit (hidden layers)
	bn      bool

	wOff                  int // offset of w in params
	w, b, gamma, beta     []T // views into params (b nil with bn; gamma, beta nil without)
	gw, gb, ggamma, gbeta []T // views into grads
	runMean, runVar       []T // batch norm running statistics
	wT                    []T // scratch: wᵀ for the input gradient

	// batch buffers, cap rows each
	z, xhat, pre, act_, outv, mask, dpre, dz, dx []T
	mean, istd                                   []T
}

// layout returns the sizes of the parameter blocks, in slab order.
func (l *layer[T]) blocks() []ParamBlock {
	bs := []ParamBlock{{Kind: "W", Rows: l.in, Cols: l.out}}
	if l.bn {
		bs = append(bs, ParamBlock{Kind: "gamma", Rows: 1, Cols: l.out}, ParamBlock{Kind: "beta", Rows: 1, Cols: l.out})
	} else {
		bs = append(bs, ParamBlock{Kind: "b", Rows: 1, Cols: l.out})
	}
	return bs
}

// newNet builds the layers for sizes (inputs, hidden..., classes) and
// their slabs, with zero parameters.
func newNet[T kernels.Float](sizes []int, o *MLPOptions) *net[T] {
	return newNetOn[T](sizes, o, nil, nil)
}

// netSize returns the number of parameters of newNet(sizes, o).
func netSize(sizes []int, o *MLPOptions) int {
	total := 0
	for i := 0; i+1 < len(sizes); i++ {
		total += sizes[i]*sizes[i+1] + sizes[i+1]
		if o.BatchNorm && i+2 < len(sizes) {
			total += sizes[i+1] // gamma and beta instead of b
		}
	}
	return total
}

// newNetOn builds the network over the given slabs (the tail of a larger
// one), or over slabs of its own when params is nil.
func newNetOn[T kernels.Float](sizes []int, o *MLPOptions, params, grads []T) *net[T] {
	n := &net[T]{l2: T(o.L2), workers: o.workers()}
	total := 0
	for i := 0; i+1 < len(sizes); i++ {
		l := &layer[T]{in: sizes[i], out: sizes[i+1], output: i+2 == len(sizes), act: o.Activation}
		if !l.output {
			l.dropout = T(o.Dropout)
			l.bn = o.BatchNorm
		}
		for _, b := range l.blocks() {
			total += b.Rows * b.Cols
		}
		n.layers = append(n.layers, l)
	}
	if params == nil {
		params, grads = make([]T, total), make([]T, total)
	}
	n.params, n.grads = params[:total:total], grads[:total:total]
	off := 0
	take := func(s []T, k int) []T { return s[off : off+k : off+k] }
	for _, l := range n.layers {
		for _, b := range l.blocks() {
			k := b.Rows * b.Cols
			switch b.Kind {
			case "W":
				l.w, l.gw, l.wOff = take(n.params, k), take(n.grads, k), off
			case "b":
				l.b, l.gb = take(n.params, k), take(n.grads, k)
			case "gamma":
				l.gamma, l.ggamma = take(n.params, k), take(n.grads, k)
			case "beta":
				l.beta, l.gbeta = take(n.params, k), take(n.grads, k)
			}
			off += k
		}
		if l.bn {
			l.runMean = make([]T, l.out)
			l.runVar = make([]T, l.out)
			for j := range l.runVar {
				l.runVar[j] = 1
			}
		}
	}
	return n
}

// init draws the weights: He (normal, variance 2/fan_in) or Xavier
// (Glorot uniform, limit √(6/(fan_in+fan_out))); biases and beta 0,
// gamma 1.
func (n *net[T]) init(r *rand.Rand, init Init, act Activation) {
	for _, l := range n.layers {
		kind := init
		if kind == DefaultInit {
			kind = Xavier
			if act == ReLU && !l.output {
				kind = He
			}
		}
		switch kind {
		case He:
			sd := math.Sqrt(2 / float64(l.in))
			for i := range l.w {
				l.w[i] = T(sd * r.NormFloat64())
			}
		default:
			lim := math.Sqrt(6 / float64(l.in+l.out))
			for i := range l.w {
				l.w[i] = T(lim * (2*r.Float64() - 1))
			}
		}
		clear(l.b)
		clear(l.beta)
		for i := range l.gamma {
			l.gamma[i] = 1
		}
		for i := range l.runMean {
			l.runMean[i], l.runVar[i] = 0, 1
		}
	}
}

// ensure sizes the batch buffers for rows rows.
func (n *net[T]) ensure(rows int) {
	if rows <= n.cap {
		return
	}
	n.cap = rows
	for _, l := range n.layers {
		k := rows * l.out
		l.z, l.act_, l.dpre = make([]T, k), make([]T, k), make([]T, k)
		l.outv = l.act_
		if l.dropout > 0 {
			l.outv, l.mask = make([]T, k), make([]T, k)
		}
		l.dz = l.dpre
		l.pre = l.z
		if l.bn {
			l.pre = make([]T, k)
			l.xhat, l.dz = make([]T, k), make([]T, k)
			l.mean, l.istd = make([]T, l.out), make([]T, l.out)
		}
		l.dx = make([]T, rows*l.in)
		l.wT = make([]T, l.in*l.out)
	}
}

// parallel runs f over [0, n) in contiguous ranges of at least minPer,
// on up to workers goroutines. The ranges are handed out from a shared
// counter, so a goroutine that the operating system has not yet run (on a
// busy machine) takes none and is not waited for: the caller does the
// work itself. Each output row is computed by the same operations
// whoever computes it, so results do not depend on workers.
func parallel(workers, n, minPer int, f func(i0, i1 int)) {
	w := min(workers, n/max(1, minPer))
	if w <= 1 {
		f(0, n)
		return
	}
	chunks := min(4*w, n/max(1, minPer))
	step := (n + chunks - 1) / chunks
	chunks = (n + step - 1) / step
	var next atomic.Int64
	var wg sync.WaitGroup
	wg.Add(chunks)
	work := func() {
		for {
			c := int(next.Add(1) - 1)
			if c >= chunks {
				return
			}
			f(c*step, min((c+1)*step, n))
			wg.Done()
		}
	}
	for k := 1; k < w; k++ {
		go work()
	}
	work()
	wg.Wait()
}

// parallelWork is the number of multiply-adds below which a goroutine is
// not worth starting (its start and the wait for it cost microseconds).
const parallelWork = 1 << 19

// rowsPer returns the fewest rows a goroutine should take when each row
// costs perRow multiply-adds (dense; zeros skipped make it cheaper).
func rowsPer(perRow int) int {
	return max(1, parallelWork/max(1, perRow))
}

const bnEps = 1e-5
const bnMomentum = 0.1

// mode of a forward pass.
type passMode int

const (
	inference passMode = iota // running statistics, no dropout
	training                  // batch statistics (updating the running ones), dropout
	checking                  // batch statistics without updating, dropout with fixed masks
)

// forward runs rows of x (rows x in, contiguous) through the network and
// leaves the probabilities in the last layer's act_. r draws dropout
// masks in training and checking modes.
func (n *net[T]) forward(x []T, rows int, mode passMode, r *rand.Rand) {
	n.ensure(rows)
	in := x
	for _, l := range n.layers {
		o := l.out
		w := l.w
		sparse := n.sp != nil && l == n.layers[0]
		parallel(n.workers, rows, rowsPer(l.in*o), func(i0, i1 int) {
			// z starts from the bias and accumulates the product
			acc := l.b != nil
			if acc {
				for i := i0; i < i1; i++ {
					copy(l.z[i*o:i*o+o], l.b)
				}
			}
			if sparse {
				kernels.MulSparse(i0, i1, o, n.sp, n.spRows, w, l.z, o, acc)
			} else {
				kernels.MulNN(i0, i1, o, l.in, in, l.in, w, o, l.z, o, acc)
			}
		})
		if l.bn {
			l.batchNorm(rows, mode)
		}
		pre := l.pre
		if l.output {
			if n.heads == nil {
				for i := 0; i < rows; i++ {
					softmax(l.act_[i*o:i*o+o], pre[i*o:i*o+o])
				}
				break
			}
			for i := 0; i < rows; i++ {
				c := i * o
				for _, k := range n.heads {
					softmax(l.act_[c:c+k], pre[c:c+k])
					c += k
				}
			}
			break
		}
		activate(l.act, l.act_[:rows*o], pre[:rows*o])
		if l.dropout > 0 && mode != inference {
			keep := 1 - l.dropout
			scale := 1 / keep
			for i := 0; i < rows*o; i++ {
				if T(r.Float64()) < keep {
					l.mask[i] = scale
				} else {
					l.mask[i] = 0
				}
				l.outv[i] = l.act_[i] * l.mask[i]
			}
		} else if l.dropout > 0 {
			copy(l.outv[:rows*o], l.act_[:rows*o])
		}
		in = l.outv
	}
}

// batchNorm normalises l.z into l.pre.
func (l *layer[T]) batchNorm(rows int, mode passMode) {
	o := l.out
	if mode == inference {
		for j := 0; j < o; j++ {
			s := l.gamma[j] / T(math.Sqrt(float64(l.runVar[j])+bnEps))
			for i := 0; i < rows; i++ {
				l.pre[i*o+j] = (l.z[i*o+j]-l.runMean[j])*s + l.beta[j]
			}
		}
		return
	}
	for j := 0; j < o; j++ {
		var mean, v float64
		for i := 0; i < rows; i++ {
			mean += float64(l.z[i*o+j])
		}
		mean /= float64(rows)
		for i := 0; i < rows; i++ {
			d := float64(l.z[i*o+j]) - mean
			v += d * d
		}
		v /= float64(rows)
		istd := 1 / math.Sqrt(v+bnEps)
		l.mean[j], l.istd[j] = T(mean), T(istd)
		for i := 0; i < rows; i++ {
			xh := (l.z[i*o+j] - T(mean)) * T(istd)
			l.xhat[i*o+j] = xh
			l.pre[i*o+j] = l.gamma[j]*xh + l.beta[j]
		}
		if mode == training {
			unbiased := v
			if rows > 1 {
				unbiased = v * float64(rows) / float64(rows-1)
			}
			l.runMean[j] = T((1-bnMomentum)*float64(l.runMean[j]) + bnMomentum*mean)
			l.runVar[j] = T((1-bnMomentum)*float64(l.runVar[j]) + bnMomentum*unbiased)
		}
	}
}

// loss returns the summed cross-entropy of labels y under the last
// forward pass, and the number of rows whose most probable class is y.
// With heads, y holds len(heads) labels per row, the loss sums every
// labelled output's, and a row is right when every labelled output is.
func (n *net[T]) lossCorrect(y []int, rows int) (float64, int) {
	if n.heads != nil {
		return n.headsLossCorrect(y, rows)
	}
	l := n.layers[len(n.layers)-1]
	o := l.out
	s, correct := 0.0, 0
	for i := 0; i < rows; i++ {
		p := l.act_[i*o : i*o+o]
		s -= math.Log(math.Max(float64(p[y[i]]), 1e-30))
		best := 0
		for j, v := range p {
			if v > p[best] {
				best = j
			}
		}
		if best == y[i] {
			correct++
		}
	}
	return s, correct
}

// headsLossCorrect is lossCorrect with heads.
func (n *net[T]) headsLossCorrect(y []int, rows int) (float64, int) {
	l := n.layers[len(n.layers)-1]
	o, h := l.out, len(n.heads)
	s, correct := 0.0, 0
	for i := 0; i < rows; i++ {
		c, right := i*o, true
		for t, k := range n.heads {
			p := l.act_[c : c+k]
			c += k
			yi := y[i*h+t]
			if yi < 0 {
				continue
			}
			s -= math.Log(math.Max(float64(p[yi]), 1e-30))
			best := 0
			for j, v := range p {
				if v > p[best] {
					best = j
				}
			}
			right = right && best == yi
		}
		if right {
			correct++
		}
	}
	return s, correct
}

// outputDelta sets the output layer's dpre to the gradient of the mean
// loss with respect to its pre-activations: (p - onehot(y)) / rows for
// each softmax output, 0 for an output a row has no label for.
func (n *net[T]) outputDelta(y []int, rows int) {
	last := n.layers[len(n.layers)-1]
	o := last.out
	inv := 1 / T(rows)
	if n.heads == nil {
		for i := 0; i < rows; i++ {
			d := last.dpre[i*o : i*o+o]
			p := last.act_[i*o : i*o+o]
			for j := range d {
				d[j] = p[j] * inv
			}
			d[y[i]] -= inv
		}
		return
	}
	h := len(n.heads)
	for i := 0; i < rows; i++ {
		c := i * o
		for t, k := range n.heads {
			d, p := last.dpre[c:c+k], last.act_[c:c+k]
			c += k
			yi := y[i*h+t]
			if yi < 0 {
				clear(d)
				continue
			}
			for j := range d {
				d[j] = p[j] * inv
			}
			d[yi] -= inv
		}
	}
}

// penalty returns L2/2 times the sum of squared weights.
func (n *net[T]) penalty() float64 {
	if n.l2 == 0 {
		return 0
	}
	s := 0.0
	for _, l := range n.layers {
		for _, w := range l.w {
			s += float64(w) * float64(w)
		}
	}
	return 0.5 * float64(n.l2) * s
}

// backward computes the gradients of the mean loss (plus the L2 penalty)
// over the rows of the last forward pass into grads.
func (n *net[T]) backward(x []T, y []int, rows int) {
	n.outputDelta(y, rows)
	for li := len(n.layers) - 1; li >= 0; li-- {
		l := n.layers[li]
		o := l.out
		if !l.output {
			dout := n.layers[li+1].dx
			if l.dropout > 0 {
				for i := 0; i < rows*o; i++ {
					dout[i] *= l.mask[i]
				}
			}
			derivative(l.act, l.dpre[:rows*o], dout[:rows*o], l.pre[:rows*o], l.act_[:rows*o])
		}
		if l.bn {
			l.batchNormBackward(rows)
		} else {
			for j := range l.gb {
				l.gb[j] = 0
			}
			for i := 0; i < rows; i++ {
				for j, v := range l.dz[i*o : i*o+o] {
					l.gb[j] += v
				}
			}
		}
		input := x
		if li > 0 {
			input = n.layers[li-1].outv
		}
		sparse := n.sp != nil && li == 0
		parallel(n.workers, l.in, rowsPer(rows*o), func(i0, i1 int) {
			if sparse {
				kernels.MulSparse(i0, i1, o, n.spT, nil, l.dz, l.gw, o, false)
			} else {
				kernels.MulTN(i0, i1, o, rows, input, l.in, l.dz, o, l.gw, o, false)
			}
			if n.l2 != 0 {
				kernels.Axpy(n.l2, l.w[i0*o:i1*o], l.gw[i0*o:i1*o])
			}
			if li == 0 && n.after != nil {
				n.after(l.wOff+i0*o, l.wOff+i1*o)
			}
		})
		if li > 0 || n.dx0 {
			kernels.Transpose(l.in, o, l.w, o, l.wT)
			parallel(n.workers, rows, rowsPer(o*l.in), func(i0, i1 int) {
				kernels.MulNN(i0, i1, l.in, o, l.dz, o, l.wT, l.in, l.dx, l.in, false)
			})
		}
	}
}

func (l *layer[T]) batchNormBackward(rows int) {
	o := l.out
	for j := 0; j < o; j++ {
		var sg, sb T
		for i := 0; i < rows; i++ {
			d := l.dpre[i*o+j]
			sb += d
			sg += d * l.xhat[i*o+j]
		}
		l.ggamma[j], l.gbeta[j] = sg, sb
		k := l.gamma[j] * l.istd[j] / T(rows)
		for i := 0; i < rows; i++ {
			l.dz[i*o+j] = k * (T(rows)*l.dpre[i*o+j] - sb - l.xhat[i*o+j]*sg)
		}
	}
}

func softmax[T kernels.Float](dst, z []T) {
	mx := z[0]
	for _, v := range z {
		mx = max(mx, v)
	}
	var s T
	for j, v := range z {
		e := T(math.Exp(float64(v - mx)))
		dst[j] = e
		s += e
	}
	for j := range dst {
		dst[j] /= s
	}
}

func activate[T kernels.Float](a Activation, dst, pre []T) {
	switch a {
	case Tanh:
		for i, v := range pre {
			dst[i] = T(math.Tanh(float64(v)))
		}
	case Sigmoid:
		for i, v := range pre {
			dst[i] = T(sigmoid(float64(v)))
		}
	default:
		for i, v := range pre {
			dst[i] = max(v, 0)
		}
	}
}

// derivative sets dpre = dout · f'(pre), using the activation values act
// where that is cheaper.
func derivative[T kernels.Float](a Activation, dpre, dout, pre, act []T) {
	switch a {
	case Tanh:
		for i := range dpre {
			dpre[i] = dout[i] * (1 - act[i]*act[i])
		}
	case Sigmoid:
		for i := range dpre {
			dpre[i] = dout[i] * act[i] * (1 - act[i])
		}
	default:
		reluDerivative(dpre, dout, act)
	}
}

// reluDerivative sets dpre = dout where act > 0 and 0 elsewhere. For
// float32 it selects by a bit mask rather than a branch that the
// processor would mispredict on half the units.
func reluDerivative[T kernels.Float](dpre, dout, act []T) {
	if d32, ok := any(dpre).([]float32); ok {
		o32, a32 := any(dout).([]float32), any(act).([]float32)
		o32, a32 = o32[:len(d32)], a32[:len(d32)]
		for i := range d32 {
			// act >= 0 after ReLU, so act > 0 exactly when its bits are not 0
			b := math.Float32bits(a32[i])
			nz := (b | -b) >> 31 // 1 when b != 0
			d32[i] = math.Float32frombits(math.Float32bits(o32[i]) & -nz)
		}
		return
	}
	for i := range dpre {
		if act[i] > 0 {
			dpre[i] = dout[i]
		} else {
			dpre[i] = 0
		}
	}
}
