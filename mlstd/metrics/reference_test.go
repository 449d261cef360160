package metrics

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// The reference values come from testdata/sklearn_reference.py (see its
// doc string). Every comparison is to 1e-12, relative for values above 1.

const refFile = "testdata/sklearn_reference.json"

type reference struct {
	Versions map[string]string
	Binary   []struct {
		Name    string
		Y       []int
		Scores  []float64
		Weights []float64
		PR      struct{ Precision, Recall, Thresholds []float64 }
		AP      float64
		ROC     struct{ FPR, TPR, Thresholds []float64 }
		AUC     float64

		Cut               float64
		Confusion         []float64
		BinaryScores      []float64          `json:"binary_scores"`
		BinaryF           map[string]float64 `json:"binary_f"`
		BinarySpecificity float64            `json:"binary_specificity"`
		LogLoss           *float64           `json:"log_loss"`

		OperatingPoints map[string][]float64 `json:"operating_points"`
		MinCost         map[string]struct {
			Threshold any
			Cost      float64
		} `json:"min_cost"`
	}
	PRNoNegatives struct {
		Y                             []int
		Scores                        []float64
		Precision, Recall, Thresholds []float64
		AP                            float64
	} `json:"pr_no_negatives"`
	Multiclass []struct {
		Name             string
		Y, Pred          []int
		Weights          []float64
		LabelsGiven      []int `json:"labels_given"`
		Labels           []int
		Confusion        map[string][]float64
		Accuracy         float64
		BalancedAccuracy float64 `json:"balanced_accuracy"`
		Specificity      struct {
			PerClass               []float64 `json:"per_class"`
			Macro, Weighted, Micro float64
		}
		Scores map[string]struct {
			Precision, Recall, F, Support any
		}
		Report       map[string]any
		CostMatrix   []float64 `json:"cost_matrix"`
		ExpectedCost float64   `json:"expected_cost"`
	}
	Proba struct {
		Y                []int
		Proba            []float64
		K                int
		Weights          []float64
		LogLoss          float64   `json:"log_loss"`
		LogLossWeighted  float64   `json:"log_loss_weighted"`
		CostMatrix       []float64 `json:"cost_matrix"`
		MinCostPredict   []int     `json:"min_cost_predict"`
		Coverage         coverageRef
		CoverageWeighted coverageRef `json:"coverage_weighted"`
	}
	Edge struct {
		Y, Pred []int
		Tiny    struct {
			Weights      []float64
			ConfusionAll []float64 `json:"confusion_all"`
			Accuracy     float64
			F1Macro      float64 `json:"f1_macro"`
		}
		Huge struct {
			Weights []float64
			Sklearn map[string][]string
		}
	}
}

// betas are the betas of the reference's F-beta scores, keyed as the
// script writes them: 0 gives the precision, +Inf the recall.
var betas = map[string]float64{"1": 1, "0.5": 0.5, "2": 2, "0": 0, "inf": math.Inf(1)}

type coverageRef struct {
	Thresholds, Coverage, Accuracy []float64
	FullAccuracy                   float64 `json:"full_accuracy"`
}

func loadReference(t *testing.T) *reference {
	t.Helper()
	b, err := os.ReadFile(refFile)
	if err != nil {
		t.Fatal(err)
	}
	var r reference
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return &r
}

const tol = 1e-12

func near(a, b float64) bool {
	if a == b {
		return true
	}
	return math.Abs(a-b) <= tol*max(1, math.Abs(b))
}

func checkNear(t *testing.T, what string, got, want float64) {
	t.Helper()
	if !near(got, want) {
		t.Errorf("%s = %.17g, want %.17g (diff %.3g)", what, got, want, got-want)
	}
}

func checkSlice(t *testing.T, what string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: len %d, want %d", what, len(got), len(want))
		return
	}
	for i := range got {
		if !near(got[i], want[i]) {
			t.Errorf("%s[%d] = %.17g, want %.17g", what, i, got[i], want[i])
			return
		}
	}
}

