package models

import (
	"math"
	"math/rand/v2"

	"github.com/methodic-go/methodic/internal/kernels"
	"gonum.org/v1/gonum/mat"
)

// convLayer is one block of a ConvNet: a convolution over several input
// channels into several filters (stride, zero padding), a bias or batch
// normalisation, the activation and a pooling window. It reads its
// input from planes of its own, one per channel, padded with zeros (the
// previous block, or load for the first, writes their interior), and
// writes its pooled output into the next block's planes or, flattened
// channel by channel, into the input rows of the dense layers.
//
// The convolution is direct: in a padded plane of width wp, output q of a
// filter is the sum over its taps (channel c, kernel row a, column b) of
// w·in[c·plane + a·wp + b + q], so that one call of kernels.ShiftSums
// computes the image's output channels as rows of width wp. The
// last kw-1 columns of each such row fall outside the image: they are
// computed and never read ("the grid"), and their gradients are zero.
// With a stride s the outputs kept are those at rows and columns that
// are multiples of s (the lattice); the others are computed and dropped.
//
// The gradient with respect to the input is the same sum with the filter
// turned round, over the output gradient stored with a margin of zeros
// (dzg), and the gradient with respect to the weights is one dot product
// per tap (kernels.ShiftDots), summed over the images in order.
type convLayer[T kernels.Float] struct {
	cin, ih, iw int // input channels, height, width
	ph, pw      int // zero padding
	kh, kw      int // kernel
	stride      int
	cout        int
	hp, wp      int // padded input planes
	ho, wo      int // stride-1 outputs (the grid has ho rows of wp)
	hs, ws      int // outputs kept (the lattice)
	L           int // grid length of an output channel: ho·wp
	plane       int // hp·wp
	inRow       int // input values per image: cin·plane
	pkh, pkw    int // pooling window
	psh, psw    int // pooling stride
	avg         bool
	hq, wq      int // pooled output
	act         Activation
	bn          bool
	dropout     T // applied to the output when it feeds the dense layers
	K           int
	margin, Lm  int // dzg: zeros before each channel, and its length

	taps  kernels.Taps // of the forward pass, in (c, a, b) order
	dtaps kernels.Taps // of the input gradient (every input channel's), in (filter, a, b) order

	// where the output goes: image i's channel c, row y, column x is at
	// out[i·orow + c·oplane + y·ostride + x + ooff]; dout likewise.
	out, dout                   []T
	orow, oplane, ostride, ooff int
	w, b, gamma, beta           []T // w is K x cout (taps x filters)
	gw, gb, ggamma, gbeta       []T
	runMean, runVar             []T
	wT, wIn, gwT                []T // filters x K; per input channel its taps; filters x K
	cap                         int
	in, din                     []T     // rows x cin x plane (in with slack, see ensure)
	zc                          []T     // rows x cout x L: the convolutions, without bias
	xhat, pre, dpre             []T     // with batch norm: rows x cout x L
	dzg                         []T     // rows x cout x Lm
	mask                        []T     // rows x orow (dropout)
	arg                         []int32 // max pooling: where each maximum was, in the grid
	pooled, gpool               []T     // max pooling: the pooled pre-activations and their gradient
	gsum                        []T     // rows x cout: each image's share of the bias gradient
	pool2                       bool    // 2x2 max pooling of a stride-1 grid (kernels.MaxPool2*)
	mean, istd                  []T
	first                       bool // reads the batch rows (load), has no input gradient
	fanIn, fanOut               int
	lattice                     []int32 // grid index of each lattice point
	poolOut                     int     // hq·wq
}

