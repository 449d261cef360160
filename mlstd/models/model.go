package models

import (
	"context"
	"fmt"

	"github.com/methodic-go/methodic/mlstd/data"
	"github.com/methodic-go/methodic/mlstd/metrics"
	"gonum.org/v1/gonum/mat"
)

// Model is what every classifier of this package does.
type Model interface {
	// Fit trains the model from scratch on train, watching val (which may
	// be nil) for the history and early stopping. It returns the history
	// so far and ctx.Err() when ctx is cancelled, and an error naming the
	// problem for invalid data.
	Fit(ctx context.Context, train, val *data.Dataset) (*History, error)
	// Predict returns the most probable class of each row of x.
	Predict(x *mat.Dense) []int
	// PredictProba returns the class probabilities: one row per row of x,
	// one column per class, rows summing to 1.
	PredictProba(x *mat.Dense) *mat.Dense
	// Score returns the accuracy on d.
	Score(d *data.Dataset) float64
}

// Iterative is a Model trained epoch by epoch, so that a caller can watch,
// pause and resume training (tune's successive halving and freeze-thaw).
// Fit is Begin followed by TrainEpoch until the options say stop.
type Iterative interface {
	Model
	// Begin initialises the model for training on train, watching val
	// (nil allowed): fresh weights from the seed, optimiser state, epoch 0.
	Begin(train, val *data.Dataset) error
	// TrainEpoch trains one more epoch and returns its record, which is
	// also appended to History. A cancelled ctx stops it within one batch
	// with ctx.Err(); that partial epoch is not recorded.
	TrainEpoch(ctx context.Context) (Epoch, error)
	// History returns the record of the epochs trained since Begin.
	History() *History
}

var (
	_ Model     = (*Dummy)(nil)
	_ Model     = (*Logistic)(nil)
	_ Iterative = (*MLP)(nil)
)

// checkFit validates the training and validation sets and returns the
// number of features and the class names.
func checkFit(train, val *data.Dataset) (int, []string, error) {
	if train == nil {
		return 0, nil, fmt.Errorf("models: no training data")
	}
	if err := train.Validate(); err != nil {
		return 0, nil, fmt.Errorf("models: training data: %w", err)
	}
	if train.NumClasses() < 2 {
		return 0, nil, fmt.Errorf("models: training data %s has %d class, need at least 2", train.Name, train.NumClasses())
	}
	if val != nil {
		if err := val.Validate(); err != nil {
			return 0, nil, fmt.Errorf("models: validation data: %w", err)
		}
		if val.NumFeatures() != train.NumFeatures() {
			return 0, nil, fmt.Errorf("models: validation data %s has %d features, training data %s has %d", val.Name, val.NumFeatures(), train.Name, train.NumFeatures())
		}
		if val.NumClasses() != train.NumClasses() {
			return 0, nil, fmt.Errorf("models: validation data %s has %d classes, training data %s has %d", val.Name, val.NumClasses(), train.Name, train.NumClasses())
		}
	}
	return train.NumFeatures(), append([]string(nil), train.Classes...), nil
}

// checkPredict panics with a clear message when x cannot be given to a
// model fitted on features columns.
func checkPredict(who string, fitted bool, features int, x *mat.Dense) {
	if !fitted {
		panic(fmt.Sprintf("models: %s: the model is not fitted", who))
	}
	if x == nil || x.IsEmpty() {
		panic(fmt.Sprintf("models: %s: no rows", who))
	}
	if _, c := x.Dims(); c != features {
		panic(fmt.Sprintf("models: %s: x has %d columns, the model was fitted on %d features", who, c, features))
	}
	if err := data.CheckFinite("x", x); err != nil {
		panic(fmt.Sprintf("models: %s: %v", who, err))
	}
}

// argmaxRows returns the column of the largest value of each row of p.
func argmaxRows(p *mat.Dense) []int {
	r, _ := p.Dims()
	out := make([]int, r)
	for i := range out {
		row := p.RawRowView(i)
		best := 0
		for j, v := range row {
			if v > row[best] {
				best = j
			}
		}
		out[i] = best
	}
	return out
}

// accuracy is the share of equal labels.
func accuracy(y, pred []int) float64 {
	if len(y) == 0 {
		return 0
	}
	n := 0
	for i := range y {
		if y[i] == pred[i] {
			n++
		}
	}
	return float64(n) / float64(len(y))
}

// score is Score for any model.
func score(m Model, d *data.Dataset) float64 {
	if err := d.Validate(); err != nil {
		panic(fmt.Sprintf("models: Score: %v", err))
	}
	acc, err := metrics.Accuracy(d.Y, m.Predict(d.X), nil)
	if err != nil {
		panic(fmt.Sprintf("models: Score: %v", err))
	}
	return acc
}
