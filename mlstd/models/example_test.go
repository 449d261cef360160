package models_test

import (
	"bytes"
	"context"
	"fmt"

	"github.com/methodic-go/methodic/mlstd/data"
	"github.com/methodic-go/methodic/mlstd/metrics"
	"github.com/methodic-go/methodic/mlstd/models"
)

// The baseline to beat before anything else: predict the most frequent
// class.
func ExampleDummy() {
	sp, _ := data.TrainTest(data.BreastCancer(), data.SplitOptions{Seed: 1})
	m := models.NewDummy(models.DummyOptions{})
	if _, err := m.Fit(context.Background(), sp.Train, nil); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%v: test accuracy %.3f\n", m, m.Score(sp.Test))
	// Output:
	// Dummy(most_frequent): test accuracy 0.632
}

// Logistic regression on standardised features: fit the standardiser on
// the training part only.
func ExampleLogistic() {
	sp, _ := data.TrainTest(data.BreastCancer(), data.SplitOptions{Seed: 1})
	sp, _, _ = data.Standardize(sp)
	m := models.NewLogistic(models.LogisticOptions{C: 1})
	h, err := m.Fit(context.Background(), sp.Train, sp.Test)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("converged in %d iterations; test accuracy %.2f\n", len(h.Epochs), m.Score(sp.Test))
	// Output:
	// converged in 9 iterations; test accuracy 0.99
}

// An MLP with the defaults of the practical methodology: Adam, ReLU,
// early stopping on the validation loss, best weights restored.
func ExampleMLP() {
	sp, _ := data.TrainValTest(data.Digits().Scaled(1.0/16), data.SplitOptions{Seed: 1})
	m := models.NewMLP(models.MLPOptions{Seed: 1, Quiet: true})
	h, err := m.Fit(context.Background(), sp.Train, sp.Val)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m)
	fmt.Printf("stopped by %s after %d epochs, best epoch %d; test accuracy %.2f\n", h.Stopped, len(h.Epochs), h.BestEpoch, m.Score(sp.Test))
	// Output:
	// MLP 64-100-10 relu, adam lr=0.001, batch 64
	// stopped by early stopping after 100 epochs, best epoch 90; test accuracy 0.96
}

// Training epoch by epoch, as a hyperparameter search does: pause after
// two epochs, resume later from where it stopped.
func ExampleMLP_TrainEpoch() {
	sp, _ := data.TrainValTest(data.Iris(), data.SplitOptions{Seed: 2})
	sp, _, _ = data.Standardize(sp)
	m := models.NewMLP(models.MLPOptions{Hidden: []int{16}, LearningRate: 0.01, Quiet: true})
	if err := m.Begin(sp.Train, sp.Val); err != nil {
		fmt.Println(err)
		return
	}
	for i := 0; i < 2; i++ {
		e, _ := m.TrainEpoch(context.Background())
		fmt.Println("epoch", e.Epoch, "learning rate", e.LearningRate)
	}
	// ... later: resume for three more epochs
	h, _ := m.Continue(context.Background(), 3)
	fmt.Println(len(h.Epochs), "epochs in all")
	// Output:
	// epoch 1 learning rate 0.01
	// epoch 2 learning rate 0.01
	// 5 epochs in all
}

// A gradient check: the back-propagated gradient against central
// differences of the loss, for one weight.
func ExampleMLP_Gradient() {
	d := data.Blobs(20, 3, 4, 1, 1)
	m := models.NewMLP(models.MLPOptions{Hidden: []int{5}, Activation: models.Tanh})
	if err := m.Begin(d, nil); err != nil {
		fmt.Println(err)
		return
	}
	p := m.Params()
	_, g := m.Gradient(p, d.X, d.Y)
	const i, eps = 3, 1e-6
	q := append([]float64(nil), p...)
	q[i] += eps
	up := m.Loss(q, d.X, d.Y)
	q[i] -= 2 * eps
	down := m.Loss(q, d.X, d.Y)
	fd := (up - down) / (2 * eps)
	fmt.Printf("block %s/%s; agree to 1e-6: %v\n", m.ParamLayout()[0].Name, m.ParamLayout()[0].Kind, abs(fd-g[i]) < 1e-6)
	// Output:
	// block hidden 1/W; agree to 1e-6: true
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// Saving and loading a trained model.
func ExampleSave() {
	d := data.Iris()
	m := models.NewLogistic(models.LogisticOptions{})
	if _, err := m.Fit(context.Background(), d, nil); err != nil {
		fmt.Println(err)
		return
	}
	var buf bytes.Buffer
	if err := models.Save(&buf, m); err != nil {
		fmt.Println(err)
		return
	}
	m2, err := models.Load(&buf)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m2, m2.Score(d) == m.Score(d))
	// Output:
	// Logistic(C=1) true
}

