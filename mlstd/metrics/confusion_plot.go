package metrics

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/brewer"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"

	"github.com/methodic-go/methodic/display"
)

// cmGrid is a confusion matrix as a heat map grid: column c is predicted
// class c, row r (counted from the bottom) is true class k-1-r, so that
// the first class is at the top as in a printed matrix.
type cmGrid struct {
	k int
	v []float64 // row-major, true class by predicted class
}

func (g cmGrid) Dims() (c, r int)   { return g.k, g.k }
func (g cmGrid) Z(c, r int) float64 { return g.v[(g.k-1-r)*g.k+c] }
func (g cmGrid) X(c int) float64    { return float64(c) }
func (g cmGrid) Y(r int) float64    { return float64(r) }

// blues is ColorBrewer's sequential Blues, light to dark.
func blues() palette.Palette {
	p, err := brewer.GetPalette(brewer.TypeSequential, "Blues", 9)
	if err != nil {
		panic("metrics: " + err.Error()) // a fixed name: cannot happen
	}
	return p
}

// Plot draws the matrix as a heat map with the counts in the cells, true
// classes down the side (first at the top), predicted classes along the
// bottom. Colours show each true class's row normalised to sum to 1 (so a
// rare class's errors are as visible as a frequent one's), unless Show
// asks for another normalisation; when Show is not Counts the cells give
// the normalised value above the count.
func (c *ConfusionMatrix) Plot() *plot.Plot {
	p := plot.New()
	p.Title.Text = "Confusion matrix"
	if !c.valid() {
		p.Title.Text = "empty confusion matrix"
		return p
	}
	k := len(c.Labels)
	show := c.show()
	colourBy := show
	if colourBy == Counts {
		colourBy = ByTrue
	}
	norm := c.Matrix(colourBy).RawMatrix().Data
	shown := c.Matrix(show).RawMatrix().Data
	if show != Counts {
		p.Title.Text += " (" + show.String() + ")"
	}
	p.X.Label.Text = "Predicted class"
	p.Y.Label.Text = "True class"
	h := plotter.NewHeatMap(cmGrid{k: k, v: norm}, blues())
	h.Min, h.Max = 0, 1
	p.Add(h)

	names := c.names()
	xt := make([]plot.Tick, k)
	yt := make([]plot.Tick, k)
	for i, n := range names {
		xt[i] = plot.Tick{Value: float64(i), Label: n}
		yt[k-1-i] = plot.Tick{Value: float64(k - 1 - i), Label: n}
	}
	p.X.Tick.Marker = plot.ConstantTicks(xt)
	p.Y.Tick.Marker = plot.ConstantTicks(yt)
	p.X.Padding, p.Y.Padding = 0, 0

	if k <= 30 {
		var xys plotter.XYs
		var labels []string
		var styles []color.Color
		for i := range k {
			for j := range k {
				v := c.counts[i*k+j]
				s := formatCell(v, Counts)
				if show != Counts {
					s = formatCell(shown[i*k+j], show) + "\n" + s
				}
				xys = append(xys, plotter.XY{X: float64(j), Y: float64(k - 1 - i)})
				labels = append(labels, s)
				if norm[i*k+j] > 0.55 {
					styles = append(styles, color.White)
				} else {
					styles = append(styles, color.Black)
				}
			}
		}
		l, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: labels})
		if err == nil {
			size := vg.Points(max(7, 12-0.25*float64(k)))
			for i := range l.TextStyle {
				l.TextStyle[i].Color = styles[i]
				l.TextStyle[i].Font.Size = size
				l.TextStyle[i].XAlign = text.XCenter
				l.TextStyle[i].YAlign = text.YCenter
			}
			p.Add(l)
		}
	}
	return p
}

// plotSize grows the heat map with the number of classes.
func (c *ConfusionMatrix) plotSize() (w, h vg.Length) {
	k := float64(len(c.Labels))
	side := vg.Length(min(max(3.2, 1.2+0.55*k), 10)) * vg.Inch
	return side + 0.8*vg.Inch, side + 0.6*vg.Inch
}

// MIMEBundle renders the matrix as a heat map, with the text form as
// text/plain.
func (c *ConfusionMatrix) MIMEBundle() display.Bundle {
	if !c.valid() {
		return display.Bundle{}.Set(display.MIMEText, c.String())
	}
	w, h := c.plotSize()
	return display.Plot(c.Plot(), display.PlotOptions{Width: w, Height: h}).Set(display.MIMEText, c.String())
}

// Table returns the report as a display table: one row per class, then
// the accuracy and the macro and weighted averages.
func (r *ClassificationReport) Table() *display.Table {
	t := display.NewTable("", "precision", "recall", "f1-score", "support")
	for _, col := range []string{"precision", "recall", "f1-score"} {
		t.Format(col, "%.3f")
	}
	t.Align("", display.AlignLeft)
	for i, s := range r.Classes {
		t.AddRow(r.Names[i], s.Precision, s.Recall, s.F, s.Support)
	}
	t.AddRow("accuracy", nil, nil, r.Accuracy, r.Total)
	t.AddRow("macro avg", r.Macro.Precision, r.Macro.Recall, r.Macro.F, r.Total)
	t.AddRow("weighted avg", r.Weighted.Precision, r.Weighted.Recall, r.Weighted.F, r.Total)
	t.MaxRows = -1
	return t
}

// MIMEBundle renders the report as an HTML table, with the text layout of
// scikit-learn's classification_report as text/plain.
func (r *ClassificationReport) MIMEBundle() display.Bundle {
	return r.Table().MIMEBundle().Set(display.MIMEText, r.String())
}
