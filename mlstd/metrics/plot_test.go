package metrics

import (
	"encoding/base64"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot/cmpimg"

	"github.com/methodic-go/methodic/display"
)

// Golden images live in testdata/NAME_golden.png; `go test -regen`
// (cmpimg's flag) rewrites them from the current rendering. Each test
// renders what a notebook would show, the PNG of the value's MIMEBundle.

// tolerance is the normalised image difference allowed: enough for
// anti-aliasing differences between platforms, far too little for a
// missing curve, mark or label.
const tolerance = 0.02

// checkGolden renders v's PNG to testdata/name.png and compares it with
// testdata/name_golden.png.
func checkGolden(t *testing.T, name string, v display.MIMEBundler) {
	t.Helper()
	path := filepath.Join("testdata", name+".png")
	cmpimg.CheckPlotApprox(func() {
		b := v.MIMEBundle()
		s, ok := b.Data[display.MIMEPNG].(string)
		if !ok {
			t.Fatalf("%s: no PNG in the bundle (%v)", name, b.Text())
		}
		if b.Text() == "" {
			t.Errorf("%s: no text/plain", name)
		}
		png, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
	}, t, tolerance, name+".png")
	os.Remove(path) // keep testdata clean; with -regen it was renamed already
}

// twoModels returns seeded labels (25% positives) and the scores of a good
// and a weaker model, with ties.
func twoModels() (y []int, good, weak []float64) {
	r := rand.New(rand.NewPCG(11, 12))
	n := 2000
	y = make([]int, n)
	good = make([]float64, n)
	weak = make([]float64, n)
	for i := range n {
		if r.Float64() < 0.25 {
			y[i] = 1
		}
		z := float64(y[i])
		good[i] = math.Round(100/(1+math.Exp(-(2.2*z-1.1+r.NormFloat64())))) / 100
		weak[i] = math.Round(100/(1+math.Exp(-(1.0*z-0.5+r.NormFloat64())))) / 100
	}
	return y, good, weak
}

func TestGoldenPR(t *testing.T) {
	y, good, weak := twoModels()
	pr, err := PR(y, good, nil)
	if err != nil {
		t.Fatal(err)
	}
	pr.Name = "logistic regression"
	at, err := pr.AtPrecision(0.9)
	if err != nil {
		t.Fatal(err)
	}
	best, err := pr.MaxF(1)
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "pr", pr.Mark(best).Mark(at))

	pr2, err := PR(y, weak, nil)
	if err != nil {
		t.Fatal(err)
	}
	pr2.Name = "baseline"
	checkGolden(t, "pr_compare", PRCurves{pr, pr2})
}

func TestGoldenROC(t *testing.T) {
	y, good, weak := twoModels()
	roc, err := ROC(y, good, nil)
	if err != nil {
		t.Fatal(err)
	}
	roc.Name = "logistic regression"
	p, _ := roc.MinCost(Costs{FP: 1, FN: 5})
	checkGolden(t, "roc", roc.Mark(p))

	roc2, err := ROC(y, weak, nil)
	if err != nil {
		t.Fatal(err)
	}
	roc2.Name = "baseline"
	checkGolden(t, "roc_compare", ROCCurves{roc, roc2})
}

func fourClasses() (y, pred []int, conf []float64) {
	r := rand.New(rand.NewPCG(21, 22))
	n := 1500
	y = make([]int, n)
	pred = make([]int, n)
	conf = make([]float64, n)
	for i := range n {
		u := r.Float64()
		switch {
		case u < 0.55:
			y[i] = 0
		case u < 0.8:
			y[i] = 1
		case u < 0.95:
			y[i] = 2
		default:
			y[i] = 3
		}
		c := r.Float64()
		conf[i] = math.Round((0.25+0.75*c)*100) / 100
		pred[i] = y[i]
		if r.Float64() > 0.35+0.6*c { // less confident, more often wrong
			pred[i] = (y[i] + 1 + r.IntN(3)) % 4
		}
	}
	return y, pred, conf
}

func TestGoldenConfusion(t *testing.T) {
	y, pred, _ := fourClasses()
	cm, err := Confusion(y, pred, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	cm.Names = []string{"cat", "dog", "horse", "zebra"}
	checkGolden(t, "confusion", cm)
	cm.Show = ByTrue
	checkGolden(t, "confusion_by_true", cm)
}

func TestGoldenCoverage(t *testing.T) {
	y, pred, conf := fourClasses()
	c, err := Coverage(y, pred, conf, nil)
	if err != nil {
		t.Fatal(err)
	}
	c.Name = "4-class model"
	p, err := c.AtAccuracy(0.9)
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "coverage", c.Mark(p))

	// A second model whose confidence is a coarser signal of being right.
	coarse := make([]float64, len(conf))
	for i, v := range conf {
		coarse[i] = math.Round(v*4) / 4
	}
	c2, err := Coverage(y, pred, coarse, nil)
	if err != nil {
		t.Fatal(err)
	}
	c2.Name = "coarse confidence"
	checkGolden(t, "coverage_compare", CoverageCurves{c, c2})
}

func TestReportRendering(t *testing.T) {
	y, pred, _ := fourClasses()
	r, err := Report(y, pred, nil, []string{"cat", "dog", "horse", "zebra"})
	if err != nil {
		t.Fatal(err)
	}
	b := display.Render(r)
	html, _ := b.Data[display.MIMEHTML].(string)
	for _, want := range []string{"<table", "precision", "f1-score", "zebra", "weighted avg", "accuracy"} {
		if !strings.Contains(html, want) {
			t.Errorf("report HTML lacks %q:\n%s", want, html)
		}
	}
	if b.Text() != r.String() {
		t.Errorf("text/plain is not the report's String:\n%s", b.Text())
	}
	// The accuracy row carries the accuracy, formatted like the others.
	acc := r.Table().Rows[len(r.Classes)]
	if acc[0] != "accuracy" || acc[3] != r.Accuracy || acc[1] != nil {
		t.Errorf("accuracy row %v", acc)
	}
}