func newConvLayer[T kernels.Float](cin, h, w int, c Conv, oneD bool, act Activation, bn bool) *convLayer[T] {
	l := &convLayer[T]{cin: cin, ih: h, iw: w, cout: c.Filters, act: act, bn: bn}
	l.kh, l.kw = c.size(), c.size()
	l.ph, l.pw = c.Padding, c.Padding
	l.pkh, l.pkw = c.pool(), c.pool()
	l.psh, l.psw = c.poolStride(), c.poolStride()
	if oneD {
		l.kw, l.pw, l.pkw, l.psw = 1, 0, 1, 1
	}
	l.stride = c.stride()
	l.avg = c.Average
	l.hp, l.wp = h+2*l.ph, w+2*l.pw
	l.ho, l.wo = l.hp-l.kh+1, l.wp-l.kw+1
	l.hs, l.ws = (l.ho-1)/l.stride+1, (l.wo-1)/l.stride+1
	l.hq, l.wq = (l.hs-l.pkh)/l.psh+1, (l.ws-l.pkw)/l.psw+1
	l.L = l.ho * l.wp
	l.plane = l.hp * l.wp
	l.inRow = cin * l.plane
	l.K = cin * l.kh * l.kw
	l.poolOut = l.hq * l.wq
	l.pool2 = !l.avg && l.stride == 1 && l.pkh == 2 && l.pkw == 2 && l.psh == 2 && l.psw == 2
	l.fanIn, l.fanOut = l.K, l.cout*l.kh*l.kw
	var offs []int32
	for ci := 0; ci < cin; ci++ {
		for a := 0; a < l.kh; a++ {
			for b := 0; b < l.kw; b++ {
				offs = append(offs, int32(ci*l.plane+a*l.wp+b))
			}
		}
	}
	l.taps = kernels.NewTaps(offs)
	l.margin = (l.kh-1)*l.wp + l.kw - 1
	l.Lm = l.margin + l.plane
	p0 := l.ph * l.wp // the input gradient is needed on the image's rows only
	var doffs []int32
	for f := 0; f < l.cout; f++ {
		for a := 0; a < l.kh; a++ {
			for b := 0; b < l.kw; b++ {
				doffs = append(doffs, int32(f*l.Lm+l.margin+p0-a*l.wp-b))
			}
		}
	}
	l.dtaps = kernels.NewTaps(doffs)
	for i := 0; i < l.hs; i++ {
		for j := 0; j < l.ws; j++ {
			l.lattice = append(l.lattice, int32(i*l.stride*l.wp+j*l.stride))
		}
	}
	return l
}

// outShape returns the channels, height and width of the pooled output.
func (l *convLayer[T]) outShape() (c, h, w int) { return l.cout, l.hq, l.wq }

func (l *convLayer[T]) blocks() []ParamBlock {
	bs := []ParamBlock{{Kind: "W", Rows: l.K, Cols: l.cout}}
	if l.bn {
		return append(bs, ParamBlock{Kind: "gamma", Rows: 1, Cols: l.cout}, ParamBlock{Kind: "beta", Rows: 1, Cols: l.cout})
	}
	return append(bs, ParamBlock{Kind: "b", Rows: 1, Cols: l.cout})
}

func (l *convLayer[T]) bind(params, grads []T, off int) int {
	take := func(s []T, k int) []T { return s[off : off+k : off+k] }
	for _, b := range l.blocks() {
		k := b.Size()
		switch b.Kind {
		case "W":
			l.w, l.gw = take(params, k), take(grads, k)
		case "b":
			l.b, l.gb = take(params, k), take(grads, k)
		case "gamma":
			l.gamma, l.ggamma = take(params, k), take(grads, k)
		case "beta":
			l.beta, l.gbeta = take(params, k), take(grads, k)
		}
		off += k
	}
	if l.bn {
		l.runMean, l.runVar = make([]T, l.cout), make([]T, l.cout)
		for i := range l.runVar {
			l.runVar[i] = 1
		}
		l.mean, l.istd = make([]T, l.cout), make([]T, l.cout)
	}
	l.wT = make([]T, l.cout*l.K)
	l.gwT = make([]T, l.cout*l.K)
	l.wIn = make([]T, l.cin*l.cout*l.kh*l.kw)
	return off
}

