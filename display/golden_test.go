package display

import (
	"encoding/base64"
	"image"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/cmpimg"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// Golden images live in testdata/NAME_golden.EXT; `go test -regen`
// (cmpimg's flag) rewrites them from the current rendering.

// tolerance is the normalized difference allowed between a rendered PNG
// and its golden image: small enough to catch a missing line or label,
// large enough to absorb anti-aliasing differences between platforms.
const tolerance = 0.02

// writeBundle writes the images of a bundle to testdata/name.svg and
// testdata/name.png.
func writeBundle(t *testing.T, b Bundle, name string) {
	t.Helper()
	if s, ok := b.Data[MIMESVG].(string); ok {
		if err := os.WriteFile(filepath.Join("testdata", name+".svg"), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if s, ok := b.Data[MIMEPNG].(string); ok {
		data, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("testdata", name+".png"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func samplePlot() *plot.Plot {
	p := plot.New()
	p.Title.Text = "Precision and recall"
	p.X.Label.Text = "threshold"
	p.Y.Label.Text = "score"
	var prec, rec plotter.XYs
	for i := range 21 {
		x := float64(i) / 20
		prec = append(prec, plotter.XY{X: x, Y: 0.5 + 0.5*x*x})
		rec = append(rec, plotter.XY{X: x, Y: 1 - x*x*x})
	}
	l1, _ := plotter.NewLine(prec)
	l1.Color = color.RGBA{R: 31, G: 119, B: 180, A: 255}
	l2, _ := plotter.NewLine(rec)
	l2.Color = color.RGBA{R: 255, G: 127, B: 14, A: 255}
	s, _ := plotter.NewScatter(prec)
	p.Add(plotter.NewGrid(), l1, l2, s)
	p.Legend.Add("precision", l1)
	p.Legend.Add("recall", l2)
	return p
}

func TestGoldenPlot(t *testing.T) {
	cmpimg.CheckPlotApprox(func() {
		b := Plot(samplePlot(), PlotOptions{Width: 4 * vg.Inch, Height: 3 * vg.Inch})
		if m := b.Metadata[MIMEPNG].(map[string]any); m["width"] != 384 || m["height"] != 288 {
			t.Errorf("PNG metadata %v, want 384x288", m)
		}
		writeBundle(t, b, "plot")
	}, t, tolerance, "plot.png")
	cmpimg.CheckPlot(func() {
		writeBundle(t, Plot(samplePlot(), PlotOptions{Width: 4 * vg.Inch, Height: 3 * vg.Inch, Format: FormatSVG}), "plot")
	}, t, "plot.svg")
}

func TestGoldenPlotPNGSize(t *testing.T) {
	b := Plot(samplePlot(), PlotOptions{Width: 4 * vg.Inch, Height: 3 * vg.Inch, Scale: 1.5})
	data, _ := base64.StdEncoding.DecodeString(b.Data[MIMEPNG].(string))
	cfg, _, err := image.DecodeConfig(bytesReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Width != 576 || cfg.Height != 432 {
		t.Errorf("PNG is %dx%d pixels, want 576x432 (1.5 x 384x288)", cfg.Width, cfg.Height)
	}
}

func TestGoldenChart(t *testing.T) {
	cmpimg.CheckPlotApprox(func() {
		c := NewChart(ChartOptions{Title: "Loss", XLabel: "epoch", YLabel: "loss", LogY: true,
			Plot: PlotOptions{Width: 4 * vg.Inch, Height: 3 * vg.Inch, Format: FormatPNG}})
		for e := 1; e <= 20; e++ {
			x := float64(e)
			c.Add("train", x, 2*math.Exp(-x/4)+0.05)
			c.Add("validation", x, 2*math.Exp(-x/5)+0.15+0.002*x*x)
		}
		c.Add("validation", 21, math.NaN()) // left out, not a crash
		writeBundle(t, c.MIMEBundle(), "chart")
	}, t, tolerance, "chart.png")
}

func TestPlotErrors(t *testing.T) {
	p := plot.New()
	p.Y.Scale = plot.LogScale{}
	l, _ := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
	p.Add(l)
	b := Plot(p, PlotOptions{})
	if _, ok := b.Data[MIMEHTML]; !ok || b.Data[MIMEPNG] != nil {
		t.Errorf("a plot that cannot draw rendered as %s", mimes(b))
	}
	if b := Plot(nil, PlotOptions{}); b.Text() != "display: nil plot" {
		t.Errorf("nil plot: %q", b.Text())
	}
}

func TestChartLive(t *testing.T) {
	withPublisher(t, func(r *recorder) {
		clk := newFakeClock()
		c := NewChart(ChartOptions{Now: clk.now, Plot: PlotOptions{Format: FormatPNG, Width: vg.Inch, Height: vg.Inch, Scale: 0.5}})
		for i := range 50 {
			clk.advance(10 * time.Millisecond)
			c.Add("train", float64(i), float64(i))
			if i%2 == 0 {
				c.Add("val", float64(i), float64(i)/2)
			}
		}
		c.Add("val", 49, 24.5) // too soon after the last redraw
		c.Flush()              // draws it
		c.Flush()              // nothing new: no redraw
		c.Done()
		calls := r.all()
		// show, a redraw per 100 ms over 500 ms, Flush, Done.
		if len(calls) != 1+5+1+1 {
			t.Fatalf("%d publications, want 8", len(calls))
		}
		for i, call := range calls {
			if call.ID != calls[0].ID || call.Update != (i > 0) {
				t.Errorf("publication %d: id %q update %v", i, call.ID, call.Update)
			}
		}
		if got := calls[0].Bundle.Text(); got != "<chart: no points>" {
			t.Errorf("first: %q", got)
		}
		// Live drawings are SVG only, which is cheap; Done draws the
		// options' format.
		if got := mimes(calls[3].Bundle); got != "image/svg+xml text/plain" {
			t.Errorf("live drawing: %s", got)
		}
		if got := mimes(calls[len(calls)-1].Bundle); got != "image/png text/plain" {
			t.Errorf("final drawing: %s", got)
		}
		if got, want := calls[len(calls)-1].Bundle.Text(), "<chart: train 50 points, last (49, 49), val 26 points, last (49, 24.5)>"; got != want {
			t.Errorf("last: %q\nwant %q", got, want)
		}
		if c.Len("val") != 26 || c.Len("none") != 0 {
			t.Errorf("Len %d", c.Len("val"))
		}
	})
	withPublisher(t, func(r *recorder) {
		clk := newFakeClock()
		c := NewChart(ChartOptions{Now: clk.now, Plot: PlotOptions{Width: vg.Inch, Height: vg.Inch, Scale: 0.5}})
		clk.advance(time.Second)
		c.Add("a", 1, 1)
		c.Done()
		calls := r.all()
		var got []string
		for _, call := range calls {
			got = append(got, mimes(call.Bundle))
		}
		want := []string{"image/svg+xml text/plain", "image/svg+xml text/plain", "image/png text/plain"}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("formats %q, want %q", got, want)
		}
	})
}

func TestChartWithoutPublisher(t *testing.T) {
	out := captureStdout(t, func() {
		c := NewChart(ChartOptions{Title: "acc"})
		c.Add("train", 1, 0.5)
		c.Done()
	})
	if want := `<chart "acc": train 1 points, last (1, 0.5)>` + "\n"; out != want {
		t.Errorf("stdout %q, want %q", out, want)
	}
	var nilChart *Chart
	nilChart.Add("x", 1, 1)
	nilChart.Done()
}

// TestChartLegendCorner: the legend goes to the corner the lines leave
// empty: top right for a falling loss, elsewhere for a rising accuracy
// (which ends in the top right) or a loss that rises again there.
func TestChartLegendCorner(t *testing.T) {
	line := func(f func(x float64) float64) plotter.XYs {
		var pts plotter.XYs
		for i := range 20 {
			x := float64(i + 1)
			pts = append(pts, plotter.XY{X: x, Y: f(x)})
		}
		return pts
	}
	corner := func(top, left bool) string {
		return map[bool]string{true: "top", false: "bottom"}[top] + " " + map[bool]string{true: "left", false: "right"}[left]
	}
	falling := line(func(x float64) float64 { return 2 / x })
	rising := line(func(x float64) float64 { return 1 - 0.5/x })
	for _, c := range []struct {
		name   string
		series []plotter.XYs
		logY   bool
		want   string
	}{
		{"falling loss", []plotter.XYs{falling}, false, "top right"},
		{"rising accuracy", []plotter.XYs{rising}, false, "bottom right"},
		{"both", []plotter.XYs{falling, rising}, false, "top right"},
		// The golden chart: a loss that falls, a validation loss that
		// falls and rises back to the top right, on a log axis.
		{"overfitting on a log axis", []plotter.XYs{
			line(func(x float64) float64 { return 1.6 * math.Pow(0.85, x-1) }),
			line(func(x float64) float64 { return 0.6 + 0.01*(x-11)*(x-11) }),
		}, true, "bottom left"},
		// A segment crossing the top right with both ends outside it.
		{"sparse", []plotter.XYs{{{X: 0.5, Y: 1}, {X: 1, Y: 0.5}}, {{X: 0, Y: 0}}}, false, "top left"},
		{"one point", []plotter.XYs{{{X: 1, Y: 1}}}, false, "top right"},
	} {
		top, left := emptiestCorner(c.series, false, c.logY)
		if got := corner(top, left); got != c.want {
			t.Errorf("%s: legend %s, want %s", c.name, got, c.want)
		}
	}
}
