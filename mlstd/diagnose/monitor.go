package diagnose

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/methodic-go/methodic/display"
	"github.com/methodic-go/methodic/mlstd/models"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// Hookable is a model that calls a function with a Trace of its layers
// every few training steps: *models.MLP, *models.ConvNet, *models.GRU
// (SetHook).
type Hookable interface {
	SetHook(every int, fn func(*models.Trace))
}

// MonitorOptions configures a Monitor. The zero value is a good default;
// the thresholds decide when a record raises a warning.
type MonitorOptions struct {
	// Every records one training step in Every: 0 means 50.
	Every int
	// Bins is the number of histogram bins: 0 means 40.
	Bins int
	// Activation is the hidden layers' nonlinearity, which decides what
	// counts as dead (ReLU) or saturated (tanh, sigmoid). Watch takes it
	// from the options of an *models.MLP, *models.ConvNet or *models.GRU.
	Activation models.Activation
	// DeadShare warns when more than this share of a ReLU layer's units
	// are dead (zero for every row of the batch): 0 means 0.2.
	DeadShare float64
	// SaturatedShare warns when more than this share of a tanh or sigmoid
	// layer's activations are saturated (|tanh| > 0.99, sigmoid below 0.01
	// or above 0.99, where the derivative is under 2% of its peak):
	// 0 means 0.2.
	SaturatedShare float64
	// Vanishing warns when a hidden layer's weight-gradient norm is below
	// Vanishing times the output layer's: 0 means 0.1. In a healthy
	// network the norms of the layers are within a factor of a few; in
	// three sigmoid layers trained by SGD they fall 30 to 50 times from
	// the output to the first layer.
	Vanishing float64
	// Exploding warns when a layer's weight-gradient norm grows by more
	// than this factor from one record to the next: 0 means 100. A NaN or
	// infinite value anywhere always warns.
	Exploding float64
	// RatioLow and RatioHigh bound the healthy update-to-parameter ratio
	// ||ΔW||/||W|| of each layer: 0 means 1e-5 and 1e-1, around the
	// book's reference of about 1e-2 (after Bottou, 2015: an update of
	// about 1% of the weights, not 50% or 0.001%).
	RatioLow, RatioHigh float64
}

// LayerRecord is what a Monitor keeps of one layer at one recorded step.
type LayerRecord struct {
	Layer int
	Name  string
	Units int
	// PreActivation, Activation and Gradient (of the loss with respect
	// to the pre-activations) are histograms over the batch.
	PreActivation, Activation, Gradient Histogram
	// Dead is the share of units that are zero for every row of the batch
	// (ReLU hidden layers; NaN otherwise); Zero the share of zero
	// activations.
	Dead, Zero float64
	// Saturated is the share of activations in the flat tails of tanh or
	// sigmoid (hidden layers; NaN for ReLU and the output layer).
	Saturated float64
	// GradNorm and GradRMS are the Frobenius norm and root-mean-square of
	// the weight gradient; WeightNorm the norm of the weights.
	GradNorm, GradRMS, WeightNorm float64
	// UpdateRatio is ||ΔW|| / ||W|| for the step's update.
	UpdateRatio float64
}

// Record is one recorded training step.
type Record struct {
	Step, Epoch        int
	Loss, LearningRate float64
	// Chance is the step's loss at chance (models.Trace.Chance): what a
	// model that gives every class the same probability would lose.
	Chance float64
	Layers []LayerRecord
}

// Warning is a problem a Monitor found, with the steps where it held.
//
// Warnings name a root cause once: a problem that another explains is
// left out and named in the explaining warning's message (the updates of
// a layer whose units are all dead are zero because of the dead units,
// not because the learning rate is too low), and layers with the same
// problem over the same steps share one warning.
type Warning struct {
	// Layer names the layer ("hidden 1"), the layers ("hidden 1, output")
	// or "network"; Kind the problem ("dead units", "saturation",
	// "vanishing gradient", "exploding gradient", "non-finite values",
	// "update ratio too small", "update ratio too large", "loss at
	// chance").
	Layer, Kind string
	// First and Last are the first and last steps where it held; Count the
	// number of records where it held.
	First, Last, Count int
	// Value is the measurement at the last of them (for several layers,
	// the most extreme); Message explains it and what to do.
	Value   float64
	Message string

	layer int     // position of the (first) layer, output last
	worst float64 // the most extreme value over the steps
}