// The scores a precision-recall or ROC curve takes: each row's predicted
// probability of the positive class.
func ExampleClassProba() {
	sp, _ := data.TrainTest(data.BreastCancer(), data.SplitOptions{Seed: 1})
	sp, _, _ = data.Standardize(sp)
	m := models.NewLogistic(models.LogisticOptions{})
	m.Fit(context.Background(), sp.Train, nil)
	scores := models.ClassProba(m, sp.Test.X, 1) // 1 is "benign"
	roc, _ := metrics.ROC(sp.Test.Y, scores, nil)
	fmt.Printf("%d scores of %q: ROC AUC %.3f\n", len(scores), sp.Test.Classes[1], roc.AUC)
	// Output:
	// 114 scores of "benign": ROC AUC 1.000
}

// A small LeNet on the 8x8 digits: two convolutional blocks, a hidden
// dense layer, options as an MLP's.
func ExampleConvNet() {
	sp, _ := data.TrainValTest(data.Digits().Scaled(1.0/16), data.SplitOptions{Seed: 1})
	m := models.NewConvNet(models.ConvNetOptions{
		Conv:         []models.Conv{{Filters: 8, Padding: 1, Pool: 2}, {Filters: 16, Padding: 1}},
		Hidden:       []int{32},
		LearningRate: 0.003, Epochs: 30, Seed: 1, Quiet: true,
	})
	h, err := m.Fit(context.Background(), sp.Train, sp.Val)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m)
	fmt.Printf("%d epochs, %d parameters; test accuracy %.2f\n", len(h.Epochs), m.NumParams(), m.Score(sp.Test))
	// Output:
	// ConvNet 8x8 → conv 8 3x3 pad 1, max pool 2 → conv 16 3x3 pad 1 → 32 → 10 relu, adam lr=0.003, batch 64
	// 30 epochs, 9802 parameters; test accuracy 0.97
}

// A GRU remembers what an MLP must find: on the 3-bit flip-flop, the class
// is set by the last pulse of each line, wherever it is.
func ExampleGRU() {
	train, test := data.FlipFlop(2000, 20, 1), data.FlipFlop(500, 20, 2)
	m := models.NewGRU(models.GRUOptions{Units: 24, LearningRate: 0.003, Epochs: 10, Seed: 1, Quiet: true})
	if _, err := m.Fit(context.Background(), train, nil); err != nil {
		fmt.Println(err)
		return
	}
	mlp := models.NewMLP(models.MLPOptions{Epochs: 10, Seed: 1, Quiet: true})
	if _, err := mlp.Fit(context.Background(), train, nil); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m)
	fmt.Printf("test accuracy: GRU %.2f, MLP %.2f\n", m.Score(test), mlp.Score(test))
	// Output:
	// GRU 20 steps x 3 → gru 24 → 8, adam lr=0.003, batch 64
	// test accuracy: GRU 0.98, MLP 0.66
}

// Section 11.6's transcriber: one network reads numbers of one to three
// digits whole, with a softmax for the length (the data's Y) and one for
// each digit position (its targets), on shared convolutional layers.
func ExampleConvNet_heads() {
	digits := data.Digits().Scaled(1.0 / 16)
	train, _ := data.NewNumbers(digits.Subset(rowsTo(0, 1400)), 4000, data.NumbersOptions{Scale: 1, Seed: 1})
	test, _ := data.NewNumbers(digits.Subset(rowsTo(1400, 1797)), 1000, data.NumbersOptions{Scale: 1, Seed: 2})
	m := models.NewConvNet(models.ConvNetOptions{
		Conv:         []models.Conv{{Filters: 8, Padding: 1, Pool: 2}, {Filters: 16, Padding: 1, Pool: 2}},
		Hidden:       []int{64},
		Heads:        []string{"digit 1", "digit 2", "digit 3"},
		LearningRate: 0.003, Epochs: 15, Seed: 1, Quiet: true,
	})
	if _, err := m.Fit(context.Background(), train.Dataset, nil); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m)
	acc := m.ScoreOutputs(test.Dataset)
	fmt.Printf("test accuracy: length %.2f, digits %.2f %.2f %.2f\n", acc[0], acc[1], acc[2], acc[3])
	// Score counts a number right when every output is: a whole reading.
	p := m.PredictOutputs(test.X)
	readings, _ := data.Transcribe(p[0], p[1:])
	fmt.Printf("whole numbers %.2f; %s read as %s\n", m.Score(test.Dataset), test.Number(0), readings[0])
	// Output:
	// ConvNet 10x30 → conv 8 3x3 pad 1, max pool 2 → conv 16 3x3 pad 1, max pool 2 → 64 → 3+10+10+10 relu, adam lr=0.003, batch 64
	// test accuracy: length 1.00, digits 0.90 0.91 0.90
	// whole numbers 0.83; 696 read as 696
}

func rowsTo(from, to int) []int {
	idx := make([]int, to-from)
	for i := range idx {
		idx[i] = from + i
	}
	return idx
}
