package metrics

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/methodic-go/methodic/display"
)

// Curves render through gonum/plot: each curve type has a Plot method that
// returns the *plot.Plot (to adjust before showing it with display.Plot),
// and a MIMEBundle method, so that a curve as the last expression of a cell
// shows as the plot. PRCurves, ROCCurves and CoverageCurves draw several
// models on one plot.

// curveColor is the i-th colour of display's cycle (matplotlib's tab10),
// so that curves look as they do in scikit-learn's displays.
func curveColor(i int) color.Color { return display.Color(i) }

var (
	guideColor = color.Gray{Y: 0xa8}
	dashes     = []vg.Length{vg.Points(4), vg.Points(3)}
	// Marks are filled shapes in the curve's colour under a dark outline
	// that sets them off from the curve.
	markFills    = []draw.GlyphDrawer{draw.CircleGlyph{}, draw.BoxGlyph{}, draw.PyramidGlyph{}}
	markOutlines = []draw.GlyphDrawer{draw.RingGlyph{}, draw.SquareGlyph{}, draw.TriangleGlyph{}}
	markOutline  = color.Gray{Y: 0x20}
)

// unitPlot returns a plot over [0, 1]² in display's notebook look.
func unitPlot(title, x, y string) *plot.Plot {
	p := display.NewPlot(title, x, y)
	p.X.Min, p.X.Max = 0, 1
	p.Y.Min, p.Y.Max = 0, 1.02
	return p
}

// maxDrawn bounds the points drawn for one curve: a million thresholds
// would make a huge SVG for no visible difference.
const maxDrawn = 2000

// thin returns the points (xs[i], ys[i]) with those closer than about a
// pixel to the last kept one left out, keeping the first and the last. For
// a step curve a point is kept whenever its y changes enough, so that no
// step disappears.
func thin(xs, ys []float64) plotter.XYs {
	n := len(xs)
	out := make(plotter.XYs, 0, min(n, maxDrawn))
	const eps = 1.0 / maxDrawn
	for i := range n {
		if i > 0 && i < n-1 {
			last := out[len(out)-1]
			if math.Abs(xs[i]-last.X) < eps && math.Abs(ys[i]-last.Y) < eps {
				continue
			}
		}
		out = append(out, plotter.XY{X: xs[i], Y: ys[i]})
	}
	return out
}

// mark draws one labelled point in the curve's colour; the i-th mark of a
// curve gets the i-th shape.
func mark(p *plot.Plot, x, y float64, c color.Color, i int, label string) plotter.XY {
	xys := plotter.XYs{{X: x, Y: y}}
	fill, err := plotter.NewScatter(xys)
	if err != nil {
		return xys[0]
	}
	outline, err := plotter.NewScatter(xys)
	if err != nil {
		return xys[0]
	}
	r := vg.Points(4.5)
	fill.GlyphStyle = draw.GlyphStyle{Color: c, Radius: r, Shape: markFills[i%len(markFills)]}
	outline.GlyphStyle = draw.GlyphStyle{Color: markOutline, Radius: r, Shape: markOutlines[i%len(markOutlines)]}
	p.Add(fill, outline)
	p.Legend.Add(label, fill, outline)
	return xys[0]
}

func curveName(name string, i int, what string) string {
	if name == "" {
		if i == 0 {
			return what
		}
		return fmt.Sprintf("%s %d", what, i+1)
	}
	return name
}

// PRCurves are precision-recall curves drawn on one plot, to compare
// models: metrics.PRCurves{a, b} as the last expression of a cell shows
// them.
type PRCurves []*PRCurve