// Monitor records, every few training steps, histograms of each layer's
// pre-activations, activations and gradients, the update-to-parameter
// ratios, the shares of dead and saturated units and the gradient norms,
// and warns about vanishing or exploding gradients, dead or saturated
// units, update ratios far from the book's reference of about 1e-2, and a
// loss that stays at chance (section 11.5 of the book, TensorBoard's
// histograms). It renders as a table of warnings, a grid of
// histograms per layer and plots of the ratios and norms over the steps.
//
// A Monitor is safe for concurrent use: a notebook may show it while a
// model trains in another goroutine.
type Monitor struct {
	opts     MonitorOptions
	mu       sync.Mutex
	records  []Record
	warnings []*Warning
	index    map[string]*Warning
}

// NewMonitor returns a Monitor that records the traces passed to Record.
func NewMonitor(o MonitorOptions) *Monitor {
	return &Monitor{opts: o, index: map[string]*Warning{}}
}

// Watch returns a Monitor installed on m as its hook, recording one step
// in o.Every. For an *models.MLP, *models.ConvNet or *models.GRU it takes
// the activation from the model's options (a GRU's recurrent layer has its
// own, whose candidate state is recorded as its activation). Remove it
// with m.SetHook(0, nil).
func Watch(m Hookable, o MonitorOptions) *Monitor {
	if m == nil {
		panic("diagnose: Watch: nil model")
	}
	if mm, ok := m.(models.Model); ok {
		if s, ok := settingsOf(mm); ok {
			o.Activation = s.activation
		}
	}
	mon := NewMonitor(o)
	m.SetHook(mon.Every(), mon.Record)
	return mon
}

// Every returns the recording interval in steps.
func (mon *Monitor) Every() int {
	if mon.opts.Every <= 0 {
		return 50
	}
	return mon.opts.Every
}

// Record adds one step's trace (the hook that Watch installs calls it).
// A trace without layers is ignored.
func (mon *Monitor) Record(t *models.Trace) {
	if t == nil || len(t.Layers) == 0 {
		return
	}
	o := mon.opts
	bins := o.Bins
	if bins <= 0 {
		bins = 40
	}
	rec := Record{Step: t.Step, Epoch: t.Epoch, Loss: t.Loss, LearningRate: t.LearningRate, Chance: t.Chance}
	nl := len(t.Layers)
	for i, lt := range t.Layers {
		hidden := i < nl-1
		lr := LayerRecord{Layer: lt.Layer, Name: lt.Name, Dead: math.NaN(), Zero: math.NaN(), Saturated: math.NaN()}
		pre, act, grad := raw(lt.PreActivation), raw(lt.Activation), raw(lt.PreActivationGrad)
		lr.PreActivation = newHistogram(pre, bins)
		lr.Activation = newHistogram(act, bins)
		lr.Gradient = newHistogram(grad, bins)
		if lt.Activation != nil {
			_, lr.Units = lt.Activation.Dims()
		}
		if hidden && lt.Activation != nil {
			switch o.Activation {
			case models.ReLU:
				lr.Dead, lr.Zero = deadShare(lt.Activation)
			case models.Tanh:
				lr.Saturated = share(act, func(a float64) bool { return math.Abs(a) > 0.99 })
			case models.Sigmoid:
				lr.Saturated = share(act, func(a float64) bool { return a < 0.01 || a > 0.99 })
			}
		}
		g, w, u := raw(lt.WeightGrad), raw(lt.Weights), raw(lt.Update)
		lr.GradNorm = norm(g)
		if len(g) > 0 {
			lr.GradRMS = lr.GradNorm / math.Sqrt(float64(len(g)))
		}
		lr.WeightNorm = norm(w)
		lr.UpdateRatio = norm(u) / lr.WeightNorm
		rec.Layers = append(rec.Layers, lr)
	}
	mon.mu.Lock()
	defer mon.mu.Unlock()
	var prev *Record
	if n := len(mon.records); n > 0 {
		prev = &mon.records[n-1]
	}
	mon.check(rec, prev)
	mon.records = append(mon.records, rec)
}

