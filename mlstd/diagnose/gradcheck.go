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
	"gonum.org/v1/gonum/mat"
)

// Differentiable is a model whose training loss and its back-propagated
// gradient can be evaluated at any parameter vector: what a gradient check
// and a learning-rate range test need. *models.MLP satisfies it (after
// Begin or Fit); so can any model a user writes. The labels y are a data
// set's Y, unless the model also has a method Labels(*data.Dataset) []int
// that gives them in its own form (a ConvNet with heads: every output's
// label of each row): GradientCheck and LRRangeTest then use it.
type Differentiable interface {
	// ParamLayout describes the blocks of the parameter vector.
	ParamLayout() []models.ParamBlock
	// Params returns a copy of the current parameters.
	Params() []float64
	// Loss returns the training loss at parameters p on rows x, labels y.
	Loss(p []float64, x *mat.Dense, y []int) float64
	// Gradient returns the loss and its gradient with respect to p.
	Gradient(p []float64, x *mat.Dense, y []int) (float64, []float64)
}

// labelsOf returns the labels m's Loss and Gradient take for d's rows.
func labelsOf(m Differentiable, d *data.Dataset) []int {
	if l, ok := m.(interface{ Labels(*data.Dataset) []int }); ok {
		return l.Labels(d)
	}
	return d.Y
}

// GradCheckOptions configures GradientCheck. The zero value is a good
// default.
type GradCheckOptions struct {
	// Rows is the number of examples (drawn at random from the data set)
	// the loss is evaluated on: 0 means 8.
	Rows int
	// PerBlock is the number of parameters checked in each block (drawn at
	// random): 0 means 30, a negative value means all of them.
	PerBlock int
	// Step is the finite-difference step h: 0 means 1e-5. The numerical
	// derivative is the central difference (L(p+h) - L(p-h)) / 2h, whose
	// error is of order h² (plus rounding of order 1e-16/h).
	Step float64
	// Tol is the largest relative error that passes: 0 means 1e-5.
	// The relative error is |a - n| / max(|a|, |n|, Floor) for the
	// back-propagated value a and the numerical value n.
	Tol float64
	// Floor keeps the relative error of derivatives that are both nearly
	// zero from being a ratio of rounding errors: 0 means 1e-8.
	Floor float64
	// Worst is the number of entries the rendering lists: 0 means 10.
	Worst int
	// Seed seeds the choice of rows and parameters.
	Seed uint64
}

// GradEntry is one checked parameter.
type GradEntry struct {
	// Block names the parameter's block ("hidden 1/W"); Row and Col are
	// its position in the block (Row is 0 for vectors); Index its position
	// in the whole parameter vector.
	Block         string
	Row, Col      int
	Index         int
	Backprop      float64
	Numeric       float64
	RelativeError float64
	Passed        bool
}

// GradBlock is the summary of one block of parameters.
type GradBlock struct {
	// Name is "<layer>/<kind>" ("hidden 1/W", "output/b").
	Name    string
	Layer   int
	Kind    string
	Size    int
	Checked int
	// MaxError is the largest relative error of the block's checked
	// entries; Failed counts those above Tol.
	MaxError float64
	Failed   int
	Passed   bool
}

// GradCheck is the result of a gradient check: one record per checked
// parameter, a summary per block, and whether all passed. It renders as a
// table of the blocks and a table of the worst entries.
type GradCheck struct {
	Entries []GradEntry
	Blocks  []GradBlock
	Tol     float64
	Step    float64
	Rows    int
	Passed  bool
	worst   int
}

