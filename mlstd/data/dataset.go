package data

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Dataset is a labelled classification data set: one row of X per example,
// its class in Y.
//
// The fields are exported so that a notebook can look inside; functions of
// this package never modify a Dataset they are given, they return new ones.
type Dataset struct {
	// Name says where the data came from ("digits", "moons", "digits/train").
	Name string
	// X holds the features, one row per example.
	X *mat.Dense
	// Y holds the class of each row, an index into Classes.
	Y []int
	// Classes names the classes; len(Classes) is the number of classes.
	Classes []string
	// Features names the columns of X; nil when they have no names.
	Features []string
	// ImageHeight and ImageWidth are the shape of the image that each row
	// holds (row-major pixels), or zero when rows are not images.
	ImageHeight, ImageWidth int
	// Steps, when not zero, says that each row is a sequence: Steps steps
	// of NumFeatures/Steps values each, one step after the other (the
	// input of a recurrent network, or of a one-dimensional convolution).
	Steps int
	// Targets holds further labels of the same examples, for a model
	// with several outputs (a ConvNet with Heads): section 11.6's
	// transcriber has one output for a number's length (Y) and one for
	// each digit. nil for the usual one label per example.
	Targets []Target
}

// Target is a further label of each example of a Dataset: the labels of
// one more output of a model. Y[i] is the class of example i, an index
// into Classes, or -1 when example i has no label for this output (a
// digit position beyond a number's length): a model does not train that
// output on it.
type Target struct {
	// Name names the output ("digit 1").
	Name string
	// Classes names its classes.
	Classes []string
	// Y holds one label per example, or -1.
	Y []int
}

// Target returns the target named name, or false.
func (d *Dataset) Target(name string) (Target, bool) {
	for _, t := range d.Targets {
		if t.Name == name {
			return t, true
		}
	}
	return Target{}, false
}

// IsSequence reports whether each row is a sequence of Steps steps.
func (d *Dataset) IsSequence() bool {
	return d != nil && d.Steps > 0 && d.NumFeatures()%d.Steps == 0
}

// StepFeatures returns the number of values per step of a sequence,
// NumFeatures()/Steps (0 when rows are not sequences).
func (d *Dataset) StepFeatures() int {
	if !d.IsSequence() {
		return 0
	}
	return d.NumFeatures() / d.Steps
}

// Len returns the number of examples.
func (d *Dataset) Len() int {
	if d == nil {
		return 0
	}
	return len(d.Y)
}

// NumFeatures returns the number of columns of X.
func (d *Dataset) NumFeatures() int {
	if d == nil || d.X == nil || d.X.IsEmpty() {
		return 0
	}
	_, c := d.X.Dims()
	return c
}

// NumClasses returns len(d.Classes).
func (d *Dataset) NumClasses() int {
	if d == nil {
		return 0
	}
	return len(d.Classes)
}

// IsImage reports whether each row is an image of ImageHeight x ImageWidth
// pixels.
func (d *Dataset) IsImage() bool {
	return d != nil && d.ImageHeight > 0 && d.ImageWidth > 0 && d.ImageHeight*d.ImageWidth == d.NumFeatures()
}

// ClassCounts returns the number of examples of each class. Labels out of
// range are not counted.
func (d *Dataset) ClassCounts() []int {
	counts := make([]int, d.NumClasses())
	for _, y := range d.Y {
		if y >= 0 && y < len(counts) {
			counts[y]++
		}
	}
	return counts
}

// Validate checks that d can be trained on or evaluated: it is non-empty,
// X has one row per label, every label is a class index, every feature is
// finite, and the names (when given) match the shape. The error names the
// first problem found and the data set.
func (d *Dataset) Validate() error {
	if d == nil {
		return fmt.Errorf("data: nil dataset")
	}
	name := d.Name
	if name == "" {
		name = "dataset"
	}
	if len(d.Y) == 0 || d.X == nil || d.X.IsEmpty() {
		return fmt.Errorf("data: %s is empty", name)
	}
	r, c := d.X.Dims()
	if r != len(d.Y) {
		return fmt.Errorf("data: %s has %d rows of features but %d labels", name, r, len(d.Y))
	}
	if len(d.Classes) == 0 {
		return fmt.Errorf("data: %s has no class names", name)
	}
	if d.Features != nil && len(d.Features) != c {
		return fmt.Errorf("data: %s has %d feature names for %d columns", name, len(d.Features), c)
	}
	if (d.ImageHeight != 0 || d.ImageWidth != 0) && d.ImageHeight*d.ImageWidth != c {
		return fmt.Errorf("data: %s: image shape %dx%d does not match %d columns", name, d.ImageHeight, d.ImageWidth, c)
	}
	if d.Steps < 0 || d.Steps > 0 && c%d.Steps != 0 {
		return fmt.Errorf("data: %s: %d steps do not divide %d columns", name, d.Steps, c)
	}
	for i, y := range d.Y {
		if y < 0 || y >= len(d.Classes) {
			return fmt.Errorf("data: %s: label %d of row %d is out of range [0, %d)", name, y, i, len(d.Classes))
		}
	}
	seen := map[string]bool{}
	for _, t := range d.Targets {
		switch {
		case t.Name == "" || seen[t.Name]:
			return fmt.Errorf("data: %s: target %q: every target needs a name of its own", name, t.Name)
		case len(t.Classes) == 0:
			return fmt.Errorf("data: %s: target %q has no class names", name, t.Name)
		case len(t.Y) != r:
			return fmt.Errorf("data: %s: target %q has %d labels for %d rows", name, t.Name, len(t.Y), r)
		}
		seen[t.Name] = true
		for i, y := range t.Y {
			if y < -1 || y >= len(t.Classes) {
				return fmt.Errorf("data: %s: target %q: label %d of row %d is out of range [-1, %d)", name, t.Name, y, i, len(t.Classes))
			}
		}
	}
	return CheckFinite(name, d.X)
}