func raw(m *mat.Dense) []float64 {
	if m == nil {
		return nil
	}
	r, c := m.Dims()
	rm := m.RawMatrix()
	if rm.Stride == c {
		return rm.Data[:r*c]
	}
	out := make([]float64, 0, r*c)
	for i := range r {
		out = append(out, m.RawRowView(i)...)
	}
	return out
}

func norm(xs []float64) float64 {
	var s float64
	for _, v := range xs {
		s += v * v
	}
	return math.Sqrt(s)
}

func share(xs []float64, f func(float64) bool) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	n := 0
	for _, v := range xs {
		if f(v) {
			n++
		}
	}
	return float64(n) / float64(len(xs))
}

// deadShare returns the share of columns of a that are zero in every row,
// and the share of zero entries.
func deadShare(a *mat.Dense) (dead, zero float64) {
	r, c := a.Dims()
	if r == 0 || c == 0 {
		return math.NaN(), math.NaN()
	}
	alive := make([]bool, c)
	zeros := 0
	for i := range r {
		for j, v := range a.RawRowView(i) {
			if v > 0 {
				alive[j] = true
			} else {
				zeros++
			}
		}
	}
	d := 0
	for _, ok := range alive {
		if !ok {
			d++
		}
	}
	return float64(d) / float64(c), float64(zeros) / float64(r*c)
}

// check raises the warnings of rec (under mon.mu). Messages are written
// when the warnings are read (see Warnings), from all of them together.
func (mon *Monitor) check(rec Record, prev *Record) {
	o := mon.opts
	deadMax := orDefault(o.DeadShare, 0.2)
	satMax := orDefault(o.SaturatedShare, 0.2)
	vanish := orDefault(o.Vanishing, 0.1)
	explode := orDefault(o.Exploding, 100)
	lo, hi := orDefault(o.RatioLow, 1e-5), orDefault(o.RatioHigh, 1e-1)
	out := rec.Layers[len(rec.Layers)-1]
	for i, l := range rec.Layers {
		if l.PreActivation.NonFinite+l.Activation.NonFinite+l.Gradient.NonFinite > 0 || !isFinite(l.GradNorm) || !isFinite(l.WeightNorm) {
			mon.warn(rec.Step, i, l.Name, "non-finite values", math.NaN(), false)
			continue
		}
		if !math.IsNaN(l.Dead) && l.Dead > deadMax {
			mon.warn(rec.Step, i, l.Name, "dead units", l.Dead, true)
		}
		if !math.IsNaN(l.Saturated) && l.Saturated > satMax {
			mon.warn(rec.Step, i, l.Name, "saturation", l.Saturated, true)
		}
		if i < len(rec.Layers)-1 && out.GradNorm > 0 && l.GradNorm < vanish*out.GradNorm {
			mon.warn(rec.Step, i, l.Name, "vanishing gradient", l.GradNorm/out.GradNorm, false)
		}
		if prev != nil && i < len(prev.Layers) && prev.Layers[i].GradNorm > 0 && l.GradNorm > explode*prev.Layers[i].GradNorm {
			mon.warn(rec.Step, i, l.Name, "exploding gradient", l.GradNorm/prev.Layers[i].GradNorm, true)
		}
		switch {
		case l.UpdateRatio < lo:
			mon.warn(rec.Step, i, l.Name, "update ratio too small", l.UpdateRatio, false)
		case l.UpdateRatio > hi:
			mon.warn(rec.Step, i, l.Name, "update ratio too large", l.UpdateRatio, true)
		}
	}
}

