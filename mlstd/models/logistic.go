package models

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/methodic-go/methodic/mlstd/data"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"
)

// LogisticOptions configures a Logistic. The zero value is scikit-learn's
// LogisticRegression default: C = 1, tolerance 1e-4, an intercept.
type LogisticOptions struct {
	// C is the inverse strength of the L2 penalty, as in scikit-learn:
	// the objective is the mean log loss plus ||W||²/(2·C·n) over n
	// training rows (the intercept is not penalised). 0 means 1; +Inf
	// means no penalty.
	C float64
	// Tol stops the solver when the largest absolute component of the
	// gradient is below it, for the objective scikit-learn minimises: the
	// sum of the log losses plus ||W||²/(2·C), which is n times the mean
	// above, so Tol means what scikit-learn's tol means (its newton-cg's
	// stopping rule, scipy's gtol for lbfgs). 0 means 1e-4, scikit-learn's
	// default, which lands on its optimum: on unscaled digits (pixel
	// counts 0 to 16) the held-out probabilities agree with scikit-learn's
	// to about 1e-3.
	Tol float64
	// MaxIter bounds the solver's iterations. 0 means 1000.
	MaxIter int
	// NoIntercept fits no intercept.
	NoIntercept bool
	// Solver picks the algorithm; the zero value is NewtonCG.
	Solver Solver
}

// Solver is the optimisation algorithm of Logistic.
type Solver int

// The solvers. Both minimise the same convex objective.
const (
	// NewtonCG takes Newton steps solved by conjugate gradients with
	// Hessian-vector products (scikit-learn's "newton-cg"): it converges
	// quadratically near the optimum, so a gradient tolerance pins the
	// coefficients down even when the problem is ill-conditioned.
	NewtonCG Solver = iota
	// LBFGS is gonum's limited-memory BFGS.
	LBFGS
)

// Logistic is logistic regression for two classes and softmax
// (multinomial) regression for more, with an L2 penalty, fitted in float64
// to the optimum of scikit-learn's convex objective by Newton-CG (or
// L-BFGS): its coefficients match scikit-learn's LogisticRegression for the
// same C and tolerance.
type Logistic struct {
	Options LogisticOptions

	classes  []string
	features int
	k        int       // rows of coef: 1 for two classes, else the number of classes
	coef     []float64 // k x features, row-major
	icpt     []float64 // k
}

// NewLogistic returns an unfitted Logistic.
func NewLogistic(o LogisticOptions) *Logistic { return &Logistic{Options: o} }

func (o LogisticOptions) withDefaults() LogisticOptions {
	if o.C == 0 {
		o.C = 1
	}
	if o.Tol == 0 {
		o.Tol = 1e-4
	}
	if o.MaxIter == 0 {
		o.MaxIter = 1000
	}
	return o
}

// Coef returns the coefficients: one row per class (a single row for two
// classes: the log-odds of class 1), one column per feature.
func (m *Logistic) Coef() *mat.Dense {
	if m.coef == nil {
		return nil
	}
	return mat.NewDense(m.k, m.features, append([]float64(nil), m.coef...))
}

// Intercept returns the intercepts, one per row of Coef.
func (m *Logistic) Intercept() []float64 { return append([]float64(nil), m.icpt...) }

// Classes returns the class names seen by Fit.
func (m *Logistic) Classes() []string { return append([]string(nil), m.classes...) }

// String describes the model.
func (m *Logistic) String() string {
	o := m.Options.withDefaults()
	return fmt.Sprintf("Logistic(C=%g)", o.C)
}

