package diagnose

import (
	"fmt"
	"html"
	"image/color"
	"math"
	"strconv"
	"strings"

	"github.com/methodic-go/methodic/display"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The colours of the package's plots: training in blue, validation in
// orange (as scikit-learn's and Keras' plots draw them, display's first
// two colours), marks in grey.
var (
	trainColor = display.Color(0)
	valColor   = display.Color(1)
	markColor  = color.RGBA{R: 120, G: 120, B: 120, A: 255}
	badColor   = color.RGBA{R: 200, G: 30, B: 30, A: 255}
	goodColor  = color.RGBA{R: 30, G: 150, B: 60, A: 255}
)

// translucent returns c with alpha a (premultiplied, as image/color wants).
func translucent(c color.RGBA, a uint8) color.RGBA {
	f := float64(a) / 255
	return color.RGBA{R: uint8(float64(c.R) * f), G: uint8(float64(c.G) * f), B: uint8(float64(c.B) * f), A: a}
}

// newPlot returns a plot in display's notebook look.
func newPlot(title, x, y string) *plot.Plot { return display.NewPlot(title, x, y) }

// logX puts the x axis of p on a log scale with readable ticks.
func logX(p *plot.Plot) {
	p.X.Scale = plot.LogScale{}
	p.X.Tick.Marker = display.LogTicks{}
}

// logY puts the y axis of p on a log scale with readable ticks.
func logY(p *plot.Plot) {
	p.Y.Scale = plot.LogScale{}
	p.Y.Tick.Marker = display.LogTicks{}
}

// formatTick writes a tick value briefly: 200, 0.05, 1e-05.
func formatTick(v float64) string {
	a := math.Abs(v)
	if a != 0 && (a < 1e-3 || a >= 1e6) {
		// 1e-05 -> 1e-5
		m, e, _ := strings.Cut(strconv.FormatFloat(v, 'e', 2, 64), "e")
		if strings.Contains(m, ".") {
			m = strings.TrimRight(strings.TrimRight(m, "0"), ".")
		}
		sign := e[:1]
		if sign == "+" {
			sign = ""
		}
		return m + "e" + sign + strings.TrimLeft(e[1:], "0")
	}
	return fmt.Sprintf("%.4g", v)
}

// band returns a filled polygon between lo and hi along xs.
func band(xs, lo, hi []float64, c color.RGBA) *plotter.Polygon {
	pts := make(plotter.XYs, 0, 2*len(xs))
	for i := range xs {
		pts = append(pts, plotter.XY{X: xs[i], Y: lo[i]})
	}
	for i := len(xs) - 1; i >= 0; i-- {
		pts = append(pts, plotter.XY{X: xs[i], Y: hi[i]})
	}
	poly, err := plotter.NewPolygon(pts)
	if err != nil {
		return nil
	}
	poly.Color = translucent(c, 60)
	poly.LineStyle.Width = 0
	return poly
}

// line returns a line with point marks through xs, ys, finite points only.
func line(xs, ys []float64, c color.RGBA, dashed bool) (*plotter.Line, *plotter.Scatter) {
	pts := make(plotter.XYs, 0, len(xs))
	for i := range xs {
		if isFinite(xs[i]) && isFinite(ys[i]) {
			pts = append(pts, plotter.XY{X: xs[i], Y: ys[i]})
		}
	}
	if len(pts) == 0 {
		return nil, nil
	}
	l, _ := plotter.NewLine(pts)
	l.Color = c
	l.Width = display.LineWidth
	if dashed {
		l.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
	}
	s, _ := plotter.NewScatter(pts)
	s.Color = c
	s.GlyphStyle.Shape = draw.CircleGlyph{}
	s.GlyphStyle.Radius = vg.Points(2.5)
	return l, s
}

// xys returns the finite points (xs[i], ys[i]).
func xys(xs, ys []float64) plotter.XYs {
	out := make(plotter.XYs, 0, len(xs))
	for i := range xs {
		if isFinite(xs[i]) && isFinite(ys[i]) {
			out = append(out, plotter.XY{X: xs[i], Y: ys[i]})
		}
	}
	return out
}

// vline returns a vertical dashed line at x from y0 to y1.
func vline(x, y0, y1 float64, c color.Color) *plotter.Line {
	l, err := plotter.NewLine(plotter.XYs{{X: x, Y: y0}, {X: x, Y: y1}})
	if err != nil {
		return nil
	}
	l.Color = c
	l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	return l
}

// hline returns a horizontal dashed line at y from x0 to x1.
func hline(y, x0, x1 float64, c color.Color) *plotter.Line {
	l, err := plotter.NewLine(plotter.XYs{{X: x0, Y: y}, {X: x1, Y: y}})
	if err != nil {
		return nil
	}
	l.Color = c
	l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	return l
}

func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// figure renders a plot (display.Plot) with text and HTML under it: the
// HTML form shows the plot's PNG followed by below, so that front ends
// that prefer HTML still show the figure.
func figure(p *plot.Plot, o display.PlotOptions, text, below string) display.Bundle {
	b := display.Plot(p, o)
	b = b.Set(display.MIMEText, text)
	var h strings.Builder
	h.WriteString("<div>")
	if s, ok := b.Data[display.MIMEPNG].(string); ok {
		w, ht := pngSize(b)
		fmt.Fprintf(&h, `<img src="data:image/png;base64,%s"%s>`, s, sizeAttr(w, ht))
	} else if s, ok := b.Data[display.MIMESVG].(string); ok {
		h.WriteString(s)
	}
	h.WriteString(below)
	h.WriteString("</div>")
	return b.Set(display.MIMEHTML, h.String())
}

func pngSize(b display.Bundle) (int, int) {
	m, ok := b.Metadata[display.MIMEPNG].(map[string]any)
	if !ok {
		return 0, 0
	}
	w, _ := m["width"].(int)
	h, _ := m["height"].(int)
	return w, h
}

func sizeAttr(w, h int) string {
	if w <= 0 || h <= 0 {
		return ""
	}
	return fmt.Sprintf(` width="%d" height="%d"`, w, h)
}

// paragraph returns s as an HTML paragraph.
func htmlEscape(s string) string { return html.EscapeString(s) }

func paragraph(s string) string {
	return "<p>" + html.EscapeString(s) + "</p>"
}