// warn notes that kind held in layer at step, with value v; high says
// whether a larger value is worse (for the worst value kept).
func (mon *Monitor) warn(step, layer int, name, kind string, v float64, high bool) {
	key := name + "\x00" + kind
	w := mon.index[key]
	if w == nil {
		w = &Warning{Layer: name, Kind: kind, First: step, layer: layer, worst: v}
		mon.index[key] = w
		mon.warnings = append(mon.warnings, w)
	}
	w.Last, w.Value = step, v
	if (high && v > w.worst) || (!high && v < w.worst) {
		w.worst = v
	}
	w.Count++
}

// steps says where a warning held: "step 1 (1 record)", "steps 21–381 (19
// records)".
func (w Warning) steps() string {
	if w.First == w.Last {
		return fmt.Sprintf("step %d, %d record%s", w.First, w.Count, plural(w.Count))
	}
	return fmt.Sprintf("steps %d–%d, %d record%s", w.First, w.Last, w.Count, plural(w.Count))
}

// span is "1" or "21–381".
func (w Warning) span() string {
	if w.First == w.Last {
		return strconv.Itoa(w.First)
	}
	return fmt.Sprintf("%d–%d", w.First, w.Last)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// Records returns a copy// Records returns a copy of the records so far, in step order.
func (mon *Monitor) Records() []Record {
	mon.mu.Lock()
	defer mon.mu.Unlock()
	return append([]Record(nil), mon.records...)
}

// Warnings returns the warnings so far, in the order they first arose,
// each root cause named once (see Warning).
func (mon *Monitor) Warnings() []Warning {
	mon.mu.Lock()
	defer mon.mu.Unlock()
	raw := make([]Warning, len(mon.warnings))
	for i, w := range mon.warnings {
		raw[i] = *w
	}
	if c, ok := mon.chance(); ok {
		raw = append(raw, c)
	}
	return explain(raw, mon.opts)
}

// chance returns a "loss at chance" warning when the training loss of the
// second half of the records (at least three) stays within 5% of the loss
// at chance, that of a model that gives each class the same probability:
// the records' Chance, or ln K for the K units of the output layer when a
// trace did not say (under mon.mu).
func (mon *Monitor) chance() (Warning, bool) {
	n := len(mon.records)
	if n < 6 {
		return Warning{}, false
	}
	layers := mon.records[n-1].Layers
	k := layers[len(layers)-1].Units
	if k < 2 {
		return Warning{}, false
	}
	half := mon.records[n/2:]
	sum, at := 0.0, 0.0
	for _, r := range half {
		c := r.Chance
		if !(c > 0) {
			c = math.Log(float64(k))
		}
		if !(math.Abs(r.Loss-c) <= 0.05*c) {
			return Warning{}, false
		}
		sum += r.Loss
		at += c
	}
	return Warning{Layer: "network", Kind: "loss at chance", First: half[0].Step, Last: half[len(half)-1].Step,
		Count: len(half), Value: sum / float64(len(half)), layer: len(layers), worst: at / float64(len(half))}, true
}

// explain writes the messages of raw warnings, leaves out those another
// warning explains, names the cause in the warning that explains them,
// and merges layers that have the same problem over the same steps.
func explain(raw []Warning, o MonitorOptions) []Warning {
	byKind := map[string][]int{}
	for i, w := range raw {
		byKind[w.Kind] = append(byKind[w.Kind], i)
	}
	drop := make([]bool, len(raw))
	// The first step whose updates were too large, in any layer.
	bigStep, bigRatio := -1, 0.0
	for _, i := range byKind["update ratio too large"] {
		if bigStep < 0 || raw[i].First < bigStep {
			bigStep = raw[i].First
		}
		bigRatio = math.Max(bigRatio, raw[i].worst)
	}
	// Causes of small updates and of a loss at chance: dead units,
	// saturation, vanishing gradients, non-finite values.
	causes := map[string]string{}
	for _, kind := range []string{"non-finite values", "dead units", "saturation", "vanishing gradient"} {
		for _, i := range byKind[kind] {
			if _, ok := causes[kind]; !ok {
				causes[kind] = raw[i].Layer
			} else {
				causes[kind] += ", " + raw[i].Layer
			}
		}
	}
	explainedBy := func(w Warning) string {
		for _, kind := range []string{"non-finite values", "dead units", "saturation", "vanishing gradient"} {
			for _, i := range byKind[kind] {
				c := raw[i]
				if c.First > w.First {
					continue // it began after the small updates
				}
				switch {
				case c.layer == w.layer,
					kind == "non-finite values",
					// A layer (nearly) all dead or saturated starves every
					// other: it passes back no gradient and forward
					// constant activations.
					(kind == "dead units" || kind == "saturation") && c.worst >= 0.9,
					// The gradient shrinks on its way to the input.
					kind == "vanishing gradient" && w.layer < c.layer:
					return kind
				}
			}
		}
		return ""
	}
	explained := map[string][]string{} // cause kind -> layers whose small updates it explains
	for _, i := range byKind["update ratio too small"] {
		if kind := explainedBy(raw[i]); kind != "" {
			drop[i] = true
			explained[kind] = appendOnce(explained[kind], raw[i].Layer)
		}
	}
	var kept []Warning
	for i, w := range raw {
		if !drop[i] {
			kept = append(kept, w)
		}
	}
	kept = merge(kept)
	lo, hi := orDefault(o.RatioLow, 1e-5), orDefault(o.RatioHigh, 1e-1)
	told := map[string]bool{}
	for i := range kept {
		w := &kept[i]
		also := ""
		if ls := explained[w.Kind]; len(ls) > 0 && !told[w.Kind] {
			told[w.Kind] = true
			also = fmt.Sprintf(" This is also why the updates of %s fell below %s of the weights: raising the learning rate would not help.", strings.Join(ls, ", "), percent(lo))
		}
		switch w.Kind {
		case "non-finite values":
			w.Message = "NaN or infinite values in the layer: the training has diverged (learning rate too high, a log of zero, an overflow)." + also
		case "dead units":
			w.Message = fmt.Sprintf("%.0f%% of the units output zero for every example of the batch: they receive no gradient and will not recover.", 100*w.worst)
			if bigStep >= 0 && bigStep < w.First {
				w.Message += fmt.Sprintf(" They died after the update of step %d, which changed the weights by up to %s of their size (update ratio too large): that step is the cause.", bigStep, percent(bigRatio))
			} else {
				w.Message += " Lower the learning rate, check the initialisation and the biases, or use a leaky activation."
			}
			w.Message += also
		case "saturation":
			w.Message = fmt.Sprintf("%.0f%% of the activations sit in the flat tails of the nonlinearity, where the gradient is under 2%% of its peak. Scale the inputs, initialise smaller weights, or use ReLU or batch normalisation.", 100*w.worst) + also
		case "vanishing gradient":
			w.Message = fmt.Sprintf("The weight gradients are below %.2g times the output layer's (down to %.2g): the gradient shrinks on its way back through the layers, and the layers near the input barely learn. A sigmoid unit passes back at most a quarter of the gradient: use ReLU, batch normalisation, a better initialisation (He, Xavier), or fewer layers.", orDefault(o.Vanishing, 0.1), w.worst) + also
		case "exploding gradient":
			w.Message = fmt.Sprintf("The gradient norm grew up to %.3g times from one record to the next. Lower the learning rate or clip the gradients.", w.worst)
		case "update ratio too large":
			w.Message = fmt.Sprintf("Steps changed the weights by up to %s of their size (the book's reference: about 1%%; above %s is too much): the training is unstable. Lower the learning rate.", percent(w.worst), percent(hi))
			if w.layer == 0 {
				w.Message += " The first layer's gradient grows with the inputs: check that they are scaled (to about [0, 1], or standardised)."
			}
		case "update ratio too small":
			if w.worst == 0 {
				w.Message = "The steps do not change the weights at all: the layer does not learn."
			} else {
				w.Message = fmt.Sprintf("Steps changed the weights by as little as %s of their size (the book's reference: about 1%%; below %s is too little): the layer learns too slowly.", percent(w.worst), percent(lo))
			}
			if bigStep >= 0 && bigStep <= w.First {
				w.Message += fmt.Sprintf(" The updates were too large from step %d: look for what those steps broke rather than raising the learning rate.", bigStep)
			} else {
				w.Message += " Raise the learning rate, or look at the gradients reaching the layer."
			}
		case "loss at chance":
			// ln K for one output; a sum over the outputs of a network
			// with several is not the log of a whole number
			at := fmt.Sprintf("%.3f", w.worst)
			if k := math.Exp(w.worst); math.Abs(k-math.Round(k)) < 1e-6*k {
				at = fmt.Sprintf("ln %d = %.3f", int(math.Round(k)), w.worst)
			}
			w.Message = fmt.Sprintf("The training loss stays at %.3f, near %s, the loss of a model that gives every class the same probability: the network has learned nothing.", w.Value, at)
			var named []string
			for _, kind := range []string{"non-finite values", "dead units", "saturation", "vanishing gradient"} {
				if l, ok := causes[kind]; ok {
					named = append(named, kind+" in "+l)
				}
			}
			if len(named) > 0 {
				w.Message += " The cause is above: " + strings.Join(named, "; ") + "."
			} else {
				w.Message += " Check the learning rate, the labels and the inputs."
			}
		}
	}
	return kept
}

// merge joins the warnings of one kind in several layers into one, in the
// first one's place, over all their steps, with the most extreme
// measurement. Dead and saturated units stay per layer: their shares
// differ.
func merge(ws []Warning) []Warning {
	var out []Warning
	at := map[string]int{}
	for _, w := range ws {
		j, ok := at[w.Kind]
		if !ok || w.Kind == "dead units" || w.Kind == "saturation" {
			at[w.Kind] = len(out)
			out = append(out, w)
			continue
		}
		m := &out[j]
		m.Layer += ", " + w.Layer
		m.layer = min(m.layer, w.layer)
		if w.Last > m.Last {
			m.Last, m.Value = w.Last, w.Value
		}
		m.First, m.Count = min(m.First, w.First), max(m.Count, w.Count)
		smaller := w.Kind == "vanishing gradient" || w.Kind == "update ratio too small"
		if smaller && w.worst < m.worst || !smaller && w.worst > m.worst {
			m.worst = w.worst
		}
	}
	return out
}

// percent writes an update ratio as the book does: 1%, 50%, 0.001%.
func percent(r float64) string {
	if v := 100 * r; v >= 10 {
		return strconv.FormatFloat(v, 'f', 0, 64) + "%"
	}
	return strconv.FormatFloat(100*r, 'g', 2, 64) + "%"
}

func appendOnce(xs []string, x string) []string {
	for _, v := range xs {
		if v == x {
			return xs
		}
	}
	return append(xs, x)
}

// Last returns the latest record, and false when there is none.
func (mon *Monitor) Last() (Record, bool) {
	mon.mu.Lock()
	defer mon.mu.Unlock()
	if len(mon.records) == 0 {
		return Record{}, false
	}
	return mon.records[len(mon.records)-1], true
}

// Reset forgets the records and warnings.
func (mon *Monitor) Reset() {
	mon.mu.Lock()
	defer mon.mu.Unlock()
	mon.records, mon.warnings, mon.index = nil, nil, map[string]*Warning{}
}

// HistogramPlot returns the histograms of one quantity ("pre-activation",
// "activation" or "gradient") of layer i at the last record (bars) and the
// first (outline): how the distribution moved during training.
func (mon *Monitor) HistogramPlot(i int, quantity string) *plot.Plot {
	recs := mon.Records()
	pick := func(l LayerRecord) Histogram {
		switch quantity {
		case "pre-activation":
			return l.PreActivation
		case "activation":
			return l.Activation
		case "gradient":
			return l.Gradient
		}
		panic(fmt.Sprintf("diagnose: Monitor.HistogramPlot: unknown quantity %q", quantity))
	}
	name := fmt.Sprint("layer ", i)
	if len(recs) > 0 && i >= 0 && i < len(recs[0].Layers) {
		name = recs[0].Layers[i].Name
	}
	p := newPlot(name+": "+quantity, quantity, "share of the batch")
	p.Title.TextStyle.Font.Size = vg.Points(10.5)
	if len(recs) == 0 || i < 0 || i >= len(recs[0].Layers) {
		pick(LayerRecord{})
		return p
	}
	first, last := recs[0], recs[len(recs)-1]
	addHistogram(p, pick(last.Layers[i]), trainColor, false)
	if len(recs) > 1 {
		addHistogram(p, pick(first.Layers[i]), color.RGBA{R: 90, G: 90, B: 90, A: 255}, true)
	}
	p.X.Label.Text = fmt.Sprintf("%s (bars: step %d; outline: step %d)", quantity, last.Step, first.Step)
	if len(recs) == 1 {
		p.X.Label.Text = fmt.Sprintf("%s at step %d", quantity, last.Step)
	}
	return p
}

// layerColors tell layers apart in the plots over steps.
var layerColors = []color.RGBA{display.Color(0), display.Color(1), display.Color(2), display.Color(4), display.Color(5), display.Color(6)}

// SeriesPlot returns one statistic of every layer against the step:
// "update ratio" (log scale, with the healthy band), "gradient norm" (log
// scale), "dead" or "saturated" (shares).
func (mon *Monitor) SeriesPlot(stat string) *plot.Plot {
	recs := mon.Records()
	var get func(LayerRecord) float64
	logy := false
	switch stat {
	case "update ratio":
		get, logy = func(l LayerRecord) float64 { return l.UpdateRatio }, true
	case "gradient norm":
		get, logy = func(l LayerRecord) float64 { return l.GradNorm }, true
	case "dead":
		get = func(l LayerRecord) float64 { return l.Dead }
	case "saturated":
		get = func(l LayerRecord) float64 { return l.Saturated }
	default:
		panic(fmt.Sprintf("diagnose: Monitor.SeriesPlot: unknown statistic %q", stat))
	}
	ylabel := map[string]string{"update ratio": "||ΔW|| / ||W||", "gradient norm": "||∂L/∂W||", "dead": "share of dead units", "saturated": "share of saturated activations"}[stat]
	title := map[string]string{"update ratio": "Update ratio", "gradient norm": "Gradient norm", "dead": "Dead units", "saturated": "Saturated activations"}[stat]
	p := newPlot(title, "training step (batch)", ylabel)
	p.Title.TextStyle.Font.Size = vg.Points(10.5)
	var drawn []plotter.XYs
	if len(recs) == 0 {
		return p
	}
	if logy {
		logY(p)
	}
	for i := range recs[0].Layers {
		var xs, ys []float64
		for _, r := range recs {
			if i >= len(r.Layers) {
				continue
			}
			v := get(r.Layers[i])
			if !isFinite(v) || (logy && v <= 0) {
				continue
			}
			xs, ys = append(xs, float64(r.Step)), append(ys, v)
		}
		if len(xs) == 0 {
			continue
		}
		l, s := line(xs, ys, layerColors[i%len(layerColors)], false)
		s.GlyphStyle.Radius = vg.Points(1.5)
		p.Add(l, s)
		p.Legend.Add(recs[0].Layers[i].Name, l)
		drawn = append(drawn, xys(xs, ys))
	}
	if stat == "update ratio" {
		x0, x1 := float64(recs[0].Step), float64(recs[len(recs)-1].Step)
		if x1 == x0 {
			x1 = x0 + 1
		}
		lo, hi := orDefault(mon.opts.RatioLow, 1e-5), orDefault(mon.opts.RatioHigh, 1e-1)
		ref := hline(1e-2, x0, x1, goodColor)
		p.Add(hline(lo, x0, x1, markColor), hline(hi, x0, x1, markColor), ref)
		p.Legend.Add("the book's 1%", ref)
		drawn = append(drawn, plotter.XYs{{X: x0, Y: lo}, {X: x1, Y: lo}}, plotter.XYs{{X: x0, Y: hi}, {X: x1, Y: hi}}, ref.XYs)
	}
	if !logy {
		p.Y.Min, p.Y.Max = 0, math.Max(1e-9, p.Y.Max)
	}
	display.PlaceLegend(p, false, logy, drawn...)
	p.Legend.TextStyle.Font.Size = vg.Points(8)
	return p
}

// Grid returns the figure: for each layer a row of histograms
// (pre-activation, activation, gradient), then a row of the update ratios,
// gradient norms, and dead or saturated shares over the steps.
func (mon *Monitor) Grid() *display.Grid {
	g := display.NewGrid(3)
	last, ok := mon.Last()
	if !ok {
		return g
	}
	for i := range last.Layers {
		for _, q := range []string{"pre-activation", "activation", "gradient"} {
			g.Add(mon.HistogramPlot(i, q), "")
		}
	}
	g.Add(mon.SeriesPlot("update ratio"), "||ΔW|| / ||W|| per step; healthy band 1e-5 to 1e-1 around the book's 1e-2")
	g.Add(mon.SeriesPlot("gradient norm"), "||∂L/∂W||")
	switch mon.opts.Activation {
	case models.ReLU:
		g.Add(mon.SeriesPlot("dead"), "share of dead units")
	default:
		g.Add(mon.SeriesPlot("saturated"), "share of saturated activations")
	}
	return g
}

func (mon *Monitor) tables() (stats, warns *display.Table) {
	last, _ := mon.Last()
	stats = display.NewTable("layer", "units", "dead", "saturated", "grad norm", "grad RMS", "update ratio")
	stats.Caption = fmt.Sprintf("Layers at step %d", last.Step)
	for _, l := range last.Layers {
		stats.AddRow(l.Name, l.Units, num(l.Dead, "%.3f"), num(l.Saturated, "%.3f"), num(l.GradNorm, "%.3g"), num(l.GradRMS, "%.3g"), num(l.UpdateRatio, "%.3g"))
	}
	for _, c := range []string{"dead", "saturated", "grad norm", "grad RMS", "update ratio"} {
		stats.Align(c, display.AlignRight)
	}
	warns = display.NewTable("layer", "problem", "value", "steps", "records", "what it means")
	warns.Caption = "Warnings"
	for _, w := range mon.Warnings() {
		warns.AddRow(w.Layer, w.Kind, num(w.Value, "%.3g"), w.span(), w.Count, w.Message)
	}
	return stats, warns
}

// num formats v, or a dash for NaN.
func num(v float64, format string) string {
	if math.IsNaN(v) {
		return "–"
	}
	return fmt.Sprintf(format, v)
}

// String summarises the records and lists the warnings.
func (mon *Monitor) String() string {
	recs := mon.Records()
	if len(recs) == 0 {
		return "monitor: no steps recorded yet"
	}
	stats, _ := mon.tables()
	var b strings.Builder
	fmt.Fprintf(&b, "monitor: %d records, steps %d to %d\n%s\n", len(recs), recs[0].Step, recs[len(recs)-1].Step, stats)
	ws := mon.Warnings()
	if len(ws) == 0 {
		b.WriteString("no warnings")
	}
	for _, w := range ws {
		fmt.Fprintf(&b, "warning: %s: %s (%s): %s\n", w.Layer, w.Kind, w.steps(), w.Message)
	}
	return strings.TrimRight(b.String(), "\n")
}

// MIMEBundle renders the warnings, the statistics of the last record and
// the grid of histograms and series.
func (mon *Monitor) MIMEBundle() display.Bundle {
	if _, ok := mon.Last(); !ok {
		return display.Bundle{}.Set(display.MIMEText, mon.String())
	}
	stats, warns := mon.tables()
	var b strings.Builder
	b.WriteString("<div>")
	if len(warns.Rows) == 0 {
		fmt.Fprintf(&b, `<p style="color:rgb(%d,%d,%d)"><b>No warnings.</b></p>`, goodColor.R, goodColor.G, goodColor.B)
	} else {
		fmt.Fprintf(&b, `<p style="color:rgb(%d,%d,%d)"><b>%d warning(s).</b></p>%s`, badColor.R, badColor.G, badColor.B, len(warns.Rows), warns.HTML())
	}
	b.WriteString(stats.HTML())
	b.WriteString(mon.Grid().HTML())
	b.WriteString("</div>")
	return display.Bundle{}.Set(display.MIMEText, mon.String()).Set(display.MIMEHTML, b.String())
}
