package display

import (
	"fmt"
	"html"
	"image"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// GridItem is one cell of a Grid: a value and the caption under it.
type GridItem struct {
	Value   any
	Caption string
}

// Grid lays several values out in rows and columns, each with a caption
// under it: the base for grids of worst mistakes and for small multiples.
// It renders as static HTML with its images embedded, so it shows in saved
// notebooks everywhere.
//
// Each item shows as its richest static form: image.Image and *plot.Plot
// as embedded PNG images, values that render to HTML as that HTML, PNG,
// JPEG or SVG renderings as embedded images, anything else as its text.
type Grid struct {
	Items []GridItem
	// Columns is the number of items per row (default 4).
	Columns int
	// Caption is shown above the grid.
	Caption string
	// ImageWidth is the width in CSS pixels at which images show. Zero
	// shows an image at its own size, except that small images (narrower
	// than 64 pixels, such as 28x28 digits) are scaled up by a whole
	// factor to at least 64 pixels, with their pixels kept sharp.
	ImageWidth int
	// Plot is how plots in the grid render (default 3x2 inches).
	Plot PlotOptions
}

// NewGrid returns an empty grid with the given number of columns (zero
// means 4).
func NewGrid(columns int) *Grid { return &Grid{Columns: columns} }

// Add appends a value with its caption and returns g for chaining.
func (g *Grid) Add(v any, caption string) *Grid {
	g.Items = append(g.Items, GridItem{Value: v, Caption: caption})
	return g
}

func (g *Grid) columns() int {
	if g.Columns <= 0 {
		return 4
	}
	return g.Columns
}

// HTML renders the grid as an HTML table with one item per cell.
func (g *Grid) HTML() string {
	var b strings.Builder
	b.WriteString(`<table class="methodic-grid">`)
	if g.Caption != "" {
		writeCaption(&b, html.EscapeString(g.Caption))
	}
	b.WriteString("<tbody>")
	cols := g.columns()
	for i, it := range g.Items {
		if i%cols == 0 {
			b.WriteString("<tr>")
		}
		item := g.itemHTML(it.Value)
		if it.Caption != "" {
			item += "<br>" + html.EscapeString(it.Caption)
		}
		writeAligned(&b, "td", `valign="top"`, "vertical-align:top", "center", item)
		if i%cols == cols-1 || i == len(g.Items)-1 {
			b.WriteString("</tr>")
		}
	}
	b.WriteString("</tbody></table>")
	return b.String()
}

// itemHTML is the static HTML of one item.
func (g *Grid) itemHTML(v any) string {
	switch x := v.(type) {
	case image.Image:
		if isNilPointer(v) {
			break
		}
		data, err := encodePNG(x)
		if err != nil {
			return errorHTML(err)
		}
		w, h := g.imageSize(x.Bounds().Dx(), x.Bounds().Dy())
		return imgTag(MIMEPNG, data, w, h, true)
	case *plot.Plot:
		if x == nil {
			break
		}
		o := g.Plot
		if o.Width <= 0 {
			o.Width = 3 * vg.Inch
		}
		if o.Height <= 0 {
			o.Height = 2 * vg.Inch
		}
		o = o.withDefaults()
		data, err := plotPNG(x.Draw, o)
		if err != nil {
			return errorHTML(err)
		}
		w, h := o.cssPixels()
		return imgTag(MIMEPNG, data, w, h, false)
	}
	r := Render(v)
	if s, ok := r.Data[MIMEHTML].(string); ok {
		return s
	}
	for _, mime := range []string{MIMEPNG, MIMEJPEG} {
		if s, ok := r.Data[mime].(string); ok {
			w, h := metaSize(r, mime)
			return fmt.Sprintf(`<img src="data:%s;base64,%s"%s>`, mime, s, sizeAttrs(w, h))
		}
	}
	if s, ok := r.Data[MIMESVG].(string); ok {
		return imgTag(MIMESVG, []byte(s), 0, 0, false)
	}
	return `<pre style="text-align:left">` + html.EscapeString(r.Text()) + "</pre>"
}

// imageSize is the display size of a w x h image.
func (g *Grid) imageSize(w, h int) (int, int) {
	if w <= 0 || h <= 0 {
		return w, h
	}
	if g.ImageWidth > 0 {
		return g.ImageWidth, (g.ImageWidth*h + w/2) / w
	}
	const small = 64
	if w < small {
		k := (small + w - 1) / w
		return w * k, h * k
	}
	return w, h
}

func imgTag(mime string, data []byte, w, h int, pixelated bool) string {
	var b strings.Builder
	b.Grow(len(data)*4/3 + 128)
	b.WriteString(`<img src="data:`)
	b.WriteString(mime)
	b.WriteString(";base64,")
	b.WriteString(base64Encode(data))
	b.WriteString(`"`)
	b.WriteString(sizeAttrs(w, h))
	if pixelated {
		b.WriteString(` style="image-rendering:pixelated"`)
	}
	b.WriteString(">")
	return b.String()
}

func sizeAttrs(w, h int) string {
	if w <= 0 || h <= 0 {
		return ""
	}
	return fmt.Sprintf(` width="%d" height="%d"`, w, h)
}

func metaSize(b Bundle, mime string) (w, h int) {
	m, _ := b.Metadata[mime].(map[string]any)
	w, _ = m["width"].(int)
	h, _ = m["height"].(int)
	return w, h
}

func errorHTML(err error) string {
	s, _ := Error(err).Data[MIMEHTML].(string)
	return s
}

// String describes the grid and lists its captions.
func (g *Grid) String() string {
	var b strings.Builder
	n := len(g.Items)
	rows := (n + g.columns() - 1) / g.columns()
	fmt.Fprintf(&b, "<grid of %d items, %d×%d", n, rows, min(n, g.columns()))
	if g.Caption != "" {
		fmt.Fprintf(&b, ": %s", g.Caption)
	}
	b.WriteString(">")
	for i, it := range g.Items {
		if it.Caption != "" {
			fmt.Fprintf(&b, "\n%d: %s", i, it.Caption)
		}
	}
	return b.String()
}

// MIMEBundle renders the grid as HTML, with its description as
// text/plain.
func (g *Grid) MIMEBundle() Bundle {
	var b Bundle
	return b.Set(MIMEHTML, g.HTML()).Set(MIMEText, g.String())
}