// Fit minimises the penalised log loss on train with the solver, starting
// from zero. The history has one record per solver iteration (LearningRate
// is the length of the step taken); val, when given, is scored at each. Cancelling ctx
// stops the solver at the next evaluation with ctx.Err(), leaving the
// model unfitted.
func (m *Logistic) Fit(ctx context.Context, train, val *data.Dataset) (*History, error) {
	nf, classes, err := checkFit(train, val)
	if err != nil {
		return nil, err
	}
	o := m.Options.withDefaults()
	if o.C < 0 || math.IsNaN(o.C) || o.Tol < 0 || o.MaxIter < 0 {
		return nil, fmt.Errorf("models: Logistic: invalid options C=%v Tol=%v MaxIter=%d", o.C, o.Tol, o.MaxIter)
	}
	k := len(classes)
	if k == 2 {
		k = 1
	}
	obj := &logObjective{x: train.X, y: train.Y, k: k, d: nf, intercept: !o.NoIntercept, lambda: 1 / (o.C * float64(train.Len()))}
	h := &History{Model: fmt.Sprintf("Logistic C=%g", o.C)}
	start := time.Now()
	tmp := &Logistic{Options: m.Options, classes: classes, features: nf, k: k}
	rec := &logRecorder{ctx: ctx, obj: obj, m: tmp, train: train, val: val, h: h, start: start}
	x0 := make([]float64, k*nf+k)
	// The solvers work on the mean; Tol is on the sum's gradient.
	gtol := o.Tol / float64(train.Len())
	var converged bool
	switch o.Solver {
	case NewtonCG:
		converged, err = newtonCG(obj, x0, gtol, o.MaxIter, rec.recordFunc)
		if ctx.Err() != nil {
			h.Stopped = "cancelled"
			return h, ctx.Err()
		}
		if err != nil {
			return h, fmt.Errorf("models: Logistic: %w", err)
		}
	case LBFGS:
		p := optimize.Problem{Func: obj.f, Grad: obj.grad}
		settings := &optimize.Settings{
			GradientThreshold: gtol,
			MajorIterations:   o.MaxIter,
			Converger:         optimize.NeverTerminate{},
			Recorder:          rec,
		}
		res, lerr := optimize.Minimize(p, x0, settings, &optimize.LBFGS{})
		if ctx.Err() != nil {
			h.Stopped = "cancelled"
			return h, ctx.Err()
		}
		if res == nil {
			return h, fmt.Errorf("models: Logistic: %w", lerr)
		}
		copy(x0, res.X)
		converged = res.Status != optimize.IterationLimit
	default:
		return nil, fmt.Errorf("models: Logistic: unknown solver %d", int(o.Solver))
	}
	tmp.setParams(x0)
	*m = *tmp
	h.Stopped = "converged"
	if !converged {
		h.Stopped = "epochs"
	}
	return h, nil
}

func (m *Logistic) setParams(x []float64) {
	m.coef = append([]float64(nil), x[:m.k*m.features]...)
	m.icpt = append([]float64(nil), x[m.k*m.features:]...)
}

// PredictProba returns the class probabilities of each row of x. It panics
// if the model is not fitted or x has the wrong number of columns.
func (m *Logistic) PredictProba(x *mat.Dense) *mat.Dense {
	checkPredict("Logistic.PredictProba", m.coef != nil, m.features, x)
	r, _ := x.Dims()
	z := mat.NewDense(r, m.k, nil)
	z.Mul(x, mat.NewDense(m.k, m.features, m.coef).T())
	out := mat.NewDense(r, len(m.classes), nil)
	for i := 0; i < r; i++ {
		zi := z.RawRowView(i)
		for j := range zi {
			zi[j] += m.icpt[j]
		}
		if m.k == 1 {
			p := sigmoid(zi[0])
			out.Set(i, 0, 1-p)
			out.Set(i, 1, p)
		} else {
			softmaxInto(out.RawRowView(i), zi)
		}
	}
	return out
}

// Predict returns the most probable class of each row of x.
func (m *Logistic) Predict(x *mat.Dense) []int { return argmaxRows(m.PredictProba(x)) }

// Score returns the accuracy on d.
func (m *Logistic) Score(d *data.Dataset) float64 { return score(m, d) }

func sigmoid(z float64) float64 {
	if z >= 0 {
		return 1 / (1 + math.Exp(-z))
	}
	e := math.Exp(z)
	return e / (1 + e)
}

func softmaxInto(dst, z []float64) {
	mx := math.Inf(-1)
	for _, v := range z {
		mx = math.Max(mx, v)
	}
	s := 0.0
	for j, v := range z {
		dst[j] = math.Exp(v - mx)
		s += dst[j]
	}
	for j := range dst {
		dst[j] /= s
	}
}

