package metrics

import (
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/brewer"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

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

// smooth returns a palette of n colours interpolated between the colours
// of ColorBrewer's sequential palette name (light to dark).
func smooth(name string, n int) palette.Palette {
	p, err := brewer.GetPalette(brewer.TypeSequential, name, 9)
	if err != nil {
		panic("metrics: " + err.Error()) // a fixed name: cannot happen
	}
	stops := p.Colors()
	out := make([]color.Color, n)
	for i := range out {
		f := float64(i) / float64(n-1) * float64(len(stops)-1)
		a := min(int(f), len(stops)-2)
		t := f - float64(a)
		r0, g0, b0, _ := stops[a].RGBA()
		r1, g1, b1, _ := stops[a+1].RGBA()
		mix := func(u, v uint32) uint8 { return uint8((float64(u)*(1-t) + float64(v)*t) / 257) }
		out[i] = color.RGBA{R: mix(r0, r1), G: mix(g0, g1), B: mix(b0, b1), A: 255}
	}
	return colours(out)
}

type colours []color.Color

func (c colours) Colors() []color.Color { return c }

// dark reports whether c needs white text on it.
func dark(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return 0.299*float64(r)+0.587*float64(g)+0.114*float64(b) < 0.55*65535
}

// shade returns the colour of v in pal over [lo, hi].
func shade(pal palette.Palette, v, lo, hi float64) color.Color {
	cs := pal.Colors()
	if !(hi > lo) {
		return cs[0]
	}
	i := int((v-lo)/(hi-lo)*float64(len(cs)-1) + 0.5)
	return cs[max(0, min(len(cs)-1, i))]
}

// colourBar is a vertical colour scale drawn in a plot's data area: gap
// points right of x (data coordinates), 9 points wide, from y0 to y1
// (data coordinates), with tick labels on its right and a heading above.
type colourBar struct {
	x, y0, y1 float64
	pal       palette.Palette
	lo, hi    float64
	heading   string
	style     text.Style
}

// colourBarRoom is the width a colourBar takes right of its x, labels
// included.
const colourBarRoom = 14 + 9 + 40

// Plot implements plot.Plotter.
func (b colourBar) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	x0 := trX(b.x) + vg.Points(14)
	x1 := x0 + vg.Points(9)
	y0, y1 := trY(b.y0), trY(b.y1)
	cs := b.pal.Colors()
	n := len(cs)
	for i, col := range cs {
		lo := y0 + (y1-y0)*vg.Length(i)/vg.Length(n)
		hi := y0 + (y1-y0)*vg.Length(i+1)/vg.Length(n)
		r := vg.Rectangle{Min: vg.Point{X: x0, Y: lo}, Max: vg.Point{X: x1, Y: hi + 0.3}}
		c.SetColor(col)
		c.Fill(r.Path())
	}
	frame := vg.Rectangle{Min: vg.Point{X: x0, Y: y0}, Max: vg.Point{X: x1, Y: y1}}
	c.SetLineStyle(draw.LineStyle{Color: color.Gray{Y: 150}, Width: vg.Points(0.5)})
	c.Stroke(frame.Path())
	st := b.style
	st.XAlign, st.YAlign = text.XLeft, text.YCenter
	ticks := (display.Ticks{}).Ticks(b.lo, b.hi)
	if y1-y0 < vg.Points(60) {
		ticks = []plot.Tick{{Value: b.lo, Label: "0"}, {Value: b.hi, Label: strconv.FormatFloat(b.hi, 'g', 2, 64)}}
	}
	for _, t := range ticks {
		if t.Label == "" || t.Value < b.lo || t.Value > b.hi {
			continue
		}
		y := y0 + (y1-y0)*vg.Length((t.Value-b.lo)/(b.hi-b.lo))
		c.StrokeLine2(draw.LineStyle{Color: color.Gray{Y: 90}, Width: vg.Points(0.5)}, x1, y, x1+vg.Points(3), y)
		c.FillText(st, vg.Point{X: x1 + vg.Points(5), Y: y}, t.Label)
	}
	hs := b.style
	hs.XAlign, hs.YAlign = text.XLeft, text.YBottom
	c.FillText(hs, vg.Point{X: x0 - vg.Points(2), Y: y1 + vg.Points(4)}, b.heading)
}

// cellLines draws thin white lines between the k×k cells of a heat map.
type cellLines struct{ k int }

// Plot implements plot.Plotter.
func (g cellLines) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	st := draw.LineStyle{Color: color.White, Width: vg.Points(1.2)}
	lo, hi := -0.5, float64(g.k)-0.5
	for i := 1; i < g.k; i++ {
		v := float64(i) - 0.5
		c.StrokeLine2(st, trX(v), trY(lo), trX(v), trY(hi))
		c.StrokeLine2(st, trX(lo), trY(v), trX(hi), trY(v))
	}
}