// CheckFinite returns an error naming the first NaN or infinite element of
// x, or nil. what names x in the message.
func CheckFinite(what string, x *mat.Dense) error {
	if x == nil || x.IsEmpty() {
		return nil
	}
	raw := x.RawMatrix()
	for i := 0; i < raw.Rows; i++ {
		row := raw.Data[i*raw.Stride : i*raw.Stride+raw.Cols]
		for j, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("data: %s: feature %d of row %d is %v", what, j, i, v)
			}
		}
	}
	return nil
}

// Subset returns a new Dataset holding the rows idx of d, in that order,
// with copied features and labels. It panics if an index is out of range.
func (d *Dataset) Subset(idx []int) *Dataset {
	c := d.NumFeatures()
	out := d.withRows(len(idx))
	if len(idx) == 0 {
		return out
	}
	out.X = mat.NewDense(len(idx), c, nil)
	for k, i := range idx {
		if i < 0 || i >= d.Len() {
			panic(fmt.Sprintf("data: Subset: index %d out of range [0, %d)", i, d.Len()))
		}
		out.X.SetRow(k, d.X.RawRowView(i))
		out.Y[k] = d.Y[i]
		for t := range out.Targets {
			out.Targets[t].Y[k] = d.Targets[t].Y[i]
		}
	}
	return out
}

// withRows returns a copy of d's metadata with label slices (Y and each
// target's) of length n and no features.
func (d *Dataset) withRows(n int) *Dataset {
	out := &Dataset{
		Name:        d.Name,
		Y:           make([]int, n),
		Classes:     append([]string(nil), d.Classes...),
		Features:    append([]string(nil), d.Features...),
		ImageHeight: d.ImageHeight,
		ImageWidth:  d.ImageWidth,
		Steps:       d.Steps,
	}
	for _, t := range d.Targets {
		out.Targets = append(out.Targets, Target{Name: t.Name, Classes: append([]string(nil), t.Classes...), Y: make([]int, n)})
	}
	return out
}

// copyLabels copies d's labels (Y and each target's) into out, made by
// d.withRows(d.Len()).
func (d *Dataset) copyLabels(out *Dataset) {
	copy(out.Y, d.Y)
	for t := range out.Targets {
		copy(out.Targets[t].Y, d.Targets[t].Y)
	}
}

// Named returns a shallow copy of d with another name (X and Y are shared).
func (d *Dataset) Named(name string) *Dataset {
	c := *d
	c.Name = name
	return &c
}

// Scaled returns a copy of d whose features are multiplied by f, as in
// Digits().Scaled(1.0/16) to bring pixel counts into [0, 1].
func (d *Dataset) Scaled(f float64) *Dataset {
	out := d.withRows(len(d.Y))
	d.copyLabels(out)
	out.X = mat.DenseCopyOf(d.X)
	out.X.Scale(f, out.X)
	return out
}

// OneHot returns the n x k indicator matrix of labels y: row i has a 1 in
// column y[i] and zeros elsewhere. It panics if a label is outside [0, k).
func OneHot(y []int, k int) *mat.Dense {
	if len(y) == 0 || k <= 0 {
		panic("data: OneHot: no labels or no classes")
	}
	m := mat.NewDense(len(y), k, nil)
	for i, c := range y {
		if c < 0 || c >= k {
			panic(fmt.Sprintf("data: OneHot: label %d of row %d out of range [0, %d)", c, i, k))
		}
		m.Set(i, c, 1)
	}
	return m
}
