package tune

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/methodic-go/methodic/mlstd/tune/store"
)

// Grid is grid search: every combination of a few candidate values per
// hyperparameter (the Cartesian product), tried once each. Build one with
// NewGrid and the Values, LogValues, Ints, LogInts and Choices methods, in
// the order the loops should nest (the last varies fastest).
//
// A Grid is a Sampler with a fixed list of points: Optimize enqueues the
// points the study has not tried yet, workers claim them one each, and the
// search ends when they are done. An objective suggesting a parameter that
// is not in the grid fails with a clear message.
//
// The chapter's advice is to search iteratively: run a coarse grid on a
// log scale, then Refine it around the best point and run again.
type Grid struct {
	axes []Axis
}

// Axis is one hyperparameter of a grid and its candidate values.
type Axis struct {
	Name string
	// Values are the candidates of a numeric axis, in increasing order.
	Values []float64
	// Labels are the candidates of a choice axis (Values is then nil).
	Labels []string
	// Log marks an axis spaced on a log scale: Refine works on the
	// logarithms of its values.
	Log bool
	// Int marks an axis of integers: Refine rounds and keeps them distinct.
	Int bool
}

// NewGrid returns an empty grid.
func NewGrid() *Grid { return &Grid{} }

// Values adds a numeric axis with candidates on a linear scale. It panics
// when name is already an axis or no value is given.
func (g *Grid) Values(name string, values ...float64) *Grid {
	return g.add(Axis{Name: name, Values: sortedUnique(values)})
}

// LogValues adds a numeric axis whose candidates are spaced on a log scale
// (learning rates 0.1, 0.01, 0.001). It panics unless every value is
// positive.
func (g *Grid) LogValues(name string, values ...float64) *Grid {
	for _, v := range values {
		if !(v > 0) {
			panic(fmt.Sprintf("tune: log-scale grid values of %q must be positive, have %v", name, v))
		}
	}
	return g.add(Axis{Name: name, Values: sortedUnique(values), Log: true})
}

// Ints adds an integer axis on a linear scale.
func (g *Grid) Ints(name string, values ...int) *Grid {
	return g.add(Axis{Name: name, Values: sortedUnique(intsToFloats(values)), Int: true})
}

// LogInts adds an integer axis spaced on a log scale (units 50, 100, 200).
func (g *Grid) LogInts(name string, values ...int) *Grid {
	for _, v := range values {
		if v <= 0 {
			panic(fmt.Sprintf("tune: log-scale grid values of %q must be positive, have %d", name, v))
		}
	}
	return g.add(Axis{Name: name, Values: sortedUnique(intsToFloats(values)), Int: true, Log: true})
}

// Choices adds a choice axis.
func (g *Grid) Choices(name string, labels ...string) *Grid {
	if len(labels) == 0 {
		panic(fmt.Sprintf("tune: grid axis %q has no values", name))
	}
	return g.add(Axis{Name: name, Labels: append([]string(nil), labels...)})
}

func (g *Grid) add(a Axis) *Grid {
	if a.Name == "" {
		panic("tune: grid axis with an empty name")
	}
	if len(a.Values) == 0 && len(a.Labels) == 0 {
		panic(fmt.Sprintf("tune: grid axis %q has no values", a.Name))
	}
	for _, b := range g.axes {
		if b.Name == a.Name {
			panic(fmt.Sprintf("tune: grid axis %q given twice", a.Name))
		}
	}
	g.axes = append(g.axes, a)
	return g
}

func intsToFloats(v []int) []float64 {
	f := make([]float64, len(v))
	for i, x := range v {
		f[i] = float64(x)
	}
	return f
}

func sortedUnique(v []float64) []float64 {
	out := make([]float64, 0, len(v))
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			panic(fmt.Sprintf("tune: grid value %v is not finite", x))
		}
		out = append(out, x)
	}
	sort.Float64s(out)
	j := 0
	for i, x := range out {
		if i == 0 || x != out[j-1] {
			out[j] = x
			j++
		}
	}
	return out[:j]
}

// Axes returns the grid's axes.
func (g *Grid) Axes() []Axis {
	out := make([]Axis, len(g.axes))
	for i, a := range g.axes {
		out[i] = Axis{Name: a.Name, Values: append([]float64(nil), a.Values...), Labels: append([]string(nil), a.Labels...), Log: a.Log, Int: a.Int}
		if a.Labels == nil {
			out[i].Labels = nil
		}
	}
	return out
}

// Size is the number of points: the product of the axes' lengths.
func (g *Grid) Size() int {
	if len(g.axes) == 0 {
		return 0
	}
	n := 1
	for _, a := range g.axes {
		n *= a.len()
	}
	return n
}

func (a Axis) len() int {
	if a.Labels != nil {
		return len(a.Labels)
	}
	return len(a.Values)
}

func (a Axis) dist() store.Dist {
	if a.Labels != nil {
		return store.Dist{Kind: store.Choice, Choices: a.Labels}
	}
	k := store.Float
	if a.Int {
		k = store.Int
	}
	return store.Dist{Kind: k, Lo: a.Values[0], Hi: a.Values[len(a.Values)-1], Log: a.Log}
}

