// Package metrics measures classifiers the way the practical methodology
// asks: choose the metric first, set a target value for it, and see what an
// operating point costs.
//
// It holds three families of results, each a value that renders itself in
// a notebook (see package display):
//
//   - Decisions against the truth: ConfusionMatrix (binary or multiclass,
//     weighted counts, normalised by row, column or total) and everything
//     computed from it: accuracy, balanced accuracy, per-class precision,
//     recall, specificity and F-beta with micro, macro and weighted
//     averages, the classification Report, and the expected cost under a
//     cost matrix.
//   - Curves from scores: PRCurve (precision-recall, with average
//     precision), ROCCurve (with its area), CoverageCurve (accuracy as a
//     function of the fraction of examples answered when the model abstains
//     below a confidence threshold, as in Goodfellow, Bengio and Courville,
//     Deep Learning, section 11.1).
//   - Operating points on those curves: the threshold for a target
//     precision or recall, the threshold that maximises F-beta, and the
//     threshold that minimises the expected cost of a binary decision with
//     unequal error costs (Costs).
//
// # Conventions
//
// Class labels are ints. Binary functions that take scores want labels 0
// (negative) and 1 (positive) and predict positive when score >= threshold.
// Weights are per-example sample weights; nil means every example weighs 1,
// as in gonum's stat package. Examples of weight zero are ignored.
//
// Misuse that the caller controls (slices of different lengths, a cost
// matrix of the wrong size) panics with a "metrics:" prefix. Data-dependent
// failures (empty input, NaN or infinite scores, negative weights, a label
// outside the expected set, a curve that needs both classes but sees one)
// return an error wrapping one of the Err values below, so a notebook cell
// reports it and the kernel carries on. No function returns a number it
// cannot stand behind.
//
// # Agreement with scikit-learn
//
// Values agree with scikit-learn 1.2 (sklearn.metrics) to 1e-12, checked by
// the tests against testdata/sklearn_reference.json, which
// testdata/sklearn_reference.py writes. Ties in scores are grouped into one
// threshold exactly as scikit-learn's _binary_clf_curve does, including the
// order in which weights are summed. Where scikit-learn defines an
// ill-defined ratio (precision with no predicted positives, recall with no
// true examples, F with both zero) it is 0, scikit-learn's default
// zero_division behaviour. Specificity, which scikit-learn lacks, is
// averaged as imbalanced-learn does (weighted by support). Deliberate
// differences:
//
//   - ROC curves start at threshold +Inf (scikit-learn 1.3 and later do
//     the same; 1.2 used the largest score plus one).
//   - Curves from scores refuse input with a single class, or a label
//     other than 0 and 1, instead of warning and returning NaN.
//   - Confusion with explicit labels refuses an example whose label is not
//     among them; scikit-learn silently leaves it out of the matrix.
//   - LogLoss takes the true class as a column index of the probability
//     matrix; scikit-learn infers the columns from the labels present.
//
// # In a notebook
//
//	pr, err := metrics.PR(yVal, scores, nil)
//	pr.Name = "logistic regression"
//	pr.Mark(pr.MaxF(1))          // the cell shows the curve, AP, the point
//
//	cm, err := metrics.Confusion(yVal, pred, nil, nil)
//	cm.Names = []string{"edible", "poisonous"}
//	cm                           // a heat map; cm.Report() is a table
//
//	roc, err := metrics.ROC(yVal, scores, nil)
//	p, cost := roc.MinCost(metrics.Costs{FP: 1, FN: 1000})
//
// # Speed and memory
//
// Curves sort scores with a stable radix sort and make one pass over them.
// On 10^6 scores a precision-recall curve with its average precision, a
// ROC AUC and a confusion matrix each take well under a third of
// scikit-learn's time, and allocate at most three times the size of their
// input (bench/ measures both, side by side with scikit-learn).
//
// No function here takes a context.Context: each is a single pass that
// costs about a tenth of a second per million examples (a 10^7-example
// precision-recall curve took 1.3 s on the busy 2-core development
// machine), so an interrupt waits at most that long; the long-running
// calls the architecture asks to be cancellable are training and search.
package metrics