// initWeights draws the weights as the dense layers do, with fan-in the
// number of taps (and fan-out the filters times the kernel's area).
func (l *convLayer[T]) initWeights(r *rand.Rand, init Init, act Activation) {
	kind := init
	if kind == DefaultInit {
		kind = Xavier
		if act == ReLU {
			kind = He
		}
	}
	switch kind {
	case He:
		sd := math.Sqrt(2 / float64(l.fanIn))
		for i := range l.w {
			l.w[i] = T(sd * r.NormFloat64())
		}
	default:
		lim := math.Sqrt(6 / float64(l.fanIn+l.fanOut))
		for i := range l.w {
			l.w[i] = T(lim * (2*r.Float64() - 1))
		}
	}
	// Biases are drawn on ±1/√fan-in, as PyTorch does, rather than set
	// to zero: a blank region of an image would otherwise give
	// pre-activations of exactly zero, on the ReLU's kink, where a
	// finite-difference check of the gradient cannot agree.
	lim := 1 / math.Sqrt(float64(l.fanIn))
	for i := range l.b {
		l.b[i] = T(lim * (2*r.Float64() - 1))
	}
	clear(l.beta)
	for i := range l.gamma {
		l.gamma[i] = 1
	}
	for i := range l.runMean {
		l.runMean[i], l.runVar[i] = 0, 1
	}
}

// ensure sizes the batch buffers for rows images.
func (l *convLayer[T]) ensure(rows int) {
	if rows <= l.cap {
		return
	}
	l.cap = rows
	g := rows * l.cout * l.L
	// slack past the last image: the grid's last row reads kw-1 values
	// past it, and the weight gradient's kernel up to ShiftDotSlack more
	l.in = make([]T, rows*l.inRow+l.kw+kernels.ShiftDotSlack)
	if !l.first {
		l.din = make([]T, rows*l.inRow)
	}
	l.zc = make([]T, g)
	if l.bn {
		l.xhat, l.pre, l.dpre = make([]T, g), make([]T, g), make([]T, g)
	}
	if !l.avg {
		n := rows * l.cout * l.poolOut
		l.arg, l.pooled, l.gpool = make([]int32, n), make([]T, n), make([]T, n)
	}
	l.dzg = make([]T, rows*l.cout*l.Lm)
	l.gsum = make([]T, rows*l.cout)
}

// setOutput points the block's output at the next block's input planes
// or, with next nil, at the dense layers' input rows.
func (l *convLayer[T]) setOutput(out, dout []T, next *convLayer[T]) {
	l.out, l.dout = out, dout
	if next == nil {
		l.orow, l.oplane, l.ostride, l.ooff = l.cout*l.poolOut, l.poolOut, l.wq, 0
		return
	}
	l.orow, l.oplane, l.ostride, l.ooff = next.inRow, next.plane, next.wp, next.ph*next.wp+next.pw
}

// load copies the rows of a batch (each an image of ih x iw pixels of cin
// channels, channel last, or a sequence of ih steps of cin features) into
// the interior of the input planes.
func (l *convLayer[T]) load(x []T, rows, workers int) {
	rowLen := l.cin * l.ih * l.iw
	parallel(workers, rows, 16, func(i0, i1 int) {
		for i := i0; i < i1; i++ {
			src := x[i*rowLen : (i+1)*rowLen]
			dst := l.in[i*l.inRow : (i+1)*l.inRow]
			if l.cin == 1 {
				for y := 0; y < l.ih; y++ {
					copy(dst[(y+l.ph)*l.wp+l.pw:(y+l.ph)*l.wp+l.pw+l.iw], src[y*l.iw:(y+1)*l.iw])
				}
				continue
			}
			for y := 0; y < l.ih; y++ {
				for x := 0; x < l.iw; x++ {
					px := src[(y*l.iw+x)*l.cin : (y*l.iw+x+1)*l.cin]
					o := (y+l.ph)*l.wp + l.pw + x
					for c, v := range px {
						dst[c*l.plane+o] = v
					}
				}
			}
		}
	})
}

// preGrid returns the grid of filter f's pre-activations for image i,
// and the bias to add to them (zero with batch normalisation, whose
// output already holds its shift).
func (l *convLayer[T]) preGrid(i, f int) ([]T, T) {
	o := (i*l.cout + f) * l.L
	if l.bn {
		return l.pre[o : o+l.L], 0
	}
	return l.zc[o : o+l.L], l.b[f]
}

// dzGrid returns the grid where the gradient of filter f's
// pre-activations for image i goes: dpre with batch normalisation (which
// then writes dzg), dzg's interior without.
func (l *convLayer[T]) dzGrid(i, f int) []T {
	if l.bn {
		o := (i*l.cout + f) * l.L
		return l.dpre[o : o+l.L]
	}
	o := (i*l.cout+f)*l.Lm + l.margin
	return l.dzg[o : o+l.L]
}