func TestReferenceBinaryCurves(t *testing.T) {
	ref := loadReference(t)
	for _, c := range ref.Binary {
		t.Run(c.Name, func(t *testing.T) {
			pr, err := PR(c.Y, c.Scores, c.Weights)
			if err != nil {
				t.Fatal(err)
			}
			checkSlice(t, "precision", pr.Precision, c.PR.Precision)
			checkSlice(t, "recall", pr.Recall, c.PR.Recall)
			checkSlice(t, "thresholds", pr.Thresholds, c.PR.Thresholds)
			checkNear(t, "PR AP", pr.AP, c.AP)
			ap, err := AveragePrecision(c.Y, c.Scores, c.Weights)
			if err != nil {
				t.Fatal(err)
			}
			checkNear(t, "AveragePrecision", ap, c.AP)

			roc, err := ROC(c.Y, c.Scores, c.Weights)
			if err != nil {
				t.Fatal(err)
			}
			checkSlice(t, "fpr", roc.FPR, c.ROC.FPR)
			checkSlice(t, "tpr", roc.TPR, c.ROC.TPR)
			if !math.IsInf(roc.Thresholds[0], 1) {
				t.Errorf("first ROC threshold = %v, want +Inf", roc.Thresholds[0])
			}
			checkSlice(t, "roc thresholds", roc.Thresholds[1:], c.ROC.Thresholds)
			checkNear(t, "ROC AUC", roc.AUC, c.AUC)
			auc, err := ROCAUC(c.Y, c.Scores, c.Weights)
			if err != nil {
				t.Fatal(err)
			}
			checkNear(t, "ROCAUC", auc, c.AUC)

			pred := make([]int, len(c.Y))
			for i, s := range c.Scores {
				if s >= c.Cut {
					pred[i] = 1
				}
			}
			cm, err := Confusion(c.Y, pred, c.Weights, []int{0, 1})
			if err != nil {
				t.Fatal(err)
			}
			checkSlice(t, "confusion", cm.Matrix(Counts).RawMatrix().Data, c.Confusion)
			s, err := cm.Average(Binary, 1)
			if err != nil {
				t.Fatal(err)
			}
			checkSlice(t, "binary P/R/F1", []float64{s.Precision, s.Recall, s.F}, c.BinaryScores)
			if len(c.BinaryF) != len(betas) {
				t.Fatalf("binary F-beta for %d betas, want %d", len(c.BinaryF), len(betas))
			}
			for key, want := range c.BinaryF {
				f, err := FBeta(c.Y, pred, c.Weights, Binary, betas[key])
				if err != nil {
					t.Fatal(err)
				}
				checkNear(t, "binary F beta="+key, f, want)
			}
			checkNear(t, "binary specificity", s.Specificity, c.BinarySpecificity)
			if c.LogLoss != nil {
				ll, err := BinaryLogLoss(c.Y, c.Scores, c.Weights)
				if err != nil {
					t.Fatal(err)
				}
				checkNear(t, "binary log loss", ll, *c.LogLoss)
			}

			for key, want := range c.OperatingPoints {
				var (
					op  OperatingPoint
					err error
				)
				switch {
				case key[:4] == "maxF":
					beta, ok := betas[key[4:]]
					if !ok {
						t.Fatalf("unknown beta in %q", key)
					}
					op, err = pr.MaxF(beta)
				case key[:10] == "precision>":
					target, _ := strconv.ParseFloat(key[11:], 64)
					op, err = pr.AtPrecision(target)
				case key[:7] == "recall>":
					target, _ := strconv.ParseFloat(key[8:], 64)
					op, err = pr.AtRecall(target)
				default:
					t.Fatalf("unknown operating point %q", key)
				}
				if want == nil {
					if !errors.Is(err, ErrUnreachable) {
						t.Errorf("%s: got %v, %v; want ErrUnreachable", key, op, err)
					}
					continue
				}
				if err != nil {
					t.Errorf("%s: %v", key, err)
					continue
				}
				checkSlice(t, key, []float64{op.Threshold, op.Precision, op.Recall}, want)
			}

			for name, want := range c.MinCost {
				costs := map[string]Costs{
					"spam":     {FP: 10, FN: 1},
					"mushroom": {FP: 1, FN: 1000, TP: 0.5},
					"equal":    {FP: 1, FN: 1},
				}[name]
				p, cost := roc.MinCost(costs)
				wantT := math.Inf(1)
				if f, ok := want.Threshold.(float64); ok {
					wantT = f
				}
				if p.Threshold != wantT {
					t.Errorf("min cost %s: threshold %v, want %v", name, p.Threshold, wantT)
				}
				checkNear(t, "min cost "+name, cost, want.Cost)
				// The cost at the chosen threshold, recomputed from hard
				// predictions, is the same number.
				pred := make([]int, len(c.Y))
				for i, s := range c.Scores {
					if s >= p.Threshold {
						pred[i] = 1
					}
				}
				cm, err := Confusion(c.Y, pred, c.Weights, []int{0, 1})
				if err != nil {
					t.Fatal(err)
				}
				checkNear(t, "expected cost "+name, cm.ExpectedCost(costs.Matrix()), want.Cost)
			}
		})
	}
}

