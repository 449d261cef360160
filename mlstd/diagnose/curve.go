package diagnose

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/methodic-go/methodic/display"
	"github.com/methodic-go/methodic/mlstd/data"
	"github.com/methodic-go/methodic/mlstd/models"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// CurveKind says what a Curve's x axis is.
type CurveKind int

const (
	// Learning curves put the number of training examples on the x axis.
	Learning CurveKind = iota
	// Validation curves put the value of one hyperparameter on the x axis.
	Validation
)

// CurvePoint is one x of a curve: the error rates of every repeat and
// their means and sample standard deviations.
type CurvePoint struct {
	// X is the training-set size (learning curve) or the value of the
	// hyperparameter (validation curve).
	X float64
	// Train and Val hold the error rate (1 - accuracy) of each repeat on
	// the rows the model was trained on and on the validation set.
	Train, Val []float64
	// TrainMean, TrainStd, ValMean and ValStd summarise Train and Val.
	TrainMean, TrainStd, ValMean, ValStd float64
}

// Curve is a learning curve (error against training-set size) or a
// validation curve (error against one hyperparameter), training and
// validation, with a band of one standard deviation over the repeats.
// A learning curve carries a Verdict on whether more data would help;
// a validation curve the index of its best value. It renders as a plot
// with the verdict under it.
type Curve struct {
	Kind CurveKind
	// Name says what was measured ("MLP 64-100-10 relu adam on
	// digits/train").
	Name string
	// Param names the x axis: "training examples" or the hyperparameter.
	Param string
	// LogX draws the x axis on a log scale.
	LogX bool
	// Points are in increasing X.
	Points []CurvePoint
	// Target is the error rate to reach (0: none), drawn as a line.
	Target float64
	// Verdict and Advice say what the shape of a learning curve means
	// (see Verdict); empty for validation curves.
	Verdict Verdict
	Advice  string
	// Best is the index of the point with the lowest mean validation
	// error (validation curves; the largest size for learning curves).
	Best int
}

// CurveOptions configures LearningCurve and ValidationCurve. The zero
// value is a good default.
type CurveOptions struct {
	// Sizes are the training-set sizes of a learning curve. nil means
	// Fractions of the training set.
	Sizes []int
	// Fractions of the training set give the sizes when Sizes is nil.
	// nil means five sizes evenly spaced on a log scale from 10% to all
	// of it (0.1, 0.18, 0.32, 0.56, 1), so that they are evenly spaced on
	// the plot's log axis.
	Fractions []float64
	// Repeats is the number of seeded repeats at each point: 0 means 3
	// for a learning curve (each repeat draws another stratified subset
	// and seeds the model differently) and 1 for a validation curve
	// (where repeats differ only in the model's seed).
	Repeats int
	// Seed is the first seed: repeat r uses Seed+r, for the subset and
	// for the model.
	Seed uint64
	// Param names the hyperparameter of a validation curve ("learning
	// rate"); learning curves ignore it.
	Param string
	// LogX forces a log x axis for a validation curve. Without it, the
	// axis is logarithmic when every value is positive and they span a
	// factor of 100 or more. Learning curves always use a log axis.
	LogX bool
	// Target is the error rate the project aims for (0: none). It enters
	// the advice and is drawn as a line.
	Target float64
	// MinDrop is the fall of the validation error per doubling of the
	// training set below which the curve counts as flat: 0 means 0.005
	// (half a percentage point). A fall within two standard errors of
	// the repeats also counts as flat.
	MinDrop float64
	// MinGap is the gap between validation and training error above
	// which it counts as large: 0 means 0.02 (two percentage points).
	// A gap smaller than a fifth of the validation error also counts as
	// small.
	MinGap float64
	// Workers is the number of models trained at once: 0 means
	// GOMAXPROCS. When it is more than one, an MLP whose Options.Workers
	// is 0 gets 1, so that the fits share the cores instead of fighting
	// over them.
	Workers int
	// Quiet turns off the progress bar.
	Quiet bool
}

