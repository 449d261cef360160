package display

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// PlotFormat chooses the image formats of a rendered plot.
type PlotFormat int

// The formats. PNG is the default, as in matplotlib's inline backend: it
// shows the same in JupyterLab, the classic Notebook (trusted or not),
// nbviewer, GitHub and nbconvert's HTML. SVG scales without blur, but
// untrusted notebooks do not show it, and nbconvert's HTML exporter (6.5,
// Debian 12's, checked; by its issue tracker 7.x up to at least 7.2) runs
// SVG outputs through an HTML cleaner that strips their shapes, leaving an
// empty box. FormatBoth carries both: front ends that trust the notebook
// show the SVG, others fall back to the PNG, nbconvert shows the empty SVG.
const (
	FormatPNG  PlotFormat = iota // a PNG at Scale times screen resolution
	FormatSVG                    // SVG only
	FormatBoth                   // SVG and PNG
)

// PlotOptions sets how a plot renders. The zero value is a good default:
// 6x4 inches, a PNG at twice the resolution of the screen.
type PlotOptions struct {
	Width, Height vg.Length // default 6in x 4in
	// Format chooses PNG (default), SVG or both.
	Format PlotFormat
	// Scale is the number of PNG pixels per CSS pixel (96 per inch):
	// default 2, sharp on high-density screens. The PNG's width and height
	// metadata are always the logical size, so it shows at that size.
	Scale float64
}

func (o PlotOptions) withDefaults() PlotOptions {
	if o.Width <= 0 {
		o.Width = 6 * vg.Inch
	}
	if o.Height <= 0 {
		o.Height = 4 * vg.Inch
	}
	if o.Scale <= 0 {
		o.Scale = 2
	}
	return o
}

// cssPixels is the logical size of a plot in CSS pixels (96 per inch).
func (o PlotOptions) cssPixels() (w, h int) {
	return int(o.Width.Points()*96/72 + 0.5), int(o.Height.Points()*96/72 + 0.5)
}

// Plot renders p into a Bundle holding a PNG drawn at Scale times the
// screen resolution, with width and height metadata so that it shows at
// its logical size, or SVG, or both (see PlotFormat), and a text/plain
// line naming the plot. A plot that fails to draw (gonum/plot panics on,
// say, a log scale over zero) renders as an error.
func Plot(p *plot.Plot, o PlotOptions) Bundle {
	if p == nil {
		return Error(fmt.Errorf("display: nil plot"))
	}
	b, err := renderCanvas(func(c draw.Canvas) { drawPlotBoxed(p, c) }, o)
	if err != nil {
		return Error(err)
	}
	return b.Set(MIMEText, plotText(p))
}

// Plots renders several plots on one canvas, in rows and columns (a nil
// plot leaves its cell empty), with their axes aligned as plot.Align does:
// the panels of a figure, such as loss and accuracy side by side. The
// options size the whole figure.
func Plots(rows [][]*plot.Plot, o PlotOptions) Bundle {
	cols := 0
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	if len(rows) == 0 || cols == 0 {
		return Error(fmt.Errorf("display: no plots"))
	}
	grid := make([][]*plot.Plot, len(rows))
	var titles []string
	for i, r := range rows {
		grid[i] = make([]*plot.Plot, cols)
		copy(grid[i], r)
		for j, p := range grid[i] {
			if p == nil {
				grid[i][j] = plot.New()
				grid[i][j].HideAxes()
			} else if p.Title.Text != "" {
				titles = append(titles, p.Title.Text)
			}
		}
	}
	tiles := draw.Tiles{Rows: len(rows), Cols: cols, PadX: vg.Points(12), PadY: vg.Points(12)}
	b, err := renderCanvas(func(c draw.Canvas) {
		cs := plot.Align(grid, tiles, c)
		for i := range grid {
			for j, p := range grid[i] {
				drawPlotBoxed(p, cs[i][j])
			}
		}
	}, o)
	if err != nil {
		return Error(err)
	}
	return b.Set(MIMEText, fmt.Sprintf("<%dx%d plots %q>", len(rows), cols, titles))
}

// renderCanvas draws with paint on the canvases the options ask for. A
// panic while drawing becomes an error.
func renderCanvas(paint func(draw.Canvas), o PlotOptions) (Bundle, error) {
	o = o.withDefaults()
	var b Bundle
	if o.Format == FormatSVG || o.Format == FormatBoth {
		svg, err := plotSVG(paint, o)
		if err != nil {
			return b, err
		}
		b = b.Set(MIMESVG, string(svg))
	}
	if o.Format == FormatPNG || o.Format == FormatBoth {
		img, err := plotPNG(paint, o)
		if err != nil {
			return b, err
		}
		w, h := o.cssPixels()
		b = b.Set(MIMEPNG, base64.StdEncoding.EncodeToString(img))
		b = b.SetMeta(MIMEPNG, map[string]any{"width": w, "height": h})
	}
	return b, nil
}

// drawPlotBoxed draws p on c with its legend on a box inside the data
// area (drawLegend), leaving p itself unchanged.
func drawPlotBoxed(p *plot.Plot, c draw.Canvas) {
	if r := p.Legend.Rectangle(c); r.Size().X <= 0 || r.Size().Y <= 0 {
		p.Draw(c)
		return
	}
	q := *p
	q.Legend = plot.NewLegend()
	q.Draw(c)
	drawLegend(p.Legend, p.DataCanvas(c))
}

func plotText(p *plot.Plot) string {
	if p.Title.Text != "" {
		return fmt.Sprintf("<plot %q>", p.Title.Text)
	}
	return "<plot>"
}

// drawPlot paints on c and turns a panic inside gonum/plot into an error.
func drawPlot(paint func(draw.Canvas), c vg.CanvasSizer) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("display: plot: %v", r)
		}
	}()
	paint(draw.New(c))
	return nil
}

func plotSVG(paint func(draw.Canvas), o PlotOptions) ([]byte, error) {
	c := vgsvg.New(o.Width, o.Height)
	if err := drawPlot(paint, c); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("display: plot: %w", err)
	}
	return buf.Bytes(), nil
}

func plotPNG(paint func(draw.Canvas), o PlotOptions) ([]byte, error) {
	dpi := int(96*o.Scale + 0.5)
	c := vgimg.NewWith(vgimg.UseWH(o.Width, o.Height), vgimg.UseDPI(dpi))
	if err := drawPlot(paint, c); err != nil {
		return nil, err
	}
	img := c.Image()
	if rgba, ok := img.(*image.RGBA); ok {
		if data, ok := encodeOpaquePNG(rgba); ok {
			return data, nil
		}
	}
	data, err := encodePNG(img)
	if err != nil {
		return nil, fmt.Errorf("display: plot: %w", err)
	}
	return data, nil
}