// forward computes the block on rows images. r draws the dropout mask
// (training and checking modes).
func (l *convLayer[T]) forward(rows int, mode passMode, r *rand.Rand, workers int) {
	for f := 0; f < l.cout; f++ {
		for t := 0; t < l.K; t++ {
			l.wT[f*l.K+t] = l.w[t*l.cout+f]
		}
	}
	if l.dropout > 0 && mode != inference {
		n := rows * l.orow
		if len(l.mask) < n {
			l.mask = make([]T, n)
		}
		keep := 1 - l.dropout
		scale := 1 / keep
		for i := 0; i < n; i++ {
			if T(r.Float64()) < keep {
				l.mask[i] = scale
			} else {
				l.mask[i] = 0
			}
		}
	}
	drop := l.dropout > 0 && mode != inference
	perImage := rowsPer(l.K * l.cout * l.L)
	conv := func(i int) {
		kernels.ShiftSums(l.zc[i*l.cout*l.L:], l.L, l.cout, l.L, l.wT, l.K, l.taps, l.in[i*l.inRow:], false)
	}
	if !l.bn {
		parallel(workers, rows, perImage, func(i0, i1 int) {
			for i := i0; i < i1; i++ {
				conv(i)
				l.pool(i, drop)
			}
		})
		return
	}
	parallel(workers, rows, perImage, func(i0, i1 int) {
		for i := i0; i < i1; i++ {
			conv(i)
		}
	})
	l.batchNorm(rows, mode, workers)
	parallel(workers, rows, 4, func(i0, i1 int) {
		for i := i0; i < i1; i++ {
			l.pool(i, drop)
		}
	})
}

// pool writes image i's pooled activations into the output. The
// activations are monotonic, so that the maximum of the activations is
// the activation of the maximum: max pooling runs on the
// pre-activations, keeps where each maximum was (arg) and the pooled
// pre-activation (pooled), and activates the pooled values only. Average
// pooling activates every value it averages.
func (l *convLayer[T]) pool(i int, drop bool) {
	out := l.out[i*l.orow:]
	var mask []T
	if drop {
		mask = l.mask[i*l.orow:]
	}
	lrow, lcol := l.stride*l.wp, l.stride
	inv := 1 / T(l.pkh*l.pkw)
	for f := 0; f < l.cout; f++ {
		p, bf := l.preGrid(i, f)
		if l.avg {
			for y := 0; y < l.hq; y++ {
				for x := 0; x < l.wq; x++ {
					q0 := y*l.psh*lrow + x*l.psw*lcol
					var v T
					for u := 0; u < l.pkh; u++ {
						for w := 0; w < l.pkw; w++ {
							v += act1(l.act, p[q0+u*lrow+w*lcol]+bf)
						}
					}
					o := f*l.oplane + y*l.ostride + l.ooff + x
					v *= inv
					if mask != nil {
						v *= mask[o]
					}
					out[o] = v
				}
			}
			continue
		}
		k := (i*l.cout + f) * l.poolOut
		pooled, arg := l.pooled[k:k+l.poolOut], l.arg[k:k+l.poolOut]
		if l.pool2 && l.act == ReLU && mask == nil {
			kernels.MaxPool2ReLU(pooled, arg, p, l.hq, l.wq, l.wp, bf, out[f*l.oplane+l.ooff:], l.ostride)
			continue
		}
		if l.pool2 {
			kernels.MaxPool2(pooled, arg, p, l.hq, l.wq, l.wp)
		} else {
			// the first maximum in scan order
			for y := 0; y < l.hq; y++ {
				for x := 0; x < l.wq; x++ {
					q0 := y*l.psh*lrow + x*l.psw*lcol
					best := q0
					for u := 0; u < l.pkh; u++ {
						for w := 0; w < l.pkw; w++ {
							if q := q0 + u*lrow + w*lcol; p[q] > p[best] {
								best = q
							}
						}
					}
					pooled[y*l.wq+x], arg[y*l.wq+x] = p[best], int32(best)
				}
			}
		}
		for y := 0; y < l.hq; y++ {
			o := f*l.oplane + y*l.ostride + l.ooff
			var m []T
			if mask != nil {
				m = mask[o : o+l.wq]
			}
			activateRow(l.act, out[o:o+l.wq], pooled[y*l.wq:(y+1)*l.wq], bf, m)
		}
	}
}

