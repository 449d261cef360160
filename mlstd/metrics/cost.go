package metrics

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Costs are what each outcome of a binary decision costs, for labels 0
// (negative) and 1 (positive). Errors rarely cost the same: for a spam
// filter (positive = spam) a false positive, a real message lost in the
// spam folder, costs far more than a false negative, a spam in the inbox;
// for a mushroom classifier (positive = poisonous) a false negative, a
// poisonous mushroom eaten, costs far more than a false positive, an
// edible one thrown away. Correct decisions usually cost 0 but may not
// (the cost of a manual review, say).
type Costs struct {
	TN, FP, FN, TP float64
}

// Matrix returns the costs as a 2×2 cost matrix for labels [0 1]: rows are
// true classes, columns predicted classes.
func (c Costs) Matrix() *mat.Dense {
	return mat.NewDense(2, 2, []float64{c.TN, c.FP, c.FN, c.TP})
}

// Threshold returns the probability threshold that minimises the expected
// cost when scores are calibrated probabilities of the positive class:
// predict positive when p >= (FP-TN) / ((FP-TN) + (FN-TP)). With equal
// error costs it is 1/2; when a missed positive costs 100 times a false
// alarm it is 1/101. Threshold panics if a wrong decision costs less than
// the right one (the problem would be upside down).
func (c Costs) Threshold() float64 {
	a, b := c.FP-c.TN, c.FN-c.TP
	if a < 0 || b < 0 || a+b == 0 {
		panic("metrics: costs must make each error cost more than the right decision")
	}
	return a / (a + b)
}

// cost is the mean cost per example at rates (fpr, tpr) with p positives
// and n negatives.
func (c Costs) cost(fpr, tpr, p, n float64) float64 {
	if math.IsInf(p*c.FN, 0) || math.IsInf(n*c.FP, 0) || math.IsInf(p*c.TP, 0) || math.IsInf(n*c.TN, 0) {
		// Large weights times large costs: weigh by the class shares.
		sp := p / (p + n)
		return sp*(tpr*c.TP+(1-tpr)*c.FN) + (1-sp)*(fpr*c.FP+(1-fpr)*c.TN)
	}
	return (p*(tpr*c.TP+(1-tpr)*c.FN) + n*(fpr*c.FP+(1-fpr)*c.TN)) / (p + n)
}

// Cost returns the mean cost per example (by weight) at each of c's
// thresholds, in the order of c.Thresholds.
func (c *ROCCurve) Cost(costs Costs) []float64 {
	out := make([]float64, len(c.Thresholds))
	for i := range out {
		out[i] = costs.cost(c.FPR[i], c.TPR[i], c.Positives, c.Negatives)
	}
	return out
}

// MinCost returns the threshold with the lowest mean cost per example, and
// that cost. Because cost is linear along the curve, the minimum over
// every possible threshold is at one of the corners the curve keeps; among
// equal costs the highest threshold wins. The first point (threshold +Inf)
// stands for predicting every example negative.
func (c *ROCCurve) MinCost(costs Costs) (ROCPoint, float64) {
	best, bestCost := 0, math.Inf(1)
	for i := range c.Thresholds {
		if v := costs.cost(c.FPR[i], c.TPR[i], c.Positives, c.Negatives); v < bestCost {
			best, bestCost = i, v
		}
	}
	p := ROCPoint{Threshold: c.Thresholds[best], FPR: c.FPR[best], TPR: c.TPR[best],
		Label: fmt.Sprintf("min cost (%.4g per example)", bestCost)}
	return p, bestCost
}

// MinCostThreshold returns the threshold on scores that minimises the mean
// cost per example against yTrue (0 or 1), with that cost: ROC's curve's
// MinCost. It panics and fails as ROC does.
func MinCostThreshold(yTrue []int, scores, weights []float64, costs Costs) (ROCPoint, float64, error) {
	c, err := ROC(yTrue, scores, weights)
	if err != nil {
		return ROCPoint{}, 0, err
	}
	p, v := c.MinCost(costs)
	return p, v, nil
}

// MinCostPredict returns, for each row of proba (the predicted probability
// of each class, one column per class), the class j that minimises the
// expected cost sum_i proba(i) * cost.At(i, j): the Bayes decision under
// unequal costs. With a zero-one cost matrix it is the most probable class.
// Ties go to the lower class. MinCostPredict panics if cost is not k×k for
// k columns of proba, and returns an error wrapping ErrNotFinite if a
// probability is NaN or infinite.
func MinCostPredict(proba, cost mat.Matrix) ([]int, error) {
	n, k := proba.Dims()
	if r, c := cost.Dims(); r != k || c != k {
		panic(fmt.Sprintf("metrics: cost matrix is %dx%d for %d classes", r, c, k))
	}
	out := make([]int, n)
	risk := make([]float64, k)
	for r := range n {
		clear(risk)
		for i := range k {
			p := proba.At(r, i)
			if math.IsNaN(p) || math.IsInf(p, 0) {
				return nil, fmt.Errorf("metrics: min-cost prediction: %w: probability (%d, %d) is %v", ErrNotFinite, r, i, p)
			}
			for j := range k {
				risk[j] += p * cost.At(i, j)
			}
		}
		best := 0
		for j := 1; j < k; j++ {
			if risk[j] < risk[best] {
				best = j
			}
		}
		out[r] = best
	}
	return out, nil
}
