package models

import (
	"fmt"
)

// Activation is the nonlinearity of the hidden layers.
type Activation int

// The activations.
const (
	ReLU    Activation = iota // max(0, x), the default
	Tanh                      // tanh(x)
	Sigmoid                   // 1/(1+e^-x)
)

// Init is how the weights are drawn.
type Init int

// The initialisations.
const (
	// DefaultInit is He for ReLU layers and Xavier otherwise (and for the
	// output layer).
	DefaultInit Init = iota
	// He draws from a normal of variance 2/fan_in (He et al., 2015).
	He
	// Xavier draws from a uniform on ±√(6/(fan_in+fan_out)) (Glorot and
	// Bengio, 2010).
	Xavier
)

// Optimizer is the update rule of an MLP.
type Optimizer int

// The optimisers.
const (
	// Adam (Kingma and Ba, 2015), the default: learning rate 0.001,
	// Beta1 0.9, Beta2 0.999, Epsilon 1e-8.
	Adam Optimizer = iota
	// SGD is plain stochastic gradient descent (learning rate 0.01).
	SGD
	// Momentum is SGD with momentum (Momentum 0.9, learning rate 0.01).
	Momentum
	// Nesterov is SGD with Nesterov momentum.
	Nesterov
)

// ScheduleKind is how the learning rate changes from epoch to epoch.
type ScheduleKind int

// The schedules. The rate is set at the start of each epoch.
const (
	// Constant keeps the rate.
	Constant ScheduleKind = iota
	// Step multiplies the rate by Factor (0 means 0.5) every Every epochs
	// (0 means 10).
	Step
	// Exponential multiplies the rate by Factor (0 means 0.95) each epoch.
	Exponential
	// Linear decays the rate linearly to Floor times the initial rate (0
	// means 0.01) over Over epochs, then keeps it there: epoch 1 trains
	// at the initial rate, epoch Over+1 at the floor. Over 0 means one
	// less than the Epochs of the options, so that the last epoch trains
	// at the floor.
	Linear
	// Plateau multiplies the rate by Factor (0 means 0.2: divide by 5;
	// the book's advice is to divide by 2 to 10) when the validation loss
	// (the training loss without validation data) has not improved for
	// Patience epochs (0 means 5).
	Plateau
)

// Schedule is a learning-rate schedule. The zero value keeps the rate
// constant.
type Schedule struct {
	Kind     ScheduleKind
	Every    int
	Factor   float64
	Floor    float64
	Over     int
	Patience int
}

// MLPOptions configures an MLP. The zero value is a sound default: one
// hidden layer of 100 ReLU units with He initialisation, Adam at 0.001,
// batches of 64, up to 100 epochs with early stopping (patience 10, best
// weights restored) when validation data is given, seed 0, all cores.
type MLPOptions struct {
	// Hidden lists the sizes of the hidden layers. nil means {100}; an
	// empty non-nil slice means none (softmax regression trained by SGD).
	Hidden []int
	// Activation of the hidden layers.
	Activation Activation
	// Init draws the initial weights.
	Init Init
	// Optimizer and its settings. LearningRate 0 means 0.001 for Adam and
	// 0.01 otherwise; Momentum 0 means 0.9; Beta1, Beta2, Epsilon 0 mean
	// 0.9, 0.999, 1e-8.
	Optimizer             Optimizer
	LearningRate          float64
	Momentum              float64
	Beta1, Beta2, Epsilon float64
	// Schedule changes the learning rate between epochs.
	Schedule Schedule
	// L2 is the weight decay: L2/2 times the sum of squared weights (not
	// biases, nor batch-norm parameters) is added to the mean loss of a
	// batch. scikit-learn's alpha is L2 times the batch size.
	L2 float64
	// Dropout is the probability of dropping each hidden unit during
	// training (inverted dropout: kept units are scaled by 1/(1-Dropout)).
	Dropout float64
	// BatchNorm normalises the pre-activations of each hidden layer
	// (Ioffe and Szegedy, 2015), with a learned scale and shift and
	// running statistics (momentum 0.1, epsilon 1e-5) for inference.
	BatchNorm bool
	// BatchSize is the number of rows per update; 0 means 64.
	BatchSize int
	// Epochs bounds the epochs of Fit; 0 means 100.
	Epochs int
	// Patience is the number of epochs without a lower validation loss
	// after which Fit stops, restoring the weights of the best epoch; 0
	// means 10, a negative value disables early stopping. Without
	// validation data there is no early stopping.
	Patience int
	// Seed seeds the initial weights, the shuffles and the dropout masks.
	Seed uint64
	// Workers is the number of goroutines of the matrix products; 0 means
	// GOMAXPROCS. Results are bit-for-bit the same for any value.
	Workers int
	// Quiet turns off the live learning curve that Fit draws in a notebook.
	Quiet bool
}

func (o MLPOptions) hidden() []int {
	if o.Hidden == nil {
		return []int{100}
	}
	return o.Hidden
}

// fit returns the training options.
func (o MLPOptions) fit() fitOptions {
	return fitOptions{
		Optimizer: o.Optimizer, LearningRate: o.LearningRate, Momentum: o.Momentum,
		Beta1: o.Beta1, Beta2: o.Beta2, Epsilon: o.Epsilon, Schedule: o.Schedule, L2: o.L2,
		BatchSize: o.BatchSize, Epochs: o.Epochs, Patience: o.Patience, Seed: o.Seed,
		Workers: o.Workers, Quiet: o.Quiet,
	}
}

func (o MLPOptions) learningRate() float64 { return o.fit().learningRate() }
func (o MLPOptions) batchSize() int        { return o.fit().batchSize() }
func (o MLPOptions) epochs() int           { return o.fit().epochs() }
func (o MLPOptions) workers() int          { return o.fit().workers() }

func orDefault(v, d float64) float64 {
	if v == 0 {
		return d
	}
	return v
}

// validate reports the first invalid option.
func (o MLPOptions) validate() error {
	for i, h := range o.hidden() {
		if h <= 0 {
			return fmt.Errorf("models: MLP: hidden layer %d has %d units", i+1, h)
		}
	}
	switch {
	case o.Activation < ReLU || o.Activation > Sigmoid:
		return fmt.Errorf("models: MLP: unknown activation %d", int(o.Activation))
	case o.Init < DefaultInit || o.Init > Xavier:
		return fmt.Errorf("models: MLP: unknown init %d", int(o.Init))
	case !(o.Dropout >= 0 && o.Dropout < 1):
		return fmt.Errorf("models: MLP: invalid dropout %v", o.Dropout)
	}
	return o.fit().validate("MLP")
}

var activationNames = []string{"relu", "tanh", "sigmoid"}

// String returns the activation's name.
func (a Activation) String() string {
	if a >= 0 && int(a) < len(activationNames) {
		return activationNames[a]
	}
	return fmt.Sprintf("Activation(%d)", int(a))
}

var optimizerNames = []string{"adam", "sgd", "momentum", "nesterov"}

// String returns the optimiser's name.
func (o Optimizer) String() string {
	if o >= 0 && int(o) < len(optimizerNames) {
		return optimizerNames[o]
	}
	return fmt.Sprintf("Optimizer(%d)", int(o))
}
