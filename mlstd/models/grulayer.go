package models

import (
	"math"
	"math/rand/v2"

	"github.com/methodic-go/methodic/internal/kernels"
	"gonum.org/v1/gonum/mat"
)

// gruLayer is a gated recurrent unit layer (Cho et al., 2014) in the form
// PyTorch and cuDNN use, with the reset gate applied after the recurrent
// product:
//
//	r = σ(x·Wr + br + h·Ur)
//	z = σ(x·Wz + bz + h·Uz)
//	n = tanh(x·Wn + bn + r ⊙ (h·Un + bhn))
//	h' = (1-z) ⊙ n + z ⊙ h
//
// from h = 0, over the steps of each row; the last state, flattened, is
// the input of the dense layers. W is features x 3·units (the blocks r, z,
// n side by side), U is units x 3·units, b is 3·units and bh (bhn) is
// units.
type gruLayer[T kernels.Float] struct {
	steps, in, units int
	dropout          T

	wOff              int
	wx, wh, b, bh     []T
	gwx, gwh, gb, gbh []T
	whT               []T // wh transposed, for the gradient of the state
	out, dout         []T // the dense layers' input rows, and their gradient
	cap               int
	gx                []T // rows x steps x 3·units: x·W + b, in (row, step) order
	gh                []T // rows x 3·units: h·U of the current step
	hs                []T // (steps+1) x rows x units: the states, h_0 = 0, in (step, row) order
	r, z, n, hn       []T // steps x rows x units, in (step, row) order
	dgx               []T // rows x steps x 3·units, in (row, step) order
	dgh               []T // steps x rows x 3·units, in (step, row) order
	dh, dhPrev        []T // rows x units
	mask              []T // rows x units (dropout on the last state)
	rows              int
}

func newGRULayer[T kernels.Float](steps, in, units int, dropout float64) *gruLayer[T] {
	return &gruLayer[T]{steps: steps, in: in, units: units, dropout: T(dropout)}
}

func (g *gruLayer[T]) blocks() []ParamBlock {
	h := g.units
	return []ParamBlock{
		{Kind: "W", Rows: g.in, Cols: 3 * h},
		{Kind: "U", Rows: h, Cols: 3 * h},
		{Kind: "b", Rows: 1, Cols: 3 * h},
		{Kind: "bh", Rows: 1, Cols: h},
	}
}

func (g *gruLayer[T]) bind(params, grads []T, off int) int {
	take := func(s []T, k int) []T { return s[off : off+k : off+k] }
	for _, b := range g.blocks() {
		k := b.Size()
		switch b.Kind {
		case "W":
			g.wx, g.gwx, g.wOff = take(params, k), take(grads, k), off
		case "U":
			g.wh, g.gwh = take(params, k), take(grads, k)
		case "b":
			g.b, g.gb = take(params, k), take(grads, k)
		case "bh":
			g.bh, g.gbh = take(params, k), take(grads, k)
		}
		off += k
	}
	g.whT = make([]T, len(g.wh))
	return off
}

// initWeights draws W by init (Xavier unless He is asked for; fan-in the
// step's features, fan-out the units), U uniformly on ±1/√units (as
// PyTorch does), and zero biases.
func (g *gruLayer[T]) initWeights(r *rand.Rand, init Init) {
	if init == He {
		sd := math.Sqrt(2 / float64(g.in))
		for i := range g.wx {
			g.wx[i] = T(sd * r.NormFloat64())
		}
	} else {
		lim := math.Sqrt(6 / float64(g.in+g.units))
		for i := range g.wx {
			g.wx[i] = T(lim * (2*r.Float64() - 1))
		}
	}
	lim := 1 / math.Sqrt(float64(g.units))
	for i := range g.wh {
		g.wh[i] = T(lim * (2*r.Float64() - 1))
	}
	clear(g.b)
	clear(g.bh)
}