func (o CurveOptions) repeats(def int) int {
	if o.Repeats > 0 {
		return o.Repeats
	}
	return def
}

func orDefault(v, def float64) float64 {
	if v == 0 {
		return def
	}
	return v
}

// defaultFractions are five fractions evenly spaced on a log scale.
var defaultFractions = []float64{0.1, 0.1778, 0.3162, 0.5623, 1}

// sizes returns the training-set sizes for n training rows.
func (o CurveOptions) sizes(n int) ([]int, error) {
	var out []int
	if o.Sizes != nil {
		for _, s := range o.Sizes {
			if s < 1 || s > n {
				return nil, fmt.Errorf("diagnose: LearningCurve: size %d outside [1, %d]", s, n)
			}
			out = append(out, s)
		}
	} else {
		fr := o.Fractions
		if fr == nil {
			fr = defaultFractions
		}
		for _, f := range fr {
			if !(f > 0 && f <= 1) {
				return nil, fmt.Errorf("diagnose: LearningCurve: fraction %g outside (0, 1]", f)
			}
			out = append(out, max(1, int(math.Round(f*float64(n)))))
		}
	}
	sort.Ints(out)
	uniq := out[:0]
	for i, s := range out {
		if i == 0 || s != out[i-1] {
			uniq = append(uniq, s)
		}
	}
	if len(uniq) == 0 {
		return nil, fmt.Errorf("diagnose: LearningCurve: no sizes")
	}
	return uniq, nil
}

// LearningCurve trains a model on growing stratified subsets of train
// and measures its error rate on the subset and on val, Repeats times at
// each size with seeds Seed, Seed+1, ... (the subsets of one seed are
// nested). newModel returns a fresh, unfitted model for a seed; it is
// called from the calling goroutine, and the models are trained on
// Workers goroutines. The models are fitted without validation data (no
// early stopping on val), so that val measures them without bias.
//
// The curve's Verdict says whether gathering more data is likely to help,
// asking the chapter's questions in its order: is the training error above
// the target (the model underfits: grow it, tune the optimiser, or fix the
// data; more data will not help)? If not, does the validation error still
// fall at the largest sizes, well above the training error (more data
// helps), or have the curves met? When ctx is cancelled, the fits stop within one
// batch and LearningCurve returns ctx.Err().
func LearningCurve(ctx context.Context, newModel func(seed uint64) models.Model, train, val *data.Dataset, o CurveOptions) (*Curve, error) {
	if newModel == nil {
		panic("diagnose: LearningCurve: nil newModel")
	}
	if err := checkSets("LearningCurve", train, val); err != nil {
		return nil, err
	}
	sizes, err := o.sizes(train.Len())
	if err != nil {
		return nil, err
	}
	reps := o.repeats(3)
	type job struct {
		point, rep int
		train      *data.Dataset
		model      models.Model
	}
	var jobs []job
	for r := range reps {
		seed := o.Seed + uint64(r)
		for i, n := range sizes {
			sub, err := data.Subsample(train, n, seed)
			if err != nil {
				return nil, fmt.Errorf("diagnose: LearningCurve: %w", err)
			}
			m := newModel(seed)
			if m == nil {
				return nil, fmt.Errorf("diagnose: LearningCurve: newModel returned nil")
			}
			jobs = append(jobs, job{point: i, rep: r, train: sub.Named(fmt.Sprintf("%s/%d", train.Name, n)), model: m})
		}
	}
	// Largest first: the long fits start early and the short ones fill in.
	sort.SliceStable(jobs, func(a, b int) bool { return jobs[a].point > jobs[b].point })
	c := &Curve{Kind: Learning, Param: "training examples", LogX: true, Target: o.Target}
	c.Points = make([]CurvePoint, len(sizes))
	for i, n := range sizes {
		c.Points[i] = CurvePoint{X: float64(n), Train: make([]float64, reps), Val: make([]float64, reps)}
	}
	w := workers(o.Workers, len(jobs))
	for _, j := range jobs {
		quiet(j.model, w > 1)
	}
	prog := newProgress(len(jobs), "fits", o.Quiet)
	err = runJobs(ctx, w, len(jobs), func(ctx context.Context, k int) error {
		j := jobs[k]
		tr, va, err := fitErrors(ctx, j.model, j.train, val)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("size %d, repeat %d: %w", sizes[j.point], j.rep, err)
		}
		c.Points[j.point].Train[j.rep], c.Points[j.point].Val[j.rep] = tr, va
		prog.add()
		return nil
	})
	prog.done()
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("diagnose: LearningCurve: %w", err)
	}
	c.Name = fmt.Sprintf("%v on %s", jobs[0].model, train.Name)
	c.summarise()
	c.Best = len(c.Points) - 1
	c.Verdict, c.Advice = judge(c.Points, reps, o)
	return c, nil
}