// GradientCheck compares the back-propagated gradient of m's loss at its
// current parameters with central finite differences, parameter by
// parameter, on Rows examples of d: the check of section 11.5 of the book,
// torch.autograd.gradcheck's, per block of the parameter vector (each
// layer's weights and biases). A block passes when every checked entry's
// relative error is at most Tol. Check a fresh model (after Begin) as well
// as a trained one: a bug can hide where units are saturated or dead.
//
// For ReLU networks a finite difference can straddle a kink (a
// pre-activation within Step of zero) and disagree with a correct
// gradient; with the default step this is rare, and shows as a single
// failing entry rather than a whole block.
//
// It returns ctx.Err() when ctx is cancelled, and an error when d is
// invalid or its width does not match the model.
func GradientCheck(ctx context.Context, m Differentiable, d *data.Dataset, o GradCheckOptions) (*GradCheck, error) {
	if m == nil {
		panic("diagnose: GradientCheck: nil model")
	}
	if err := d.Validate(); err != nil {
		return nil, fmt.Errorf("diagnose: GradientCheck: %w", err)
	}
	rows := o.Rows
	if rows <= 0 {
		rows = 8
	}
	rows = min(rows, d.Len())
	h := orDefault(o.Step, 1e-5)
	tol := orDefault(o.Tol, 1e-5)
	floor := orDefault(o.Floor, 1e-8)
	rng := data.NewRand(o.Seed)
	idx := rng.Perm(d.Len())[:rows]
	sub := d.Subset(idx)

	var (
		p      []float64
		layout []models.ParamBlock
		grad   []float64
		y      []int
	)
	if err := protect(func() error {
		p = m.Params()
		layout = m.ParamLayout()
		y = labelsOf(m, sub)
		_, grad = m.Gradient(p, sub.X, y)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("diagnose: GradientCheck: %w", err)
	}
	if len(grad) != len(p) {
		return nil, fmt.Errorf("diagnose: GradientCheck: gradient has %d values for %d parameters", len(grad), len(p))
	}
	gc := &GradCheck{Tol: tol, Step: h, Rows: rows, Passed: true, worst: o.Worst}
	q := append([]float64(nil), p...)
	for _, blk := range layout {
		size := blk.Size()
		if blk.Offset < 0 || blk.Offset+size > len(p) {
			return nil, fmt.Errorf("diagnose: GradientCheck: block %s/%s outside the parameter vector", blk.Name, blk.Kind)
		}
		picks := make([]int, size)
		for i := range picks {
			picks[i] = i
		}
		if n := o.PerBlock; n >= 0 {
			if n == 0 {
				n = 30
			}
			if n < size {
				rng.Shuffle(size, func(i, j int) { picks[i], picks[j] = picks[j], picks[i] })
				picks = picks[:n]
				sort.Ints(picks)
			}
		}
		name := blk.Name + "/" + blk.Kind
		gb := GradBlock{Name: name, Layer: blk.Layer, Kind: blk.Kind, Size: size, Checked: len(picks), Passed: true}
		for _, k := range picks {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			i := blk.Offset + k
			var num float64
			if err := protect(func() error {
				q[i] = p[i] + h
				lp := m.Loss(q, sub.X, y)
				q[i] = p[i] - h
				lm := m.Loss(q, sub.X, y)
				q[i] = p[i]
				num = (lp - lm) / (2 * h)
				return nil
			}); err != nil {
				return nil, fmt.Errorf("diagnose: GradientCheck: %w", err)
			}
			a := grad[i]
			rel := math.Abs(a-num) / math.Max(math.Max(math.Abs(a), math.Abs(num)), floor)
			if math.IsNaN(rel) {
				rel = math.Inf(1)
			}
			e := GradEntry{Block: name, Index: i, Backprop: a, Numeric: num, RelativeError: rel, Passed: rel <= tol}
			if blk.Cols > 0 {
				e.Row, e.Col = k/blk.Cols, k%blk.Cols
			}
			gc.Entries = append(gc.Entries, e)
			gb.MaxError = math.Max(gb.MaxError, rel)
			if !e.Passed {
				gb.Failed++
				gb.Passed = false
				gc.Passed = false
			}
		}
		gc.Blocks = append(gc.Blocks, gb)
	}
	return gc, nil
}

// Worst returns the n entries with the largest relative error, worst
// first.
func (g *GradCheck) Worst(n int) []GradEntry {
	es := append([]GradEntry(nil), g.Entries...)
	sort.SliceStable(es, func(i, j int) bool { return es[i].RelativeError > es[j].RelativeError })
	return es[:min(n, len(es))]
}

// Block returns the summary of the named block ("hidden 1/W") and whether
// it was checked.
func (g *GradCheck) Block(name string) (GradBlock, bool) {
	for _, b := range g.Blocks {
		if b.Name == name {
			return b, true
		}
	}
	return GradBlock{}, false
}

func passWord(ok bool) string {
	if ok {
		return "pass"
	}
	return "FAIL"
}

// summary is one line on the whole check.
func (g *GradCheck) summary() string {
	failed := 0
	for _, b := range g.Blocks {
		if !b.Passed {
			failed++
		}
	}
	if g.Passed {
		return fmt.Sprintf("Gradient check passed: %d parameters in %d blocks agree with central differences (h = %g, %d rows) within relative error %g.", len(g.Entries), len(g.Blocks), g.Step, g.Rows, g.Tol)
	}
	var names []string
	for _, b := range g.Blocks {
		if !b.Passed {
			names = append(names, b.Name)
		}
	}
	return fmt.Sprintf("Gradient check FAILED in %d of %d blocks (%s): back-propagation disagrees with central differences (h = %g, %d rows) beyond relative error %g. Look for a bug in the backward pass of those layers.", failed, len(g.Blocks), strings.Join(names, ", "), g.Step, g.Rows, g.Tol)
}

func (g *GradCheck) tables() (*display.Table, *display.Table) {
	bt := display.NewTable("block", "size", "checked", "max relative error", "failed", "result")
	bt.Format("max relative error", "%.2e")
	for _, b := range g.Blocks {
		bt.AddRow(b.Name, b.Size, b.Checked, b.MaxError, b.Failed, passWord(b.Passed))
	}
	bt.Caption = "Per block"
	n := g.worst
	if n <= 0 {
		n = 10
	}
	wt := display.NewTable("block", "row", "col", "backprop", "numeric", "relative error", "result")
	wt.Format("backprop", "%.6g").Format("numeric", "%.6g").Format("relative error", "%.2e")
	for _, e := range g.Worst(n) {
		wt.AddRow(e.Block, e.Row, e.Col, e.Backprop, e.Numeric, e.RelativeError, passWord(e.Passed))
	}
	wt.Caption = "Worst entries"
	return bt, wt
}

// String returns the summary and the tables as text.
func (g *GradCheck) String() string {
	bt, wt := g.tables()
	return g.summary() + "\n" + bt.String() + "\n" + wt.String()
}

// MIMEBundle renders the summary, the table of blocks and the table of the
// worst entries.
func (g *GradCheck) MIMEBundle() display.Bundle {
	bt, wt := g.tables()
	color := goodColor
	if !g.Passed {
		color = badColor
	}
	h := fmt.Sprintf(`<div><p style="color:rgb(%d,%d,%d)"><b>%s</b></p>%s%s</div>`, color.R, color.G, color.B, htmlEscape(g.summary()), bt.HTML(), wt.HTML())
	return display.Bundle{}.Set(display.MIMEText, g.String()).Set(display.MIMEHTML, h)
}