// Points lists every point of the grid, the last axis varying fastest.
func (g *Grid) Points() [][]store.Param {
	n := g.Size()
	out := make([][]store.Param, n)
	dists := make([]store.Dist, len(g.axes))
	for j, a := range g.axes {
		dists[j] = a.dist()
	}
	for i := 0; i < n; i++ {
		pt := make([]store.Param, len(g.axes))
		rest := i
		for j := len(g.axes) - 1; j >= 0; j-- {
			a := g.axes[j]
			k := rest % a.len()
			rest /= a.len()
			v := float64(k)
			if a.Labels == nil {
				v = a.Values[k]
			}
			pt[j] = store.Param{Name: a.Name, Dist: dists[j], Value: v}
		}
		out[i] = pt
	}
	return out
}

func (g *Grid) historyFree() {}

// Relative implements Sampler; a grid's points are enqueued, not sampled.
func (g *Grid) Relative(History, int) map[string]store.Param { return nil }

// Sample implements Sampler. It is called only for a parameter that is
// not in the grid, which is the objective's mistake: it panics to fail the
// trial with a message naming the parameter.
func (g *Grid) Sample(_ History, _ int, name string, _ store.Dist) float64 {
	panic(fmt.Sprintf("tune: parameter %q is not in the grid", name))
}

// Refine returns the next grid of the chapter's iterative grid search,
// centred on best (parameter values by name, as Trial.Params or
// ParamValues give them). Each numeric axis keeps its number of values:
//
//   - best at the top edge: the grid moves outward with the same spacing,
//     starting at best ({-1, 0, 1} with best 1 becomes {1, 2, 3});
//   - best at the bottom edge: the same, downward;
//   - best inside: the spacing shrinks ten times around best ({-1, 0, 1}
//     with best 0 becomes {-0.1, 0, 0.1}).
//
// Log-scale axes do this with the logarithms ({0.001, 0.01, 0.1} with best
// 0.1 becomes {0.1, 1, 10}). Integer axes round and drop repeats. Choice
// axes, axes of one value and axes missing from best stay as they are.
func (g *Grid) Refine(best map[string]float64) *Grid {
	return g.RefineBy(best, 10)
}

// RefineBy is Refine with another shrink factor for the inside case. It
// panics unless factor > 1.
func (g *Grid) RefineBy(best map[string]float64, factor float64) *Grid {
	if !(factor > 1) {
		panic(fmt.Sprintf("tune: refine factor must be above 1, have %v", factor))
	}
	out := &Grid{axes: g.Axes()}
	for i, a := range out.axes {
		b, ok := best[a.Name]
		if !ok || a.Labels != nil || len(a.Values) < 2 {
			continue
		}
		out.axes[i].Values = refineAxis(a, b, factor)
	}
	return out
}

func refineAxis(a Axis, best float64, factor float64) []float64 {
	fwd, inv := func(x float64) float64 { return x }, func(x float64) float64 { return x }
	if a.Log {
		fwd, inv = math.Log10, func(x float64) float64 { return math.Pow(10, x) }
	}
	n := len(a.Values)
	u := make([]float64, n)
	for i, v := range a.Values {
		u[i] = fwd(v)
	}
	// The candidate nearest to best (best is normally one of them).
	ub := fwd(best)
	if a.Log && !(best > 0) {
		ub = u[0]
	}
	i := 0
	for j := range u {
		if math.Abs(u[j]-ub) < math.Abs(u[i]-ub) {
			i = j
		}
	}
	var start, step float64
	switch i {
	case n - 1:
		step = u[n-1] - u[n-2]
		start = ub
	case 0:
		step = u[1] - u[0]
		start = ub - float64(n-1)*step
	default:
		step = math.Min(u[i]-u[i-1], u[i+1]-u[i]) / factor
		if a.Int && !a.Log && step < 1 {
			step = 1
		}
		start = ub - float64((n-1)/2)*step
	}
	vals := make([]float64, n)
	for k := range vals {
		vals[k] = tidy(inv(start + float64(k)*step))
		if a.Int {
			vals[k] = math.Round(vals[k])
		}
	}
	if a.Log || a.Int {
		// An integer or log axis must stay valid: positive on a log scale.
		kept := vals[:0]
		for _, v := range vals {
			if !a.Log || v > 0 {
				kept = append(kept, v)
			}
		}
		vals = kept
	}
	return sortedUnique(vals)
}

// tidy rounds away the last bits of float noise (0.30000000000000004).
func tidy(x float64) float64 {
	y, err := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 12, 64), 64)
	if err != nil {
		return x
	}
	return y
}

// ParamValues returns a trial's parameters by name, as Refine takes them.
func ParamValues(t store.Trial) map[string]float64 {
	m := make(map[string]float64, len(t.Params))
	for _, p := range t.Params {
		m[p.Name] = p.Value
	}
	return m
}

// String shows the axis as "lr log {0.001, 0.01, 0.1}".
func (a Axis) String() string {
	var vals []string
	if a.Labels != nil {
		vals = a.Labels
	} else {
		for _, v := range a.Values {
			vals = append(vals, strconv.FormatFloat(v, 'g', 6, 64))
		}
	}
	kind := ""
	switch {
	case a.Log && a.Int:
		kind = " log int"
	case a.Log:
		kind = " log"
	case a.Int:
		kind = " int"
	}
	return a.Name + kind + " {" + strings.Join(vals, ", ") + "}"
}

// String shows the grid's axes and its size.
func (g *Grid) String() string {
	parts := make([]string, len(g.axes))
	for i, a := range g.axes {
		parts[i] = a.String()
	}
	return fmt.Sprintf("grid of %d points: %s", g.Size(), strings.Join(parts, " × "))
}
