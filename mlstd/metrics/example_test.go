package metrics_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/methodic-go/methodic/display"
	"github.com/methodic-go/methodic/mlstd/metrics"
)

// A spam filter's scores for ten messages (1 = spam).
var (
	spam   = []int{0, 0, 1, 1, 0, 1, 0, 1, 1, 0}
	scores = []float64{0.1, 0.4, 0.35, 0.8, 0.2, 0.9, 0.6, 0.55, 0.7, 0.3}
)

// Three classes of flowers: the truth and a model's predictions.
var (
	flowers   = []int{0, 0, 0, 0, 1, 1, 1, 2, 2, 2}
	predicted = []int{0, 0, 1, 0, 1, 2, 1, 2, 2, 0}
)

func ExampleConfusion() {
	cm, err := metrics.Confusion(flowers, predicted, nil, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	cm.Names = []string{"setosa", "versicolor", "virginica"}
	fmt.Println(cm)
	// Output:
	//  true\pred     setosa versicolor  virginica
	//     setosa          3          1          0
	// versicolor          0          2          1
	//  virginica          1          0          2
}

func ExampleConfusion_labels() {
	// labels fixes the order of rows and columns and may name a class
	// that never occurs.
	cm, err := metrics.Confusion([]int{1, 0, 1}, []int{1, 1, 1}, nil, []int{1, 0, 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(cm.Labels)
	fmt.Println(cm)
	// Output:
	// [1 0 2]
	// true\pred         1         0         2
	//         1         2         0         0
	//         0         1         0         0
	//         2         0         0         0
}

func ExampleConfusionMatrix_Matrix() {
	cm, _ := metrics.Confusion(flowers, predicted, nil, nil)
	m := cm.Matrix(metrics.ByTrue) // rows sum to 1: recalls on the diagonal
	fmt.Printf("%.2f\n", mat.Formatted(m))
	// Output:
	// ⎡0.75  0.25  0.00⎤
	// ⎢0.00  0.67  0.33⎥
	// ⎣0.33  0.00  0.67⎦
}

func ExampleConfusionMatrix_At() {
	cm, _ := metrics.Confusion(flowers, predicted, []float64{1, 1, 1, 1, 2, 2, 2, 1, 1, 1}, nil)
	fmt.Println(cm.At(1, 1), cm.At(1, 2), cm.Total())
	// Output: 4 2 13
}

func ExampleConfusionMatrix_PerClass() {
	cm, _ := metrics.Confusion(flowers, predicted, nil, nil)
	per, _ := cm.PerClass(1)
	for i, s := range per {
		fmt.Println(cm.Labels[i], s)
	}
	// Output:
	// 0 precision 0.7500, recall 0.7500, specificity 0.8333, F 0.7500, support 4
	// 1 precision 0.6667, recall 0.6667, specificity 0.8571, F 0.6667, support 3
	// 2 precision 0.6667, recall 0.6667, specificity 0.8571, F 0.6667, support 3
}

func ExampleConfusionMatrix_Average() {
	cm, _ := metrics.Confusion(flowers, predicted, nil, nil)
	for _, avg := range []metrics.Average{metrics.Macro, metrics.Micro, metrics.Weighted} {
		s, _ := cm.Average(avg, 1)
		fmt.Printf("%-8s %v\n", avg, s)
	}
	// Output:
	// macro    precision 0.6944, recall 0.6944, specificity 0.8492, F 0.6944, support 10
	// micro    precision 0.7000, recall 0.7000, specificity 0.8500, F 0.7000, support 10
	// weighted precision 0.7000, recall 0.7000, specificity 0.8476, F 0.7000, support 10
}

func ExampleConfusionMatrix_Accuracy() {
	// 95 negatives, 5 positives; the model always says "negative".
	y := make([]int, 100)
	for i := range 5 {
		y[i] = 1
	}
	never := make([]int, 100)
	cm, _ := metrics.Confusion(y, never, nil, nil)
	fmt.Printf("accuracy %.2f, balanced accuracy %.2f\n", cm.Accuracy(), cm.BalancedAccuracy())
	// Output: accuracy 0.95, balanced accuracy 0.50
}

func ExampleConfusionMatrix_BalancedAccuracy() {
	cm, _ := metrics.Confusion(flowers, predicted, nil, nil)
	fmt.Printf("%.4f\n", cm.BalancedAccuracy()) // (3/4 + 2/3 + 2/3) / 3
	// Output: 0.6944
}

func ExampleConfusionMatrix_ExpectedCost() {
	// Mushrooms: 1 = poisonous. Eating a poisonous one (a false negative)
	// costs 1000, throwing away an edible one 1.
	y := []int{0, 0, 0, 1, 1, 0, 1, 0}
	pred := []int{0, 1, 0, 1, 0, 0, 1, 0}
	cm, _ := metrics.Confusion(y, pred, nil, []int{0, 1})
	costs := metrics.Costs{FP: 1, FN: 1000}
	fmt.Println(cm.ExpectedCost(costs.Matrix()))
	// Output: 125.125
}

func ExampleConfusionMatrix_Report() {
	cm, _ := metrics.Confusion(flowers, predicted, nil, nil)
	cm.Names = []string{"setosa", "versicolor", "virginica"}
	fmt.Println(cm.Report())
	// Output:
	//              precision    recall  f1-score   support
	//
	//       setosa     0.750     0.750     0.750         4
	//   versicolor     0.667     0.667     0.667         3
	//    virginica     0.667     0.667     0.667         3
	//
	//     accuracy                         0.700        10
	//    macro avg     0.694     0.694     0.694        10
	// weighted avg     0.700     0.700     0.700        10
}

func ExampleConfusionMatrix_MIMEBundle() {
	cm, _ := metrics.Confusion(flowers, predicted, nil, nil)
	// The last expression of a cell renders as a heat map.
	fmt.Println(mimeTypes(cm))
	// Output: [image/png text/plain]
}

func ExampleConfusionMatrix_Plot() {
	cm, _ := metrics.Confusion(flowers, predicted, nil, nil)
	p := cm.Plot() // a *plot.Plot to adjust before display.Plot
	p.Title.Text = "Flowers"
	fmt.Println(display.Plot(p, display.PlotOptions{Format: display.FormatSVG}).Text())
	// Output: <plot "Flowers">
}

func ExampleNormalize_String() {
	fmt.Println(metrics.ByTrue)
	// Output: normalised by true class
}

func ExampleAverage_String() {
	fmt.Println(metrics.Weighted)
	// Output: weighted
}

func ExampleAccuracy() {
	acc, _ := metrics.Accuracy(flowers, predicted, nil)
	fmt.Println(acc)
	// Weights count some examples more than others.
	acc, _ = metrics.Accuracy([]int{1, 1, 0}, []int{1, 0, 0}, []float64{1, 2, 1})
	fmt.Println(acc)
	// Output:
	// 0.7
	// 0.5
}

func ExampleBalancedAccuracy() {
	ba, _ := metrics.BalancedAccuracy(flowers, predicted, nil)
	fmt.Printf("%.4f\n", ba)
	// Output: 0.6944
}

func ExampleClassScores() {
	s, _ := metrics.ClassScores(spam, []int{0, 0, 1, 1, 0, 1, 1, 0, 1, 0}, nil, metrics.Binary, 2)
	fmt.Printf("precision %.2f, recall %.2f, F2 %.4f\n", s.Precision, s.Recall, s.F)
	// Output: precision 0.80, recall 0.80, F2 0.8000
}

func ExampleF1() {
	f, _ := metrics.F1(flowers, predicted, nil, metrics.Macro)
	fmt.Printf("%.4f\n", f)
	_, err := metrics.F1(flowers, predicted, nil, metrics.Binary)
	fmt.Println(errors.Is(err, metrics.ErrLabel))
	// Output:
	// 0.6944
	// true
}

func ExampleReport() {
	r, _ := metrics.Report(spam, []int{0, 0, 1, 1, 0, 1, 1, 0, 1, 0}, nil, []string{"ham", "spam"})
	fmt.Println(r)
	// Output:
	//              precision    recall  f1-score   support
	//
	//          ham     0.800     0.800     0.800         5
	//         spam     0.800     0.800     0.800         5
	//
	//     accuracy                         0.800        10
	//    macro avg     0.800     0.800     0.800        10
	// weighted avg     0.800     0.800     0.800        10
}

func ExampleClassificationReport_Table() {
	r, _ := metrics.Report(flowers, predicted, nil, nil)
	t := r.Table() // a display.Table: rendered as HTML in a notebook
	fmt.Println(t)
	// Output:
	//               precision  recall  f1-score  support
	// ------------  ---------  ------  --------  -------
	// 0                 0.750   0.750     0.750        4
	// 1                 0.667   0.667     0.667        3
	// 2                 0.667   0.667     0.667        3
	// accuracy                            0.700       10
	// macro avg         0.694   0.694     0.694       10
	// weighted avg      0.700   0.700     0.700       10
}

func ExamplePR() {
	pr, err := metrics.PR(spam, scores, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("AP %.4f\n", pr.AP)
	for i, t := range pr.Thresholds {
		fmt.Printf("score >= %.2f: precision %.3f, recall %.1f\n", t, pr.Precision[i], pr.Recall[i])
	}
	// Output:
	// AP 0.9029
	// score >= 0.10: precision 0.500, recall 1.0
	// score >= 0.20: precision 0.556, recall 1.0
	// score >= 0.30: precision 0.625, recall 1.0
	// score >= 0.35: precision 0.714, recall 1.0
	// score >= 0.40: precision 0.667, recall 0.8
	// score >= 0.55: precision 0.800, recall 0.8
	// score >= 0.60: precision 0.750, recall 0.6
	// score >= 0.70: precision 1.000, recall 0.6
	// score >= 0.80: precision 1.000, recall 0.4
	// score >= 0.90: precision 1.000, recall 0.2
}

func ExampleAveragePrecision() {
	ap, _ := metrics.AveragePrecision(spam, scores, nil)
	fmt.Printf("%.4f\n", ap)
	_, err := metrics.AveragePrecision([]int{0, 0}, []float64{0.2, 0.7}, nil)
	fmt.Println(err)
	// Output:
	// 0.9029
	// metrics: average precision: only one class present (no positive examples, recall is undefined)
}

func ExamplePRCurve_MaxF() {
	pr, _ := metrics.PR(spam, scores, nil)
	op, _ := pr.MaxF(1)
	fmt.Println(op, fmt.Sprintf("F1 %.4f", op.F(1)))
	precise, _ := pr.MaxF(0.5) // precision counts more
	fmt.Println(precise)
	_, err := pr.MaxF(-1)
	fmt.Println(err)
	// Output:
	// max F1: threshold 0.35, precision 0.7143, recall 1.0000 F1 0.8333
	// max F0.5: threshold 0.7, precision 1.0000, recall 0.6000
	// metrics: F-beta: beta must be at least 0, have -1
}

func ExamplePRCurve_AtPrecision() {
	pr, _ := metrics.PR(spam, scores, nil)
	op, _ := pr.AtPrecision(0.8)
	fmt.Println(op)
	// Output: precision ≥ 0.8: threshold 0.55, precision 0.8000, recall 0.8000
}

func ExamplePRCurve_AtRecall() {
	pr, _ := metrics.PR(spam, scores, nil)
	op, _ := pr.AtRecall(0.6)
	fmt.Println(op)
	_, err := pr.AtRecall(1.1)
	fmt.Println(err)
	// Output:
	// recall ≥ 0.6: threshold 0.7, precision 1.0000, recall 0.6000
	// metrics: precision at recall 1.1: target not reachable: no threshold reaches that recall
}

func ExampleOperatingPoint_F() {
	op := metrics.OperatingPoint{Precision: 0.5, Recall: 1}
	fmt.Printf("F1 %.4f, F2 %.4f, F0.5 %.4f\n", op.F(1), op.F(2), op.F(0.5))
	fmt.Printf("F0 is the precision %.4f, F∞ the recall %.4f\n", op.F(0), op.F(math.Inf(1)))
	// Output:
	// F1 0.6667, F2 0.8333, F0.5 0.5556
	// F0 is the precision 0.5000, F∞ the recall 1.0000
}

func ExamplePRCurve_Mark() {
	pr, _ := metrics.PR(spam, scores, nil)
	pr.Name = "spam filter"
	// As the last expression of a cell, this shows the curve with its
	// best-F1 point marked.
	best, _ := pr.MaxF(1)
	pr.Mark(best)
	fmt.Println(pr)
	// Output: spam filter: AP 0.9029, 10 thresholds, 5 positives, 5 negatives
}

func ExamplePRCurves() {
	a, _ := metrics.PR(spam, scores, nil)
	b, _ := metrics.PR(spam, []float64{0.5, 0.4, 0.3, 0.6, 0.2, 0.5, 0.7, 0.2, 0.4, 0.1}, nil)
	a.Name, b.Name = "model", "baseline"
	curves := metrics.PRCurves{a, b} // one plot with both, to compare
	fmt.Println(curves)
	fmt.Println(display.Render(curves).Data["image/png"] != nil)
	// Output:
	// model: AP 0.9029, 10 thresholds, 5 positives, 5 negatives
	// baseline: AP 0.5254, 7 thresholds, 5 positives, 5 negatives
	// true
}

func ExamplePRCurve_Plot() {
	pr, _ := metrics.PR(spam, scores, nil)
	p := pr.Plot()
	p.Title.Text = "Spam filter"
	fmt.Println(p.Legend.TextStyle.Font.Size > 0, display.Plot(p, display.PlotOptions{Format: display.FormatSVG}).Text())
	// Output: true <plot "Spam filter">
}

func ExampleROC() {
	roc, _ := metrics.ROC(spam, scores, nil)
	fmt.Printf("AUC %.2f\n", roc.AUC)
	for i := range roc.Thresholds {
		fmt.Printf("score >= %v: FPR %.1f, TPR %.1f\n", roc.Thresholds[i], roc.FPR[i], roc.TPR[i])
	}
	// Output:
	// AUC 0.88
	// score >= +Inf: FPR 0.0, TPR 0.0
	// score >= 0.9: FPR 0.0, TPR 0.2
	// score >= 0.7: FPR 0.0, TPR 0.6
	// score >= 0.6: FPR 0.2, TPR 0.6
	// score >= 0.55: FPR 0.2, TPR 0.8
	// score >= 0.4: FPR 0.4, TPR 0.8
	// score >= 0.35: FPR 0.4, TPR 1.0
	// score >= 0.1: FPR 1.0, TPR 1.0
}

func ExampleROCAUC() {
	auc, _ := metrics.ROCAUC(spam, scores, nil)
	fmt.Printf("%.2f\n", auc)
	// Output: 0.88
}

func ExampleROCCurve_MinCost() {
	roc, _ := metrics.ROC(spam, scores, nil)
	// Losing a real message in the spam folder costs ten times as much
	// as a spam in the inbox.
	p, cost := roc.MinCost(metrics.Costs{FP: 10, FN: 1})
	fmt.Println(p.Threshold, p.FPR, p.TPR, cost)
	// Output: 0.7 0 0.6 0.2
}

func ExampleROCPoint_String() {
	roc, _ := metrics.ROC(spam, scores, nil)
	p, _ := roc.MinCost(metrics.Costs{FP: 1, FN: 10})
	fmt.Println(p.String())
	// Output: min cost (0.2 per example): threshold 0.35, FPR 0.4000, TPR 1.0000
}

func ExampleROCCurve_Cost() {
	roc, _ := metrics.ROC(spam, scores, nil)
	for i, c := range roc.Cost(metrics.Costs{FP: 1, FN: 1}) {
		fmt.Printf("%v: %.2f\n", roc.Thresholds[i], c)
	}
	// Output:
	// +Inf: 0.50
	// 0.9: 0.40
	// 0.7: 0.20
	// 0.6: 0.30
	// 0.55: 0.20
	// 0.4: 0.30
	// 0.35: 0.20
	// 0.1: 0.50
}

func ExampleROCCurve_Mark() {
	roc, _ := metrics.ROC(spam, scores, nil)
	p, _ := roc.MinCost(metrics.Costs{FP: 10, FN: 1})
	roc.Mark(p) // shows on the plot
	fmt.Println(roc.Marks[0].Label)
	// Output: min cost (0.2 per example)
}

func ExampleROCCurves() {
	a, _ := metrics.ROC(spam, scores, nil)
	b, _ := metrics.ROC(spam, []float64{0.5, 0.4, 0.3, 0.6, 0.2, 0.5, 0.7, 0.2, 0.4, 0.1}, nil)
	a.Name, b.Name = "model", "baseline"
	fmt.Println(metrics.ROCCurves{a, b})
	// Output:
	// model: AUC 0.8800, 8 points, 5 positives, 5 negatives
	// baseline: AUC 0.5400, 7 points, 5 positives, 5 negatives
}

func ExampleMinCostThreshold() {
	p, cost, err := metrics.MinCostThreshold(spam, scores, nil, metrics.Costs{FP: 1, FN: 10})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Threshold, cost)
	// Output: 0.35 0.2
}

func ExampleCosts_Threshold() {
	// With calibrated probabilities, flag a mushroom as poisonous when
	// p >= 1/1001: eating a poisonous one costs 1000 times more.
	fmt.Printf("%.5f\n", metrics.Costs{FP: 1, FN: 1000}.Threshold())
	fmt.Println(metrics.Costs{FP: 1, FN: 1}.Threshold())
	// Output:
	// 0.00100
	// 0.5
}

func ExampleCosts_Matrix() {
	fmt.Println(mat.Formatted(metrics.Costs{FP: 10, FN: 1}.Matrix()))
	// Output:
	// ⎡ 0  10⎤
	// ⎣ 1   0⎦
}

func ExampleMinCostPredict() {
	// Probabilities of edible (column 0) and poisonous (column 1).
	proba := mat.NewDense(3, 2, []float64{
		0.99, 0.01,
		0.9995, 0.0005,
		0.6, 0.4,
	})
	cost := metrics.Costs{FP: 1, FN: 1000}.Matrix()
	pred, _ := metrics.MinCostPredict(proba, cost)
	fmt.Println(pred) // only the surest is eaten
	// Output: [1 0 1]
}

func ExampleCoverage() {
	y := []int{0, 1, 2, 1, 0, 2, 1, 0}
	pred := []int{0, 1, 2, 0, 0, 1, 1, 2}
	confidence := []float64{0.9, 0.8, 0.95, 0.5, 0.7, 0.4, 0.85, 0.45}
	c, _ := metrics.Coverage(y, pred, confidence, nil)
	for i := range c.Thresholds {
		fmt.Printf("confidence >= %.2f: coverage %.3f, accuracy %.3f\n", c.Thresholds[i], c.Coverage[i], c.Accuracy[i])
	}
	// Output:
	// confidence >= 0.95: coverage 0.125, accuracy 1.000
	// confidence >= 0.90: coverage 0.250, accuracy 1.000
	// confidence >= 0.85: coverage 0.375, accuracy 1.000
	// confidence >= 0.80: coverage 0.500, accuracy 1.000
	// confidence >= 0.70: coverage 0.625, accuracy 1.000
	// confidence >= 0.50: coverage 0.750, accuracy 0.833
	// confidence >= 0.45: coverage 0.875, accuracy 0.714
	// confidence >= 0.40: coverage 1.000, accuracy 0.625
}

func ExampleCoverageProba() {
	proba := mat.NewDense(4, 3, []float64{
		0.8, 0.1, 0.1,
		0.3, 0.4, 0.3,
		0.1, 0.1, 0.8,
		0.5, 0.2, 0.3,
	})
	c, _ := metrics.CoverageProba([]int{0, 2, 2, 1}, proba, nil)
	fmt.Println(c.Coverage, c.Accuracy)
	// Output: [0.5 0.75 1] [1 0.6666666666666666 0.5]
}

func ExampleCoverageCurve_AtAccuracy() {
	y := []int{0, 1, 2, 1, 0, 2, 1, 0}
	pred := []int{0, 1, 2, 0, 0, 1, 1, 2}
	confidence := []float64{0.9, 0.8, 0.95, 0.5, 0.7, 0.4, 0.85, 0.45}
	c, _ := metrics.Coverage(y, pred, confidence, nil)
	p, _ := c.AtAccuracy(0.8) // answer as much as possible at 80% accuracy
	fmt.Println(p)
	// Output: accuracy ≥ 0.8: threshold 0.5, coverage 0.7500, accuracy 0.8333
}

func ExampleCoverageCurve_AtCoverage() {
	y := []int{0, 1, 2, 1, 0, 2, 1, 0}
	pred := []int{0, 1, 2, 0, 0, 1, 1, 2}
	confidence := []float64{0.9, 0.8, 0.95, 0.5, 0.7, 0.4, 0.85, 0.45}
	c, _ := metrics.Coverage(y, pred, confidence, nil)
	p, _ := c.AtCoverage(0.6)
	fmt.Println(p)
	// Output: coverage ≥ 0.6: threshold 0.7, coverage 0.6250, accuracy 1.0000
}

func ExampleCoverageCurve_Mark() {
	y := []int{0, 1, 2, 1, 0, 2, 1, 0}
	pred := []int{0, 1, 2, 0, 0, 1, 1, 2}
	confidence := []float64{0.9, 0.8, 0.95, 0.5, 0.7, 0.4, 0.85, 0.45}
	c, _ := metrics.Coverage(y, pred, confidence, nil)
	c.Name = "classifier"
	p, _ := c.AtAccuracy(0.8)
	fmt.Println(c.Mark(p)) // a plot, with the point, in a notebook
	// Output: classifier: 8 thresholds, accuracy 0.6250 at full coverage
}

func ExampleCoverageCurves() {
	y := []int{0, 1, 2, 1, 0, 2, 1, 0}
	pred := []int{0, 1, 2, 0, 0, 1, 1, 2}
	a, _ := metrics.Coverage(y, pred, []float64{0.9, 0.8, 0.95, 0.5, 0.7, 0.4, 0.85, 0.45}, nil)
	b, _ := metrics.Coverage(y, pred, []float64{0.5, 0.5, 0.9, 0.9, 0.5, 0.5, 0.9, 0.9}, nil)
	a.Name, b.Name = "calibrated", "coarse"
	fmt.Println(metrics.CoverageCurves{a, b})
	// Output:
	// calibrated: 8 thresholds, accuracy 0.6250 at full coverage
	// coarse: 2 thresholds, accuracy 0.6250 at full coverage
}

func ExampleLogLoss() {
	proba := mat.NewDense(3, 3, []float64{
		0.7, 0.2, 0.1,
		0.1, 0.8, 0.1,
		0.2, 0.2, 0.6,
	})
	ll, _ := metrics.LogLoss([]int{0, 1, 2}, proba, nil)
	fmt.Printf("%.4f\n", ll) // -(ln 0.7 + ln 0.8 + ln 0.6) / 3
	// Output: 0.3635
}

func ExampleBinaryLogLoss() {
	ll, _ := metrics.BinaryLogLoss([]int{1, 0, 1}, []float64{0.9, 0.2, 0.6}, nil)
	fmt.Printf("%.4f\n", ll) // -(ln 0.9 + ln 0.8 + ln 0.6) / 3
	// Output: 0.2798
}

// mimeTypes lists the MIME types of a rendered value.
func mimeTypes(v any) []string {
	var ts []string
	for k := range display.Render(v).Data {
		ts = append(ts, k)
	}
	slices.Sort(ts)
	return ts
}

func ExampleConfusionMatrix_Total() {
	cm, _ := metrics.Confusion([]int{0, 1, 1}, []int{0, 1, 0}, []float64{0.5, 2, 1}, nil)
	fmt.Println(cm.Total())
	// Output: 3.5
}

func ExampleConfusionMatrix_String() {
	cm, _ := metrics.Confusion(flowers, predicted, nil, nil)
	cm.Show = metrics.ByPred // columns sum to 1: precisions on the diagonal
	fmt.Println(cm.String())
	// Output:
	// true\pred         0         1         2
	//         0     0.750     0.333     0.000
	//         1     0.000     0.667     0.333
	//         2     0.250     0.000     0.667
}

func ExampleScores_String() {
	s, _ := metrics.ClassScores(flowers, predicted, nil, metrics.Weighted, 1)
	fmt.Println(s.String())
	// Output: precision 0.7000, recall 0.7000, specificity 0.8476, F 0.7000, support 10
}

func ExampleClassificationReport_MIMEBundle() {
	r, _ := metrics.Report(flowers, predicted, nil, nil)
	fmt.Println(mimeTypes(r)) // an HTML table, and scikit-learn's text layout
	// Output: [text/html text/plain]
}

func ExampleClassificationReport_String() {
	r, _ := metrics.Report([]int{0, 1, 1, 1}, []int{0, 1, 1, 0}, nil, []string{"no", "yes"})
	fmt.Println(r.String())
	// Output:
	//              precision    recall  f1-score   support
	//
	//           no     0.500     1.000     0.667         1
	//          yes     1.000     0.667     0.800         3
	//
	//     accuracy                         0.750         4
	//    macro avg     0.750     0.833     0.733         4
	// weighted avg     0.875     0.750     0.767         4
}

func ExamplePRCurve_MIMEBundle() {
	pr, _ := metrics.PR(spam, scores, nil)
	fmt.Println(mimeTypes(pr))
	// Output: [image/png text/plain]
}

func ExamplePRCurve_String() {
	pr, _ := metrics.PR(spam, scores, nil)
	fmt.Println(pr.String())
	// Output: PR curve: AP 0.9029, 10 thresholds, 5 positives, 5 negatives
}

func ExamplePRCurves_Plot() {
	a, _ := metrics.PR(spam, scores, nil)
	b, _ := metrics.PR(spam, []float64{0.5, 0.4, 0.3, 0.6, 0.2, 0.5, 0.7, 0.2, 0.4, 0.1}, nil)
	p := metrics.PRCurves{a, b}.Plot()
	p.Title.Text = "Two spam filters"
	fmt.Println(display.Plot(p, display.PlotOptions{Format: display.FormatSVG}).Text())
	// Output: <plot "Two spam filters">
}

func ExamplePRCurves_MIMEBundle() {
	a, _ := metrics.PR(spam, scores, nil)
	fmt.Println(mimeTypes(metrics.PRCurves{a}))
	// Output: [image/png text/plain]
}

func ExamplePRCurves_String() {
	a, _ := metrics.PR(spam, scores, nil)
	a.Name = "filter"
	fmt.Println(metrics.PRCurves{a}.String())
	// Output: filter: AP 0.9029, 10 thresholds, 5 positives, 5 negatives
}

func ExampleOperatingPoint_String() {
	pr, _ := metrics.PR(spam, scores, nil)
	op, _ := pr.MaxF(2)
	fmt.Println(op.String())
	// Output: max F2: threshold 0.35, precision 0.7143, recall 1.0000
}

func ExampleROCCurve_Plot() {
	roc, _ := metrics.ROC(spam, scores, nil)
	p := roc.Plot()
	p.Title.Text = "Spam filter ROC"
	fmt.Println(display.Plot(p, display.PlotOptions{Format: display.FormatSVG}).Text())
	// Output: <plot "Spam filter ROC">
}

func ExampleROCCurve_MIMEBundle() {
	roc, _ := metrics.ROC(spam, scores, nil)
	fmt.Println(mimeTypes(roc))
	// Output: [image/png text/plain]
}

func ExampleROCCurve_String() {
	roc, _ := metrics.ROC(spam, scores, nil)
	fmt.Println(roc.String())
	// Output: ROC curve: AUC 0.8800, 8 points, 5 positives, 5 negatives
}

func ExampleROCCurves_Plot() {
	a, _ := metrics.ROC(spam, scores, nil)
	b, _ := metrics.ROC(spam, []float64{0.5, 0.4, 0.3, 0.6, 0.2, 0.5, 0.7, 0.2, 0.4, 0.1}, nil)
	fmt.Println(display.Plot(metrics.ROCCurves{a, b}.Plot(), display.PlotOptions{Format: display.FormatSVG}).Text())
	// Output: <plot "ROC curve">
}

func ExampleROCCurves_MIMEBundle() {
	a, _ := metrics.ROC(spam, scores, nil)
	fmt.Println(mimeTypes(metrics.ROCCurves{a}))
	// Output: [image/png text/plain]
}

func ExampleROCCurves_String() {
	a, _ := metrics.ROC(spam, scores, nil)
	fmt.Println(metrics.ROCCurves{a}.String())
	// Output: ROC curve: AUC 0.8800, 8 points, 5 positives, 5 negatives
}

func ExampleCoverageCurve_Plot() {
	c, _ := metrics.Coverage(flowers, predicted, []float64{0.9, 0.8, 0.5, 0.7, 0.9, 0.4, 0.6, 0.8, 0.7, 0.3}, nil)
	p := c.Plot()
	fmt.Println(display.Plot(p, display.PlotOptions{Format: display.FormatSVG}).Text())
	// Output: <plot "Coverage: accuracy of the answers when abstaining">
}

func ExampleCoverageCurve_MIMEBundle() {
	c, _ := metrics.Coverage(flowers, predicted, []float64{0.9, 0.8, 0.5, 0.7, 0.9, 0.4, 0.6, 0.8, 0.7, 0.3}, nil)
	fmt.Println(mimeTypes(c))
	// Output: [image/png text/plain]
}

func ExampleCoverageCurve_String() {
	c, _ := metrics.Coverage(flowers, predicted, []float64{0.9, 0.8, 0.5, 0.7, 0.9, 0.4, 0.6, 0.8, 0.7, 0.3}, nil)
	fmt.Println(c.String())
	// Output: coverage curve: 7 thresholds, accuracy 0.7000 at full coverage
}

func ExampleCoverageCurves_Plot() {
	c, _ := metrics.Coverage(flowers, predicted, []float64{0.9, 0.8, 0.5, 0.7, 0.9, 0.4, 0.6, 0.8, 0.7, 0.3}, nil)
	fmt.Println(display.Plot(metrics.CoverageCurves{c}.Plot(), display.PlotOptions{Format: display.FormatSVG}).Text())
	// Output: <plot "Coverage: accuracy of the answers when abstaining">
}

func ExampleCoverageCurves_MIMEBundle() {
	c, _ := metrics.Coverage(flowers, predicted, []float64{0.9, 0.8, 0.5, 0.7, 0.9, 0.4, 0.6, 0.8, 0.7, 0.3}, nil)
	fmt.Println(mimeTypes(metrics.CoverageCurves{c}))
	// Output: [image/png text/plain]
}

func ExampleCoverageCurves_String() {
	c, _ := metrics.Coverage(flowers, predicted, []float64{0.9, 0.8, 0.5, 0.7, 0.9, 0.4, 0.6, 0.8, 0.7, 0.3}, nil)
	c.Name = "flowers"
	fmt.Println(metrics.CoverageCurves{c}.String())
	// Output: flowers: 7 thresholds, accuracy 0.7000 at full coverage
}

func ExampleCoveragePoint_String() {
	c, _ := metrics.Coverage(flowers, predicted, []float64{0.9, 0.8, 0.5, 0.7, 0.9, 0.4, 0.6, 0.8, 0.7, 0.3}, nil)
	p, _ := c.AtCoverage(0.5)
	fmt.Println(p.String())
	// Output: coverage ≥ 0.5: threshold 0.7, coverage 0.6000, accuracy 1.0000
}

func ExampleFBeta() {
	pred := []int{0, 0, 1, 1, 1, 1, 0, 0, 0, 0}
	for _, beta := range []float64{0, 1, 2, math.Inf(1)} {
		f, _ := metrics.FBeta(spam, pred, nil, metrics.Binary, beta)
		fmt.Printf("F%v %.4f\n", beta, f)
	}
	_, err := metrics.FBeta(spam, pred, nil, metrics.Binary, -1)
	fmt.Println(err)
	// Output:
	// F0 0.7500
	// F1 0.6667
	// F2 0.6250
	// F+Inf 0.6000
	// metrics: F-beta: beta must be at least 0, have -1
}

func ExampleROCCurve_MarshalJSON() {
	roc, _ := metrics.ROC([]int{0, 0, 1, 1}, []float64{0.1, 0.4, 0.35, 0.8}, nil)
	b, _ := json.Marshal(roc)
	fmt.Println(string(b))
	var back metrics.ROCCurve
	err := json.Unmarshal(b, &back)
	fmt.Println(back.Thresholds, err)
	// Output:
	// {"FPR":[0,0,0.5,0.5,1],"TPR":[0,0.5,0.5,1,1],"Thresholds":["+Inf",0.8,0.4,0.35,0.1],"AUC":0.75,"Positives":2,"Negatives":2,"Name":"","Marks":null}
	// [+Inf 0.8 0.4 0.35 0.1] <nil>
}
