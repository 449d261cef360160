// Package models holds the default baselines of the practical methodology:
// a Dummy classifier that ignores the features, logistic and softmax
// regression (Logistic), a multilayer perceptron (MLP) trained with the
// usual defaults (Adam or SGD with momentum, learning-rate schedules, L2
// weight decay, dropout, batch normalisation, early stopping), and the
// two families the book picks by the structure of the data: a
// convolutional network (ConvNet) for images and anything with local
// structure, a recurrent one (GRU) for sequences. The three networks take
// the same training options, with the same names and defaults.
//
// # The contract
//
// Every model satisfies Model:
//
//	Fit(ctx, train, val *data.Dataset) (*History, error)
//	Predict(x *mat.Dense) []int
//	PredictProba(x *mat.Dense) *mat.Dense
//	Score(d *data.Dataset) float64   // accuracy
//
// Fit trains from scratch. val may be nil; when given it is scored after
// every epoch and drives early stopping and the Plateau schedule. Fit
// checks its data first and returns an error prefixed "models:" that names
// the problem (empty set, NaN or Inf feature with its row and column,
// label out of range, train and validation of different widths). Fit
// takes a context: when it is cancelled, training stops within one batch
// and Fit returns the history so far with ctx.Err().
//
// Predict, PredictProba and Score panic, with a message prefixed
// "models:", on misuse: an unfitted model, a matrix of the wrong width,
// non-finite features.
//
// Options are structs whose zero value is a sound default (see
// MLPOptions, ConvNetOptions, GRUOptions, LogisticOptions, DummyOptions). Randomness comes from
// Options.Seed only: a seeded run is bit-for-bit repeatable on the same
// machine and build, whatever MLPOptions.Workers is, because the parallel
// matrix products split only the rows of their output, so each number is
// computed by the same operations in the same order.
//
// # Training epoch by epoch (for tune)
//
// MLP, ConvNet and GRU also satisfy Iterative: Begin(train, val) draws fresh weights and
// resets the optimiser; each TrainEpoch(ctx) trains one epoch and returns
// its Epoch record (train and validation loss and accuracy, learning rate,
// time). A caller may stop calling TrainEpoch at any point and resume
// later (freeze-thaw): the optimiser state, the schedule, the shuffling
// stream and the early-stopping record carry over, so that a paused run
// continues exactly as an unpaused one would. MLP.Continue(ctx, epochs)
// trains more epochs with Fit's stopping rules; ShouldStop reports whether
// early stopping would stop; RestoreBest returns to the best validation
// epoch. Separate MLPs share nothing and can train in parallel goroutines;
// set Workers to 1 for each when running one trial per core.
//
// # Convolutional and recurrent networks
//
// A ConvNet is written as its options, like an MLP: the convolutional
// blocks, input side first, then the dense hidden layers. A LeNet for
// 28x28 digits reads
//
//	models.NewConvNet(models.ConvNetOptions{
//		Conv:   []models.Conv{{Filters: 6, Size: 5, Padding: 2, Pool: 2}, {Filters: 16, Size: 5, Pool: 2}},
//		Hidden: []int{120, 84},
//	})
//
// Each Conv is a convolution (Filters filters of Size x Size over all
// input channels, Stride, zero Padding), a bias or batch normalisation,
// the activation, and optional max or average pooling; the last block's
// output is flattened (channel by channel) into the dense layers.
// DefaultConv, used when Conv is nil, makes a small network: 3x3 conv 16
// → 2x2 max pool → 3x3 conv 32 → 2x2 max pool → softmax, which reaches
// 98.9% on MNIST in three epochs of Adam at 0.003 multiplied by 0.3 each
// epoch (TestConvNetMNIST).
//
// The data decides the shape. Rows of a data set with an image shape
// (ImageHeight, ImageWidth) are images; rows of a data set with Steps are
// sequences, which a ConvNet convolves along the steps only (a step's
// values are its channels) and a GRU reads step by step. A GRU also reads
// images, one row of pixels per step. Other rows are refused with an
// error that says so.
//
// A GRU is one layer of gated recurrent units (the form of PyTorch and
// cuDNN, the reset gate applied after the recurrent product) whose last
// state feeds the dense layers; its gradient is back-propagated through
// every step. data.FlipFlop is a sequence task for it that ships with
// the package.
//
// A ConvNet can have several softmax outputs on one trunk, as section
// 11.6's transcriber of house numbers has: Options.Heads names targets of
// the training data (data.Dataset.Targets; data.NewNumbers labels each
// digit position so) that each get a softmax beside the one for Y:
//
//	models.NewConvNet(models.ConvNetOptions{
//		Hidden: []int{64},
//		Heads:  []string{"digit 1", "digit 2", "digit 3"},
//	})
//
// The convolutional blocks and hidden layers are shared; the output layer
// holds the outputs side by side, each with its own softmax. A row's loss
// is the sum of its outputs' cross-entropies, an output counting only
// where the row has its label (a target's label -1: no digit at that
// position), so the gradients of all outputs add up in the shared layers
// (the book's log P(length) + sum of log P(digit i) up to the length).
// The History's loss is that sum, which early stopping watches, and its
// accuracy the share of rows whose every labelled output is right.
// PredictOutputs and ScoreOutputs give each output's probabilities and
// accuracy; Labels the labels in the form Loss and Gradient take.
//
// Dropout applies to the inputs of the dense layers (the flattened
// features or the last state, and the hidden units); batch normalisation
// to every block (per filter, over the batch and the positions) and
// hidden layer; L2 to every weight matrix.
//
// # Parameters, gradients and hooks (for diagnose)
//
// The parameters of an MLP form one flat vector whose blocks ParamLayout
// describes (per layer: weights W as inputs x units, row-major, then
// biases b, or batch-norm gamma and beta). Params and SetParams copy it in
// float64. Loss(p, x, y) and Gradient(p, x, y) evaluate the training loss
// (mean cross-entropy plus the L2 penalty) and its back-propagated
// gradient at any parameter vector p, in float64 and as pure functions of
// p (dropout masks are drawn afresh from the seed on each call, batch
// normalisation uses batch statistics without updating the running ones):
// exactly what a finite-difference gradient check needs, per layer and per
// parameter. ConvNet and GRU have the same methods; their ParamLayout
// names their blocks "conv 1", ... and "gru" before the dense layers.
//
// SetHook(every, fn) calls fn after every every-th update with a Trace:
// for each layer the pre-activations, activations, gradient with respect
// to the pre-activations, weights, weight gradients and the update just
// applied, as float64 matrices, for histograms and update ratios.
//
// # History
//
// A History holds one Epoch per epoch and renders in a notebook as
// learning curves (loss and accuracy, training and validation, with the
// best epoch marked). Fit draws them live while it trains unless
// Options.Quiet.
//
// # Numerics and speed
//
// The MLP trains in float32 through internal/kernels, whose products are
// rows of fused multiply-adds in AVX2 assembly (portable Go loops without
// AVX2 and FMA, or with the purego build tag):
//
//   - the first layer reads the training inputs in a sparse form built
//     once by Begin, so that zero inputs cost nothing (four fifths of
//     MNIST's pixels, half of the digits'); a batch is a list of rows of
//     it, and its transpose (for the weight gradient) is built while the
//     forward pass runs;
//   - hidden layers multiply dense rows, zeros included: finding the
//     zeros of activations each batch costs more than multiplying them;
//   - narrow outputs (ten classes) use four accumulators per column and
//     masked loads, so that they do not wait on one chain of additions;
//   - products and the Adam step are split over Workers goroutines by
//     rows of their output, and only when there is enough work to pay
//     for a goroutine.
//
// Each output element is computed by the same operations in the same
// order whatever the split, so results do not depend on Workers; they may
// differ in the last bits between a machine with AVX2 and FMA and one
// without. bench/mlp_vs_sklearn.py compares the time per epoch with
// scikit-learn's MLPClassifier and measures what each choice buys.
//
// A ConvNet's convolutions are direct, not im2col. Each image is held as
// one plane per channel, padded with zeros; in a plane of width wp, output
// q of a filter is the sum over its taps (channel c, kernel row a, column
// b) of w·in[c·plane + a·wp + b + q], so that whole output channels are
// sums of shifted rows of the input, each scaled by a weight
// (internal/kernels.ShiftSums: three filters at a time, 32 outputs at a
// time, so that each tap's four loads of the input feed twelve fused
// multiply-adds). The gradient with respect to the input is the same sum
// with the filters turned round, over the output's gradient stored with a
// margin of zeros; the gradient of the weights is one dot product per tap
// (ShiftDots: three filters and four taps at a time). im2col would copy
// the same shifted rows into a matrix of taps x outputs, then multiply:
// measured per batch of 64 MNIST images, one thread's processor time
// (BenchmarkConvIm2col, load average 5-7), conv 2 takes 1.9 ms direct,
// 2.7 ms direct one filter at a time, 4.3 ms by im2col (3.7 ms for its
// product alone); conv 1 0.27, 0.38 and 0.37 ms. im2col also needs a
// buffer of taps x outputs per image (129 KB for conv 2) and, backwards,
// a col2im pass. The outputs of a row that fall in the padding columns are
// computed and dropped (2 of 30 for the first block of MNIST, 2 of 16 for
// the second); a stride is a stride-1 convolution whose off-lattice
// outputs are dropped.
//
// Max pooling runs on the pre-activations (every activation is monotonic,
// so the maximum of the activations is the activation of the maximum):
// only the pooled values are activated, and the backward pass needs no
// activation map. The common 2x2 window has AVX2 kernels that pool with
// the arg-max, the bias and the ReLU, and route the gradient back
// (MaxPool2ReLU, UnpoolMax2ReLU).
//
// Work is split over Workers goroutines by image (forward, input
// gradient) and by group of three filters (weight gradients, summed over
// the images in order), so that results do not depend on Workers. A GRU's
// products are split by rows, like the MLP's.
//
// Logistic fits in float64 by Newton-CG (or gonum's L-BFGS) to the
// optimum of scikit-learn's objective (mean log loss plus ||W||²/(2·C·n)),
// so its coefficients agree with LogisticRegression(C=C) when both run to
// a tight tolerance.
//
// # File format
//
// Save writes version 2 of the "methodic-model" format, and Load reads
// versions 1 and 2: a gzip stream holding one JSON document
//
//	{"format": "methodic-model", "version": 2,
//	 "kind": "mlp" | "convnet" | "gru" | "logistic" | "dummy",
//	 "options": {the model's options struct, as encoding/json writes it},
//	 "features": number of input features,
//	 "classes": [class names],
//	 "input": {"channels": c, "height": h, "width": w, "sequence": bool},
//	 "heads": [{"name": ..., "classes": [class names]}],
//	 "tensors": [{"name": ..., "dtype": "float32" | "float64",
//	              "shape": [rows, cols],
//	              "data": base64 of the little-endian values, row-major}]}
//
// ("input", for ConvNet and GRU only, is the shape of a row: images of h
// x w pixels of c channels, or sequences of h steps of c values.)
// "heads", new in version 2 and for a ConvNet with Heads only, names each
// head's target and its classes in the order of the options' Heads; the
// columns of its "output/W" and "output/b" hold Y's classes, then each
// head's. Version 1 is version 2 without heads.
//
// An MLP's tensors are named "<layer>/<kind>" after ParamLayout ("hidden
// 1/W", "output/b") plus "<layer>/running_mean" and "/running_var" for
// batch normalisation; a ConvNet's and a GRU's are named the same way
// after their ParamLayout ("conv 1/W", "gru/U"); a Logistic's are "coef"
// (one row per class, one row for two classes) and "intercept"; a
// Dummy's is "prior". A reader rejects a version newer than it knows.
package models
