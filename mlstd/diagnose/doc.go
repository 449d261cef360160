// Package diagnose holds the tools of sections 11.3 and 11.5 of Goodfellow,
// Bengio and Courville's Deep Learning: deciding whether to gather more
// data, and finding the bugs of a learning system. Every result renders
// itself in a notebook (see package display) and prints as text.
//
// # Decide what to do next
//
//   - LearningCurve trains a model on growing stratified subsets, with
//     seeded repeats, and plots training and validation error with bands
//     against the training-set size on a log axis. Its Verdict reads the
//     curve's shape: MoreData (the validation error still falls), Converged
//     (the curves have met: grow the model or fix the data), Plateau (flat
//     with a gap: regularise). See judge in verdict.go for the rule.
//   - ValidationCurve sweeps one hyperparameter (the U-shape of the learning
//     rate, the capacity curve of a layer's width) and says where the best
//     value lies and whether to sweep further.
//   - LRRangeTest runs one short training with an exponentially growing
//     learning rate (Smith's range test, fastai's lr_find) and suggests a
//     rate.
//   - Reason turns training, validation and test error (and a target, a
//     human level, a chance level) into one of the chapter's cases
//     (underfitting, overfitting, a likely bug, a likely data mismatch, the
//     target met) with its next steps.
//
// # Find the bugs
//
//   - FitTiny checks that a model can memorise a handful of examples.
//   - GradientCheck compares back-propagated gradients with central finite
//     differences, block by block, through the Differentiable interface
//     that *models.MLP, *models.ConvNet and *models.GRU satisfy.
//   - Watch and Monitor record per-layer histograms of pre-activations,
//     activations and gradients, update-to-parameter ratios, dead and
//     saturated shares and gradient norms every few steps, through the
//     networks' hooks, and warn about what looks wrong.
//   - WorstMistakes shows the examples with the highest loss and the most
//     confused class pairs (MostConfused); InAction shows random
//     predictions, right and wrong.
//
// # Choices
//
// Learning and validation curves measure the error rate (1 - accuracy),
// the quantity the chapter's advice is phrased in, on the training subset
// and on the validation set. Models are fitted without validation data, so
// early stopping cannot peek at the set that measures them. Curves take a
// function that builds a fresh model for a seed (and a hyperparameter
// value): it is called on the calling goroutine, which matters when it is
// a function declared in a notebook cell, and the fits then run on
// CurveOptions.Workers goroutines (all cores by default), each MLP on one
// core. A panic in a fit becomes an error, so that a broken model cannot
// stop the kernel.
//
// The default training-set sizes are five fractions of the training set
// evenly spaced on a log scale (10% to 100%), not scikit-learn's linear
// spacing, because the plot's axis is logarithmic and the verdict reads
// the slope per doubling.
//
// The learning-rate range test runs on a copy of the parameters through
// Differentiable.Gradient, in float64, with its own implementation of the
// MLP's optimisers (SGD, momentum, Nesterov, Adam with the MLP's settings);
// the MLP's own training loop sets the rate once per epoch and offers no
// per-step rate. Its suggestion is a tenth of the rate of the lowest loss,
// smoothed by a centred moving average (an exponential one lags and
// pushes the suggestion up).
//
// The gradient check's relative error is |a − n| / max(|a|, |n|, 1e-8),
// the check passing at 1e-5 by default: float64 central differences with
// h = 1e-5 agree with a correct gradient to about 1e-7.
//
// The monitor's thresholds are options with documented defaults: more
// than 20% dead or saturated units, a hidden layer's weight-gradient norm
// below a tenth of the output layer's, a gradient norm growing a
// hundredfold between records, an update ratio outside [1e-5, 1e-1]
// around the book's reference of about 1e-2 (after Bottou: updates of
// about 1% of the weights, not 50% or 0.001%), a training loss that stays
// at ln K for K classes. Its warnings name a root cause once: updates that
// stopped because every unit died are told as a consequence of the dead
// units (and of the oversized step that killed them), not as a learning
// rate to raise.
//
// The public API has no generic functions, so that notebook cells can call
// it through yaegi. Long calls take a context.Context first and return
// ctx.Err() promptly when it is cancelled. Misuse (a nil model, a negative
// count) panics with the prefix "diagnose:"; data-dependent failures return
// errors with that prefix.
package diagnose
