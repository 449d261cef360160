// Package models holds the default baselines of the practical methodology:
// a Dummy classifier that ignores the features, logistic and softmax
// regression (Logistic), and a multilayer perceptron (MLP) trained with the
// usual defaults (Adam or SGD with momentum, learning-rate schedules, L2
// weight decay, dropout, batch normalisation, early stopping).
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
// MLPOptions, LogisticOptions, DummyOptions). Randomness comes from
// Options.Seed only: a seeded run is bit-for-bit repeatable on the same
// machine and build, whatever MLPOptions.Workers is, because the parallel
// matrix products split only the rows of their output, so each number is
// computed by the same operations in the same order.
//
// # Training epoch by epoch (for tune)
//
// MLP also satisfies Iterative: Begin(train, val) draws fresh weights and
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
// parameter.
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
// Logistic fits in float64 by Newton-CG (or gonum's L-BFGS) to the
// optimum of scikit-learn's objective (mean log loss plus ||W||²/(2·C·n)),
// so its coefficients agree with LogisticRegression(C=C) when both run to
// a tight tolerance.
//
// # File format
//
// Save writes, and Load reads, version 1 of the "methodic-model" format:
// a gzip stream holding one JSON document
//
//	{"format": "methodic-model", "version": 1,
//	 "kind": "mlp" | "logistic" | "dummy",
//	 "options": {the model's options struct, as encoding/json writes it},
//	 "features": number of input features,
//	 "classes": [class names],
//	 "tensors": [{"name": ..., "dtype": "float32" | "float64",
//	              "shape": [rows, cols],
//	              "data": base64 of the little-endian values, row-major}]}
//
// An MLP's tensors are named "<layer>/<kind>" after ParamLayout ("hidden
// 1/W", "output/b") plus "<layer>/running_mean" and "/running_var" for
// batch normalisation; a Logistic's are "coef" (one row per class, one
// row for two classes) and "intercept"; a Dummy's is "prior". A reader
// rejects a version newer than it knows.
package models