// Plot draws c's precision-recall curves. The curves are step functions
// (the area under the steps is the average precision, given in the
// legend), over grey iso-F1 lines along which F1 is constant; marked
// operating points appear in the legend with their thresholds. A single
// curve also shows the precision of a classifier without skill, the
// fraction of positives.
func (cs PRCurves) Plot() *plot.Plot {
	p := unitPlot("Precision-recall curve", "recall", "precision")
	var drawn []plotter.XYs
	isoF1(p)
	if len(cs) == 1 && cs[0] != nil {
		c := cs[0]
		prev := c.Positives / (c.Positives + c.Negatives)
		l, err := plotter.NewLine(plotter.XYs{{X: 0, Y: prev}, {X: 1, Y: prev}})
		if err == nil {
			l.Color, l.Dashes = guideColor, []vg.Length{vg.Points(1), vg.Points(2)}
			p.Add(l)
			p.Legend.Add(fmt.Sprintf("no skill (%.3g)", prev), l)
		}
	}
	for i, c := range cs {
		if c == nil {
			continue
		}
		l, err := plotter.NewLine(thin(c.Recall, c.Precision))
		if err != nil {
			continue
		}
		l.StepStyle = plotter.PostStep
		l.Color, l.Width = curveColor(i), display.LineWidth
		p.Add(l)
		p.Legend.Add(fmt.Sprintf("%s (AP = %.3f)", curveName(c.Name, i, "model"), c.AP), l)
		drawn = append(drawn, steps(l.XYs))
		for j, op := range c.Marks {
			drawn = append(drawn, plotter.XYs{mark(p, op.Recall, op.Precision, curveColor(i), j,
				fmt.Sprintf("%s: t = %.3g, P %.3f, R %.3f", op.Label, op.Threshold, op.Precision, op.Recall))})
		}
	}
	display.CornerLegend(p, false, false, drawn...)
	return p
}

// steps returns the corners of a post-step line through xys, as it is
// drawn.
func steps(xys plotter.XYs) plotter.XYs {
	out := make(plotter.XYs, 0, 2*len(xys))
	for i, q := range xys {
		if i > 0 {
			out = append(out, plotter.XY{X: q.X, Y: xys[i-1].Y})
		}
		out = append(out, q)
	}
	return out
}

// isoF1 draws the curves of constant F1 = 0.2, 0.4, 0.6, 0.8: precision
// f·r / (2r − f) for recall r from f/2 to 1.
func isoF1(p *plot.Plot) {
	for _, f := range []float64{0.2, 0.4, 0.6, 0.8} {
		var xys plotter.XYs
		r0 := f / (2 - f) // where precision reaches 1
		for i := range 101 {
			r := r0 + (1-r0)*float64(i)/100
			xys = append(xys, plotter.XY{X: r, Y: f * r / (2*r - f)})
		}
		l, err := plotter.NewLine(xys)
		if err != nil {
			continue
		}
		l.Color, l.Dashes, l.Width = guideColor, dashes, vg.Points(0.75)
		p.Add(l)
		labels, err := plotter.NewLabels(plotter.XYLabels{
			XYs:    plotter.XYs{{X: 0.9, Y: f*0.9/(1.8-f) + 0.015}},
			Labels: []string{fmt.Sprintf("F1=%.1f", f)},
		})
		if err != nil {
			continue
		}
		labels.TextStyle[0].Color = guideColor
		labels.TextStyle[0].Font = p.X.Tick.Label.Font
		labels.TextStyle[0].Font.Size = vg.Points(8)
		p.Add(labels)
	}
}

// MIMEBundle renders the curves as a plot (see display.Plot for formats).
func (cs PRCurves) MIMEBundle() display.Bundle {
	return display.Plot(cs.Plot(), display.PlotOptions{}).Set(display.MIMEText, cs.String())
}

// String lists the curves.
func (cs PRCurves) String() string { return listCurves(cs) }

// Plot draws the curve (see PRCurves.Plot).
func (c *PRCurve) Plot() *plot.Plot { return PRCurves{c}.Plot() }

// MIMEBundle renders the curve as a plot.
func (c *PRCurve) MIMEBundle() display.Bundle { return PRCurves{c}.MIMEBundle() }

// ROCCurves are ROC curves drawn on one plot.
type ROCCurves []*ROCCurve

