package display

import (
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The notebook look of a plot, close to the defaults of matplotlib 3 and
// seaborn: a sans-serif face, a title a little larger than the axis
// labels, small tick labels, thin grey axes and a light grid behind the
// data, lines 1.75 points wide in the tab10 colours. NewPlot applies it;
// every figure of mlstd is drawn with it. A plot made with plot.New keeps
// gonum's defaults (a serif face, black axes).
var (
	// themeFont is Liberation Sans, which gonum/plot embeds (metrically
	// compatible with Arial, as DejaVu Sans is matplotlib's default).
	themeFont = font.Font{Typeface: "Liberation", Variant: "Sans"}
	// axisGrey is the colour of axes, ticks and tick labels.
	axisGrey = color.Gray{Y: 60}
	// GridGrey is the colour of the grid lines behind the data.
	GridGrey = color.Gray{Y: 232}
)

// LineWidth is the width of a data line in the notebook look.
const LineWidth = vg.Length(1.75)

// palette is matplotlib's tab10, the default colour cycle of matplotlib
// and seaborn ("deep" is its muted cousin).
var palette = []color.RGBA{
	{R: 31, G: 119, B: 180, A: 255},  // blue
	{R: 255, G: 127, B: 14, A: 255},  // orange
	{R: 44, G: 160, B: 44, A: 255},   // green
	{R: 214, G: 39, B: 40, A: 255},   // red
	{R: 148, G: 103, B: 189, A: 255}, // purple
	{R: 140, G: 86, B: 75, A: 255},   // brown
	{R: 227, G: 119, B: 194, A: 255}, // pink
	{R: 127, G: 127, B: 127, A: 255}, // grey
	{R: 188, G: 189, B: 34, A: 255},  // olive
	{R: 23, G: 190, B: 207, A: 255},  // cyan
}

// Color returns the i-th colour of the notebook look's cycle (tab10),
// wrapping around after ten.
func Color(i int) color.RGBA {
	if i < 0 {
		i = -i
	}
	return palette[i%len(palette)]
}

// NewPlot returns a plot in the notebook look, with a title, axis labels
// naming the quantities, a light grid behind the data and linear axes
// ticked at steps of 1, 2 or 5 times a power of ten (Ticks). Use
// PlaceLegend once its lines are added to put the legend where it hides
// no data.
func NewPlot(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	Theme(p)
	p.Title.Text = title
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	p.Add(GridLines())
	return p
}

// Theme gives p the notebook look's fonts, axes and ticks (NewPlot calls
// it); it does not add a grid or change the data.
func Theme(p *plot.Plot) {
	p.Title.TextStyle.Font = font.From(themeFont, 12)
	p.Title.TextStyle.Color = color.Gray{Y: 20}
	p.Title.Padding = vg.Points(8)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = font.From(themeFont, 10.5)
		a.Label.TextStyle.Color = color.Gray{Y: 20}
		a.Label.Padding = vg.Points(4)
		a.Tick.Label.Font = font.From(themeFont, 9)
		a.Tick.Label.Color = axisGrey
		a.LineStyle.Color = axisGrey
		a.LineStyle.Width = vg.Points(0.8)
		a.Tick.LineStyle.Color = axisGrey
		a.Tick.LineStyle.Width = vg.Points(0.8)
		a.Tick.Length = vg.Points(4)
		a.Padding = vg.Points(4)
		if _, ok := a.Tick.Marker.(plot.DefaultTicks); ok {
			a.Tick.Marker = Ticks{}
		}
	}
	p.Legend.TextStyle.Font = font.From(themeFont, 9)
	p.Legend.TextStyle.Color = color.Gray{Y: 20}
	p.Legend.ThumbnailWidth = vg.Points(18)
	p.Legend.Padding = vg.Points(1.5)
}

// GridLines returns the light grid of the notebook look, drawn behind the
// data (add it first).
func GridLines() *plotter.Grid {
	g := plotter.NewGrid()
	g.Vertical.Color, g.Horizontal.Color = GridGrey, GridGrey
	g.Vertical.Width, g.Horizontal.Width = vg.Points(0.6), vg.Points(0.6)
	return g
}

// Ticks marks a linear axis at steps of 1, 2 or 5 times a power of ten
// (0, 20, 40, 60; 0.02, 0.04; never 40, 160, 280), four to eight labels
// within the range, each written in its shortest decimal form, and an
// unlabelled tick halfway between labels when at most five fit.
//
// gonum's plot.DefaultTicks also steps by 2.5, 3 and 4 and labels a
// start that is not a multiple of its step (5, 15, 25).
type Ticks struct{}

// Ticks implements plot.Ticker for the range [min, max].
func (Ticks) Ticks(min, max float64) []plot.Tick {
	if !(max > min) || math.IsInf(min, 0) || math.IsInf(max, 0) {
		if min == max && !math.IsInf(min, 0) && !math.IsNaN(min) {
			return []plot.Tick{{Value: min, Label: tickLabel(min)}}
		}
		return nil
	}
	step := niceStep((max - min) / 5)
	// Take the step that gives four to eight labels.
	for _, f := range []float64{1, 2, 0.5} {
		s := niceStep(step * f)
		if n := countMultiples(min, max, s); n >= 4 && n <= 8 {
			step = s
			break
		}
	}
	var ticks []plot.Tick
	first := math.Ceil(min/step - 1e-9)
	n := countMultiples(min, max, step)
	for k := 0; k < n; k++ {
		v := (first + float64(k)) * step
		// Round to the step's decimals, so that 0.30000000000000004
		// is 0.3.
		v = roundTo(v, step)
		ticks = append(ticks, plot.Tick{Value: v, Label: tickLabel(v)})
	}
	if n <= 5 {
		for k := -1; k < n; k++ {
			v := roundTo((first+float64(k))*step+step/2, step/2)
			if v >= min && v <= max {
				ticks = append(ticks, plot.Tick{Value: v})
			}
		}
	}
	return ticks
}

