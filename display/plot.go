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

// PlotOptions sets how a plot renders. The zero value is a good default:
// 6x4 inches, both SVG and a PNG at twice the resolution of the screen.
type PlotOptions struct {
	Width, Height vg.Length // default 6in x 4in
	// NoSVG and NoPNG leave a format out of the bundle. Setting both
	// leaves only text/plain.
	NoSVG, NoPNG bool
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

// Plot renders p into a Bundle holding SVG and a PNG drawn at Scale times
// the screen resolution, with width and height metadata so that the PNG
// shows at its logical size, and a text/plain line naming the plot.
//
// Notebook front ends prefer SVG when they trust the notebook and fall back
// to the PNG otherwise (the classic Notebook ignores SVG in untrusted
// notebooks), so a saved notebook shows its plots everywhere, with one
// exception: the HTML exporter of nbconvert 6.5 (Debian 12's, checked)
// and, by nbconvert's issue tracker, of 7.x releases up to at least 7.2
// runs SVG outputs through an HTML sanitizer that strips their shapes or
// styles, so the plot shows empty or garbled there; set NoSVG for a
// notebook meant for that exporter. A plot that
// fails to draw (gonum/plot panics on, say, a log scale over zero) renders
// as an error.
func Plot(p *plot.Plot, o PlotOptions) Bundle {
	if p == nil {
		return Error(fmt.Errorf("display: nil plot"))
	}
	o = o.withDefaults()
	var b Bundle
	if !o.NoSVG {
		svg, err := plotSVG(p, o)
		if err != nil {
			return Error(err)
		}
		b = b.Set(MIMESVG, string(svg))
	}
	if !o.NoPNG {
		img, err := plotPNG(p, o)
		if err != nil {
			return Error(err)
		}
		w, h := o.cssPixels()
		b = b.Set(MIMEPNG, base64.StdEncoding.EncodeToString(img))
		b = b.SetMeta(MIMEPNG, map[string]any{"width": w, "height": h})
	}
	return b.Set(MIMEText, plotText(p))
}

func plotText(p *plot.Plot) string {
	if p.Title.Text != "" {
		return fmt.Sprintf("<plot %q>", p.Title.Text)
	}
	return "<plot>"
}

// drawPlot draws p on c and turns a panic inside gonum/plot into an error.
func drawPlot(p *plot.Plot, c vg.CanvasSizer) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("display: plot: %v", r)
		}
	}()
	p.Draw(draw.New(c))
	return nil
}

func plotSVG(p *plot.Plot, o PlotOptions) ([]byte, error) {
	c := vgsvg.New(o.Width, o.Height)
	if err := drawPlot(p, c); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("display: plot: %w", err)
	}
	return buf.Bytes(), nil
}

func plotPNG(p *plot.Plot, o PlotOptions) ([]byte, error) {
	dpi := int(96*o.Scale + 0.5)
	c := vgimg.NewWith(vgimg.UseWH(o.Width, o.Height), vgimg.UseDPI(dpi))
	if err := drawPlot(p, c); err != nil {
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
