package metrics

import (
	"fmt"
	"math"
	"strconv"

	"gonum.org/v1/gonum/mat"
)

// Scores are the per-class metrics of hard predictions, for one class or
// averaged over classes.
type Scores struct {
	// Precision is TP/(TP+FP), Recall (sensitivity) TP/(TP+FN),
	// Specificity TN/(TN+FP); each is 0 when its denominator is.
	Precision, Recall, Specificity float64
	// F is the F-beta score for the beta it was computed with.
	F float64
	// Support is the weight of the true examples of the class (for an
	// average: of all classes averaged).
	Support float64
}

// Average says how per-class scores combine into one.
type Average int

const (
	// Macro is the unweighted mean over classes: every class counts the
	// same, however rare.
	Macro Average = iota
	// Micro pools the counts of all classes before dividing: for
	// single-label multiclass problems its precision and recall equal the
	// accuracy.
	Micro
	// Weighted is the mean over classes weighted by their support.
	Weighted
	// Binary reports the class labelled 1 alone (scikit-learn's
	// average="binary"); it needs labels within {0, 1}.
	Binary
)

// String names the average as scikit-learn does.
func (a Average) String() string {
	switch a {
	case Macro:
		return "macro"
	case Micro:
		return "micro"
	case Weighted:
		return "weighted"
	case Binary:
		return "binary"
	}
	return "Average(" + strconv.Itoa(int(a)) + ")"
}

// classCounts are one class's one-vs-rest counts.
type classCounts struct{ tp, fp, fn, tn float64 }

func (c *ConfusionMatrix) classCounts(i int) classCounts {
	k := len(c.Labels)
	tp := c.counts[i*k+i]
	pred, true_ := 0.0, 0.0
	for j := range k {
		pred += c.counts[j*k+i]
		true_ += c.counts[i*k+j]
	}
	fp, fn := pred-tp, true_-tp
	return classCounts{tp: tp, fp: fp, fn: fn, tn: c.total - tp - fp - fn}
}

func (cc classCounts) scores(beta float64) Scores {
	s := Scores{
		Precision:   safeDiv(cc.tp, cc.tp+cc.fp),
		Recall:      safeDiv(cc.tp, cc.tp+cc.fn),
		Specificity: safeDiv(cc.tn, cc.tn+cc.fp),
		Support:     cc.tp + cc.fn,
	}
	s.F = fBeta(s.Precision, s.Recall, beta)
	return s
}

// PerClass returns the scores of each class, in the order of Labels, with
// F-beta for the given beta (1 for F1; see FBeta for 0 and +Inf). It
// returns an error wrapping ErrBeta if beta is negative or NaN.
func (c *ConfusionMatrix) PerClass(beta float64) ([]Scores, error) {
	if err := checkBeta(beta); err != nil {
		return nil, err
	}
	out := make([]Scores, len(c.Labels))
	for i := range out {
		out[i] = c.classCounts(i).scores(beta)
	}
	return out, nil
}

// checkBeta returns an error wrapping ErrBeta unless beta >= 0.
func checkBeta(beta float64) error {
	if !(beta >= 0) {
		return fmt.Errorf("metrics: F-beta: %w, have %v", ErrBeta, beta)
	}
	return nil
}

// Average combines the per-class scores as avg says, with F-beta for the
// given beta, as scikit-learn's precision_recall_fscore_support does
// (specificity, which scikit-learn lacks, is averaged the same way as
// recall). For Macro and Weighted, F is the average of the per-class F
// scores, not the F of the averages.
//
// Average panics if avg is unknown. It returns an error wrapping ErrBeta if
// beta is negative or NaN, and with Binary an error wrapping ErrLabel if a
// label is neither 0 nor 1.
func (c *ConfusionMatrix) Average(avg Average, beta float64) (Scores, error) {
	if err := checkBeta(beta); err != nil {
		return Scores{}, err
	}
	k := len(c.Labels)
	switch avg {
	case Binary:
		pos := -1
		for i, l := range c.Labels {
			switch l {
			case 1:
				pos = i
			case 0:
			default:
				return Scores{}, fmt.Errorf("metrics: binary average: %w: class %d (want 0 or 1; use Macro, Micro or Weighted for multiclass)", ErrLabel, l)
			}
		}
		if pos < 0 {
			// No example of class 1, true or predicted.
			return classCounts{tn: c.total}.scores(beta), nil
		}
		return c.classCounts(pos).scores(beta), nil
	case Micro:
		// Pool the counts as shares of the total: the pooled true
		// negatives come to (k-1) times the total weight, which may not
		// fit in a float64 when the total itself does.
		var sum classCounts
		for i := range k {
			cc := c.classCounts(i)
			sum.tp += cc.tp / c.total
			sum.fp += cc.fp / c.total
			sum.fn += cc.fn / c.total
			sum.tn += cc.tn / c.total
		}
		s := sum.scores(beta)
		s.Support = c.total // every example is a true example of one class
		return s, nil
	case Macro, Weighted:
		var out Scores
		per, _ := c.PerClass(beta) // beta checked above
		wsum := 0.0
		for _, s := range per {
			w := 1.0
			if avg == Weighted {
				w = s.Support
			}
			out.Precision += w * s.Precision
			out.Recall += w * s.Recall
			out.Specificity += w * s.Specificity
			out.F += w * s.F
			out.Support += s.Support
			wsum += w
		}
		if wsum == 0 {
			// Weighted with no true examples at all cannot happen for a
			// matrix with positive total; keep the zeros.
			return out, nil
		}
		out.Precision /= wsum
		out.Recall /= wsum
		out.Specificity /= wsum
		out.F /= wsum
		return out, nil
	}
	panic("metrics: unknown average " + avg.String())
}

