package metrics

import (
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func mustPanic(t *testing.T, what, want string, f func()) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		msg, _ := r.(string)
		if r == nil {
			t.Errorf("%s: no panic, want %q", what, want)
		} else if !strings.HasPrefix(msg, "metrics: ") || !strings.Contains(msg, want) {
			t.Errorf("%s: panic %v, want a \"metrics: \" message containing %q", what, r, want)
		}
	}()
	f()
}

func TestShapeMisusePanics(t *testing.T) {
	y2, y3 := []int{0, 1}, []int{0, 1, 1}
	s2, s3 := []float64{0.1, 0.9}, []float64{0.1, 0.2, 0.9}
	w3 := []float64{1, 1, 1}
	cases := map[string]func(){
		"PR scores":         func() { PR(y2, s3, nil) },
		"PR weights":        func() { PR(y2, s2, w3) },
		"AveragePrecision":  func() { AveragePrecision(y3, s2, nil) },
		"ROC":               func() { ROC(y2, s3, nil) },
		"ROCAUC weights":    func() { ROCAUC(y2, s2, w3) },
		"Confusion":         func() { Confusion(y2, y3, nil, nil) },
		"Confusion weights": func() { Confusion(y2, y2, w3, nil) },
		"Accuracy":          func() { Accuracy(y3, y2, nil) },
		"Accuracy weights":  func() { Accuracy(y2, y2, w3) },
		"BalancedAccuracy":  func() { BalancedAccuracy(y2, y3, nil) },
		"ClassScores":       func() { ClassScores(y2, y3, nil, Macro, 1) },
		"Coverage":          func() { Coverage(y2, y3, s2, nil) },
		"Coverage conf":     func() { Coverage(y2, y2, s3, nil) },
		"CoverageProba":     func() { CoverageProba(y3, mat.NewDense(2, 2, nil), nil) },
		"LogLoss":           func() { LogLoss(y3, mat.NewDense(2, 2, nil), nil) },
		"BinaryLogLoss":     func() { BinaryLogLoss(y3, s2, nil) },
		"BinaryLogLoss w":   func() { BinaryLogLoss(y2, s2, w3) },
		"MinCostThreshold":  func() { MinCostThreshold(y2, s3, nil, Costs{FP: 1, FN: 1}) },
		"Report":            func() { Report(y2, y3, nil, nil) },
	}
	for name, f := range cases {
		mustPanic(t, name, "length mismatch", f)
	}
	mustPanic(t, "duplicate labels", "duplicate", func() { Confusion(y2, y2, nil, []int{0, 1, 0}) })
	cm, err := Confusion(y2, y2, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	mustPanic(t, "cost matrix size", "cost matrix", func() { cm.ExpectedCost(mat.NewDense(3, 3, nil)) })
	mustPanic(t, "MinCostPredict size", "cost matrix", func() { MinCostPredict(mat.NewDense(1, 2, nil), mat.NewDense(3, 3, nil)) })
	mustPanic(t, "unknown average", "average", func() { cm.Average(Average(9), 1) })
	mustPanic(t, "unknown normalisation", "normalisation", func() { cm.Matrix(Normalize(9)) })
	mustPanic(t, "At out of range", "out of range", func() { cm.At(2, 0) })
	mustPanic(t, "report names", "names", func() { Report(y2, y2, nil, []string{"a"}) })
	mustPanic(t, "upside-down costs", "costs", func() { Costs{FP: -1, FN: 1}.Threshold() })
}

// TestBadBeta checks that a negative or NaN beta is an error a cell can
// go on from, not a panic; 0 and +Inf are scikit-learn's precision and
// recall (checked against its numbers in reference_test.go).
func TestBadBeta(t *testing.T) {
	y, p := []int{0, 1, 1, 0}, []int{0, 1, 0, 0}
	cm, err := Confusion(y, p, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	pr, err := PR(y, []float64{0.1, 0.9, 0.3, 0.2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, beta := range []float64{-1, -0.5, math.Inf(-1), math.NaN()} {
		for name, f := range map[string]func() error{
			"PerClass": func() error { _, err := cm.PerClass(beta); return err },
			"Average":  func() error { _, err := cm.Average(Macro, beta); return err },
			"Binary":   func() error { _, err := cm.Average(Binary, beta); return err },
			"FBeta":    func() error { _, err := FBeta(y, p, nil, Weighted, beta); return err },
			"MaxF":     func() error { _, err := pr.MaxF(beta); return err },
		} {
			if err := f(); !errors.Is(err, ErrBeta) || !strings.HasPrefix(err.Error(), "metrics: F-beta: ") {
				t.Errorf("%s(beta %v): err = %v, want ErrBeta with the package prefix", name, beta, err)
			}
		}
		if f := (OperatingPoint{Precision: 0.5, Recall: 0.5}).F(beta); !math.IsNaN(f) {
			t.Errorf("OperatingPoint.F(%v) = %v, want NaN", beta, f)
		}
	}
	for _, beta := range []float64{0, math.Inf(1)} {
		if _, err := cm.PerClass(beta); err != nil {
			t.Errorf("PerClass(%v): %v", beta, err)
		}
	}
}

// errOf returns the error of a call's two results.
func errOf[T any](_ T, err error) error { return err }

// TestErrorPrefixOnce checks that every error names the package once, at
// the start: "metrics: accuracy: no examples", not "metrics: accuracy:
// metrics: no examples".
func TestErrorPrefixOnce(t *testing.T) {
	nan := math.NaN()
	y, s := []int{0, 1, 0, 1}, []float64{0.1, 0.9, 0.3, 0.6}
	pr, err := PR(y, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	cov, err := Coverage(y, []int{0, 0, 0, 0}, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	cm, err := Confusion(y, y, nil, []int{0, 1})
	if err != nil {
		t.Fatal(err)
	}
	errs := map[string]error{}
	errs["Accuracy empty"] = errOf(Accuracy(nil, nil, nil))
	errs["Accuracy weight"] = errOf(Accuracy([]int{1}, []int{1}, []float64{-1}))
	errs["Accuracy zero weight"] = errOf(Accuracy([]int{1}, []int{1}, []float64{0}))
	errs["Confusion empty"] = errOf(Confusion(nil, nil, nil, nil))
	errs["Confusion label"] = errOf(Confusion([]int{0, 1}, []int{0, 2}, nil, []int{0, 1}))
	errs["Confusion weight"] = errOf(Confusion([]int{0, 1}, []int{0, 1}, []float64{1, nan}, nil))
	errs["F1 binary labels"] = errOf(F1([]int{0, 1, 2}, []int{0, 1, 2}, nil, Binary))
	errs["FBeta beta"] = errOf(FBeta(y, y, nil, Macro, -1))
	errs["PerClass beta"] = errOf(cm.PerClass(-1))
	errs["MaxF beta"] = errOf(pr.MaxF(nan))
	errs["PR empty"] = errOf(PR(nil, nil, nil))
	errs["PR one class"] = errOf(PR([]int{0, 0}, []float64{1, 2}, nil))
	errs["PR NaN"] = errOf(PR(y, []float64{0.1, nan, 0.3, 0.6}, nil))
	errs["AveragePrecision label"] = errOf(AveragePrecision([]int{0, 2}, []float64{1, 2}, nil))
	errs["ROC one class"] = errOf(ROC([]int{1, 1}, []float64{1, 2}, nil))
	errs["ROCAUC weight"] = errOf(ROCAUC(y, s, []float64{1, 1, -1, 1}))
	errs["AtRecall"] = errOf(pr.AtRecall(1.5))
	errs["AtPrecision"] = errOf(pr.AtPrecision(1.5))
	errs["AtAccuracy"] = errOf(cov.AtAccuracy(0.99))
	errs["AtCoverage"] = errOf(cov.AtCoverage(1.1))
	errs["Coverage NaN"] = errOf(Coverage(y, y, []float64{nan, 1, 1, 1}, nil))
	errs["CoverageProba NaN"] = errOf(CoverageProba([]int{0}, mat.NewDense(1, 2, []float64{nan, 1}), nil))
	errs["LogLoss label"] = errOf(LogLoss([]int{0, 3}, mat.NewDense(2, 2, []float64{0.5, 0.5, 0.5, 0.5}), nil))
	errs["LogLoss empty"] = errOf(LogLoss([]int{}, &mat.Dense{}, nil))
	errs["BinaryLogLoss weight"] = errOf(BinaryLogLoss(y, s, []float64{1, 1, 1, math.Inf(1)}))
	errs["MinCostPredict NaN"] = errOf(MinCostPredict(mat.NewDense(1, 2, []float64{nan, 1}), mat.NewDense(2, 2, nil)))
	errs["Report empty"] = errOf(Report(nil, nil, nil, nil))
	big := []float64{1e308, 1e308, 1e308, 1e308}
	errs["Confusion overflow"] = errOf(Confusion(y, y, big, nil))
	errs["PR overflow"] = errOf(PR(y, s, big))
	for name, err := range errs {
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		if msg := err.Error(); !strings.HasPrefix(msg, "metrics: ") || strings.Count(msg, "metrics:") != 1 {
			t.Errorf("%s: %q: want the prefix \"metrics: \" once, at the start", name, msg)
		}
	}
}

func TestBadDataErrors(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	y := []int{0, 1, 0, 1}
	s := []float64{0.1, 0.9, 0.3, 0.6}
	curves := map[string]func(y []int, s, w []float64) error{
		"PR":               func(y []int, s, w []float64) error { _, err := PR(y, s, w); return err },
		"AveragePrecision": func(y []int, s, w []float64) error { _, err := AveragePrecision(y, s, w); return err },
		"ROC":              func(y []int, s, w []float64) error { _, err := ROC(y, s, w); return err },
		"ROCAUC":           func(y []int, s, w []float64) error { _, err := ROCAUC(y, s, w); return err },
		"MinCostThreshold": func(y []int, s, w []float64) error {
			_, _, err := MinCostThreshold(y, s, w, Costs{FP: 1, FN: 1})
			return err
		},
		"Coverage": func(y []int, s, w []float64) error { _, err := Coverage(y, y, s, w); return err },
		"BinaryLogLoss": func(y []int, s, w []float64) error {
			_, err := BinaryLogLoss(y, s, w)
			return err
		},
	}
	inputs := []struct {
		name string
		y    []int
		s, w []float64
		want error
	}{
		{"empty", []int{}, []float64{}, nil, ErrEmpty},
		{"nil", nil, nil, nil, ErrEmpty},
		{"NaN score", y, []float64{0.1, nan, 0.3, 0.6}, nil, ErrNotFinite},
		{"Inf score", y, []float64{0.1, inf, 0.3, 0.6}, nil, ErrNotFinite},
		{"NaN weight", y, s, []float64{1, nan, 1, 1}, ErrNotFinite},
		{"negative weight", y, s, []float64{1, -1, 1, 1}, ErrWeight},
		{"all weights zero", y, s, []float64{0, 0, 0, 0}, ErrEmpty},
		{"label 2", []int{0, 1, 2, 1}, s, nil, ErrLabel},
		{"label -1", []int{-1, 1, 1, 1}, s, nil, ErrLabel},
	}
	for name, f := range curves {
		for _, in := range inputs {
			if name == "Coverage" && in.want == ErrLabel {
				continue // any labels are fine for coverage
			}
			err := f(in.y, in.s, in.w)
			if !errors.Is(err, in.want) {
				t.Errorf("%s, %s: err = %v, want %v", name, in.name, err, in.want)
			} else if !strings.HasPrefix(err.Error(), "metrics: ") {
				t.Errorf("%s, %s: error %q lacks the package prefix", name, in.name, err)
			}
		}
	}

	// One class present.
	for name, f := range map[string]func(y []int, s, w []float64) error{
		"PR": curves["PR"], "AveragePrecision": curves["AveragePrecision"],
		"ROC": curves["ROC"], "ROCAUC": curves["ROCAUC"],
	} {
		if err := f([]int{0, 0, 0}, []float64{1, 2, 3}, nil); !errors.Is(err, ErrOneClass) {
			t.Errorf("%s with no positives: err = %v, want ErrOneClass", name, err)
		}
		// Positives of weight zero do not count as present.
		if err := f([]int{0, 1, 0}, []float64{1, 2, 3}, []float64{1, 0, 1}); !errors.Is(err, ErrOneClass) {
			t.Errorf("%s with zero-weight positives: err = %v, want ErrOneClass", name, err)
		}
	}
	for _, f := range []func(y []int, s, w []float64) error{curves["ROC"], curves["ROCAUC"]} {
		if err := f([]int{1, 1}, []float64{1, 2}, nil); !errors.Is(err, ErrOneClass) {
			t.Errorf("ROC with no negatives: err = %v, want ErrOneClass", err)
		}
	}

	// Hard predictions.
	if _, err := Confusion(nil, nil, nil, nil); !errors.Is(err, ErrEmpty) {
		t.Errorf("Confusion of nothing: %v", err)
	}
	if _, err := Confusion([]int{0, 1}, []int{0, 2}, nil, []int{0, 1}); !errors.Is(err, ErrLabel) {
		t.Errorf("Confusion with a label outside labels: %v", err)
	}
	if _, err := Confusion([]int{0, 1}, []int{0, 1}, []float64{1, -2}, nil); !errors.Is(err, ErrWeight) {
		t.Errorf("Confusion with a negative weight: %v", err)
	}
	if _, err := Confusion([]int{0, 1}, []int{0, 1}, []float64{0, 0}, nil); !errors.Is(err, ErrEmpty) {
		t.Errorf("Confusion with zero weights: %v", err)
	}
	if _, err := Accuracy(nil, nil, nil); !errors.Is(err, ErrEmpty) {
		t.Errorf("Accuracy of nothing: %v", err)
	}
	if _, err := Accuracy([]int{1}, []int{1}, []float64{math.Inf(1)}); !errors.Is(err, ErrNotFinite) {
		t.Errorf("Accuracy with an infinite weight: %v", err)
	}
	if _, err := F1([]int{0, 1, 2}, []int{0, 1, 2}, nil, Binary); !errors.Is(err, ErrLabel) {
		t.Errorf("binary F1 of three classes: %v", err)
	}
	if _, err := LogLoss([]int{0, 3}, mat.NewDense(2, 2, []float64{0.5, 0.5, 0.5, 0.5}), nil); !errors.Is(err, ErrLabel) {
		t.Errorf("LogLoss with a class beyond the columns: %v", err)
	}
	if _, err := LogLoss([]int{0, 1}, mat.NewDense(2, 2, []float64{0.5, nan, 0.5, 0.5}), nil); !errors.Is(err, ErrNotFinite) {
		t.Errorf("LogLoss with NaN: %v", err)
	}
	if _, err := MinCostPredict(mat.NewDense(1, 2, []float64{nan, 1}), mat.NewDense(2, 2, nil)); !errors.Is(err, ErrNotFinite) {
		t.Errorf("MinCostPredict with NaN: %v", err)
	}
	if _, err := CoverageProba([]int{0}, mat.NewDense(1, 2, []float64{nan, 1}), nil); !errors.Is(err, ErrNotFinite) {
		t.Errorf("CoverageProba with NaN: %v", err)
	}

	// Unreachable targets.
	pr, err := PR(y, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pr.AtRecall(1.5); !errors.Is(err, ErrUnreachable) {
		t.Errorf("recall 1.5: %v", err)
	}
	cov, err := Coverage(y, []int{0, 0, 0, 0}, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cov.AtAccuracy(0.99); !errors.Is(err, ErrUnreachable) {
		t.Errorf("accuracy 0.99 of a half-wrong model: %v", err)
	}
	if _, err := cov.AtCoverage(1.1); !errors.Is(err, ErrUnreachable) {
		t.Errorf("coverage 1.1: %v", err)
	}
}
