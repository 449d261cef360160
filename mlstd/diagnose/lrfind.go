package diagnose

import (
	"context"
	"fmt"
	"math"

	"github.com/methodic-go/methodic/display"
	"github.com/methodic-go/methodic/mlstd/data"
	"github.com/methodic-go/methodic/mlstd/models"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// LRRangeOptions configures LRRangeTest. The zero value is a good default.
type LRRangeOptions struct {
	// Min and Max bound the learning rate: 0 means 1e-6 and 10.
	Min, Max float64
	// Steps is the number of updates, the rate growing by the same factor
	// at each: 0 means 100.
	Steps int
	// BatchSize is the number of rows per update: 0 means the MLP's batch
	// size, or 64.
	BatchSize int
	// Optimizer is the update rule, with the settings of the MLP options
	// (Momentum, Beta1, Beta2, Epsilon; LearningRate and the schedule are
	// ignored). nil means the model's own options when it is an
	// *models.MLP, *models.ConvNet or *models.GRU, and Adam otherwise.
	Optimizer *models.MLPOptions
	// Smoothing is the weight of the past in the exponential moving
	// average of the loss that decides when to stop: 0 means 0.9.
	Smoothing float64
	// StopFactor stops the test when the moving average of the loss
	// exceeds StopFactor times its lowest value (the loss has diverged):
	// 0 means 4.
	StopFactor float64
	// Window is the half-width, in steps, of the centred moving average
	// that gives Smoothed and the suggestion: 0 means Steps/25, at least
	// 2. Unlike the exponential average it does not lag behind the
	// rate, which would push the suggestion up.
	Window int
	// Seed seeds the order of the batches.
	Seed uint64
}

// LRRange is the result of a learning-rate range test: the loss of each
// update against its rate, and the suggested rate. It renders as the
// smoothed loss against the rate on a log axis, the suggestion marked.
type LRRange struct {
	// Model describes the model; Optimizer the update rule used.
	Model, Optimizer string
	// Rates and Losses hold each update's rate and the loss of its batch
	// before the update; Smoothed is their centred moving average.
	Rates, Losses, Smoothed []float64
	// MinRate is the rate of the lowest smoothed loss. Suggested is
	// MinRate/10, the usual choice: a rate at which the loss still falls
	// fast, an order of magnitude below where it stops falling. Steepest
	// is the rate where the smoothed loss falls fastest against log rate.
	MinRate, Suggested, Steepest float64
	// Diverged says whether the test stopped early because the loss blew
	// up (StopFactor or a non-finite loss).
	Diverged bool
}

// LRRangeTest runs the learning-rate range test (Smith, 2017; fastai's
// lr_find): one short training run from m's current parameters in which
// the rate grows exponentially from Min to Max, one batch of train per
// step, recording the loss. The loss falls slowly at tiny rates, fast at
// good ones, and blows up at rates too large; the suggested rate is a
// tenth of the rate of the lowest (smoothed) loss.
//
// The run works on a copy of the parameters through Gradient, in float64,
// with the model's optimiser (see LRRangeOptions.Optimizer): m itself is
// left as it was. Call Begin (or Fit) first so that the model has
// parameters. When ctx is cancelled it returns ctx.Err().
func LRRangeTest(ctx context.Context, m Differentiable, train *data.Dataset, o LRRangeOptions) (*LRRange, error) {
	if m == nil {
		panic("diagnose: LRRangeTest: nil model")
	}
	if err := train.Validate(); err != nil {
		return nil, fmt.Errorf("diagnose: LRRangeTest: %w", err)
	}
	lo, hi := orDefault(o.Min, 1e-6), orDefault(o.Max, 10)
	if !(lo > 0 && hi > lo) || !isFinite(hi) {
		return nil, fmt.Errorf("diagnose: LRRangeTest: need 0 < Min < Max, have %g and %g", lo, hi)
	}
	steps := o.Steps
	if steps <= 0 {
		steps = 100
	}
	opt := models.MLPOptions{}
	bs := o.BatchSize
	if mm, ok := m.(models.Model); ok {
		if s, ok := settingsOf(mm); ok {
			opt = s.training
			if bs <= 0 {
				bs = opt.BatchSize
			}
		}
	}
	if o.Optimizer != nil {
		opt = *o.Optimizer
	}
	if bs <= 0 {
		bs = 64
	}
	bs = min(bs, train.Len())
	beta := orDefault(o.Smoothing, 0.9)
	stop := orDefault(o.StopFactor, 4)

	r := &LRRange{Model: fmt.Sprint(m), Optimizer: opt.Optimizer.String()}
	var p []float64
	if err := protect(func() error { p = m.Params(); return nil }); err != nil {
		return nil, fmt.Errorf("diagnose: LRRangeTest: %w", err)
	}
	up := newUpdater(opt, len(p))
	rng := data.NewRand(o.Seed)
	order := rng.Perm(train.Len())
	pos := 0
	batch := make([]int, bs)
	factor := math.Pow(hi/lo, 1/float64(max(1, steps-1)))
	var avg float64
	best := math.Inf(1)
	window := o.Window
	if window <= 0 {
		window = max(2, steps/25)
	}
	for i := range steps {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		for k := range batch {
			if pos == len(order) {
				rng.Shuffle(len(order), func(a, b int) { order[a], order[b] = order[b], order[a] })
				pos = 0
			}
			batch[k] = order[pos]
			pos++
		}
		sub := train.Subset(batch)
		var loss float64
		var g []float64
		if err := protect(func() error { loss, g = m.Gradient(p, sub.X, labelsOf(m, sub)); return nil }); err != nil {
			return nil, fmt.Errorf("diagnose: LRRangeTest: %w", err)
		}
		lr := lo * math.Pow(factor, float64(i))
		if !isFinite(loss) {
			r.Diverged = true
			break
		}
		avg = beta*avg + (1-beta)*loss
		sm := avg / (1 - math.Pow(beta, float64(i+1)))
		r.Rates = append(r.Rates, lr)
		r.Losses = append(r.Losses, loss)
		if sm < best {
			best = sm
		}
		if i > 0 && sm > stop*best {
			r.Diverged = true
			break
		}
		up.step(p, g, lr)
	}
	if len(r.Rates) == 0 {
		return nil, fmt.Errorf("diagnose: LRRangeTest: the loss is not finite at the smallest rate %g", lo)
	}
	r.smooth(window)
	r.suggest()
	return r, nil
}

// smooth sets Smoothed to the centred moving average of Losses over
// 2k+1 steps (fewer at the ends).
func (r *LRRange) smooth(k int) {
	r.Smoothed = make([]float64, len(r.Losses))
	for i := range r.Losses {
		lo, hi := max(0, i-k), min(len(r.Losses), i+k+1)
		var s float64
		for _, v := range r.Losses[lo:hi] {
			s += v
		}
		r.Smoothed[i] = s / float64(hi-lo)
	}
}

// suggest sets MinRate, Suggested and Steepest from the smoothed losses.
func (r *LRRange) suggest() {
	iMin := 0
	for i, s := range r.Smoothed {
		if s < r.Smoothed[iMin] {
			iMin = i
		}
	}
	r.MinRate = r.Rates[iMin]
	r.Suggested = r.MinRate / 10
	// Steepest fall before the minimum, by central differences in log rate.
	r.Steepest = r.Rates[0]
	bestSlope := math.Inf(1)
	for i := 1; i < iMin; i++ {
		s := (r.Smoothed[i+1] - r.Smoothed[i-1]) / math.Log(r.Rates[i+1]/r.Rates[i-1])
		if s < bestSlope {
			bestSlope, r.Steepest = s, r.Rates[i]
		}
	}
}

// updater applies an optimiser's steps to a float64 parameter vector.
type updater struct {
	o           models.MLPOptions
	m, v, vel   []float64
	t           int
	b1, b2, eps float64
	mu          float64
}

func newUpdater(o models.MLPOptions, n int) *updater {
	u := &updater{o: o, b1: orDefault(o.Beta1, 0.9), b2: orDefault(o.Beta2, 0.999), eps: orDefault(o.Epsilon, 1e-8), mu: orDefault(o.Momentum, 0.9)}
	switch o.Optimizer {
	case models.Adam:
		u.m, u.v = make([]float64, n), make([]float64, n)
	case models.Momentum, models.Nesterov:
		u.vel = make([]float64, n)
	}
	return u
}

func (u *updater) step(p, g []float64, lr float64) {
	u.t++
	switch u.o.Optimizer {
	case models.Adam:
		c1 := 1 - math.Pow(u.b1, float64(u.t))
		c2 := 1 - math.Pow(u.b2, float64(u.t))
		for i := range p {
			u.m[i] = u.b1*u.m[i] + (1-u.b1)*g[i]
			u.v[i] = u.b2*u.v[i] + (1-u.b2)*g[i]*g[i]
			p[i] -= lr * (u.m[i] / c1) / (math.Sqrt(u.v[i]/c2) + u.eps)
		}
	case models.Momentum:
		for i := range p {
			u.vel[i] = u.mu*u.vel[i] - lr*g[i]
			p[i] += u.vel[i]
		}
	case models.Nesterov:
		for i := range p {
			u.vel[i] = u.mu*u.vel[i] - lr*g[i]
			p[i] += u.mu*u.vel[i] - lr*g[i]
		}
	default:
		for i := range p {
			p[i] -= lr * g[i]
		}
	}
}

// Plot returns the losses against the rate on a log axis: each batch's
// loss as light points, the smoothed loss as a line, the rate of the
// lowest loss and the suggested rate marked.
func (r *LRRange) Plot() *plot.Plot {
	p := newPlot("Learning-rate range test", "learning rate", "training loss")
	logX(p)
	if len(r.Rates) == 0 {
		return p
	}
	raw := make(plotter.XYs, 0, len(r.Rates))
	for i := range r.Rates {
		if isFinite(r.Losses[i]) {
			raw = append(raw, plotter.XY{X: r.Rates[i], Y: r.Losses[i]})
		}
	}
	if s, err := plotter.NewScatter(raw); err == nil {
		s.Color = translucent(trainColor, 90)
		s.GlyphStyle.Shape = draw.CircleGlyph{}
		s.GlyphStyle.Radius = vg.Points(1.5)
		p.Add(s)
		p.Legend.Add("batch loss", s)
	}
	l, _ := line(r.Rates, r.Smoothed, trainColor, false)
	if l != nil {
		p.Add(l)
		p.Legend.Add("smoothed", l)
	}
	drawn := []plotter.XYs{raw, xys(r.Rates, r.Smoothed)}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range r.Smoothed {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	// Keep the early, flat part and the minimum in view: the first losses
	// and the blow-up would squash them.
	top := math.Min(hi, r.Smoothed[0]*1.5)
	p.Y.Min, p.Y.Max = math.Max(0, lo-0.1*(top-lo)), top+0.05*(top-lo)
	if v := vline(r.MinRate, p.Y.Min, p.Y.Max, markColor); v != nil {
		p.Add(v)
		p.Legend.Add(fmt.Sprintf("lowest loss (%.3g)", r.MinRate), v)
		drawn = append(drawn, v.XYs)
	}
	if v := vline(r.Suggested, p.Y.Min, p.Y.Max, goodColor); v != nil {
		v.Width = vg.Points(1.5)
		p.Add(v)
		p.Legend.Add(fmt.Sprintf("suggested (%.3g)", r.Suggested), v)
		drawn = append(drawn, v.XYs)
	}
	// Points above the axis (the blow-up) are not drawn: leave them out
	// of the corner rule, which keeps the axis as it is (the clipped top
	// is the point of the view).
	for i, pts := range drawn {
		var in plotter.XYs
		for _, q := range pts {
			if q.Y <= p.Y.Max {
				in = append(in, q)
			}
		}
		drawn[i] = in
	}
	display.CornerLegend(p, true, false, drawn...)
	return p
}

// Advice says in a sentence what to do with the result.
func (r *LRRange) Advice() string {
	if len(r.Rates) == 0 {
		return "No finite loss was recorded."
	}
	s := fmt.Sprintf("The smoothed loss is lowest at rate %.3g; suggested learning rate %.3g (a tenth of it) for %s. The loss falls fastest at %.3g.", r.MinRate, r.Suggested, r.Optimizer, r.Steepest)
	if r.MinRate == r.Rates[len(r.Rates)-1] && !r.Diverged {
		s += " The loss was still falling at the largest rate tried: raise Max and run again."
	}
	if r.MinRate == r.Rates[0] {
		s += " The loss was lowest at the smallest rate tried: lower Min and run again."
	}
	return s
}

// String returns the advice.
func (r *LRRange) String() string {
	return fmt.Sprintf("learning-rate range test: %s, %d steps from %.3g to %.3g\n%s", r.Model, len(r.Rates), firstOr(r.Rates), lastOr(r.Rates), r.Advice())
}

func firstOr(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	return xs[0]
}

func lastOr(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	return xs[len(xs)-1]
}

// MIMEBundle renders the plot with the advice under it.
func (r *LRRange) MIMEBundle() display.Bundle {
	return figure(r.Plot(), display.PlotOptions{Width: 6 * vg.Inch, Height: 4 * vg.Inch}, r.String(), paragraph(r.Advice()))
}
