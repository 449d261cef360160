package metrics

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// ConfusionMatrix holds the (weighted) counts of every pair of true and
// predicted class: row i is the true class Labels[i], column j the
// predicted class Labels[j]. It is scikit-learn's confusion_matrix, and the
// source of every metric of hard predictions: accuracy, per-class
// precision, recall, specificity and F-beta, their averages, the report,
// the expected cost.
type ConfusionMatrix struct {
	// Labels are the classes, in the order of rows and columns. Read it;
	// changing it breaks the matrix.
	Labels []int
	// Names, when not nil, name the classes in plots, tables and text, in
	// the order of Labels. By default the labels are printed as numbers.
	Names []string
	// Show is how the matrix shows in a notebook: counts (the zero value)
	// or normalised.
	Show Normalize

	counts []float64 // len(Labels)^2, row-major
	total  float64
}

// Normalize says what a confusion matrix is divided by.
type Normalize int

const (
	// Counts leaves the (weighted) counts as they are.
	Counts Normalize = iota
	// ByTrue divides each row by its sum: each true class sums to 1 and
	// the diagonal holds the recalls (scikit-learn's normalize="true").
	ByTrue
	// ByPred divides each column by its sum: the diagonal holds the
	// precisions (normalize="pred").
	ByPred
	// ByAll divides by the total (normalize="all").
	ByAll
)

// String names the normalisation.
func (n Normalize) String() string {
	switch n {
	case Counts:
		return "counts"
	case ByTrue:
		return "normalised by true class"
	case ByPred:
		return "normalised by predicted class"
	case ByAll:
		return "normalised by total"
	}
	return "Normalize(" + strconv.Itoa(int(n)) + ")"
}

// Confusion counts the true labels yTrue against the predictions yPred,
// each example weighing its weight (nil means 1 each).
//
// labels lists the classes in the order of the matrix's rows and columns;
// it may name classes that never occur (their rows and columns are zero).
// When labels is nil the classes are the sorted union of the labels in
// yTrue and yPred.
//
// Confusion panics if the slices' lengths differ or labels has duplicates.
// It returns an error wrapping ErrEmpty (no examples or a total weight of
// zero), ErrNotFinite or ErrWeight (a bad weight), or ErrLabel (a label not
// in labels).
func Confusion(yTrue, yPred []int, weights []float64, labels []int) (*ConfusionMatrix, error) {
	n := len(yTrue)
	if len(yPred) != n {
		panic("metrics: length mismatch between true and predicted labels")
	}
	if weights != nil && len(weights) != n {
		panic("metrics: length mismatch between labels and weights")
	}
	if n == 0 {
		return nil, fmt.Errorf("metrics: confusion matrix: %w", ErrEmpty)
	}
	var idx labelIndex
	if labels == nil {
		labels = idx.fromData(yTrue, yPred)
	} else {
		labels = slices.Clone(labels)
		if !idx.fromLabels(labels) {
			panic("metrics: duplicate class labels")
		}
	}
	k := len(labels)
	c := &ConfusionMatrix{Labels: labels, counts: make([]float64, k*k)}
	for i, t := range yTrue {
		p := yPred[i]
		ti, pi := idx.index(t), idx.index(p)
		if ti < 0 || pi < 0 {
			bad := t
			if ti >= 0 {
				bad = p
			}
			return nil, fmt.Errorf("metrics: confusion matrix: %w: %d at index %d is not one of the labels %v", ErrLabel, bad, i, labels)
		}
		if weights == nil {
			c.counts[ti*k+pi]++
			continue
		}
		w := weights[i]
		if err := checkWeight(i, w); err != nil {
			return nil, fmt.Errorf("metrics: confusion matrix: %w", err)
		}
		c.counts[ti*k+pi] += w
	}
	for _, v := range c.counts {
		c.total += v
	}
	if c.total == 0 {
		return nil, fmt.Errorf("metrics: confusion matrix: %w (total weight is zero)", ErrEmpty)
	}
	if math.IsInf(c.total, 0) {
		return nil, fmt.Errorf("metrics: confusion matrix: %w", errOverflow)
	}
	return c, nil
}

// labelIndex maps class labels to their positions: through a table when
// the labels span a small range, a map otherwise.
type labelIndex struct {
	min   int
	table []int32
	m     map[int]int
}

const maxLabelTable = 1 << 20

func (x *labelIndex) index(label int) int {
	if x.table != nil {
		d := uint(label - x.min)
		if d >= uint(len(x.table)) {
			return -1
		}
		return int(x.table[d])
	}
	if i, ok := x.m[label]; ok {
		return i
	}
	return -1
}

