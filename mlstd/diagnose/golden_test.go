package diagnose

import (
	"bytes"
	"encoding/base64"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/methodic-go/methodic/display"
	"github.com/methodic-go/methodic/mlstd/data"
	"github.com/methodic-go/methodic/mlstd/models"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/cmpimg"
	"gonum.org/v1/plot/vg"
)

// Golden images live in testdata/NAME_golden.png; `go test -regen`
// (cmpimg's flag) rewrites them from the current rendering. The results
// drawn are built from fixed numbers, not from training runs, so that the
// images depend on the drawing code alone.

// tolerance is the normalised difference allowed between a rendering and
// its golden image: enough to absorb anti-aliasing differences, not a
// missing line or label.
const tolerance = 0.02

func checkGolden(t *testing.T, name string, p *plot.Plot) {
	t.Helper()
	cmpimg.CheckPlotApprox(func() {
		b := display.Plot(p, display.PlotOptions{Width: 5 * vg.Inch, Height: 3.5 * vg.Inch, Scale: 1})
		data, err := base64.StdEncoding.DecodeString(b.Data[display.MIMEPNG].(string))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("testdata", name+".png"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}, t, tolerance, name+".png")
}

func goldenLearningCurve() *Curve {
	xs := []float64{100, 178, 316, 562, 1000}
	train := [][]float64{{0.01, 0.0}, {0.01, 0.02}, {0.02, 0.02}, {0.025, 0.03}, {0.03, 0.03}}
	val := [][]float64{{0.3, 0.26}, {0.2, 0.17}, {0.12, 0.11}, {0.08, 0.075}, {0.06, 0.055}}
	c := &Curve{Kind: Learning, Name: "golden", Param: "training examples", LogX: true, Points: pts(xs, train, val), Target: 0.05}
	c.Verdict, c.Advice = judge(c.Points, 2, CurveOptions{Target: 0.05})
	return c
}

func TestGoldenLearningCurve(t *testing.T) {
	checkGolden(t, "learning_curve", goldenLearningCurve().Plot())
}

func TestGoldenValidationCurve(t *testing.T) {
	xs := []float64{1e-4, 1e-3, 1e-2, 1e-1, 1}
	train := [][]float64{{0.4}, {0.1}, {0.02}, {0.05}, {0.85}}
	val := [][]float64{{0.42}, {0.13}, {0.06}, {0.09}, {0.86}}
	c := &Curve{Kind: Validation, Name: "golden", Param: "learning rate", LogX: true, Points: pts(xs, train, val), Best: 2}
	checkGolden(t, "validation_curve", c.Plot())
}

func TestGoldenLRRange(t *testing.T) {
	r := &LRRange{Model: "golden", Optimizer: "adam"}
	for i := range 80 {
		lr := 1e-6 * math.Pow(10, float64(i)/10)
		// A loss that falls between 1e-4 and 1e-1 and blows up after.
		x := math.Log10(lr)
		loss := 2.3 - 1.8/(1+math.Exp(-3*(x+2.5))) + 0.02*math.Sin(float64(i))
		if x > -1 {
			loss += 2 * (x + 1) * (x + 1)
		}
		r.Rates = append(r.Rates, lr)
		r.Losses = append(r.Losses, loss)
	}
	r.smooth(3)
	r.suggest()
	checkGolden(t, "lr_range", r.Plot())
}

func TestGoldenTinyFit(t *testing.T) {
	ok := &TinyFit{Model: "golden", Rows: 20, Tol: 0.05, Passed: true}
	bad := &TinyFit{Model: "golden", Rows: 20, Tol: 0.05}
	for i := range 200 {
		ok.Losses = append(ok.Losses, 2.3*math.Exp(-float64(i)/40))
		bad.Losses = append(bad.Losses, 1.2+1.1*math.Exp(-float64(i)/20))
	}
	checkGolden(t, "tiny_pass", ok.Plot())
	checkGolden(t, "tiny_fail", bad.Plot())
}

// goldenMonitor is a Monitor fed with made-up traces of a two-layer ReLU
// network: a quarter of the hidden units dead, ratios shrinking.
func goldenMonitor() *Monitor {
	mon := NewMonitor(MonitorOptions{Every: 10})
	r := data.NewRand(5)
	for s := 0; s < 10; s++ {
		tr := &models.Trace{Step: 1 + 10*s, Epoch: 1 + s/5, Loss: 2 / float64(s+1), LearningRate: 1e-3}
		for l, units := range []int{8, 3} {
			rows := 16
			pre := mat.NewDense(rows, units, nil)
			act := mat.NewDense(rows, units, nil)
			grad := mat.NewDense(rows, units, nil)
			for i := range rows {
				for j := range units {
					v := r.NormFloat64() + float64(s)/10
					if l == 0 && j < 2 {
						v = -1 - math.Abs(v) // dead units
					}
					pre.Set(i, j, v)
					act.Set(i, j, math.Max(0, v))
					grad.Set(i, j, r.NormFloat64()*1e-2/float64(s+1))
				}
			}
			in := 4
			if l == 1 {
				in = 8
			}
			w := mat.NewDense(in, units, nil)
			g := mat.NewDense(in, units, nil)
			u := mat.NewDense(in, units, nil)
			for i := range in {
				for j := range units {
					w.Set(i, j, r.NormFloat64()*0.3)
					g.Set(i, j, r.NormFloat64()*0.1/float64(s+1))
					u.Set(i, j, r.NormFloat64()*1e-3/float64(s+1))
				}
			}
			name := []string{"hidden 1", "output"}[l]
			tr.Layers = append(tr.Layers, models.LayerTrace{Layer: l, Name: name, PreActivation: pre, Activation: act, PreActivationGrad: grad, Weights: w, WeightGrad: g, Update: u})
		}
		mon.Record(tr)
	}
	return mon
}

func TestGoldenMonitor(t *testing.T) {
	mon := goldenMonitor()
	checkGolden(t, "monitor_preactivation", mon.HistogramPlot(0, "pre-activation"))
	checkGolden(t, "monitor_gradient", mon.HistogramPlot(1, "gradient"))
	checkGolden(t, "monitor_ratio", mon.SeriesPlot("update ratio"))
	checkGolden(t, "monitor_dead", mon.SeriesPlot("dead"))
	w := mon.Warnings()
	if len(w) != 1 || w[0].Kind != "dead units" || w[0].Layer != "hidden 1" || w[0].Count != 10 {
		t.Errorf("warnings %+v, want dead units in hidden 1 at every record", w)
	}
}

func TestGoldenFramedDigit(t *testing.T) {
	d := data.Digits()
	cmpimg.CheckPlotApprox(func() {
		var buf bytes.Buffer
		if err := png.Encode(&buf, framed(d, 0, badColor)); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("testdata", "framed_digit.png"), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}, t, tolerance, "framed_digit.png")
}
