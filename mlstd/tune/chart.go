package tune

import (
	"encoding/base64"
	"fmt"
	"image/color"
	"math"
	"strconv"

	"github.com/methodic-go/methodic/display"
	"github.com/methodic-go/methodic/mlstd/tune/store"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Chart is one or more plots of a study, laid out in a grid. It renders
// in a notebook as display.Plots renders a figure; Plots gives the gonum
// plots for changing them before they render.
type Chart struct {
	// Title names the chart in its text form.
	Title string
	// Width and Height are the size of the whole chart.
	Width, Height vg.Length
	plots         [][]*plot.Plot
	err           error
}

// Plots returns the plots, by row and column.
func (c *Chart) Plots() [][]*plot.Plot { return c.plots }

// Err is the error met reading or drawing the chart, if any.
func (c *Chart) Err() error { return c.err }

// String names the chart.
func (c *Chart) String() string {
	if c.err != nil {
		return c.err.Error()
	}
	return fmt.Sprintf("<chart %q>", c.Title)
}

// MIMEBundle renders the chart through display.Plots: a PNG at twice the
// screen resolution.
func (c *Chart) MIMEBundle() display.Bundle {
	if c.err != nil {
		return display.Error(c.err)
	}
	return c.render(display.PlotOptions{}).Set(display.MIMEText, c.String())
}

// render draws the chart's grid of plots in the given format.
func (c *Chart) render(o display.PlotOptions) display.Bundle {
	o.Width, o.Height = c.Width, c.Height
	return display.Plots(c.plots, o)
}

// SVG renders the chart as an SVG document.
func (c *Chart) SVG() (string, error) {
	if c.err != nil {
		return "", c.err
	}
	b := c.render(display.PlotOptions{Format: display.FormatSVG})
	svg, ok := b.Data[display.MIMESVG].(string)
	if !ok {
		return "", fmt.Errorf("tune: chart: %s", b.Text())
	}
	return svg, nil
}

// PNG renders the chart as a PNG image with scale pixels per CSS pixel
// (96 per inch).
func (c *Chart) PNG(scale float64) ([]byte, error) {
	if c.err != nil {
		return nil, c.err
	}
	b := c.render(display.PlotOptions{Format: display.FormatPNG, Scale: scale})
	s, ok := b.Data[display.MIMEPNG].(string)
	if !ok {
		return nil, fmt.Errorf("tune: chart: %s", b.Text())
	}
	return base64.StdEncoding.DecodeString(s)
}

var (
	colComplete = display.Color(0)
	colPruned   = color.RGBA{R: 180, G: 180, B: 180, A: 255}
	colRunning  = display.Color(1)
	colBest     = display.Color(3)
)

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func errChart(title string, err error) *Chart {
	return &Chart{Title: title, Width: 6 * vg.Inch, Height: 4 * vg.Inch, err: err}
}

func newPlot(title, x, y string) *plot.Plot { return display.NewPlot(title, x, y) }

// logIfSpread puts p's y axis on a log scale when the values are all
// positive and span a factor of ten or more, so that a few diverged
// trials (an error of 0.9 beside errors of 0.02) do not squash the rest
// against the bottom; it reports whether it did.
func logIfSpread(p *plot.Plot, sets ...plotter.XYs) bool {
	lo, hi := math.Inf(1), 0.0
	for _, xys := range sets {
		for _, q := range xys {
			if q.Y <= 0 {
				return false
			}
			lo, hi = math.Min(lo, q.Y), math.Max(hi, q.Y)
		}
	}
	if !(hi >= 10*lo) {
		return false
	}
	p.Y.Scale = plot.LogScale{}
	p.Y.Tick.Marker = display.LogTicks{}
	return true
}

func scatter(xys plotter.XYs, c color.Color, shape draw.GlyphDrawer, r vg.Length) *plotter.Scatter {
	s, err := plotter.NewScatter(xys)
	if err != nil {
		panic(err) // the points are filtered to be finite
	}
	s.GlyphStyle.Color = c
	s.GlyphStyle.Shape = shape
	s.GlyphStyle.Radius = r
	return s
}

func line(xys plotter.XYs, c color.Color, w vg.Length) *plotter.Line {
	l, err := plotter.NewLine(xys)
	if err != nil {
		panic(err)
	}
	l.Color = c
	l.Width = w
	return l
}

// stepped returns the corners of a post-step line through xys, as drawn.
func stepped(xys plotter.XYs) plotter.XYs {
	out := make(plotter.XYs, 0, 2*len(xys))
	for i, q := range xys {
		if i > 0 {
			out = append(out, plotter.XY{X: q.X, Y: xys[i-1].Y})
		}
		out = append(out, q)
	}
	return out
}

// History plots each trial's objective against its number (pruned trials
// at their last reported value, in grey) and the best value so far.
func (sn *Snapshot) History() *Chart {
	const title = "optimisation history"
	if sn.err != nil {
		return errChart(title, sn.err)
	}
	p := newPlot(fmt.Sprintf("Optimisation history of %q", sn.Name), "trial", sn.objectiveLabel())
	var done, pruned, bestLine plotter.XYs
	bestSoFar := math.NaN()
	for _, t := range sn.Trials {
		switch t.State {
		case store.Complete:
			if finite(t.Value) {
				done = append(done, plotter.XY{X: float64(t.Number), Y: t.Value})
				if sn.Direction.Better(t.Value, bestSoFar) {
					bestSoFar = t.Value
				}
			}
		case store.Pruned:
			if last, ok := t.Last(); ok && finite(last.Value) {
				pruned = append(pruned, plotter.XY{X: float64(t.Number), Y: last.Value})
			}
		}
		if finite(bestSoFar) {
			bestLine = append(bestLine, plotter.XY{X: float64(t.Number), Y: bestSoFar})
		}
	}
	logY := logIfSpread(p, done, pruned)
	if len(pruned) > 0 {
		s := scatter(pruned, colPruned, draw.RingGlyph{}, vg.Points(3))
		p.Add(s)
		p.Legend.Add("pruned (last value)", s)
	}
	if len(done) > 0 {
		s := scatter(done, colComplete, draw.CircleGlyph{}, vg.Points(3))
		p.Add(s)
		p.Legend.Add("complete", s)
	}
	if len(bestLine) > 0 {
		l := line(bestLine, colBest, display.LineWidth)
		l.StepStyle = plotter.PostStep
		p.Add(l)
		p.Legend.Add("best so far", l)
	}
	display.PlaceLegend(p, false, logY, done, pruned, stepped(bestLine))
	return &Chart{Title: title, Width: 6 * vg.Inch, Height: 4 * vg.Inch, plots: [][]*plot.Plot{{p}}}
}

// Slice plots the objective of the complete trials against each named
// parameter (every parameter when none is named), one panel each, each
// axis on its parameter's scale: a log axis for a log parameter, so the
// U-shaped curve of the learning rate shows itself.
func (sn *Snapshot) Slice(names ...string) *Chart {
	title := sn.objectiveLabel() + " by parameter"
	if sn.err != nil {
		return errChart(title, sn.err)
	}
	if len(names) == 0 {
		names = sn.ParamNames()
	}
	if len(names) == 0 {
		return errChart(title, fmt.Errorf("tune: study %q has no parameters yet", sn.Name))
	}
	var plots []*plot.Plot
	var all []plotter.XYs
	for _, name := range names {
		var dist store.Dist
		found := false
		var xys plotter.XYs
		for _, t := range sn.Trials {
			prm, ok := t.Param(name)
			if !ok {
				continue
			}
			if !found {
				dist, found = prm.Dist, true
			}
			if t.State == store.Complete && finite(t.Value) {
				xys = append(xys, plotter.XY{X: prm.Value, Y: t.Value})
			}
		}
		if !found {
			return errChart(title, fmt.Errorf("tune: study %q has no parameter %q", sn.Name, name))
		}
		p := newPlot(name, name, sn.objectiveLabel())
		if dist.Log {
			p.X.Scale = plot.LogScale{}
			p.X.Tick.Marker = display.LogTicks{}
		}
		if dist.Kind == store.Choice {
			var ticks []plot.Tick
			for i, c := range dist.Choices {
				ticks = append(ticks, plot.Tick{Value: float64(i), Label: c})
			}
			p.X.Tick.Marker = plot.ConstantTicks(ticks)
			p.X.Min, p.X.Max = -0.5, float64(len(dist.Choices))-0.5
		}
		if len(xys) > 0 {
			p.Add(scatter(xys, color.NRGBA{R: 31, G: 119, B: 180, A: 170}, draw.CircleGlyph{}, vg.Points(2.5)))
		}
		all = append(all, xys)
		plots = append(plots, p)
	}
	// One scale for every panel, logarithmic when diverged trials would
	// squash the others.
	for _, p := range plots {
		logIfSpread(p, all...)
	}
	cols := min(len(plots), 3)
	rows := (len(plots) + cols - 1) / cols
	grid := make([][]*plot.Plot, rows)
	for i, p := range plots {
		grid[i/cols] = append(grid[i/cols], p)
	}
	w := vg.Length(cols) * 3.2 * vg.Inch
	if cols == 1 {
		w = 5 * vg.Inch
	}
	return &Chart{Title: title, Width: w, Height: vg.Length(rows) * 3 * vg.Inch, plots: grid}
}

// Intermediate plots the intermediate values of every trial against the
// step: complete trials in blue, the best in red, running ones in orange,
// pruned ones greyed.
func (sn *Snapshot) Intermediate() *Chart {
	title := sn.objectiveLabel() + " by " + sn.stepLabel() + ", every trial"
	if sn.err != nil {
		return errChart(title, sn.err)
	}
	p := newPlot(fmt.Sprintf("Learning curves of the trials of %q", sn.Name), sn.stepLabel(), sn.objectiveLabel())
	bt, bestErr := sn.Best()
	var all []plotter.XYs
	for _, t := range sn.Trials {
		var xys plotter.XYs
		for _, pt := range t.Intermediate {
			if finite(pt.Value) {
				xys = append(xys, plotter.XY{X: float64(pt.Step), Y: pt.Value})
			}
		}
		all = append(all, xys)
	}
	logY := logIfSpread(p, all...)
	legend := map[string]bool{}
	addLegend := func(name string, l *plotter.Line) {
		if !legend[name] {
			legend[name] = true
			p.Legend.Add(name, l)
		}
	}
	pass := func(want func(store.Trial) bool, c color.Color, w vg.Length, name string) {
		for _, t := range sn.Trials {
			if !want(t) {
				continue
			}
			var xys plotter.XYs
			for _, pt := range t.Intermediate {
				if finite(pt.Value) {
					xys = append(xys, plotter.XY{X: float64(pt.Step), Y: pt.Value})
				}
			}
			if len(xys) == 0 {
				continue
			}
			if len(xys) == 1 {
				p.Add(scatter(xys, c, draw.CircleGlyph{}, w))
			}
			l := line(xys, c, w)
			p.Add(l)
			addLegend(name, l)
		}
	}
	isBest := func(t store.Trial) bool { return bestErr == nil && t.ID == bt.ID }
	pass(func(t store.Trial) bool {
		return t.State != store.Complete && t.State != store.Running && t.State != store.Paused
	}, colPruned, vg.Points(0.8), "pruned / stopped")
	pass(func(t store.Trial) bool { return t.State == store.Complete && !isBest(t) }, colComplete, vg.Points(1), "complete")
	pass(func(t store.Trial) bool { return t.State == store.Running || t.State == store.Paused }, colRunning, vg.Points(1), "running / paused")
	pass(isBest, colBest, vg.Points(2), "best (trial "+strconv.Itoa(bt.Number)+")")
	display.PlaceLegend(p, false, logY, all...)
	return &Chart{Title: title, Width: 6 * vg.Inch, Height: 4 * vg.Inch, plots: [][]*plot.Plot{{p}}}
}
