package models

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"testing"

	"github.com/methodic-go/methodic/mlstd/data"
)

type sklearnLogistic struct {
	Sklearn string  `json:"sklearn"`
	Tol     float64 `json:"tol"`
	Cases   []struct {
		Data        string      `json:"data"`
		Standardise bool        `json:"standardise"`
		C           float64     `json:"C"`
		Coef        [][]float64 `json:"coef"`
		Intercept   []float64   `json:"intercept"`
	} `json:"cases"`
	Defaults struct {
		TrainRows       int         `json:"train_rows"`
		C               float64     `json:"C"`
		ProbaDefaultTol [][]float64 `json:"proba_default_tol"`
		ProbaOptimum    [][]float64 `json:"proba_optimum"`
	} `json:"defaults"`
}

func loadReference(t *testing.T, raw []byte) sklearnLogistic {
	t.Helper()
	var ref sklearnLogistic
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	if len(ref.Cases) == 0 {
		t.Fatal("no reference cases")
	}
	return ref
}

// checkAgainst fits Logistic on each reference case and compares the
// coefficients and intercepts within 1e-4.
func checkAgainst(t *testing.T, ref sklearnLogistic) {
	for _, c := range ref.Cases {
		var d *data.Dataset
		switch c.Data {
		case "breast_cancer":
			d = data.BreastCancer()
		case "iris":
			d = data.Iris()
		default:
			t.Fatalf("unknown data %q", c.Data)
		}
		if c.Standardise {
			s, err := data.FitStandardizer(d)
			if err != nil {
				t.Fatal(err)
			}
			d = s.Transform(d)
		}
		m := NewLogistic(LogisticOptions{C: c.C, Tol: ref.Tol, MaxIter: 100000})
		h, err := m.Fit(context.Background(), d, nil)
		if err != nil {
			t.Fatal(err)
		}
		coef := m.Coef()
		worst := 0.0
		for i, row := range c.Coef {
			for j, want := range row {
				worst = math.Max(worst, math.Abs(coef.At(i, j)-want))
			}
			worst = math.Max(worst, math.Abs(m.Intercept()[i]-c.Intercept[i]))
		}
		t.Logf("%s C=%g: %d iterations, largest difference from scikit-learn %.2e", c.Data, c.C, len(h.Epochs), worst)
		if worst > 1e-4 {
			t.Errorf("%s C=%g: coefficients differ from scikit-learn's by %.2e > 1e-4", c.Data, c.C, worst)
		}
	}
}

// TestLogisticMatchesSklearn compares with the checked-in reference that
// testdata/logistic_sklearn.py computed.
func TestLogisticMatchesSklearn(t *testing.T) {
	raw, err := os.ReadFile("testdata/logistic_sklearn.json")
	if err != nil {
		t.Fatal(err)
	}
	checkAgainst(t, loadReference(t, raw))
}

// TestLogisticDefaultsMatchSklearn fits unscaled digits (pixel counts 0 to
// 16, a badly conditioned problem) with the default options and compares
// the held-out probabilities with scikit-learn's LogisticRegression(C=1)
// at its default tolerance and at the optimum: the defaults must reach the
// same optimum, and report convergence only when they have.
func TestLogisticDefaultsMatchSklearn(t *testing.T) {
	raw, err := os.ReadFile("testdata/logistic_sklearn.json")
	if err != nil {
		t.Fatal(err)
	}
	ref := loadReference(t, raw).Defaults
	d := data.Digits()
	idx := make([]int, d.Len())
	for i := range idx {
		idx[i] = i
	}
	train, test := d.Subset(idx[:ref.TrainRows]), d.Subset(idx[ref.TrainRows:])
	m := NewLogistic(LogisticOptions{C: ref.C})
	h, err := m.Fit(context.Background(), train, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := m.PredictProba(test.X)
	for name, want := range map[string][][]float64{"default tolerance": ref.ProbaDefaultTol, "optimum": ref.ProbaOptimum} {
		if len(want) != test.Len() {
			t.Fatalf("%s: %d reference rows for %d test rows", name, len(want), test.Len())
		}
		worst := 0.0
		for i, row := range want {
			for j, v := range row {
				worst = math.Max(worst, math.Abs(p.At(i, j)-v))
			}
		}
		t.Logf("%s: %s after %d iterations, largest difference from scikit-learn %.2e", name, h.Stopped, len(h.Epochs), worst)
		if worst > 2e-3 {
			t.Errorf("%s: held-out probabilities differ from scikit-learn's by %.3g > 2e-3 (stopped: %s)", name, worst, h.Stopped)
		}
	}
}

// TestLogisticMatchesSklearnLive reruns the reference script when
// /usr/bin/python3 has scikit-learn, so that the checked-in JSON cannot go
// stale unnoticed.
func TestLogisticMatchesSklearnLive(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode")
	}
	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import sklearn").Run(); err != nil {
		if os.Getenv("METHODIC_REQUIRE_JUPYTER") == "1" {
			t.Fatalf("scikit-learn is required (METHODIC_REQUIRE_JUPYTER=1): %v", err)
		}
		t.Skipf("no scikit-learn at %s (Debian package python3-sklearn): %v", py, err)
	}
	out, err := exec.Command(py, "testdata/logistic_sklearn.py").Output()
	if err != nil {
		t.Fatal(err)
	}
	checkAgainst(t, loadReference(t, out))
}