func (g *gruLayer[T]) ensure(rows int) {
	if rows <= g.cap {
		return
	}
	g.cap = rows
	h, s := g.units, g.steps
	g.gx = make([]T, rows*s*3*h)
	g.dgx = make([]T, rows*s*3*h)
	g.gh = make([]T, rows*3*h)
	g.hs = make([]T, (s+1)*rows*h)
	g.r, g.z, g.n, g.hn = make([]T, s*rows*h), make([]T, s*rows*h), make([]T, s*rows*h), make([]T, s*rows*h)
	g.dgh = make([]T, s*rows*3*h)
	g.dh, g.dhPrev = make([]T, rows*h), make([]T, rows*h)
	g.mask = make([]T, rows*h)
}

func (g *gruLayer[T]) setOutput(out, dout []T) { g.out, g.dout = out, dout }

// forward runs the rows of x (rows x steps·in) through the steps and
// writes the last state (through the dropout mask) into out.
func (g *gruLayer[T]) forward(x []T, rows int, mode passMode, r *rand.Rand, workers int) {
	h, s, h3 := g.units, g.steps, 3*g.units
	g.rows = rows
	// the input products of every step at once: (rows·steps) x in times W
	n := rows * s
	parallel(workers, n, rowsPer(g.in*h3), func(i0, i1 int) {
		for i := i0; i < i1; i++ {
			copy(g.gx[i*h3:(i+1)*h3], g.b)
		}
		kernels.MulNN(i0, i1, h3, g.in, x, g.in, g.wx, h3, g.gx, h3, true)
	})
	clear(g.hs[:rows*h])
	for t := 0; t < s; t++ {
		prev := g.hs[t*rows*h : (t+1)*rows*h]
		next := g.hs[(t+1)*rows*h : (t+2)*rows*h]
		parallel(workers, rows, rowsPer(h*h3), func(i0, i1 int) {
			kernels.MulNN(i0, i1, h3, h, prev, h, g.wh, h3, g.gh, h3, false)
			for i := i0; i < i1; i++ {
				gx := g.gx[(i*s+t)*h3 : (i*s+t+1)*h3]
				gh := g.gh[i*h3 : (i+1)*h3]
				o := (t*rows + i) * h
				rr, zz, nn, hn := g.r[o:o+h], g.z[o:o+h], g.n[o:o+h], g.hn[o:o+h]
				hp, hq := prev[i*h:(i+1)*h], next[i*h:(i+1)*h]
				for j := 0; j < h; j++ {
					rj := T(sigmoid(float64(gx[j] + gh[j])))
					zj := T(sigmoid(float64(gx[h+j] + gh[h+j])))
					hnj := gh[2*h+j] + g.bh[j]
					nj := T(math.Tanh(float64(gx[2*h+j] + rj*hnj)))
					rr[j], zz[j], nn[j], hn[j] = rj, zj, nj, hnj
					hq[j] = (1-zj)*nj + zj*hp[j]
				}
			}
		})
	}
	last := g.hs[s*rows*h : (s+1)*rows*h]
	if g.dropout > 0 && mode != inference {
		keep := 1 - g.dropout
		scale := 1 / keep
		for i := 0; i < rows*h; i++ {
			if T(r.Float64()) < keep {
				g.mask[i] = scale
			} else {
				g.mask[i] = 0
			}
			g.out[i] = last[i] * g.mask[i]
		}
		return
	}
	copy(g.out[:rows*h], last)
	if g.dropout > 0 {
		for i := range g.mask[:rows*h] {
			g.mask[i] = 1
		}
	}
}