// fromData indexes the sorted union of the labels in ys and returns it.
func (x *labelIndex) fromData(ys ...[]int) []int {
	lo, hi, any, n := 0, 0, false, 0
	for _, y := range ys {
		n += len(y)
		for _, v := range y {
			if !any {
				lo, hi, any = v, v, true
			}
			lo, hi = min(lo, v), max(hi, v)
		}
	}
	if span := uint(hi - lo); any && span < maxLabelTable && span <= 8*uint(n)+256 {
		seen := make([]int32, span+1)
		for _, y := range ys {
			for _, v := range y {
				seen[v-lo] = 1
			}
		}
		var labels []int
		for d, s := range seen {
			if s != 0 {
				seen[d] = int32(len(labels))
				labels = append(labels, lo+d)
			} else {
				seen[d] = -1
			}
		}
		x.min, x.table = lo, seen
		return labels
	}
	set := map[int]bool{}
	for _, y := range ys {
		for _, v := range y {
			set[v] = true
		}
	}
	labels := make([]int, 0, len(set))
	for v := range set {
		labels = append(labels, v)
	}
	slices.Sort(labels)
	x.fromLabels(labels)
	return labels
}

// fromLabels indexes labels in their order; false if one repeats.
func (x *labelIndex) fromLabels(labels []int) bool {
	x.m = make(map[int]int, len(labels))
	for i, v := range labels {
		if _, dup := x.m[v]; dup {
			return false
		}
		x.m[v] = i
	}
	return true
}

// At returns the weight of examples of true class Labels[i] predicted as
// Labels[j].
func (c *ConfusionMatrix) At(i, j int) float64 {
	k := len(c.Labels)
	if uint(i) >= uint(k) || uint(j) >= uint(k) {
		panic("metrics: confusion matrix index out of range")
	}
	return c.counts[i*k+j]
}

// Total returns the total weight of the examples counted.
func (c *ConfusionMatrix) Total() float64 { return c.total }

// Matrix returns the matrix normalised as n says, as a new gonum matrix.
// A row or column that sums to zero stays zero (as in scikit-learn).
func (c *ConfusionMatrix) Matrix(n Normalize) *mat.Dense {
	k := len(c.Labels)
	m := mat.NewDense(k, k, slices.Clone(c.counts))
	switch n {
	case Counts:
	case ByTrue:
		for i := range k {
			s := 0.0
			for j := range k {
				s += m.At(i, j)
			}
			for j := range k {
				m.Set(i, j, safeDiv(m.At(i, j), s))
			}
		}
	case ByPred:
		for j := range k {
			s := 0.0
			for i := range k {
				s += m.At(i, j)
			}
			for i := range k {
				m.Set(i, j, safeDiv(m.At(i, j), s))
			}
		}
	case ByAll:
		// Divide, as scikit-learn does: 1/total overflows when the total
		// weight is below 1/MaxFloat64 (about 5.6e-309).
		for i := range k {
			for j := range k {
				m.Set(i, j, m.At(i, j)/c.total)
			}
		}
	default:
		panic("metrics: unknown normalisation " + n.String())
	}
	return m
}

// safeDiv is a/b, 0 when b is 0.
func safeDiv(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// names returns the display names of the classes: Names when it has one
// per class, the labels as numbers otherwise.
func (c *ConfusionMatrix) names() []string {
	if c.Names != nil && len(c.Names) == len(c.Labels) {
		return c.Names
	}
	s := make([]string, len(c.Labels))
	for i, l := range c.Labels {
		s[i] = strconv.Itoa(l)
	}
	return s
}

// show is the normalisation to display: Show, or Counts if Show is not
// one of the constants.
func (c *ConfusionMatrix) show() Normalize {
	if c.Show < Counts || c.Show > ByAll {
		return Counts
	}
	return c.Show
}

// valid reports whether the matrix is one that Confusion built (and has
// not been broken by changing Labels).
func (c *ConfusionMatrix) valid() bool {
	k := len(c.Labels)
	return k > 0 && len(c.counts) == k*k
}

// notes explains what rendering had to ignore.
func (c *ConfusionMatrix) notes() string {
	s := ""
	if c.Names != nil && len(c.Names) != len(c.Labels) {
		s += fmt.Sprintf("\n(Names ignored: %d names for %d classes)", len(c.Names), len(c.Labels))
	}
	if c.show() != c.Show {
		s += fmt.Sprintf("\n(Show ignored: %v is not a normalisation)", c.Show)
	}
	return s
}

// String prints the matrix (as Show says) with true classes as rows.
func (c *ConfusionMatrix) String() string {
	if !c.valid() {
		return "empty confusion matrix (make one with metrics.Confusion)"
	}
	show := c.show()
	m := c.Matrix(show)
	names := c.names()
	cells := make([][]string, len(names))
	w := len("true\\pred")
	for i := range names {
		w = max(w, len(names[i]))
		cells[i] = make([]string, len(names))
		for j := range names {
			cells[i][j] = formatCell(m.At(i, j), show)
			w = max(w, len(cells[i][j]))
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%*s", w, "true\\pred")
	for _, n := range names {
		fmt.Fprintf(&b, " %*s", w, n)
	}
	for i, n := range names {
		fmt.Fprintf(&b, "\n%*s", w, n)
		for _, s := range cells[i] {
			fmt.Fprintf(&b, " %*s", w, s)
		}
	}
	b.WriteString(c.notes())
	return b.String()
}

// formatCell prints a count as an integer when it is one, a proportion
// with three decimals.
func formatCell(v float64, n Normalize) string {
	if n != Counts {
		return strconv.FormatFloat(v, 'f', 3, 64)
	}
	if v == float64(int64(v)) {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}
