package models

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/methodic-go/methodic/mlstd/data"
	"gonum.org/v1/gonum/mat"
)

// Strategy is how a Dummy classifier predicts without looking at features.
type Strategy int

// The strategies of Dummy, as scikit-learn's DummyClassifier names them.
const (
	// MostFrequent predicts the most frequent training class (the lowest
	// index among ties); its probabilities put 1 on that class.
	MostFrequent Strategy = iota
	// Prior predicts the most frequent class; its probabilities are the
	// class frequencies of the training set.
	Prior
	// Stratified predicts classes drawn at random with the training
	// frequencies; its probabilities are one-hot draws.
	Stratified
	// Uniform predicts classes drawn uniformly at random; its
	// probabilities are uniform.
	Uniform
)

var strategyNames = []string{"most_frequent", "prior", "stratified", "uniform"}

// String returns scikit-learn's name of the strategy.
func (s Strategy) String() string {
	if s >= 0 && int(s) < len(strategyNames) {
		return strategyNames[s]
	}
	return fmt.Sprintf("Strategy(%d)", int(s))
}

// DummyOptions configures a Dummy. The zero value predicts the most
// frequent class.
type DummyOptions struct {
	Strategy Strategy
	// Seed seeds the random strategies; each call of Predict or
	// PredictProba draws from a generator seeded afresh with it, so equal
	// inputs give equal outputs.
	Seed uint64
}

// Dummy is a baseline classifier that ignores the features: the score to
// beat before anything else.
type Dummy struct {
	Options DummyOptions

	classes  []string
	features int
	prior    []float64
}

// NewDummy returns an unfitted Dummy.
func NewDummy(o DummyOptions) *Dummy { return &Dummy{Options: o} }

// Fit records the class frequencies of train. val, when given, is scored
// into the one-epoch history.
func (m *Dummy) Fit(ctx context.Context, train, val *data.Dataset) (*History, error) {
	start := time.Now()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	nf, classes, err := checkFit(train, val)
	if err != nil {
		return nil, err
	}
	if m.Options.Strategy < MostFrequent || m.Options.Strategy > Uniform {
		return nil, fmt.Errorf("models: Dummy: unknown strategy %d", int(m.Options.Strategy))
	}
	m.classes, m.features = classes, nf
	m.prior = make([]float64, len(classes))
	for _, y := range train.Y {
		m.prior[y]++
	}
	for i := range m.prior {
		m.prior[i] /= float64(train.Len())
	}
	h := &History{Model: "Dummy " + m.Options.Strategy.String(), Stopped: "converged"}
	e := Epoch{Epoch: 1, ValLoss: math.NaN(), ValAccuracy: math.NaN()}
	e.TrainLoss, e.TrainAccuracy = m.lossAcc(train)
	if val != nil {
		e.ValLoss, e.ValAccuracy = m.lossAcc(val)
	}
	e.Time = time.Since(start)
	h.Epochs = append(h.Epochs, e)
	return h, nil
}

func (m *Dummy) lossAcc(d *data.Dataset) (float64, float64) {
	p := m.PredictProba(d.X)
	return crossEntropy(p, d.Y), accuracy(d.Y, m.Predict(d.X))
}

// Classes returns the class names seen by Fit.
func (m *Dummy) Classes() []string { return append([]string(nil), m.classes...) }

// Prior returns the class frequencies of the training set.
func (m *Dummy) Prior() []float64 { return append([]float64(nil), m.prior...) }

func (m *Dummy) mode() int {
	best := 0
	for i, p := range m.prior {
		if p > m.prior[best] {
			best = i
		}
	}
	return best
}

// Predict returns a class per row of x by the strategy. It panics if the
// model is not fitted or x has the wrong number of columns.
func (m *Dummy) Predict(x *mat.Dense) []int {
	checkPredict("Dummy.Predict", m.prior != nil, m.features, x)
	r, _ := x.Dims()
	out := make([]int, r)
	rng := data.NewRand(m.Options.Seed)
	for i := range out {
		switch m.Options.Strategy {
		case MostFrequent, Prior:
			out[i] = m.mode()
		case Stratified:
			out[i] = drawClass(m.prior, rng.Float64())
		case Uniform:
			out[i] = rng.IntN(len(m.prior))
		}
	}
	return out
}

// PredictProba returns the probabilities of the strategy for each row.
func (m *Dummy) PredictProba(x *mat.Dense) *mat.Dense {
	checkPredict("Dummy.PredictProba", m.prior != nil, m.features, x)
	r, _ := x.Dims()
	k := len(m.prior)
	out := mat.NewDense(r, k, nil)
	rng := data.NewRand(m.Options.Seed)
	for i := 0; i < r; i++ {
		row := out.RawRowView(i)
		switch m.Options.Strategy {
		case MostFrequent:
			row[m.mode()] = 1
		case Prior:
			copy(row, m.prior)
		case Stratified:
			row[drawClass(m.prior, rng.Float64())] = 1
		case Uniform:
			for j := range row {
				row[j] = 1 / float64(k)
			}
		}
	}
	return out
}

// Score returns the accuracy of Predict on d.
func (m *Dummy) Score(d *data.Dataset) float64 { return score(m, d) }

// String describes the model.
func (m *Dummy) String() string {
	return fmt.Sprintf("Dummy(%s)", m.Options.Strategy)
}

// drawClass returns the index at which the cumulative sum of p passes u.
func drawClass(p []float64, u float64) int {
	c := 0.0
	for i, v := range p {
		c += v
		if u < c {
			return i
		}
	}
	return len(p) - 1
}

// crossEntropy is the mean negative log probability of the true classes,
// with probabilities clipped at 1e-15 as scikit-learn's log_loss does.
func crossEntropy(p *mat.Dense, y []int) float64 {
	s := 0.0
	for i, c := range y {
		s -= math.Log(math.Max(p.At(i, c), 1e-15))
	}
	return s / float64(len(y))
}