// backward back-propagates the gradient of the last state (in dout)
// through the steps into the gradients of W, U, b and bh (plus the L2
// term on W and U).
func (g *gruLayer[T]) backward(x []T, rows, workers int, l2 T) {
	h, s, h3 := g.units, g.steps, 3*g.units
	copy(g.dh[:rows*h], g.dout[:rows*h])
	if g.dropout > 0 {
		for i := 0; i < rows*h; i++ {
			g.dh[i] *= g.mask[i]
		}
	}
	kernels.Transpose(h, h3, g.wh, h3, g.whT)
	for t := s - 1; t >= 0; t-- {
		prev := g.hs[t*rows*h : (t+1)*rows*h]
		dgh := g.dgh[t*rows*h3 : (t+1)*rows*h3]
		parallel(workers, rows, rowsPer(h*h3), func(i0, i1 int) {
			for i := i0; i < i1; i++ {
				o := (t*rows + i) * h
				rr, zz, nn, hn := g.r[o:o+h], g.z[o:o+h], g.n[o:o+h], g.hn[o:o+h]
				dh, hp := g.dh[i*h:(i+1)*h], prev[i*h:(i+1)*h]
				dx := g.dgx[(i*s+t)*h3 : (i*s+t+1)*h3]
				dr := dgh[i*h3 : (i+1)*h3]
				dp := g.dhPrev[i*h : (i+1)*h]
				for j := 0; j < h; j++ {
					d := dh[j]
					dn := d * (1 - zz[j])
					dz := d * (hp[j] - nn[j])
					dp[j] = d * zz[j]
					dan := dn * (1 - nn[j]*nn[j])
					dhn := dan * rr[j]
					dar := dan * hn[j] * rr[j] * (1 - rr[j])
					daz := dz * zz[j] * (1 - zz[j])
					dx[j], dx[h+j], dx[2*h+j] = dar, daz, dan
					dr[j], dr[h+j], dr[2*h+j] = dar, daz, dhn
				}
			}
			// the gradient flowing to the previous state through U
			kernels.MulNN(i0, i1, h, h3, dgh, h3, g.whT, h, g.dhPrev, h, true)
		})
		g.dh, g.dhPrev = g.dhPrev, g.dh
	}
	// parameter gradients, summed over every (step, row) in a fixed order
	n := rows * s
	parallel(workers, h, rowsPer(n*h3), func(i0, i1 int) {
		kernels.MulTN(i0, i1, h3, n, g.hs, h, g.dgh, h3, g.gwh, h3, false)
		if l2 != 0 {
			kernels.Axpy(l2, g.wh[i0*h3:i1*h3], g.gwh[i0*h3:i1*h3])
		}
	})
	parallel(workers, g.in, rowsPer(n*h3), func(i0, i1 int) {
		kernels.MulTN(i0, i1, h3, n, x, g.in, g.dgx, h3, g.gwx, h3, false)
		if l2 != 0 {
			kernels.Axpy(l2, g.wx[i0*h3:i1*h3], g.gwx[i0*h3:i1*h3])
		}
	})
	clear(g.gb)
	clear(g.gbh)
	for i := 0; i < n; i++ {
		d := g.dgx[i*h3 : (i+1)*h3]
		for j, v := range d {
			g.gb[j] += v
		}
	}
	for q := 0; q < n; q++ {
		for j, v := range g.dgh[q*h3+2*h : q*h3+3*h] {
			g.gbh[j] += v
		}
	}
}

// trace returns the layer's record for a hook, one row per (row, step)
// pair and one column per unit: the candidate state n is the activation,
// its input x·Wn + bn + r ⊙ (h·Un + bhn) the pre-activation; the weights
// are W (features x 3·units).
func (g *gruLayer[T]) trace(rows int) LayerTrace {
	h, s, h3 := g.units, g.steps, 3*g.units
	pre := mat.NewDense(rows*s, h, nil)
	act := mat.NewDense(rows*s, h, nil)
	grad := mat.NewDense(rows*s, h, nil)
	for i := 0; i < rows; i++ {
		for t := 0; t < s; t++ {
			o := (t*rows + i) * h
			gx := g.gx[(i*s+t)*h3 : (i*s+t+1)*h3]
			dgx := g.dgx[(i*s+t)*h3 : (i*s+t+1)*h3]
			p, a, d := pre.RawRowView(i*s+t), act.RawRowView(i*s+t), grad.RawRowView(i*s+t)
			for j := 0; j < h; j++ {
				p[j] = float64(gx[2*h+j] + g.r[o+j]*g.hn[o+j])
				a[j] = float64(g.n[o+j])
				d[j] = float64(dgx[2*h+j])
			}
		}
	}
	return LayerTrace{
		PreActivation:     pre,
		Activation:        act,
		PreActivationGrad: grad,
		Weights:           denseOf(g.in, h3, g.wx),
		WeightGrad:        denseOf(g.in, h3, g.gwx),
	}
}
