package display_test

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/methodic-go/methodic/display"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// mimeTypes lists the MIME types of a bundle in order.
func mimeTypes(b display.Bundle) string {
	var ks []string
	for k := range b.Data {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return strings.Join(ks, " ")
}

// accuracy renders itself as HTML, as an mlstd result type would.
type accuracy float64

func (a accuracy) HTML() string   { return fmt.Sprintf("<b>%.1f%%</b>", 100*a) }
func (a accuracy) String() string { return fmt.Sprintf("%.1f%%", 100*a) }

func ExampleRender() {
	b := display.Render(accuracy(0.953))
	fmt.Println(mimeTypes(b))
	fmt.Println(b.Data[display.MIMEHTML])
	fmt.Println(b.Text())
	// Output:
	// text/html text/plain
	// <b>95.3%</b>
	// 95.3%
}

func ExampleRender_error() {
	b := display.Render(errors.New("data: 3 rows have NaN labels"))
	fmt.Println(mimeTypes(b))
	fmt.Println(b.Data[display.MIMEHTML])
	// Output:
	// text/html text/plain
	// <pre class="text-danger" style="color:#c62828;white-space:pre-wrap">data: 3 rows have NaN labels</pre>
}

func ExampleShow() {
	// Outside a notebook (no publisher), Show prints the text form.
	display.Show(display.HTML("<b>ready</b>"), accuracy(0.5))
	// Output:
	// <b>ready</b>
	// 50.0%
}

func ExampleNewTable() {
	t := display.NewTable("model", "accuracy", "parameters").
		AddRow("majority class", 11.2, 0).
		AddRow("logistic regression", 92.14, 7850).
		AddRow("MLP 256", 98.03, 203530).
		Format("accuracy", "%.1f%%")
	fmt.Println(t)
	// Output:
	// model                accuracy  parameters
	// -------------------  --------  ----------
	// majority class          11.2%           0
	// logistic regression     92.1%        7850
	// MLP 256                 98.0%      203530
}

func ExampleTableOf() {
	type trial struct {
		LR       float64 `display:"learning rate,%.0e"`
		Hidden   int     `display:"hidden units"`
		Accuracy float64 `display:",%.3f"`
		Seed     int64   `display:"-"`
	}
	trials := []trial{{1e-2, 64, 0.9312, 1}, {1e-3, 128, 0.9571, 2}}
	fmt.Println(display.TableOf(trials))
	// Output:
	// learning rate  hidden units  Accuracy
	// -------------  ------------  --------
	//         1e-02            64     0.931
	//         1e-03           128     0.957
}

func ExampleTableOf_matrix() {
	m := mat.NewDense(2, 3, []float64{1, 0.5, 0, 2, 1.5, 3})
	t := display.TableOf(m)
	t.Caption = "weights"
	fmt.Println(t)
	fmt.Println(t.HTML()[:104])
	// Output:
	// weights
	// 0    1  2
	// -  ---  -
	// 1  0.5  0
	// 2  1.5  3
	// <table class="methodic-table"><caption style="text-align:left"><div align="left">weights</div></caption>
}

func ExampleMatrix() {
	m := mat.NewDense(30, 30, nil)
	for i := range 30 {
		m.Set(i, i, float64(i))
	}
	b := display.Matrix(m, display.MatrixOptions{Edge: 2})
	fmt.Println(b.Text())
	// Output:
	// 30×30 matrix
	// ⎡0  0  …   0   0⎤
	// ⎢0  1  …   0   0⎥
	// ⎢⋮  ⋮  ⋱   ⋮   ⋮⎥
	// ⎢0  0  …  28   0⎥
	// ⎣0  0  …   0  29⎦
}

func ExampleGrid() {
	digit := func(v uint8) image.Image {
		img := image.NewGray(image.Rect(0, 0, 28, 28))
		for i := range img.Pix {
			img.Pix[i] = v
		}
		return img
	}
	g := display.NewGrid(3)
	g.Caption = "worst mistakes"
	g.Add(digit(30), "true 4, predicted 9 (0.97)")
	g.Add(digit(90), "true 7, predicted 1 (0.95)")
	g.Add(digit(150), "true 3, predicted 5 (0.91)")
	g.Add(digit(210), "true 8, predicted 0 (0.88)")
	b := display.Render(g)
	fmt.Println(mimeTypes(b))
	fmt.Println(strings.Count(b.Data[display.MIMEHTML].(string), "<img"), "images")
	fmt.Println(b.Text())
	// Output:
	// text/html text/plain
	// 4 images
	// <grid of 4 items, 2×3: worst mistakes>
	// 0: true 4, predicted 9 (0.97)
	// 1: true 7, predicted 1 (0.95)
	// 2: true 3, predicted 5 (0.91)
	// 3: true 8, predicted 0 (0.88)
}

func ExamplePlot() {
	p := plot.New()
	p.Title.Text = "sin"
	pts := make(plotter.XYs, 100)
	for i := range pts {
		pts[i].X = float64(i) / 10
		pts[i].Y = math.Sin(pts[i].X)
	}
	l, _ := plotter.NewLine(pts)
	p.Add(l)
	b := display.Plot(p, display.PlotOptions{Width: 3 * vg.Inch, Height: 2 * vg.Inch})
	fmt.Println(mimeTypes(b))
	fmt.Println(b.Metadata[display.MIMEPNG])
	fmt.Println(b.Text())
	// Output:
	// image/png text/plain
	// map[height:192 width:288]
	// <plot "sin">
}

func ExamplePlots() {
	loss, acc := plot.New(), plot.New()
	loss.Title.Text, acc.Title.Text = "loss", "accuracy"
	b := display.Plots([][]*plot.Plot{{loss, acc}}, display.PlotOptions{Width: 8 * vg.Inch, Height: 3 * vg.Inch, Format: display.FormatBoth})
	fmt.Println(mimeTypes(b))
	fmt.Println(b.Metadata[display.MIMEPNG])
	fmt.Println(b.Text())
	// Output:
	// image/png image/svg+xml text/plain
	// map[height:288 width:768]
	// <1x2 plots ["loss" "accuracy"]>
}

func ExampleImage() {
	img := image.NewGray(image.Rect(0, 0, 28, 28))
	img.Set(14, 14, color.White)
	b := display.Image(img, display.ImageOptions{Width: 112})
	fmt.Println(mimeTypes(b), b.Metadata[display.MIMEPNG], b.Text())
	// Output:
	// image/png text/plain map[height:112 width:112] <image 28x28>
}

func ExampleJSON() {
	b := display.JSON(map[string]any{"lr": 0.01, "layers": []int{256, 128}})
	fmt.Println(mimeTypes(b))
	fmt.Println(b.Text())
	// Output:
	// application/json text/plain
	// {
	//   "layers": [
	//     256,
	//     128
	//   ],
	//   "lr": 0.01
	// }
}

func ExampleNewHandle() {
	// In a notebook the first call shows the value and Update replaces
	// it in place; outside one, both print the text form.
	h := display.NewHandle("epoch 1: loss 0.91")
	h.Update("epoch 2: loss 0.57")
	fmt.Println(strings.HasPrefix(h.ID(), "methodic-"))
	// Output:
	// "epoch 1: loss 0.91"
	// "epoch 2: loss 0.57"
	// true
}

func ExampleNewProgress() {
	// A fake clock makes the figures deterministic; cells leave Now nil.
	now := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	p := display.NewProgress(200, display.ProgressOptions{Label: "batches", Now: clock, Writer: io.Discard})
	for range 50 {
		now = now.Add(100 * time.Millisecond) // one batch every 100 ms
		p.Add(1)
	}
	p.SetStatus("loss=0.412")
	fmt.Println(p)
	// Output:
	// batches  25%|█████               | 50/200 [00:05<00:15, 10.00 it/s] loss=0.412
}

func ExampleNewChart() {
	c := display.NewChart(display.ChartOptions{Title: "loss", XLabel: "epoch", LogY: true})
	for epoch := 1; epoch <= 10; epoch++ {
		x := float64(epoch)
		c.Add("train", x, 1/x)
		c.Add("validation", x, 1/x+0.01*x)
	}
	// In a notebook Done draws the final curves in place; outside one it
	// prints a summary.
	c.Done()
	// Output:
	// <chart "loss": train 10 points, last (10, 0.1), validation 10 points, last (10, 0.2)>
}

func ExampleClear() {
	// Clear(true) clears the cell's output when the next output arrives,
	// which avoids flicker in an animation; outside a notebook it does
	// nothing.
	for i := range 3 {
		display.Clear(true)
		display.Show(display.Markdown(fmt.Sprintf("frame %d", i)))
	}
	// Output:
	// frame 0
	// frame 1
	// frame 2
}

// A learning-rate sweep drawn on a log axis: the labels are the powers of
// ten, written as the numbers they are.
func ExampleLogTicks() {
	p := plot.New()
	p.X.Label.Text = "learning rate"
	p.X.Scale = plot.LogScale{}
	p.X.Tick.Marker = display.LogTicks{}
	for _, t := range p.X.Tick.Marker.Ticks(1e-5, 1e-2) {
		if t.Label != "" {
			fmt.Println(t.Label)
		}
	}
	// Output:
	// 1e-5
	// 0.0001
	// 0.001
	// 0.01
}

// A plot in the notebook look: a sans-serif face, thin grey axes, a light
// grid, ticks at steps of 1, 2 or 5, and the legend in the corner that no
// line crosses.
func ExampleNewPlot() {
	p := display.NewPlot("Training loss", "epoch", "cross-entropy loss")
	var train, val plotter.XYs
	for e := 1; e <= 30; e++ {
		x := float64(e)
		train = append(train, plotter.XY{X: x, Y: 2 * math.Exp(-x/8)})
		val = append(val, plotter.XY{X: x, Y: 2*math.Exp(-x/10) + 0.2})
	}
	for i, pts := range []plotter.XYs{train, val} {
		l, _ := plotter.NewLine(pts)
		l.Color, l.Width = display.Color(i), display.LineWidth
		p.Add(l)
		p.Legend.Add([]string{"training", "validation"}[i], l)
	}
	display.PlaceLegend(p, false, false, train, val)
	fmt.Println("legend at the top:", p.Legend.Top, "left:", p.Legend.Left)
	fmt.Println(mimeTypes(display.Plot(p, display.PlotOptions{})))
	// Output:
	// legend at the top: true left: false
	// image/png text/plain
}

// Ticks labels a linear axis at multiples of 1, 2 or 5 times a power of
// ten.
func ExampleTicks() {
	var labels []string
	for _, t := range (display.Ticks{}).Ticks(1, 27) {
		if t.Label != "" {
			labels = append(labels, t.Label)
		}
	}
	fmt.Println(labels)
	// Output: [5 10 15 20 25]
}

// When a curve runs through every corner, PlaceLegend raises the top of
// the y axis so that the legend gets a band of its own; CornerLegend, for
// axes with natural bounds, only picks the corner.
func ExamplePlaceLegend() {
	wave := plotter.XYs{}
	for i := 0; i <= 40; i++ {
		x := float64(i) / 40
		wave = append(wave, plotter.XY{X: x, Y: 0.5 + 0.5*math.Cos(4*math.Pi*x)})
	}
	p := display.NewPlot("A wave", "x", "y")
	l, _ := plotter.NewLine(wave)
	p.Add(l)
	p.Legend.Add("cos", l)
	display.PlaceLegend(p, false, false, wave)
	fmt.Printf("y axis up to %.2f, legend at the top: %v\n", p.Y.Max, p.Legend.Top)

	q := display.NewPlot("A wave", "x", "y")
	q.Add(l)
	q.Legend.Add("cos", l)
	display.CornerLegend(q, false, false, wave)
	fmt.Printf("y axis up to %.2f\n", q.Y.Max)
	// Output:
	// y axis up to 1.27, legend at the top: true
	// y axis up to 1.00
}

// The colours of the notebook look: matplotlib's tab10 cycle.
func ExampleColor() {
	fmt.Println(display.Color(0), display.Color(1), display.Color(10) == display.Color(0))
	// Output: {31 119 180 255} {255 127 14 255} true
}
