package metrics

import (
	"fmt"
	"math"
)

// PRCurve is a precision-recall curve: for every distinct score t, the
// precision and recall of predicting positive when score >= t.
//
// Its slices are laid out as scikit-learn's precision_recall_curve returns
// them: Thresholds increase, Precision[i] and Recall[i] belong to
// Thresholds[i], and one last point (precision 1, recall 0), the end of the
// curve at the vertical axis, has no threshold. So len(Precision) ==
// len(Recall) == len(Thresholds)+1.
type PRCurve struct {
	Precision, Recall, Thresholds []float64

	// AP is the average precision, the area under the step-wise curve:
	// the sum over thresholds of (R_k - R_{k+1}) * P_k, with recall
	// decreasing in k. It equals scikit-learn's average_precision_score.
	AP float64

	// Positives and Negatives are the total weights of each class.
	Positives, Negatives float64

	// Name labels the curve in plot legends, typically the model's name.
	Name string

	// Marks are operating points drawn on the curve's plot (see Mark).
	Marks []OperatingPoint
}

// OperatingPoint is a threshold on scores together with what it yields.
type OperatingPoint struct {
	// Threshold: predict positive when score >= Threshold.
	Threshold float64
	// Precision and Recall at Threshold.
	Precision, Recall float64
	// Label describes how the point was chosen ("max F1", ...); plots use
	// it in their legend.
	Label string
}

// F returns the F-beta score of the point: the weighted harmonic mean of
// precision and recall, recall counting beta times as much as precision.
// It is 0 when precision and recall are both 0; beta = 0 gives the
// precision and beta = +Inf the recall, as in scikit-learn. For a negative
// or NaN beta it is NaN, as math functions are outside their domain.
func (op OperatingPoint) F(beta float64) float64 {
	if !(beta >= 0) {
		return math.NaN()
	}
	return fBeta(op.Precision, op.Recall, beta)
}

// String formats the point for text output.
func (op OperatingPoint) String() string {
	return fmt.Sprintf("%s: threshold %.4g, precision %.4f, recall %.4f", op.Label, op.Threshold, op.Precision, op.Recall)
}

// fBeta is scikit-learn 1.2's F-beta from precision and recall, for
// beta >= 0: the recall when beta is +Inf (where the formula gives NaN).
func fBeta(p, r, beta float64) float64 {
	if math.IsInf(beta, 1) {
		return r
	}
	b2 := beta * beta
	den := b2*p + r
	if den == 0 {
		return 0
	}
	return (1 + b2) * p * r / den
}

// PR computes the precision-recall curve of scores against the true labels
// yTrue (0 negative, 1 positive) with optional sample weights (nil means
// unweighted), and its average precision.
//
// PR panics if the lengths of yTrue, scores and weights (when not nil)
// differ. It returns an error wrapping ErrEmpty, ErrNotFinite, ErrWeight,
// ErrLabel or ErrOneClass (no positive example: recall is undefined) for
// input it cannot measure.
func PR(yTrue []int, scores, weights []float64) (*PRCurve, error) {
	s, err := binarySweep(yTrue, scores, weights)
	if err != nil {
		return nil, fmt.Errorf("metrics: precision-recall curve: %w", err)
	}
	if s.totP == 0 {
		return nil, fmt.Errorf("metrics: precision-recall curve: %w (no positive examples, recall is undefined)", ErrOneClass)
	}
	d := s.distinct()
	c := &PRCurve{
		Precision:  make([]float64, d+1),
		Recall:     make([]float64, d+1),
		Thresholds: make([]float64, d),
		Positives:  s.totP,
		Negatives:  s.totN,
	}
	c.Precision[d], c.Recall[d] = 1, 0
	prevR := 0.0
	for i := d - 1; i >= 0; i-- {
		k, _ := s.next()
		p := precision(s.tp, s.fp)
		r := s.tp / s.totP
		c.Thresholds[i] = keyValue(k)
		c.Precision[i] = p
		c.Recall[i] = r
		c.AP += (r - prevR) * p
		prevR = r
	}
	return c, nil
}