// niceStep returns the number of the form 1, 2 or 5 times a power of ten
// nearest to x (on a log scale).
func niceStep(x float64) float64 {
	e := math.Floor(math.Log10(x))
	p := math.Pow(10, e)
	best, bestD := p, math.Inf(1)
	for _, m := range []float64{1, 2, 5, 10} {
		if d := math.Abs(math.Log(x / (m * p))); d < bestD {
			best, bestD = m*p, d
		}
	}
	return best
}

// countMultiples is the number of multiples of step in [min, max].
func countMultiples(min, max, step float64) int {
	return int(math.Floor(max/step+1e-9) - math.Ceil(min/step-1e-9) + 1)
}

// roundTo rounds v to the decimals of step.
func roundTo(v, step float64) float64 {
	d := max(0, -int(math.Floor(math.Log10(step)))+1)
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'f', d, 64), 64)
	if err != nil {
		return v
	}
	if r == 0 {
		return 0 // no -0
	}
	return r
}

// PlaceLegend puts p's legend in the corner of the data area that the
// series cross least (top right unless a curve runs there), inset from
// the axes; the renderer draws it on a white box. When every corner holds
// data, it raises the top of the y axis to make an empty band for the
// legend, so that no data hides under it. logX and logY say which axes
// are logarithmic. Series are the points of the lines and marks drawn.
// Call it after setting the axes' ranges, if you set them.
func PlaceLegend(p *plot.Plot, logX, logY bool, series ...plotter.XYs) {
	fw, fh := legendShare(p)
	if fw <= 0 || fh <= 0 {
		return
	}
	ymin, ymax := p.Y.Min, p.Y.Max
	top, left, clear := emptiestCornerSized(series, logX, logY, fw, fh, p.X.Min, p.X.Max, ymin, ymax)
	if !clear && ymax > ymin && !math.IsInf(ymax, 0) && !math.IsInf(ymin, 0) {
		// Raise the top so that the legend gets a band of its own.
		if logY && ymin > 0 {
			p.Y.Max = math.Pow(10, math.Log10(ymin)+(math.Log10(ymax)-math.Log10(ymin))/(1-fh))
		} else {
			p.Y.Max = ymin + (ymax-ymin)/(1-fh)
		}
		top, left = true, false
	}
	p.Legend.Top, p.Legend.Left = top, left
}

// CornerLegend puts p's legend in the corner of the data area that the
// series cross least, as PlaceLegend does, but never changes the axes:
// for plots whose axes have natural bounds (rates and probabilities from
// 0 to 1), where raising the top would show impossible values.
func CornerLegend(p *plot.Plot, logX, logY bool, series ...plotter.XYs) {
	fw, fh := legendShare(p)
	if fw <= 0 || fh <= 0 {
		return
	}
	p.Legend.Top, p.Legend.Left, _ = emptiestCornerSized(series, logX, logY, fw, fh, p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
}

// legendShare is the share of the data area's width and height that p's
// legend takes, box and inset included, for a small data area (4 by 2.2
// inches: the panels of a figure side by side; a 6x4-inch plot has more
// room, and its legend's band is a little wider than it needs).
func legendShare(p *plot.Plot) (fw, fh float64) {
	r := p.Legend.Rectangle(draw.Canvas{})
	fw = min(0.9, float64(r.Size().X+2*legendInset+16)/(4*72))
	fh = min(0.9, float64(r.Size().Y+2*legendInset+16)/(2.2*72))
	return fw, fh
}

// legendInset is the gap between a legend's box and the data area's
// edges.
const legendInset = vg.Length(5)

// drawLegend draws l on a white, lightly framed box inside the data area
// dc, in the corner that l.Top and l.Left name, as matplotlib draws its
// legends; gonum draws legends without a box, on top of the data.
func drawLegend(l plot.Legend, dc draw.Canvas) {
	r := l.Rectangle(dc)
	w, h := r.Size().X, r.Size().Y
	if w <= 0 || h <= 0 {
		return
	}
	pad := vg.Points(4)
	var box vg.Rectangle
	if l.Left {
		box.Min.X = dc.Min.X + legendInset
	} else {
		box.Min.X = dc.Max.X - legendInset - w - 2*pad
	}
	if l.Top {
		box.Min.Y = dc.Max.Y - legendInset - h - 2*pad
	} else {
		box.Min.Y = dc.Min.Y + legendInset
	}
	box.Max = vg.Point{X: box.Min.X + w + 2*pad, Y: box.Min.Y + h + 2*pad}
	dc.SetColor(color.NRGBA{R: 255, G: 255, B: 255, A: 220})
	dc.Fill(box.Path())
	dc.SetLineStyle(draw.LineStyle{Color: color.Gray{Y: 215}, Width: vg.Points(0.6)})
	dc.Stroke(box.Path())
	inner := draw.Canvas{Canvas: dc.Canvas, Rectangle: vg.Rectangle{
		Min: vg.Point{X: box.Min.X + pad, Y: box.Min.Y + pad},
		Max: vg.Point{X: box.Max.X - pad, Y: box.Max.Y - pad},
	}}
	l.XOffs, l.YOffs = 0, 0
	l.Draw(inner)
}
