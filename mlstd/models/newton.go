package models

import (
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"
)

// hessVec sets out = H·v, the Hessian of the objective at the point of
// the last eval (whose probabilities gz+Y hold) times v, in O(n·k·d).
func (o *logObjective) hessVec(p, v, out []float64) {
	n := len(o.y)
	vw := mat.NewDense(o.k, o.d, v[:o.k*o.d])
	vb := v[o.k*o.d:]
	zv := mat.NewDense(n, o.k, nil)
	zv.Mul(o.x, vw.T())
	u := mat.NewDense(n, o.k, nil)
	prob := make([]float64, o.k)
	for i := 0; i < n; i++ {
		zi, gi, ui := zv.RawRowView(i), o.gz.RawRowView(i), u.RawRowView(i)
		if o.intercept {
			floats.Add(zi, vb)
		}
		if o.k == 1 {
			pi := gi[0] + float64(o.y[i])
			ui[0] = pi * (1 - pi) * zi[0]
			continue
		}
		copy(prob, gi)
		prob[o.y[i]]++
		dot := floats.Dot(prob, zi)
		for c := range ui {
			ui[c] = prob[c] * (zi[c] - dot)
		}
	}
	hw := mat.NewDense(o.k, o.d, nil)
	hw.Mul(u.T(), o.x)
	raw := hw.RawMatrix().Data
	for j := range raw {
		out[j] = raw[j]/float64(n) + o.lambda*v[j]
	}
	for c := 0; c < o.k; c++ {
		s := 0.0
		if o.intercept {
			for i := 0; i < n; i++ {
				s += u.At(i, c)
			}
		}
		out[o.k*o.d+c] = s / float64(n)
	}
}

// newtonCG minimises the objective by truncated Newton steps: the Newton
// system H·s = -g is solved approximately by conjugate gradients (which
// copes with the flat direction of softmax intercepts), then a
// backtracking line search takes the step. It stops when the largest
// absolute gradient component is below tol or after maxIter steps, and
// calls record after each step; a non-nil error from record stops it.
func newtonCG(o *logObjective, x []float64, tol float64, maxIter int, record func(x []float64, f float64) error) (converged bool, err error) {
	dim := len(x)
	g := make([]float64, dim)
	f := o.eval(x, g)
	s, r, d, hd := make([]float64, dim), make([]float64, dim), make([]float64, dim), make([]float64, dim)
	xn, gn := make([]float64, dim), make([]float64, dim)
	for it := 0; it < maxIter; it++ {
		if floats.Norm(g, math.Inf(1)) < tol {
			return true, nil
		}
		// CG on H s = -g, from s = 0, to a relative residual of
		// min(0.5, √‖g‖)·‖g‖ (the forcing sequence of Nocedal and Wright).
		gnorm := floats.Norm(g, 2)
		eta := math.Min(0.5, math.Sqrt(gnorm))
		for i := range s {
			s[i], r[i], d[i] = 0, -g[i], -g[i]
		}
		rr := floats.Dot(r, r)
		for cg := 0; cg < 2*dim+10; cg++ {
			if math.Sqrt(rr) <= eta*gnorm {
				break
			}
			o.hessVec(x, d, hd)
			curv := floats.Dot(d, hd)
			if curv <= 1e-300 {
				if cg == 0 {
					copy(s, d)
				}
				break
			}
			alpha := rr / curv
			floats.AddScaled(s, alpha, d)
			floats.AddScaled(r, -alpha, hd)
			rrNew := floats.Dot(r, r)
			for i := range d {
				d[i] = r[i] + rrNew/rr*d[i]
			}
			rr = rrNew
		}
		// backtracking (Armijo) line search from the full step
		slope := floats.Dot(g, s)
		if slope >= 0 { // not a descent direction: fall back to the gradient
			for i := range s {
				s[i] = -g[i]
			}
			slope = -floats.Dot(g, g)
		}
		step, fn := 1.0, 0.0
		for ls := 0; ; ls++ {
			floats.AddScaledTo(xn, x, step, s)
			fn = o.eval(xn, gn)
			if fn <= f+1e-4*step*slope || ls == 60 {
				break
			}
			step /= 2
		}
		if !(fn < f) {
			// No decrease is possible in float64: the objective is at its
			// optimum to rounding. A tolerance below what rounding lets
			// the gradient reach stops here, reported as not converged.
			o.eval(x, g)
			return floats.Norm(g, math.Inf(1)) < tol, nil
		}
		copy(x, xn)
		copy(g, gn)
		f = fn
		if err := record(x, f); err != nil {
			return false, err
		}
	}
	return floats.Norm(g, math.Inf(1)) < tol, nil
}

// recordFunc adapts a logRecorder to newtonCG's callback.
func (r *logRecorder) recordFunc(x []float64, f float64) error {
	return r.Record(&optimize.Location{X: x, F: f}, optimize.MajorIteration, nil)
}