// ValidationCurve trains one model per value of a hyperparameter,
// newModel(value, seed) building it, on train and measures its error rate
// on train and val: the U-shaped curve of the learning rate, or the
// capacity curve of the number of hidden units. With Repeats above 1 each
// value is trained with seeds Seed, Seed+1, ... . Best is the value of the
// lowest mean validation error; the advice says when it lies at an end of
// the range (sweep further). When ctx is cancelled it returns ctx.Err().
func ValidationCurve(ctx context.Context, newModel func(value float64, seed uint64) models.Model, values []float64, train, val *data.Dataset, o CurveOptions) (*Curve, error) {
	if newModel == nil {
		panic("diagnose: ValidationCurve: nil newModel")
	}
	if len(values) == 0 {
		return nil, fmt.Errorf("diagnose: ValidationCurve: no values")
	}
	for _, v := range values {
		if !isFinite(v) {
			return nil, fmt.Errorf("diagnose: ValidationCurve: value %g is not finite", v)
		}
	}
	if err := checkSets("ValidationCurve", train, val); err != nil {
		return nil, err
	}
	vs := append([]float64(nil), values...)
	sort.Float64s(vs)
	reps := o.repeats(1)
	type job struct {
		point, rep int
		model      models.Model
	}
	var jobs []job
	for i, v := range vs {
		for r := range reps {
			m := newModel(v, o.Seed+uint64(r))
			if m == nil {
				return nil, fmt.Errorf("diagnose: ValidationCurve: newModel returned nil for %g", v)
			}
			jobs = append(jobs, job{point: i, rep: r, model: m})
		}
	}
	param := o.Param
	if param == "" {
		param = "hyperparameter"
	}
	c := &Curve{Kind: Validation, Param: param, Target: o.Target, LogX: o.LogX || (vs[0] > 0 && vs[len(vs)-1]/vs[0] >= 100)}
	c.Points = make([]CurvePoint, len(vs))
	for i, v := range vs {
		c.Points[i] = CurvePoint{X: v, Train: make([]float64, reps), Val: make([]float64, reps)}
	}
	w := workers(o.Workers, len(jobs))
	for _, j := range jobs {
		quiet(j.model, w > 1)
	}
	prog := newProgress(len(jobs), "fits", o.Quiet)
	err := runJobs(ctx, w, len(jobs), func(ctx context.Context, k int) error {
		j := jobs[k]
		tr, va, err := fitErrors(ctx, j.model, train, val)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("%s = %g: %w", param, vs[j.point], err)
		}
		c.Points[j.point].Train[j.rep], c.Points[j.point].Val[j.rep] = tr, va
		prog.add()
		return nil
	})
	prog.done()
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("diagnose: ValidationCurve: %w", err)
	}
	c.summarise()
	c.Best = 0
	for i, p := range c.Points {
		if p.ValMean < c.Points[c.Best].ValMean {
			c.Best = i
		}
	}
	for _, j := range jobs {
		if j.point == c.Best {
			c.Name = fmt.Sprintf("%v (the best) on %s", j.model, train.Name)
			break
		}
	}
	c.Advice = c.validationAdvice()
	return c, nil
}