// act1 is the activation of one value.
func act1[T kernels.Float](a Activation, v T) T {
	switch a {
	case Tanh:
		return T(math.Tanh(float64(v)))
	case Sigmoid:
		return T(sigmoid(float64(v)))
	}
	return max(v, 0)
}

// deriv1 is the derivative of the activation at pre-activation v.
func deriv1[T kernels.Float](a Activation, v T) T {
	switch a {
	case Tanh:
		t := T(math.Tanh(float64(v)))
		return 1 - t*t
	case Sigmoid:
		s := T(sigmoid(float64(v)))
		return s * (1 - s)
	}
	if v > 0 {
		return 1
	}
	return 0
}

// batchNorm normalises zc into pre over the batch and the lattice, per
// filter: batch statistics in training and checking modes (updating the
// running ones in training), running statistics in inference.
func (l *convLayer[T]) batchNorm(rows int, mode passMode, workers int) {
	n := float64(rows * len(l.lattice))
	parallel(workers, l.cout, 1, func(f0, f1 int) {
		for f := f0; f < f1; f++ {
			var mean, istd T
			if mode == inference {
				mean, istd = l.runMean[f], T(1/math.Sqrt(float64(l.runVar[f])+bnEps))
			} else {
				var s float64
				for i := 0; i < rows; i++ {
					z := l.zc[(i*l.cout+f)*l.L:]
					for _, q := range l.lattice {
						s += float64(z[q])
					}
				}
				m := s / n
				var v float64
				for i := 0; i < rows; i++ {
					z := l.zc[(i*l.cout+f)*l.L:]
					for _, q := range l.lattice {
						d := float64(z[q]) - m
						v += d * d
					}
				}
				v /= n
				mean, istd = T(m), T(1/math.Sqrt(v+bnEps))
				l.mean[f], l.istd[f] = mean, istd
				if mode == training {
					unbiased := v
					if n > 1 {
						unbiased = v * n / (n - 1)
					}
					l.runMean[f] = T((1-bnMomentum)*float64(l.runMean[f]) + bnMomentum*m)
					l.runVar[f] = T((1-bnMomentum)*float64(l.runVar[f]) + bnMomentum*unbiased)
				}
			}
			gm, bt := l.gamma[f], l.beta[f]
			for i := 0; i < rows; i++ {
				o := (i*l.cout + f) * l.L
				z, xh, pre := l.zc[o:o+l.L], l.xhat[o:o+l.L], l.pre[o:o+l.L]
				for _, q := range l.lattice {
					v := (z[q] - mean) * istd
					xh[q] = v
					pre[q] = gm*v + bt
				}
			}
		}
	})
}

// backward computes the gradients of the block's parameters from the
// gradient of its output (in dout) and, unless the block is the first,
// the gradient of its input (in din).
func (l *convLayer[T]) backward(rows int, workers int, l2 T) {
	parallel(workers, rows, 4, func(i0, i1 int) {
		for i := i0; i < i1; i++ {
			l.unpool(i)
		}
	})
	if l.bn {
		l.batchNormBackward(rows, workers)
	}
	// weight and bias gradients: per group of three filters (which the
	// kernel computes together), summed over the images in order
	parallel(workers, (l.cout+2)/3, 1, func(g0, g1 int) {
		f0, f1 := 3*g0, min(3*g1, l.cout)
		clear(l.gwT[f0*l.K : f1*l.K])
		for i := 0; i < rows; i++ {
			kernels.ShiftDots(l.gwT[f0*l.K:], l.K, f1-f0, l.dzg[(i*l.cout+f0)*l.Lm+l.margin:], l.Lm, l.L, l.taps, l.in[i*l.inRow:])
		}
		if !l.bn {
			for f := f0; f < f1; f++ {
				var sb T
				for i := 0; i < rows; i++ {
					sb += l.gsum[i*l.cout+f]
				}
				l.gb[f] = sb
			}
		}
	})
	for t := 0; t < l.K; t++ {
		for f := 0; f < l.cout; f++ {
			l.gw[t*l.cout+f] = l.gwT[f*l.K+t]
		}
	}
	if l2 != 0 {
		kernels.Axpy(l2, l.w, l.gw)
	}
	if l.first {
		return
	}
	// the filters regrouped by input channel
	kk := l.kh * l.kw
	for ci := 0; ci < l.cin; ci++ {
		for f := 0; f < l.cout; f++ {
			for a := 0; a < kk; a++ {
				l.wIn[(ci*l.cout+f)*kk+a] = l.w[(ci*kk+a)*l.cout+f]
			}
		}
	}
	n := l.ih * l.wp // the image's rows of a plane
	p0 := l.ph * l.wp
	parallel(workers, rows, rowsPer(l.K*l.cout*n), func(i0, i1 int) {
		for i := i0; i < i1; i++ {
			d := l.dzg[i*l.cout*l.Lm : (i+1)*l.cout*l.Lm]
			kernels.ShiftSums(l.din[i*l.inRow+p0:], l.plane, l.cin, n, l.wIn, l.cout*kk, l.dtaps, d, false)
		}
	})
}

