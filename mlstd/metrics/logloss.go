package metrics

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// clipEps is the machine epsilon of float64, scikit-learn's eps="auto".
const clipEps = 0x1p-52

func clip(p float64) float64 { return min(max(p, clipEps), 1-clipEps) }

// LogLoss returns the mean (by weight) negative log-likelihood of the true
// classes under predicted probabilities: proba has one row per example and
// one column per class, and yTrue[i] is the column of example i's true
// class. As in scikit-learn 1.2's log_loss, probabilities are clipped to
// [eps, 1-eps] (eps the float64 machine epsilon) and each row is divided
// by its sum.
//
// LogLoss panics if proba's row count differs from len(yTrue), or weights'
// length. It returns an error wrapping ErrEmpty, ErrNotFinite, ErrWeight or
// ErrLabel (a class outside proba's columns).
func LogLoss(yTrue []int, proba mat.Matrix, weights []float64) (float64, error) {
	n, k := proba.Dims()
	if n != len(yTrue) {
		panic("metrics: length mismatch between labels and probability rows")
	}
	return logLoss(yTrue, weights, k, func(r, j int) float64 { return proba.At(r, j) }, "log loss")
}

// BinaryLogLoss is LogLoss for a binary problem given the probability of
// class 1 for each example; yTrue holds 0 or 1.
func BinaryLogLoss(yTrue []int, p []float64, weights []float64) (float64, error) {
	if len(p) != len(yTrue) {
		panic("metrics: length mismatch between labels and probabilities")
	}
	return logLoss(yTrue, weights, 2, func(r, j int) float64 {
		q := p[r]
		if math.IsNaN(q) || math.IsInf(q, 0) {
			return q
		}
		q = clip(q) // before taking 1-q, as scikit-learn does
		if j == 0 {
			return 1 - q
		}
		return q
	}, "binary log loss")
}

func logLoss(yTrue []int, weights []float64, k int, at func(r, j int) float64, what string) (float64, error) {
	n := len(yTrue)
	if weights != nil && len(weights) != n {
		panic("metrics: length mismatch between labels and weights")
	}
	if n == 0 {
		return 0, fmt.Errorf("metrics: %s: %w", what, ErrEmpty)
	}
	sum, total := 0.0, 0.0
	for r, y := range yTrue {
		if y < 0 || y >= k {
			return 0, fmt.Errorf("metrics: %s: %w: class %d at index %d (want 0 to %d)", what, ErrLabel, y, r, k-1)
		}
		w := 1.0
		if weights != nil {
			w = weights[r]
			if err := checkWeight(r, w); err != nil {
				return 0, fmt.Errorf("metrics: %s: %w", what, err)
			}
		}
		rowSum, pt := 0.0, 0.0
		for j := range k {
			p := at(r, j)
			if math.IsNaN(p) || math.IsInf(p, 0) {
				return 0, fmt.Errorf("metrics: %s: %w: probability (%d, %d) is %v", what, ErrNotFinite, r, j, p)
			}
			p = clip(p)
			rowSum += p
			if j == y {
				pt = p
			}
		}
		sum += w * -math.Log(pt/rowSum)
		total += w
	}
	if total == 0 {
		return 0, fmt.Errorf("metrics: %s: %w (total weight is zero)", what, ErrEmpty)
	}
	if math.IsInf(total, 0) {
		return 0, fmt.Errorf("metrics: %s: %w", what, errOverflow)
	}
	if math.IsInf(sum, 0) {
		// Finite weights and clipped probabilities, but their weighted
		// sum is too large: average in shares of the total instead.
		sum = 0
		for r, y := range yTrue {
			w := 1.0
			if weights != nil {
				w = weights[r]
			}
			rowSum := 0.0
			for j := range k {
				rowSum += clip(at(r, j))
			}
			sum += w / total * -math.Log(clip(at(r, y))/rowSum)
		}
		return sum, nil
	}
	return sum / total, nil
}
