package data

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"

	"github.com/methodic-go/methodic/display"
)

// String summarises d in one line: name, size, features, classes.
func (d *Dataset) String() string {
	if d == nil {
		return "<nil dataset>"
	}
	s := fmt.Sprintf("%s: %d rows x %d features, %d classes", d.Name, d.Len(), d.NumFeatures(), d.NumClasses())
	if d.IsImage() {
		s += fmt.Sprintf(", %dx%d images", d.ImageHeight, d.ImageWidth)
	}
	if d.IsSequence() {
		s += fmt.Sprintf(", sequences of %d steps x %d", d.Steps, d.StepFeatures())
	}
	if len(d.Targets) > 0 {
		names := make([]string, len(d.Targets))
		for i, t := range d.Targets {
			names[i] = t.Name
		}
		s += "; further targets: " + strings.Join(names, ", ")
	}
	return s
}

// MIMEBundle renders d as a summary: a table of the classes (rows, share
// and, when rows are images, ten samples of each) and, for up to 40
// features, a table of their ranges. The text/plain form has the same
// tables without the samples.
func (d *Dataset) MIMEBundle() display.Bundle {
	var b strings.Builder
	fmt.Fprintf(&b, "<div><p><b>%s</b></p>", html.EscapeString(d.String()))
	b.WriteString(d.ClassTable().HTML())
	// The text form stays text: the samples are images, which only the
	// HTML form can show.
	text := d.String() + "\n" + d.classTable(false).String()
	if !d.IsImage() && d.NumFeatures() > 0 && d.NumFeatures() <= 40 {
		f := d.FeatureTable()
		b.WriteString(f.HTML())
		text += "\n" + f.String()
	}
	b.WriteString("</div>")
	return display.Bundle{}.Set(display.MIMEHTML, b.String()).Set(display.MIMEText, text)
}

// ClassTable returns a table of the classes: index, name, rows, share and,
// when rows are images, a strip of up to ten samples.
func (d *Dataset) ClassTable() *display.Table { return d.classTable(true) }

func (d *Dataset) classTable(samples bool) *display.Table {
	samples = samples && d.IsImage()
	cols := []string{"class", "name", "rows", "share"}
	if samples {
		cols = append(cols, "samples")
	}
	t := display.NewTable(cols...)
	t.MaxRows = -1
	counts := d.ClassCounts()
	lo, hi := d.pixelRange()
	for c, name := range d.Classes {
		share := 0.0
		if d.Len() > 0 {
			share = float64(counts[c]) / float64(d.Len())
		}
		row := []any{c, name, counts[c], fmt.Sprintf("%.1f%%", 100*share)}
		if samples {
			var idx []int
			for i, y := range d.Y {
				if y == c {
					idx = append(idx, i)
					if len(idx) == 10 {
						break
					}
				}
			}
			img := display.HTML("")
			if len(idx) > 0 {
				img = display.HTML(fmt.Sprintf("<img src=\"data:image/png;base64,%s\" style=\"image-rendering:pixelated\"/>", base64.StdEncoding.EncodeToString(d.gridPNG(idx, lo, hi))))
			}
			row = append(row, img)
		}
		t.AddRow(row...)
	}
	return t
}

// FeatureTable returns a table of the features: name, minimum, mean and
// maximum.
func (d *Dataset) FeatureTable() *display.Table {
	t := display.NewTable("feature", "min", "mean", "max")
	t.MaxRows = -1
	if d.NumFeatures() == 0 {
		return t
	}
	r, c := d.X.Dims()
	for j := 0; j < c; j++ {
		mn, mx, sum := math.Inf(1), math.Inf(-1), 0.0
		for i := 0; i < r; i++ {
			v := d.X.At(i, j)
			mn, mx, sum = math.Min(mn, v), math.Max(mx, v), sum+v
		}
		name := fmt.Sprintf("x%d", j)
		if j < len(d.Features) {
			name = d.Features[j]
		}
		t.AddRow(name, fmt.Sprintf("%.4g", mn), fmt.Sprintf("%.4g", sum/float64(r)), fmt.Sprintf("%.4g", mx))
	}
	return t
}

// pixelRange returns the smallest and largest feature value, for grey
// levels.
func (d *Dataset) pixelRange() (lo, hi float64) {
	if d.NumFeatures() == 0 {
		return 0, 1
	}
	lo, hi = math.Inf(1), math.Inf(-1)
	raw := d.X.RawMatrix()
	for i := 0; i < raw.Rows; i++ {
		for _, v := range raw.Data[i*raw.Stride : i*raw.Stride+raw.Cols] {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if !(hi > lo) {
		hi = lo + 1
	}
	return lo, hi
}

// Image returns row i of d as a grey image, dark ink on white, with grey
// levels spread over the range of all of d's features. It panics if d's
// rows are not images.
func (d *Dataset) Image(i int) *image.Gray {
	lo, hi := d.pixelRange()
	return d.image(i, lo, hi, 1)
}

func (d *Dataset) image(i int, lo, hi float64, scale int) *image.Gray {
	if !d.IsImage() {
		panic("data: Image: rows of " + d.Name + " are not images")
	}
	h, w := d.ImageHeight, d.ImageWidth
	img := image.NewGray(image.Rect(0, 0, w*scale, h*scale))
	row := d.X.RawRowView(i)
	for y := 0; y < h*scale; y++ {
		for x := 0; x < w*scale; x++ {
			v := (row[(y/scale)*w+x/scale] - lo) / (hi - lo)
			img.SetGray(x, y, color.Gray{Y: uint8(255 - math.Round(255*math.Max(0, math.Min(1, v))))})
		}
	}
	return img
}

// ImagesPNG draws the rows idx of d side by side, each enlarged scale
// times (0 means enough for about 32 pixels), separated by a white gap, and
// returns the PNG. It panics if d's rows are not images.
func (d *Dataset) ImagesPNG(idx []int, scale int) []byte {
	lo, hi := d.pixelRange()
	if scale == 0 {
		scale = max(1, 32/d.ImageHeight)
	}
	return d.gridPNGScaled(idx, lo, hi, scale)
}

func (d *Dataset) gridPNG(idx []int, lo, hi float64) []byte {
	return d.gridPNGScaled(idx, lo, hi, max(1, 32/max(1, d.ImageHeight)))
}

func (d *Dataset) gridPNGScaled(idx []int, lo, hi float64, scale int) []byte {
	h, w := d.ImageHeight*scale, d.ImageWidth*scale
	const gap = 2
	out := image.NewGray(image.Rect(0, 0, len(idx)*(w+gap)-gap, h))
	for k := range out.Pix {
		out.Pix[k] = 255
	}
	for k, i := range idx {
		img := d.image(i, lo, hi, scale)
		for y := 0; y < h; y++ {
			copy(out.Pix[y*out.Stride+k*(w+gap):], img.Pix[y*img.Stride:y*img.Stride+w])
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, out); err != nil {
		panic("data: " + err.Error())
	}
	return buf.Bytes()
}
