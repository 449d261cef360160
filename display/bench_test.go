package display

import (
	"fmt"
	"io"
	"math"
	"testing"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

// linePlot is a plot of one line through n points.
func linePlot(n int) *plot.Plot {
	pts := make(plotter.XYs, n)
	for i := range pts {
		x := float64(i)
		pts[i] = plotter.XY{X: x, Y: math.Sin(x/200) + 0.1*math.Sin(x/7)}
	}
	p := plot.New()
	p.Title.Text = fmt.Sprintf("%d points", n)
	l, err := plotter.NewLine(pts)
	if err != nil {
		panic(err)
	}
	p.Add(l)
	return p
}

func BenchmarkPlotSVG10k(b *testing.B) {
	p := linePlot(10000)
	for b.Loop() {
		if _, ok := Plot(p, PlotOptions{Format: FormatSVG}).Data[MIMESVG]; !ok {
			b.Fatal("no SVG")
		}
	}
}

func BenchmarkPlotPNG10k(b *testing.B) {
	p := linePlot(10000)
	for b.Loop() {
		if _, ok := Plot(p, PlotOptions{Format: FormatPNG}).Data[MIMEPNG]; !ok {
			b.Fatal("no PNG")
		}
	}
}

func BenchmarkTableHTML1000(b *testing.B) {
	type row struct {
		Trial    int
		LR       float64 `display:"learning rate,%.2e"`
		Layers   int
		Accuracy float64
		Note     string
	}
	rows := make([]row, 1000)
	for i := range rows {
		rows[i] = row{i, math.Pow(10, -float64(i%5)), i%4 + 1, 0.5 + float64(i%500)/1000, "<ok & fine>"}
	}
	t := TableOf(rows)
	t.MaxRows = -1
	for b.Loop() {
		if len(t.HTML()) == 0 {
			b.Fatal("empty")
		}
	}
}

// BenchmarkProgress1000 drives 1,000 updates of a progress bar in a tight
// loop with the real clock, the way a training loop would; one op is the
// whole loop.
func BenchmarkProgress1000(b *testing.B) {
	defer SetPublisher(SetPublisher(&recorder{}))
	for b.Loop() {
		p := NewProgress(1000, ProgressOptions{Writer: io.Discard})
		for range 1000 {
			p.Add(1)
		}
		p.Done()
	}
}

// BenchmarkChartAdd adds points to a live chart as fast as possible:
// redraws are throttled to 10 a second, so most Adds only append.
func BenchmarkChartAdd(b *testing.B) {
	defer SetPublisher(SetPublisher(&recorder{}))
	c := NewChart(ChartOptions{Interval: time.Hour})
	i := 0
	for b.Loop() {
		c.Add("train", float64(i), 1/float64(i+1))
		i++
	}
}