func checkSets(who string, train, val *data.Dataset) error {
	if train == nil || val == nil {
		return fmt.Errorf("diagnose: %s: training and validation sets are both needed", who)
	}
	if err := train.Validate(); err != nil {
		return fmt.Errorf("diagnose: %s: %w", who, err)
	}
	if err := val.Validate(); err != nil {
		return fmt.Errorf("diagnose: %s: %w", who, err)
	}
	if train.NumFeatures() != val.NumFeatures() {
		return fmt.Errorf("diagnose: %s: training set has %d features, validation set %d", who, train.NumFeatures(), val.NumFeatures())
	}
	return nil
}

func (c *Curve) summarise() {
	for i := range c.Points {
		p := &c.Points[i]
		p.TrainMean, p.TrainStd = meanStd(p.Train)
		p.ValMean, p.ValStd = meanStd(p.Val)
	}
}

func (c *Curve) validationAdvice() string {
	if len(c.Points) == 0 {
		return ""
	}
	b := c.Points[c.Best]
	s := fmt.Sprintf("Lowest validation error %.3g at %s = %s (training error %.3g).", b.ValMean, c.Param, formatTick(b.X), b.TrainMean)
	switch {
	case len(c.Points) < 3:
	case c.Best == 0:
		s += fmt.Sprintf(" It is the smallest value tried: extend the sweep below %s.", formatTick(b.X))
	case c.Best == len(c.Points)-1:
		s += fmt.Sprintf(" It is the largest value tried: extend the sweep above %s.", formatTick(b.X))
	default:
		lo, hi := c.Points[c.Best-1].X, c.Points[c.Best+1].X
		s += fmt.Sprintf(" The minimum is inside the range: refine the sweep between %s and %s.", formatTick(lo), formatTick(hi))
	}
	if c.Target > 0 {
		if b.ValMean <= c.Target {
			s += fmt.Sprintf(" It meets the target %.3g.", c.Target)
		} else {
			s += fmt.Sprintf(" It misses the target %.3g.", c.Target)
		}
	}
	return s
}