// logObjective is the mean log loss plus lambda/2·||W||² and its gradient.
// The parameter vector holds W (k x d, row-major) then the k intercepts.
type logObjective struct {
	x         *mat.Dense
	y         []int
	k, d      int
	intercept bool
	lambda    float64
	z, gz     *mat.Dense // n x k scratch
	gw        *mat.Dense
}

func (o *logObjective) eval(p, grad []float64) float64 {
	n := len(o.y)
	if o.z == nil {
		o.z = mat.NewDense(n, o.k, nil)
		o.gz = mat.NewDense(n, o.k, nil)
		o.gw = mat.NewDense(o.k, o.d, nil)
	}
	w := mat.NewDense(o.k, o.d, p[:o.k*o.d])
	b := p[o.k*o.d:]
	o.z.Mul(o.x, w.T())
	loss := 0.0
	prob := make([]float64, max(o.k, 2))
	for i := 0; i < n; i++ {
		zi, gi := o.z.RawRowView(i), o.gz.RawRowView(i)
		if o.intercept {
			floats.Add(zi, b)
		}
		if o.k == 1 {
			z := zi[0]
			y := float64(o.y[i])
			// log(1+e^z) - y z, stably
			if z > 0 {
				loss += z + math.Log1p(math.Exp(-z)) - y*z
			} else {
				loss += math.Log1p(math.Exp(z)) - y*z
			}
			gi[0] = sigmoid(z) - y
		} else {
			softmaxInto(prob[:o.k], zi)
			loss -= math.Log(math.Max(prob[o.y[i]], 1e-300))
			copy(gi, prob[:o.k])
			gi[o.y[i]]--
		}
	}
	loss /= float64(n)
	loss += 0.5 * o.lambda * floats.Dot(p[:o.k*o.d], p[:o.k*o.d])
	if grad != nil {
		o.gw.Mul(o.gz.T(), o.x)
		gw := o.gw.RawMatrix().Data
		for j := range gw {
			grad[j] = gw[j]/float64(n) + o.lambda*p[j]
		}
		for c := 0; c < o.k; c++ {
			s := 0.0
			if o.intercept {
				for i := 0; i < n; i++ {
					s += o.gz.At(i, c)
				}
			}
			grad[o.k*o.d+c] = s / float64(n)
		}
	}
	return loss
}

func (o *logObjective) f(p []float64) float64  { return o.eval(p, nil) }
func (o *logObjective) grad(grad, p []float64) { o.eval(p, grad) }

// logRecorder appends an Epoch per major iteration and stops the solver
// when the context is cancelled.
type logRecorder struct {
	ctx   context.Context
	obj   *logObjective
	m     *Logistic
	train *data.Dataset
	val   *data.Dataset
	h     *History
	start time.Time
	prevX []float64
}

func (r *logRecorder) Init() error { return r.ctx.Err() }

func (r *logRecorder) Record(loc *optimize.Location, op optimize.Operation, _ *optimize.Stats) error {
	if err := r.ctx.Err(); err != nil {
		return err
	}
	if op != optimize.MajorIteration {
		return nil
	}
	r.m.setParams(loc.X)
	e := Epoch{Epoch: len(r.h.Epochs) + 1, TrainLoss: loc.F, ValLoss: math.NaN(), ValAccuracy: math.NaN()}
	e.TrainAccuracy = accuracy(r.train.Y, r.m.Predict(r.train.X))
	if r.prevX != nil {
		d := make([]float64, len(loc.X))
		floats.SubTo(d, loc.X, r.prevX)
		e.LearningRate = floats.Norm(d, 2)
	}
	r.prevX = append(r.prevX[:0], loc.X...)
	if r.val != nil {
		p := r.m.PredictProba(r.val.X)
		e.ValLoss, e.ValAccuracy = crossEntropy(p, r.val.Y), accuracy(r.val.Y, argmaxRows(p))
	}
	now := time.Since(r.start)
	var before time.Duration
	for _, p := range r.h.Epochs {
		before += p.Time
	}
	e.Time = now - before
	r.h.Epochs = append(r.h.Epochs, e)
	return nil
}
