package data

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Standardizer rescales each feature to zero mean and unit variance with
// the statistics of the data it was fitted on. Fit it on the training part
// only, then transform every part with it: statistics taken from the
// validation or test part leak them into training.
type Standardizer struct {
	// Mean and Scale are the per-feature mean and standard deviation
	// (population, as scikit-learn's StandardScaler); a constant feature
	// has Scale 1, so it maps to 0.
	Mean, Scale []float64
}

// FitStandardizer computes the mean and standard deviation of each column
// of train.X. It returns an error if train is invalid.
func FitStandardizer(train *Dataset) (*Standardizer, error) {
	if err := train.Validate(); err != nil {
		return nil, err
	}
	r, c := train.X.Dims()
	s := &Standardizer{Mean: make([]float64, c), Scale: make([]float64, c)}
	for i := 0; i < r; i++ {
		for j, v := range train.X.RawRowView(i) {
			s.Mean[j] += v
		}
	}
	for j := range s.Mean {
		s.Mean[j] /= float64(r)
	}
	for i := 0; i < r; i++ {
		for j, v := range train.X.RawRowView(i) {
			dv := v - s.Mean[j]
			s.Scale[j] += dv * dv
		}
	}
	for j := range s.Scale {
		sd := math.Sqrt(s.Scale[j] / float64(r))
		if sd < 1e-12*math.Max(1, math.Abs(s.Mean[j])) {
			sd = 1
		}
		s.Scale[j] = sd
	}
	return s, nil
}

// Transform returns a copy of d with standardised features. It panics if d
// has a different number of features than the data s was fitted on.
func (s *Standardizer) Transform(d *Dataset) *Dataset {
	out := d.withRows(d.Len())
	d.copyLabels(out)
	out.X = s.TransformMatrix(d.X)
	return out
}

// TransformMatrix returns a standardised copy of x.
func (s *Standardizer) TransformMatrix(x *mat.Dense) *mat.Dense {
	r, c := x.Dims()
	if c != len(s.Mean) {
		panic(fmt.Sprintf("data: Standardizer: %d features, fitted on %d", c, len(s.Mean)))
	}
	out := mat.NewDense(r, c, nil)
	for i := 0; i < r; i++ {
		src, dst := x.RawRowView(i), out.RawRowView(i)
		for j, v := range src {
			dst[j] = (v - s.Mean[j]) / s.Scale[j]
		}
	}
	return out
}

// Standardize fits a Standardizer on sp.Train and returns the split with
// every part transformed by it, and the Standardizer (to apply to new data).
func Standardize(sp *Split) (*Split, *Standardizer, error) {
	s, err := FitStandardizer(sp.Train)
	if err != nil {
		return nil, nil, err
	}
	out := &Split{Train: s.Transform(sp.Train)}
	if sp.Val != nil {
		out.Val = s.Transform(sp.Val)
	}
	if sp.Test != nil {
		out.Test = s.Transform(sp.Test)
	}
	return out, s, nil
}
