package display

import (
	"bytes"
	"encoding/base64"
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// PlotOptions sets how a plot renders. The zero value is a good default:
// 6x4 inches, both SVG and PNG.
type PlotOptions struct {
	Width, Height vg.Length // default 6in x 4in
	// NoSVG and NoPNG leave a format out of the bundle.
	NoSVG, NoPNG bool
}

// Plot renders p into a Bundle holding SVG and a PNG drawn at twice the
// resolution, with width and height metadata so that the PNG shows at its
// logical size.
func Plot(p *plot.Plot, o PlotOptions) Bundle {
	if o.Width == 0 {
		o.Width = 6 * vg.Inch
	}
	if o.Height == 0 {
		o.Height = 4 * vg.Inch
	}
	var b Bundle
	if !o.NoSVG {
		c := vgsvg.New(o.Width, o.Height)
		p.Draw(draw.New(c))
		var buf bytes.Buffer
		if _, err := c.WriteTo(&buf); err == nil {
			b = b.Set(MIMESVG, buf.String())
		}
	}
	if !o.NoPNG {
		const dpi = 2 * 96
		c := vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(o.Width, o.Height), vgimg.UseDPI(dpi))}
		p.Draw(draw.New(c))
		var buf bytes.Buffer
		if _, err := c.WriteTo(&buf); err == nil {
			b = b.Set(MIMEPNG, base64.StdEncoding.EncodeToString(buf.Bytes()))
			b = b.SetMeta(MIMEPNG, map[string]any{
				"width":  int(o.Width.Points() * 96 / 72),
				"height": int(o.Height.Points() * 96 / 72),
			})
		}
	}
	title := "plot"
	if p.Title.Text != "" {
		title = p.Title.Text
	}
	return b.Set(MIMEText, fmt.Sprintf("<plot %q>", title))
}
