package metrics

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// CoverageCurve is the trade-off of a model that may abstain: answering
// only the examples whose confidence is at least a threshold, what
// fraction of examples it answers (coverage) and how accurate the answers
// are. Deep Learning (Goodfellow, Bengio and Courville, 2016, section 11.1)
// gives the example of Street View address transcription, which had to
// reach 98% accuracy and did so at 95% coverage.
//
// Thresholds decrease; Coverage[i] and Accuracy[i] belong to answering
// the examples with confidence >= Thresholds[i]. Ties in confidence form
// one threshold. The last point answers everything (coverage 1).
type CoverageCurve struct {
	Thresholds, Coverage, Accuracy []float64

	// Total is the total weight of the examples.
	Total float64

	// Name labels the curve in plot legends.
	Name string

	// Marks are points drawn on the curve's plot (see Mark).
	Marks []CoveragePoint
}

// CoveragePoint is a confidence threshold with its coverage and accuracy.
type CoveragePoint struct {
	// Threshold: answer when confidence >= Threshold.
	Threshold float64
	// Coverage and Accuracy at Threshold.
	Coverage, Accuracy float64
	// Label describes how the point was chosen.
	Label string
}

// String formats the point.
func (p CoveragePoint) String() string {
	return fmt.Sprintf("%s: threshold %.4g, coverage %.4f, accuracy %.4f", p.Label, p.Threshold, p.Coverage, p.Accuracy)
}

// Coverage computes the coverage curve of predictions yPred of yTrue made
// with the given confidence (any score where higher means surer: the
// largest predicted probability, a margin), with optional weights.
//
// Coverage panics if the lengths differ. It returns an error wrapping
// ErrEmpty, ErrNotFinite or ErrWeight for input it cannot measure.
func Coverage(yTrue, yPred []int, confidence, weights []float64) (*CoverageCurve, error) {
	if len(yPred) != len(yTrue) {
		panic("metrics: length mismatch between true and predicted labels")
	}
	s, err := newSweep(len(yTrue), func(i int) (int, int) {
		if yTrue[i] == yPred[i] {
			return 1, 0
		}
		return 0, 0
	}, confidence, weights, "confidence")
	if err != nil {
		return nil, fmt.Errorf("metrics: coverage curve: %w", err)
	}
	d := s.distinct()
	c := &CoverageCurve{
		Thresholds: make([]float64, d),
		Coverage:   make([]float64, d),
		Accuracy:   make([]float64, d),
	}
	total := s.totP + s.totN
	c.Total = total
	for i := range d {
		k, _ := s.next()
		answered := s.tp + s.fp
		c.Thresholds[i] = keyValue(k)
		c.Coverage[i] = answered / total
		c.Accuracy[i] = s.tp / answered
	}
	return c, nil
}

// CoverageProba is Coverage for a probabilistic classifier: it predicts
// the most probable class (the column index of the row's largest
// probability; ties go to the lower index) with that probability as its
// confidence. yTrue holds column indexes. It panics if proba does not
// have one row per label.
func CoverageProba(yTrue []int, proba mat.Matrix, weights []float64) (*CoverageCurve, error) {
	n, k := proba.Dims()
	if n != len(yTrue) {
		panic("metrics: length mismatch between labels and probability rows")
	}
	pred := make([]int, n)
	conf := make([]float64, n)
	for r := range n {
		best, bp := 0, math.Inf(-1)
		for j := range k {
			p := proba.At(r, j)
			if math.IsNaN(p) {
				return nil, fmt.Errorf("metrics: coverage curve: %w: probability (%d, %d) is NaN", ErrNotFinite, r, j)
			}
			if p > bp {
				best, bp = j, p
			}
		}
		pred[r], conf[r] = best, bp
	}
	return Coverage(yTrue, pred, conf, weights)
}

func (c *CoverageCurve) point(i int, label string) CoveragePoint {
	return CoveragePoint{Threshold: c.Thresholds[i], Coverage: c.Coverage[i], Accuracy: c.Accuracy[i], Label: label}
}

// AtAccuracy returns the point of highest coverage whose accuracy is at
// least target: how much the model can answer while meeting the target.
// It returns an error wrapping ErrUnreachable when no threshold is that
// accurate.
func (c *CoverageCurve) AtAccuracy(target float64) (CoveragePoint, error) {
	best := -1
	for i, a := range c.Accuracy {
		if a >= target {
			best = i // coverage increases with i
		}
	}
	if best < 0 {
		return CoveragePoint{}, fmt.Errorf("metrics: coverage at accuracy %g: %w: no threshold is that accurate", target, ErrUnreachable)
	}
	return c.point(best, fmt.Sprintf("accuracy ≥ %g", target)), nil
}

// AtCoverage returns the point with the highest threshold whose coverage
// is at least target: the accuracy when answering at least that fraction
// of examples. It returns an error wrapping ErrUnreachable when target is
// above 1.
func (c *CoverageCurve) AtCoverage(target float64) (CoveragePoint, error) {
	for i, v := range c.Coverage {
		if v >= target {
			return c.point(i, fmt.Sprintf("coverage ≥ %g", target)), nil
		}
	}
	return CoveragePoint{}, fmt.Errorf("metrics: accuracy at coverage %g: %w: no threshold covers that much", target, ErrUnreachable)
}

// Mark adds p to the points drawn on c's plot and returns c.
func (c *CoverageCurve) Mark(p CoveragePoint) *CoverageCurve {
	c.Marks = append(c.Marks, p)
	return c
}

// String summarises the curve for text output.
func (c *CoverageCurve) String() string {
	name := c.Name
	if name == "" {
		name = "coverage curve"
	}
	if len(c.Accuracy) == 0 {
		return name + ": empty"
	}
	return fmt.Sprintf("%s: %d thresholds, accuracy %.4f at full coverage", name, len(c.Thresholds), c.Accuracy[len(c.Accuracy)-1])
}