// Plot draws the matrix as a heat map with the values in the cells, true
// classes down the side (first at the top), predicted classes along the
// bottom. The diagonal (right answers) and the other cells (confusions)
// have colour scales of their own, each with its colour bar: right
// answers in blue over [0, 1], confusions in orange from 0 to the largest
// of them, so that a confusion of 2% of a class is as visible as the
// diagonal's 97%. Colours show each true class's row normalised to sum to
// 1 (a rare class's errors are as visible as a frequent one's), unless
// Show asks for another normalisation; when Show is not Counts the cells
// give the normalised value above the count.
func (c *ConfusionMatrix) Plot() *plot.Plot {
	p := plot.New()
	display.Theme(p)
	p.Title.Text = "Confusion matrix"
	p.X.Label.Text, p.Y.Label.Text = "predicted class", "true class"
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
		p.Title.Text += ", " + show.String()
	}
	diag := make([]float64, k*k)
	off := make([]float64, k*k)
	offMax := 0.0
	for i := range k {
		for j := range k {
			v := norm[i*k+j]
			switch {
			case i == j:
				diag[i*k+j], off[i*k+j] = v, math.NaN()
			case v == 0:
				// No confusion: left white.
				diag[i*k+j], off[i*k+j] = math.NaN(), math.NaN()
			default:
				diag[i*k+j], off[i*k+j] = math.NaN(), v
				offMax = math.Max(offMax, v)
			}
		}
	}
	if offMax == 0 {
		offMax = 1
	}
	right, wrong := smooth("Blues", 64), smooth("Oranges", 64)
	hd := plotter.NewHeatMap(cmGrid{k: k, v: diag}, right)
	hd.Min, hd.Max = 0, 1
	ho := plotter.NewHeatMap(cmGrid{k: k, v: off}, wrong)
	ho.Min, ho.Max = 0, offMax
	p.Add(hd, ho, cellLines{k: k})

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
	p.X.LineStyle.Width, p.Y.LineStyle.Width = 0, 0 // the cells frame themselves
	style := p.X.Tick.Label
	style.Font.Size = vg.Points(8.5)
	what := "share of the true class"
	switch colourBy {
	case ByPred:
		what = "share of the prediction"
	case ByAll:
		what = "share of all"
	}
	// The colour bars stand right of the matrix, each over a third of
	// its height: right answers above, confusions below.
	bottom, top := -0.5, float64(k)-0.5
	span := top - bottom
	edge := float64(k) - 0.5
	p.Add(colourBar{x: edge, y0: top - 0.44*span, y1: top - 0.08*span,
		pal: right, lo: 0, hi: 1, heading: "right answers", style: style})
	p.Add(colourBar{x: edge, y0: bottom, y1: bottom + 0.36*span,
		pal: wrong, lo: 0, hi: offMax, heading: "confusions", style: style})
	// Room for the bars in data units, for the default size (plotSize).
	w, _ := c.plotSize()
	cell := (w - colourBarRoomInches*vg.Inch) / vg.Length(k)
	p.X.Max = edge + float64(vg.Points(colourBarRoom+16)/cell)
	p.X.Label.Text = "predicted class (colours: " + what + ")"

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
				var bg color.Color
				if i == j {
					bg = shade(right, norm[i*k+j], 0, 1)
				} else {
					bg = shade(wrong, norm[i*k+j], 0, offMax)
				}
				switch {
				case i != j && v == 0:
					labels[len(labels)-1] = "0"
					styles = append(styles, color.Gray{Y: 175})
				case dark(bg):
					styles = append(styles, color.White)
				default:
					styles = append(styles, color.Gray{Y: 25})
				}
			}
		}
		l, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: labels})
		if err == nil {
			size := vg.Points(max(7, 11.5-0.25*float64(k)))
			for i := range l.TextStyle {
				l.TextStyle[i].Font = style.Font
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

// plotSize grows the heat map with the number of classes, with room for
// the colour bars on the right.
func (c *ConfusionMatrix) plotSize() (w, h vg.Length) {
	k := float64(len(c.Labels))
	side := vg.Length(min(max(3.2, 1.2+0.55*k), 10)) * vg.Inch
	return side + colourBarRoomInches*vg.Inch, side + 0.6*vg.Inch
}

// colourBarRoomInches is the width plotSize adds for the colour bars,
// their labels and the axis labels.
const colourBarRoomInches = 1.6

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