// Accuracy returns the fraction (by weight) of examples on the diagonal.
func (c *ConfusionMatrix) Accuracy() float64 {
	k := len(c.Labels)
	d := 0.0
	for i := range k {
		d += c.counts[i*k+i]
	}
	return d / c.total
}

// BalancedAccuracy returns the mean recall over the classes that occur in
// the true labels (scikit-learn's balanced_accuracy_score): on a problem
// with 99% negatives, always answering "negative" scores 0.5, not 0.99.
func (c *ConfusionMatrix) BalancedAccuracy() float64 {
	k := len(c.Labels)
	sum, n := 0.0, 0
	for i := range k {
		row := 0.0
		for j := range k {
			row += c.counts[i*k+j]
		}
		if row == 0 {
			continue
		}
		sum += c.counts[i*k+i] / row
		n++
	}
	return sum / float64(n)
}

// ExpectedCost returns the mean cost per example (by weight) when
// predicting class j for an example of class i costs cost.At(i, j), rows
// and columns in the order of Labels. For a binary problem with labels
// 0 and 1, Costs.Matrix builds the cost matrix. ExpectedCost panics if
// cost is not k×k for k classes.
func (c *ConfusionMatrix) ExpectedCost(cost mat.Matrix) float64 {
	k := len(c.Labels)
	if r, cl := cost.Dims(); r != k || cl != k {
		panic(fmt.Sprintf("metrics: cost matrix is %dx%d for %d classes", r, cl, k))
	}
	sum := 0.0
	for i := range k {
		for j := range k {
			if v := c.counts[i*k+j]; v != 0 {
				// v/total <= 1: a large count times a large cost
				// cannot overflow.
				sum += v / c.total * cost.At(i, j)
			}
		}
	}
	return sum
}

// Accuracy returns the fraction (by weight; nil weights mean 1 each) of
// predictions equal to the true labels. It panics if the lengths differ,
// and returns an error wrapping ErrEmpty, ErrNotFinite or ErrWeight for
// empty input or bad weights.
func Accuracy(yTrue, yPred []int, weights []float64) (float64, error) {
	n := len(yTrue)
	if len(yPred) != n {
		panic("metrics: length mismatch between true and predicted labels")
	}
	if weights != nil && len(weights) != n {
		panic("metrics: length mismatch between labels and weights")
	}
	if n == 0 {
		return 0, fmt.Errorf("metrics: accuracy: %w", ErrEmpty)
	}
	if weights == nil {
		right := 0
		for i, t := range yTrue {
			if yPred[i] == t {
				right++
			}
		}
		return float64(right) / float64(n), nil
	}
	right, total := 0.0, 0.0
	for i, t := range yTrue {
		w := weights[i]
		if err := checkWeight(i, w); err != nil {
			return 0, fmt.Errorf("metrics: accuracy: %w", err)
		}
		total += w
		if yPred[i] == t {
			right += w
		}
	}
	if total == 0 {
		return 0, fmt.Errorf("metrics: accuracy: %w (total weight is zero)", ErrEmpty)
	}
	if math.IsInf(total, 0) {
		return 0, fmt.Errorf("metrics: accuracy: %w", errOverflow)
	}
	return right / total, nil
}

// BalancedAccuracy returns the mean per-class recall of yPred against yTrue
// (see ConfusionMatrix.BalancedAccuracy). It panics and fails as Confusion
// does.
func BalancedAccuracy(yTrue, yPred []int, weights []float64) (float64, error) {
	c, err := Confusion(yTrue, yPred, weights, nil)
	if err != nil {
		return 0, err
	}
	return c.BalancedAccuracy(), nil
}

// ClassScores returns precision, recall, specificity, F-beta and support of
// yPred against yTrue, combined over classes as avg says (see
// ConfusionMatrix.Average). It panics and fails as Confusion and Average
// do.
func ClassScores(yTrue, yPred []int, weights []float64, avg Average, beta float64) (Scores, error) {
	c, err := Confusion(yTrue, yPred, weights, nil)
	if err != nil {
		return Scores{}, err
	}
	return c.Average(avg, beta)
}

// FBeta returns the F-beta score of yPred against yTrue combined over
// classes as avg says: ClassScores(yTrue, yPred, weights, avg, beta).F. As
// in scikit-learn, beta = 0 gives the precision and beta = +Inf the recall.
func FBeta(yTrue, yPred []int, weights []float64, avg Average, beta float64) (float64, error) {
	s, err := ClassScores(yTrue, yPred, weights, avg, beta)
	return s.F, err
}

// F1 returns the F1 score of yPred against yTrue combined over classes as
// avg says: ClassScores(yTrue, yPred, weights, avg, 1).F.
func F1(yTrue, yPred []int, weights []float64, avg Average) (float64, error) {
	s, err := ClassScores(yTrue, yPred, weights, avg, 1)
	return s.F, err
}

// String formats the scores.
func (s Scores) String() string {
	return fmt.Sprintf("precision %.4f, recall %.4f, specificity %.4f, F %.4f, support %s",
		s.Precision, s.Recall, s.Specificity, s.F, support(s.Support))
}
