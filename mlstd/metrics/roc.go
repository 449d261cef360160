package metrics

import (
	"fmt"
	"math"
)

// ROCCurve is a receiver operating characteristic curve: for decreasing
// thresholds t, the false positive rate and true positive rate of
// predicting positive when score >= t.
//
// Like scikit-learn's roc_curve (drop_intermediate=True), it keeps only the
// corners: thresholds whose point is collinear with its neighbours are
// dropped, which changes neither the plot nor the area. The first point is
// (0, 0) at threshold +Inf.
type ROCCurve struct {
	FPR, TPR, Thresholds []float64

	// AUC is the area under the curve (trapezoidal rule), scikit-learn's
	// roc_auc_score.
	AUC float64

	// Positives and Negatives are the total weights of each class.
	Positives, Negatives float64

	// Name labels the curve in plot legends.
	Name string

	// Marks are points drawn on the curve's plot (see Mark).
	Marks []ROCPoint
}

// ROCPoint is a threshold on scores with its rates.
type ROCPoint struct {
	// Threshold: predict positive when score >= Threshold.
	Threshold float64
	// FPR and TPR at Threshold.
	FPR, TPR float64
	// Label describes how the point was chosen.
	Label string
}

// String formats the point.
func (p ROCPoint) String() string {
	return fmt.Sprintf("%s: threshold %.4g, FPR %.4f, TPR %.4f", p.Label, p.Threshold, p.FPR, p.TPR)
}

// ROC computes the ROC curve of scores against the true labels yTrue (0
// negative, 1 positive) with optional sample weights (nil means
// unweighted), and its area.
//
// ROC panics if the lengths of yTrue, scores and weights (when not nil)
// differ. It returns an error wrapping ErrEmpty, ErrNotFinite, ErrWeight,
// ErrLabel or ErrOneClass (the rates need both classes) for input it cannot
// measure.
func ROC(yTrue []int, scores, weights []float64) (*ROCCurve, error) {
	s, err := rocSweep(yTrue, scores, weights)
	if err != nil {
		return nil, fmt.Errorf("metrics: ROC curve: %w", err)
	}
	// A first walk counts the corners, so that the curve allocates exactly
	// what it returns; the second fills it.
	n := 1
	corners(s, func(uint64, float64, float64) { n++ })
	s.reset()
	c := &ROCCurve{
		FPR:        make([]float64, 1, n),
		TPR:        make([]float64, 1, n),
		Thresholds: make([]float64, 1, n),
		Positives:  s.totP,
		Negatives:  s.totN,
	}
	c.Thresholds[0] = math.Inf(1)
	c.AUC = corners(s, func(k uint64, fp, tp float64) {
		c.FPR = append(c.FPR, fp/s.totN)
		c.TPR = append(c.TPR, tp/s.totP)
		c.Thresholds = append(c.Thresholds, keyValue(k))
	})
	return c, nil
}

// ROCAUC returns the area under the ROC curve of scores against yTrue, the
// AUC of ROC's curve, without keeping the curve. It panics and fails as ROC
// does.
func ROCAUC(yTrue []int, scores, weights []float64) (float64, error) {
	s, err := rocSweep(yTrue, scores, weights)
	if err != nil {
		return 0, fmt.Errorf("metrics: ROC AUC: %w", err)
	}
	return corners(s, nil), nil
}

func rocSweep(yTrue []int, scores, weights []float64) (*sweep, error) {
	s, err := binarySweep(yTrue, scores, weights)
	if err != nil {
		return nil, err
	}
	if s.totP == 0 || s.totN == 0 {
		missing := "positive"
		if s.totN == 0 {
			missing = "negative"
		}
		return nil, fmt.Errorf("%w (no %s examples)", ErrOneClass, missing)
	}
	return s, nil
}

// corners walks s and calls keep (when not nil) for every threshold that
// scikit-learn's roc_curve keeps: the first, the last, and those where
// either cumulative count bends (a non-zero second difference, computed as
// numpy's diff(x, 2) does). With two thresholds or fewer every one is
// kept, as scikit-learn does. It returns the trapezoidal area under the kept
// points, preceded by (0, 0).
func corners(s *sweep, keep func(k uint64, fp, tp float64)) float64 {
	var (
		area             float64
		lastX, lastY     float64 // the last kept point, as rates
		pk               uint64  // the point waiting for its successor
		pfp, ptp         float64
		ppfp, pptp       float64 // the point before it
		havePrev, havePP bool
	)
	emit := func(k uint64, fp, tp float64) {
		x, y := fp/s.totN, tp/s.totP
		area += (x - lastX) * (y + lastY) / 2
		lastX, lastY = x, y
		if keep != nil {
			keep(k, fp, tp)
		}
	}
	for {
		k, ok := s.next()
		if !ok {
			break
		}
		fp, tp := s.fp, s.tp
		if havePrev {
			// Decide about the waiting point now that its successor is known.
			if !havePP || (fp-pfp)-(pfp-ppfp) != 0 || (tp-ptp)-(ptp-pptp) != 0 {
				emit(pk, pfp, ptp)
			}
			ppfp, pptp, havePP = pfp, ptp, true
		}
		pk, pfp, ptp, havePrev = k, fp, tp, true
	}
	emit(pk, pfp, ptp)
	return area
}

// Mark adds p to the points drawn on c's plot and returns c.
func (c *ROCCurve) Mark(p ROCPoint) *ROCCurve {
	c.Marks = append(c.Marks, p)
	return c
}

// String summarises the curve for text output.
func (c *ROCCurve) String() string {
	name := c.Name
	if name == "" {
		name = "ROC curve"
	}
	return fmt.Sprintf("%s: AUC %.4f, %d points, %g positives, %g negatives", name, c.AUC, len(c.Thresholds), c.Positives, c.Negatives)
}