func TestReferencePRNoNegatives(t *testing.T) {
	c := loadReference(t).PRNoNegatives
	pr, err := PR(c.Y, c.Scores, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkSlice(t, "precision", pr.Precision, c.Precision)
	checkSlice(t, "recall", pr.Recall, c.Recall)
	checkSlice(t, "thresholds", pr.Thresholds, c.Thresholds)
	checkNear(t, "AP", pr.AP, c.AP)
	if _, err := ROC(c.Y, c.Scores, nil); !errors.Is(err, ErrOneClass) {
		t.Errorf("ROC with no negatives: err = %v, want ErrOneClass", err)
	}
}

func anyFloats(t *testing.T, v any) []float64 {
	t.Helper()
	switch v := v.(type) {
	case float64:
		return []float64{v}
	case []any:
		out := make([]float64, len(v))
		for i, x := range v {
			out[i] = x.(float64)
		}
		return out
	}
	t.Fatalf("unexpected JSON value %T", v)
	return nil
}

func TestReferenceMulticlass(t *testing.T) {
	ref := loadReference(t)
	for _, c := range ref.Multiclass {
		t.Run(c.Name, func(t *testing.T) {
			cm, err := Confusion(c.Y, c.Pred, c.Weights, c.LabelsGiven)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(cm.Labels, c.Labels) {
				t.Fatalf("labels %v, want %v", cm.Labels, c.Labels)
			}
			for norm, want := range map[string]Normalize{"None": Counts, "true": ByTrue, "pred": ByPred, "all": ByAll} {
				checkSlice(t, "confusion "+norm, cm.Matrix(want).RawMatrix().Data, c.Confusion[norm])
			}
			checkNear(t, "accuracy", cm.Accuracy(), c.Accuracy)
			acc, err := Accuracy(c.Y, c.Pred, c.Weights)
			if err != nil {
				t.Fatal(err)
			}
			checkNear(t, "Accuracy", acc, c.Accuracy)
			checkNear(t, "balanced accuracy", cm.BalancedAccuracy(), c.BalancedAccuracy)

			per, err := cm.PerClass(1)
			if err != nil {
				t.Fatal(err)
			}
			spec := make([]float64, len(per))
			for i, s := range per {
				spec[i] = s.Specificity
			}
			checkSlice(t, "specificity", spec, c.Specificity.PerClass)
			for avg, want := range map[Average]float64{Macro: c.Specificity.Macro, Micro: c.Specificity.Micro, Weighted: c.Specificity.Weighted} {
				s, _ := cm.Average(avg, 1)
				checkNear(t, avg.String()+" specificity", s.Specificity, want)
			}

			for key, beta := range betas {
				per, err := cm.PerClass(beta)
				if err != nil {
					t.Fatal(err)
				}
				var p, r, f, sup []float64
				for _, s := range per {
					p, r, f, sup = append(p, s.Precision), append(r, s.Recall), append(f, s.F), append(sup, s.Support)
				}
				want := c.Scores["None beta="+key]
				checkSlice(t, "precision", p, anyFloats(t, want.Precision))
				checkSlice(t, "recall", r, anyFloats(t, want.Recall))
				checkSlice(t, "f", f, anyFloats(t, want.F))
				checkSlice(t, "support", sup, anyFloats(t, want.Support))
				for _, avg := range []Average{Micro, Macro, Weighted} {
					want := c.Scores[fmt.Sprintf("%s beta=%s", avg, key)]
					s, err := cm.Average(avg, beta)
					if err != nil {
						t.Fatal(err)
					}
					what := fmt.Sprintf("%s beta=%s ", avg, key)
					checkNear(t, what+"precision", s.Precision, want.Precision.(float64))
					checkNear(t, what+"recall", s.Recall, want.Recall.(float64))
					checkNear(t, what+"F", s.F, want.F.(float64))
				}
			}

			rep := cm.Report()
			names := cm.names()
			for i, s := range rep.Classes {
				want := c.Report[names[i]].(map[string]any)
				checkSlice(t, "report "+names[i],
					[]float64{s.Precision, s.Recall, s.F, s.Support},
					[]float64{want["precision"].(float64), want["recall"].(float64), want["f1-score"].(float64), want["support"].(float64)})
			}
			for key, s := range map[string]Scores{"macro avg": rep.Macro, "weighted avg": rep.Weighted} {
				want := c.Report[key].(map[string]any)
				checkSlice(t, "report "+key,
					[]float64{s.Precision, s.Recall, s.F, s.Support},
					[]float64{want["precision"].(float64), want["recall"].(float64), want["f1-score"].(float64), want["support"].(float64)})
			}
			if acc, ok := c.Report["accuracy"]; ok {
				checkNear(t, "report accuracy", rep.Accuracy, acc.(float64))
			} else {
				// scikit-learn shows "micro avg" instead of accuracy when
				// labels name a class absent from the data; with every
				// present class included they are the same number.
				checkNear(t, "report accuracy", rep.Accuracy, c.Report["micro avg"].(map[string]any)["f1-score"].(float64))
			}

			k := len(c.Labels)
			checkNear(t, "expected cost", cm.ExpectedCost(mat.NewDense(k, k, c.CostMatrix)), c.ExpectedCost)
		})
	}
}

func TestReferenceProba(t *testing.T) {
	p := loadReference(t).Proba
	proba := mat.NewDense(len(p.Y), p.K, p.Proba)
	ll, err := LogLoss(p.Y, proba, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkNear(t, "log loss", ll, p.LogLoss)
	ll, err = LogLoss(p.Y, proba, p.Weights)
	if err != nil {
		t.Fatal(err)
	}
	checkNear(t, "weighted log loss", ll, p.LogLossWeighted)

	pred, err := MinCostPredict(proba, mat.NewDense(p.K, p.K, p.CostMatrix))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(pred, p.MinCostPredict) {
		t.Errorf("MinCostPredict = %v, want %v", pred, p.MinCostPredict)
	}

	for name, tc := range map[string]struct {
		w    []float64
		want coverageRef
	}{"unweighted": {nil, p.Coverage}, "weighted": {p.Weights, p.CoverageWeighted}} {
		c, err := CoverageProba(p.Y, proba, tc.w)
		if err != nil {
			t.Fatal(err)
		}
		checkSlice(t, name+" coverage thresholds", c.Thresholds, tc.want.Thresholds)
		checkSlice(t, name+" coverage", c.Coverage, tc.want.Coverage)
		checkSlice(t, name+" coverage accuracy", c.Accuracy, tc.want.Accuracy)
		checkNear(t, name+" accuracy at full coverage", c.Accuracy[len(c.Accuracy)-1], tc.want.FullAccuracy)
	}
}

// TestReferenceEdgeWeights checks weights at the edges of float64: a total
// below 1/MaxFloat64 gives scikit-learn's numbers, and a total too large
// for a float64 gives an error where scikit-learn returns NaN or zeros.
func TestReferenceEdgeWeights(t *testing.T) {
	e := loadReference(t).Edge
	cm, err := Confusion(e.Y, e.Pred, e.Tiny.Weights, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkSlice(t, "tiny weights: confusion normalised by total", cm.Matrix(ByAll).RawMatrix().Data, e.Tiny.ConfusionAll)
	acc, err := Accuracy(e.Y, e.Pred, e.Tiny.Weights)
	if err != nil {
		t.Fatal(err)
	}
	checkNear(t, "tiny weights: accuracy", acc, e.Tiny.Accuracy)
	f1, err := F1(e.Y, e.Pred, e.Tiny.Weights, Macro)
	if err != nil {
		t.Fatal(err)
	}
	checkNear(t, "tiny weights: macro F1", f1, e.Tiny.F1Macro)

	if got := e.Huge.Sklearn["accuracy"]; len(got) != 1 || got[0] != "nan" {
		t.Fatalf("the reference no longer records scikit-learn's NaN accuracy for overflowing weights: %v", got)
	}
	w := e.Huge.Weights
	s := make([]float64, len(e.Y))
	y01 := make([]int, len(e.Y))
	for i := range s {
		s[i] = float64(e.Pred[i])
		y01[i] = min(e.Y[i], 1)
	}
	for name, f := range map[string]func() error{
		"Confusion": func() error { _, err := Confusion(e.Y, e.Pred, w, nil); return err },
		"Accuracy":  func() error { _, err := Accuracy(e.Y, e.Pred, w); return err },
		"F1":        func() error { _, err := F1(e.Y, e.Pred, w, Macro); return err },
		"PR":        func() error { _, err := PR(y01, s, w); return err },
		"ROC":       func() error { _, err := ROC(y01, s, w); return err },
		"Coverage":  func() error { _, err := Coverage(e.Y, e.Pred, s, w); return err },
		"BinaryLogLoss": func() error {
			_, err := BinaryLogLoss(y01, []float64{0.1, 0.9, 0.8, 0.2, 0.4, 0.6, 0.3, 0.7}, w)
			return err
		},
	} {
		if err := f(); !errors.Is(err, ErrNotFinite) || !strings.Contains(err.Error(), "scale them down") {
			t.Errorf("%s with weights summing past MaxFloat64: err = %v, want ErrNotFinite saying to scale them down", name, err)
		}
	}
}

// TestReferenceScript reruns the reference script and checks that it
// reproduces the checked-in JSON, so that the file cannot drift from the
// script that documents it.
func TestReferenceScript(t *testing.T) {
	const python = "/usr/bin/python3"
	if err := exec.Command(python, "-c", "import sklearn, numpy").Run(); err != nil {
		msg := fmt.Sprintf("%s with scikit-learn is not available (%v): cannot rerun testdata/sklearn_reference.py (install python3-sklearn)", python, err)
		if os.Getenv("METHODIC_REQUIRE_JUPYTER") == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	if testing.Short() {
		t.Skip("-short: not rerunning the scikit-learn reference script (about 10 s)")
	}
	cmd := exec.Command(python, filepath.Join("testdata", "sklearn_reference.py"))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("sklearn_reference.py: %v", err)
	}
	want, err := os.ReadFile(refFile)
	if err != nil {
		t.Fatal(err)
	}
	var got, exp any
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(want, &exp); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, exp) {
		t.Errorf("sklearn_reference.py output differs from %s: regenerate it with\n\t/usr/bin/python3 testdata/sklearn_reference.py > %s\nand review the diff (versions now: %s)", refFile, refFile, firstDiff(got, exp, ""))
	}
}

// firstDiff describes where two decoded JSON values first differ.
func firstDiff(a, b any, path string) string {
	switch a := a.(type) {
	case map[string]any:
		bm, ok := b.(map[string]any)
		if !ok {
			return path + ": type differs"
		}
		for k, v := range a {
			if !reflect.DeepEqual(v, bm[k]) {
				return firstDiff(v, bm[k], path+"/"+k)
			}
		}
		for k := range bm {
			if _, ok := a[k]; !ok {
				return path + "/" + k + ": missing from output"
			}
		}
	case []any:
		bs, ok := b.([]any)
		if !ok || len(bs) != len(a) {
			return path + ": length differs"
		}
		for i := range a {
			if !reflect.DeepEqual(a[i], bs[i]) {
				return firstDiff(a[i], bs[i], fmt.Sprintf("%s[%d]", path, i))
			}
		}
	}
	return fmt.Sprintf("%s: %v, file has %v", path, a, b)
}