// Plot draws c's ROC curves over the diagonal of a classifier without
// skill, with each curve's AUC in the legend and its marked points.
func (cs ROCCurves) Plot() *plot.Plot {
	p := unitPlot("ROC curve", "false positive rate", "true positive rate")
	var drawn []plotter.XYs
	chance, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
	if err == nil {
		chance.Color, chance.Dashes = guideColor, dashes
		p.Add(chance)
		p.Legend.Add("chance (AUC = 0.5)", chance)
	}
	for i, c := range cs {
		if c == nil {
			continue
		}
		l, err := plotter.NewLine(thin(c.FPR, c.TPR))
		if err != nil {
			continue
		}
		l.Color, l.Width = curveColor(i), display.LineWidth
		p.Add(l)
		p.Legend.Add(fmt.Sprintf("%s (AUC = %.3f)", curveName(c.Name, i, "model"), c.AUC), l)
		drawn = append(drawn, l.XYs)
		for j, m := range c.Marks {
			drawn = append(drawn, plotter.XYs{mark(p, m.FPR, m.TPR, curveColor(i), j,
				fmt.Sprintf("%s: t = %.3g, FPR %.3f, TPR %.3f", m.Label, m.Threshold, m.FPR, m.TPR))})
		}
	}
	display.CornerLegend(p, false, false, drawn...)
	return p
}

// MIMEBundle renders the curves as a plot.
func (cs ROCCurves) MIMEBundle() display.Bundle {
	return display.Plot(cs.Plot(), display.PlotOptions{}).Set(display.MIMEText, cs.String())
}

// String lists the curves.
func (cs ROCCurves) String() string { return listCurves(cs) }

// Plot draws the curve (see ROCCurves.Plot).
func (c *ROCCurve) Plot() *plot.Plot { return ROCCurves{c}.Plot() }

// MIMEBundle renders the curve as a plot.
func (c *ROCCurve) MIMEBundle() display.Bundle { return ROCCurves{c}.MIMEBundle() }

// CoverageCurves are coverage curves drawn on one plot.
type CoverageCurves []*CoverageCurve

// Plot draws accuracy against coverage for each curve, with marked points.
// The vertical axis spans the accuracies shown, from a little below the
// lowest, since the interesting part of the trade-off is near the top.
func (cs CoverageCurves) Plot() *plot.Plot {
	p := unitPlot("Coverage: accuracy of the answers when abstaining", "coverage (fraction answered)", "accuracy of the answers")
	var drawn []plotter.XYs
	lo := 1.0
	for i, c := range cs {
		if c == nil {
			continue
		}
		for _, a := range c.Accuracy {
			lo = min(lo, a)
		}
		if len(c.Accuracy) == 0 {
			continue
		}
		l, err := plotter.NewLine(thin(c.Coverage, c.Accuracy))
		if err != nil {
			continue
		}
		l.Color, l.Width = curveColor(i), display.LineWidth
		p.Add(l)
		full := c.Accuracy[len(c.Accuracy)-1]
		p.Legend.Add(fmt.Sprintf("%s (%.3f at full coverage)", curveName(c.Name, i, "model"), full), l)
		drawn = append(drawn, l.XYs)
		for j, m := range c.Marks {
			drawn = append(drawn, plotter.XYs{mark(p, m.Coverage, m.Accuracy, curveColor(i), j,
				fmt.Sprintf("%s: t = %.3g, coverage %.3f, accuracy %.3f", m.Label, m.Threshold, m.Coverage, m.Accuracy))})
		}
	}
	// Start the axis a little below the lowest accuracy shown.
	p.Y.Min = math.Max(0, lo-0.15*(1-lo))
	display.CornerLegend(p, false, false, drawn...)
	return p
}

// MIMEBundle renders the curves as a plot.
func (cs CoverageCurves) MIMEBundle() display.Bundle {
	return display.Plot(cs.Plot(), display.PlotOptions{}).Set(display.MIMEText, cs.String())
}

// String lists the curves.
func (cs CoverageCurves) String() string { return listCurves(cs) }

// Plot draws the curve (see CoverageCurves.Plot).
func (c *CoverageCurve) Plot() *plot.Plot { return CoverageCurves{c}.Plot() }

// MIMEBundle renders the curve as a plot.
func (c *CoverageCurve) MIMEBundle() display.Bundle { return CoverageCurves{c}.MIMEBundle() }

// listCurves writes one curve per line, skipping none (a nil curve prints
// as <nil>), or "no curves".
func listCurves[C fmt.Stringer](cs []C) string {
	if len(cs) == 0 {
		return "no curves"
	}
	lines := make([]string, len(cs))
	for i, c := range cs {
		lines[i] = fmt.Sprint(c)
	}
	return strings.Join(lines, "\n")
}