// unpool sets the gradient of image i's pre-activations (dzGrid) from the
// gradient of the pooled output, through the dropout mask, the
// activation and the pooling.
func (l *convLayer[T]) unpool(i int) {
	dout := l.dout[i*l.orow:]
	var mask []T
	if l.dropout > 0 {
		mask = l.mask[i*l.orow:]
	}
	lrow, lcol := l.stride*l.wp, l.stride
	inv := 1 / T(l.pkh*l.pkw)
	for f := 0; f < l.cout; f++ {
		d := l.dzGrid(i, f)
		if l.avg {
			clear(d)
			p, bf := l.preGrid(i, f)
			for y := 0; y < l.hq; y++ {
				o := f*l.oplane + y*l.ostride + l.ooff
				for x := 0; x < l.wq; x++ {
					g := dout[o+x] * inv
					if mask != nil {
						g *= mask[o+x]
					}
					q0 := y*l.psh*lrow + x*l.psw*lcol
					for u := 0; u < l.pkh; u++ {
						for w := 0; w < l.pkw; w++ {
							d[q0+u*lrow+w*lcol] += g
						}
					}
				}
			}
			var sum T
			for _, q := range l.lattice {
				d[q] *= deriv1(l.act, p[q]+bf)
				sum += d[q]
			}
			l.gsum[i*l.cout+f] = sum
			continue
		}
		k := (i*l.cout + f) * l.poolOut
		pooled, arg, g := l.pooled[k:k+l.poolOut], l.arg[k:k+l.poolOut], l.gpool[k:k+l.poolOut]
		if l.pool2 && l.act == ReLU && mask == nil {
			l.gsum[i*l.cout+f] = kernels.UnpoolMax2ReLU(d, dout[f*l.oplane+l.ooff:], l.ostride, pooled, arg, l.hq, l.wq, l.wp)
			continue
		}
		var sum T
		for y := 0; y < l.hq; y++ {
			o := f*l.oplane + y*l.ostride + l.ooff
			var m []T
			if mask != nil {
				m = mask[o : o+l.wq]
			}
			sum += gradRow(l.act, g[y*l.wq:(y+1)*l.wq], dout[o:o+l.wq], pooled[y*l.wq:(y+1)*l.wq], m)
		}
		l.gsum[i*l.cout+f] = sum
		if l.pool2 {
			kernels.UnpoolMax2(d, g, arg, l.hq, l.wq, l.wp)
			continue
		}
		clear(d)
		for o, q := range arg {
			d[q] += g[o]
		}
	}
}

// activateRow sets out[x] = act(pooled[x] + b), times mask[x] unless mask
// is nil, leaving pooled[x] + b in pooled.
func activateRow[T kernels.Float](a Activation, out, pooled []T, b T, mask []T) {
	out = out[:len(pooled)]
	if o32, ok := any(out).([]float32); ok && a == ReLU {
		p32, b32 := any(pooled).([]float32), float32(b)
		for x, v := range p32 {
			v += b32
			p32[x] = v
			pos := (-int64(int32(math.Float32bits(v)))) >> 63 // -1 when v > 0
			o32[x] = math.Float32frombits(math.Float32bits(v) & uint32(pos))
		}
	} else {
		for x := range pooled {
			pooled[x] += b
			out[x] = act1(a, pooled[x])
		}
	}
	if mask != nil {
		for x, m := range mask[:len(out)] {
			out[x] *= m
		}
	}
}