// AveragePrecision returns the average precision of scores against yTrue,
// the AP of PR's curve, without keeping the curve. It panics and fails as
// PR does.
func AveragePrecision(yTrue []int, scores, weights []float64) (float64, error) {
	s, err := binarySweep(yTrue, scores, weights)
	if err != nil {
		return 0, fmt.Errorf("metrics: average precision: %w", err)
	}
	if s.totP == 0 {
		return 0, fmt.Errorf("metrics: average precision: %w (no positive examples, recall is undefined)", ErrOneClass)
	}
	ap, prevR := 0.0, 0.0
	for {
		if _, ok := s.next(); !ok {
			return ap, nil
		}
		r := s.tp / s.totP
		ap += (r - prevR) * precision(s.tp, s.fp)
		prevR = r
	}
}

// precision is tp/(tp+fp), 0 when nothing is predicted positive.
func precision(tp, fp float64) float64 {
	if tp+fp == 0 {
		return 0
	}
	return tp / (tp + fp)
}

// Mark adds op to the points drawn on c's plot and returns c, so that
// c.Mark(best) as the last expression of a cell shows the curve with the
// point best (from MaxF, AtRecall or AtPrecision).
func (c *PRCurve) Mark(op OperatingPoint) *PRCurve {
	c.Marks = append(c.Marks, op)
	return c
}

func (c *PRCurve) point(i int, label string) OperatingPoint {
	return OperatingPoint{Threshold: c.Thresholds[i], Precision: c.Precision[i], Recall: c.Recall[i], Label: label}
}

// MaxF returns the threshold that maximises F-beta (beta 1 for F1; beta 2
// weighs recall twice as much as precision; 0 and +Inf give precision and
// recall). Ties go to the higher threshold. It returns an error wrapping
// ErrBeta if beta is negative or NaN.
func (c *PRCurve) MaxF(beta float64) (OperatingPoint, error) {
	if err := checkBeta(beta); err != nil {
		return OperatingPoint{}, err
	}
	best, bestF := 0, -1.0
	for i := range c.Thresholds {
		if f := fBeta(c.Precision[i], c.Recall[i], beta); f >= bestF {
			best, bestF = i, f
		}
	}
	return c.point(best, "max "+fName(beta)), nil
}

// AtPrecision returns the operating point with the highest recall among
// those whose precision is at least target (and among those, the highest
// precision). It returns an error wrapping ErrUnreachable when no threshold
// is that precise.
func (c *PRCurve) AtPrecision(target float64) (OperatingPoint, error) {
	best := -1
	for i := range c.Thresholds {
		p, r := c.Precision[i], c.Recall[i]
		if p < target {
			continue
		}
		if best < 0 || r > c.Recall[best] || (r == c.Recall[best] && p > c.Precision[best]) {
			best = i
		}
	}
	if best < 0 {
		return OperatingPoint{}, fmt.Errorf("metrics: recall at precision %g: %w: no threshold is that precise", target, ErrUnreachable)
	}
	return c.point(best, fmt.Sprintf("precision ≥ %g", target)), nil
}

// AtRecall returns the operating point with the highest precision among
// those whose recall is at least target (and among those, the highest
// recall). It returns an error wrapping ErrUnreachable when target is above
// 1.
func (c *PRCurve) AtRecall(target float64) (OperatingPoint, error) {
	best := -1
	for i := range c.Thresholds {
		p, r := c.Precision[i], c.Recall[i]
		if r < target {
			continue
		}
		if best < 0 || p > c.Precision[best] || (p == c.Precision[best] && r > c.Recall[best]) {
			best = i
		}
	}
	if best < 0 {
		return OperatingPoint{}, fmt.Errorf("metrics: precision at recall %g: %w: no threshold reaches that recall", target, ErrUnreachable)
	}
	return c.point(best, fmt.Sprintf("recall ≥ %g", target)), nil
}

// fName is "F1", "F2", "F0.5"..., "F∞".
func fName(beta float64) string {
	if math.IsInf(beta, 1) {
		return "F∞"
	}
	return fmt.Sprintf("F%g", beta)
}

// String summarises the curve for text output.
func (c *PRCurve) String() string {
	name := c.Name
	if name == "" {
		name = "PR curve"
	}
	return fmt.Sprintf("%s: AP %.4f, %d thresholds, %g positives, %g negatives", name, c.AP, len(c.Thresholds), c.Positives, c.Negatives)
}
