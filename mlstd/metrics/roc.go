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
	auc, n := rocArea(s)
	s.reset()
	c := &ROCCurve{
		FPR:        make([]float64, n+1),
		TPR:        make([]float64, n+1),
		Thresholds: make([]float64, n+1),
		AUC:        auc,
		Positives:  s.totP,
		Negatives:  s.totN,
	}
	c.Thresholds[0] = math.Inf(1)
	w := corners{s: s}
	for i := 1; i <= n; i++ {
		k, fp, tp, _ := w.next()
		c.FPR[i], c.TPR[i], c.Thresholds[i] = fp/s.totN, tp/s.totP, keyValue(k)
	}
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
	auc, _ := rocArea(s)
	return auc, nil
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

// corners walks a sweep and yields the thresholds that scikit-learn's
// roc_curve keeps: the first, the last, and those where either cumulative
// count bends (a non-zero second difference, computed as numpy's diff(x, 2)
// does). With two thresholds or fewer every one is kept, as scikit-learn
// does.
type corners struct {
	s        *sweep
	started  bool
	havePP   bool
	done     bool
	pk       uint64  // the point waiting for its successor
	pfp, ptp float64 // its counts
	ppfp     float64 // the counts of the point before it
	pptp     float64
}

// next returns the next kept threshold's key and counts, or false at the
// end.
func (c *corners) next() (k uint64, fp, tp float64, ok bool) {
	if c.done {
		return 0, 0, 0, false
	}
	if !c.started {
		c.started = true
		if c.pk, ok = c.s.next(); !ok {
			c.done = true
			return 0, 0, 0, false
		}
		c.pfp, c.ptp = c.s.fp, c.s.tp
	}
	for {
		nk, more := c.s.next()
		if !more {
			// The last point is always kept.
			c.done = true
			return c.pk, c.pfp, c.ptp, true
		}
		nfp, ntp := c.s.fp, c.s.tp
		// Decide about the waiting point now that its successor is known.
		keep := !c.havePP || (nfp-c.pfp)-(c.pfp-c.ppfp) != 0 || (ntp-c.ptp)-(c.ptp-c.pptp) != 0
		k, fp, tp = c.pk, c.pfp, c.ptp
		c.ppfp, c.pptp, c.havePP = c.pfp, c.ptp, true
		c.pk, c.pfp, c.ptp = nk, nfp, ntp
		if keep {
			return k, fp, tp, true
		}
	}
}

// rocArea walks s's corners and returns the trapezoidal area under them,
// from (0, 0), and how many there are.
func rocArea(s *sweep) (area float64, n int) {
	c := corners{s: s}
	var lastX, lastY float64
	for {
		_, fp, tp, ok := c.next()
		if !ok {
			return area, n
		}
		x, y := fp/s.totN, tp/s.totP
		area += (x - lastX) * (y + lastY) / 2
		lastX, lastY = x, y
		n++
	}
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