// Plot returns the curve as a gonum plot: training and validation error
// with bands of one standard deviation, the target as a dashed line, and
// for a validation curve the best value marked. When the errors span a
// factor of ten or more (a learning rate that diverges next to one that
// trains well), the error axis is logarithmic, so that the low errors are
// not squashed against zero; an error of 0 is then drawn at the bottom of
// the axis, as the legend says.
func (c *Curve) Plot() *plot.Plot {
	title := "Learning curve"
	if c.Kind == Validation {
		title = "Validation curve"
	}
	p := newPlot(title, c.Param, "error rate")
	if c.LogX {
		logX(p)
	}
	xs := make([]float64, len(c.Points))
	var tm, tlo, thi, vm, vlo, vhi []float64
	for i, pt := range c.Points {
		xs[i] = pt.X
		tm, tlo, thi = append(tm, pt.TrainMean), append(tlo, pt.TrainMean-pt.TrainStd), append(thi, pt.TrainMean+pt.TrainStd)
		vm, vlo, vhi = append(vm, pt.ValMean), append(vlo, pt.ValMean-pt.ValStd), append(vhi, pt.ValMean+pt.ValStd)
	}
	if len(xs) == 0 {
		return p
	}
	// A log error axis when the means span a decade or more.
	minPos, maxV := math.Inf(1), 0.0
	for _, v := range append(append([]float64(nil), tm...), vm...) {
		if v > 0 && isFinite(v) {
			minPos = math.Min(minPos, v)
		}
		maxV = math.Max(maxV, v)
	}
	logErr := maxV >= 10*minPos && isFinite(minPos)
	floor, clipped := 0.0, false
	if logErr {
		logY(p)
		floor = minPos / 2
		for _, vs := range [][]float64{tm, vm, tlo, vlo, thi, vhi} {
			for i, v := range vs {
				if v < floor {
					vs[i] = floor
				}
			}
		}
		for _, pt := range c.Points {
			if pt.TrainMean < floor || pt.ValMean < floor {
				clipped = true
			}
		}
	}
	var drawn []plotter.XYs
	if b := band(xs, tlo, thi, trainColor); b != nil {
		p.Add(b)
	}
	if b := band(xs, vlo, vhi, valColor); b != nil {
		p.Add(b)
	}
	trainName := "training"
	if clipped {
		trainName = "training (0 at the bottom)"
	}
	if l, s := line(xs, tm, trainColor, false); l != nil {
		p.Add(l, s)
		p.Legend.Add(trainName, l, s)
		drawn = append(drawn, xys(xs, tm), xys(xs, thi))
	}
	if l, s := line(xs, vm, valColor, false); l != nil {
		p.Add(l, s)
		p.Legend.Add("validation", l, s)
		drawn = append(drawn, xys(xs, vm), xys(xs, vhi))
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := range xs {
		lo, hi = math.Min(lo, math.Min(tlo[i], vlo[i])), math.Max(hi, math.Max(thi[i], vhi[i]))
	}
	if c.Target > 0 {
		if l := hline(c.Target, xs[0], xs[len(xs)-1], markColor); l != nil {
			p.Add(l)
			p.Legend.Add("target", l)
			drawn = append(drawn, l.XYs)
		}
		lo, hi = math.Min(lo, c.Target), math.Max(hi, c.Target)
	}
	if logErr {
		p.Y.Min, p.Y.Max = lo/1.15, hi*1.15
	} else {
		p.Y.Min, p.Y.Max = math.Max(0, lo-0.05*(hi-lo)), hi+0.05*(hi-lo)
	}
	if c.Kind == Validation && len(c.Points) > 1 {
		if l := vline(c.Points[c.Best].X, p.Y.Min, p.Y.Max, markColor); l != nil {
			p.Add(l)
			p.Legend.Add(fmt.Sprintf("best (%s)", formatTick(c.Points[c.Best].X)), l)
			drawn = append(drawn, l.XYs)
		}
	}
	display.PlaceLegend(p, c.LogX, logErr, drawn...)
	p.Y.Max = math.Min(p.Y.Max, math.Max(1, hi)) // an error rate stops at 1
	return p
}

// String returns a table of the points and the advice.
func (c *Curve) String() string {
	var b strings.Builder
	title := "learning curve"
	if c.Kind == Validation {
		title = "validation curve"
	}
	fmt.Fprintf(&b, "%s of %s\n", title, c.Name)
	fmt.Fprintf(&b, "%14s  %-15s  %-15s\n", c.Param, "train error", "val error")
	for _, p := range c.Points {
		if len(p.Val) > 1 {
			fmt.Fprintf(&b, "%14s  %.4f ± %.4f  %.4f ± %.4f\n", formatTick(p.X), p.TrainMean, p.TrainStd, p.ValMean, p.ValStd)
		} else {
			fmt.Fprintf(&b, "%14s  %-15.4f  %-15.4f\n", formatTick(p.X), p.TrainMean, p.ValMean)
		}
	}
	if c.Kind == Learning {
		fmt.Fprintf(&b, "verdict: %v\n", c.Verdict)
	}
	b.WriteString(c.Advice)
	return b.String()
}

// MIMEBundle renders the plot (display.Plot) with the verdict and advice
// under it.
func (c *Curve) MIMEBundle() display.Bundle {
	below := ""
	if c.Kind == Learning {
		below = "<p><b>" + c.Verdict.String() + "</b></p>"
	}
	below += paragraph(c.Advice)
	return figure(c.Plot(), display.PlotOptions{Width: 6 * vg.Inch, Height: 4 * vg.Inch}, c.String(), below)
}