// gradRow sets g[x] to the gradient of a pooled pre-activation: dout[x]
// (times mask[x] unless mask is nil) times the activation's derivative at
// pooled[x]. It returns the sum of the g[x], the row's share of the bias
// gradient.
func gradRow[T kernels.Float](a Activation, g, dout, pooled, mask []T) T {
	g = g[:len(pooled)]
	copy(g, dout[:len(g)])
	if mask != nil {
		for x, m := range mask[:len(g)] {
			g[x] *= m
		}
	}
	if g32, ok := any(g).([]float32); ok && a == ReLU {
		p32 := any(pooled).([]float32)
		var s float32
		for x, v := range p32 {
			pos := (-int64(int32(math.Float32bits(v)))) >> 63 // -1 when v > 0
			gx := math.Float32frombits(math.Float32bits(g32[x]) & uint32(pos))
			g32[x] = gx
			s += gx
		}
		return T(s)
	}
	var s T
	for x, v := range pooled {
		g[x] *= deriv1(a, v)
		s += g[x]
	}
	return s
}

// batchNormBackward turns the gradient of the normalised values (dpre)
// into the gradient of zc, written into dzg, and the gradients of gamma
// and beta.
func (l *convLayer[T]) batchNormBackward(rows, workers int) {
	n := T(rows * len(l.lattice))
	parallel(workers, l.cout, 1, func(f0, f1 int) {
		for f := f0; f < f1; f++ {
			var sg, sb T
			for i := 0; i < rows; i++ {
				o := (i*l.cout + f) * l.L
				d, xh := l.dpre[o:o+l.L], l.xhat[o:o+l.L]
				for _, q := range l.lattice {
					sb += d[q]
					sg += d[q] * xh[q]
				}
			}
			l.ggamma[f], l.gbeta[f] = sg, sb
			k := l.gamma[f] * l.istd[f] / n
			for i := 0; i < rows; i++ {
				o := (i*l.cout + f) * l.L
				d, xh := l.dpre[o:o+l.L], l.xhat[o:o+l.L]
				dst := l.dzg[(i*l.cout+f)*l.Lm+l.margin:]
				for _, q := range l.lattice {
					dst[q] = k * (n*d[q] - sb - xh[q]*sg)
				}
			}
		}
	})
}

func (l *convLayer[T]) running() [][]T {
	if !l.bn {
		return nil
	}
	return [][]T{l.runMean, l.runVar}
}

// trace returns the block's record for a hook: the matrices have one row
// per (image, output position) and one column per filter; the weights are
// taps x filters.
func (l *convLayer[T]) trace(rows int) LayerTrace {
	m := len(l.lattice)
	pre := mat.NewDense(rows*m, l.cout, nil)
	act := mat.NewDense(rows*m, l.cout, nil)
	grad := mat.NewDense(rows*m, l.cout, nil)
	for i := 0; i < rows; i++ {
		for f := 0; f < l.cout; f++ {
			p, bf := l.preGrid(i, f)
			d := l.dzGrid(i, f)
			for k, q := range l.lattice {
				v := p[q] + bf
				pre.Set(i*m+k, f, float64(v))
				act.Set(i*m+k, f, float64(act1(l.act, v)))
				grad.Set(i*m+k, f, float64(d[q]))
			}
		}
	}
	return LayerTrace{
		PreActivation:     pre,
		Activation:        act,
		PreActivationGrad: grad,
		Weights:           denseOf(l.K, l.cout, l.w),
		WeightGrad:        denseOf(l.K, l.cout, l.gw),
	}
}

func denseOf[T kernels.Float](r, c int, s []T) *mat.Dense {
	d := make([]float64, r*c)
	for i := range d {
		d[i] = float64(s[i])
	}
	return mat.NewDense(r, c, d)
}
