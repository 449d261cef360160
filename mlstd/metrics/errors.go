package metrics

import (
	"errors"
	"fmt"
)

// Errors returned for input that cannot give a meaningful number. Returned
// errors wrap one of these, so callers can test with errors.Is; their
// messages name the package and the function once, then the cause
// ("metrics: accuracy: no examples").
var (
	// ErrEmpty: there are no examples (or all have weight zero).
	ErrEmpty = errors.New("no examples")
	// ErrNotFinite: a score, probability or weight is NaN or infinite.
	ErrNotFinite = errors.New("value is not finite")
	// ErrWeight: a weight is negative.
	ErrWeight = errors.New("negative weight")
	// ErrLabel: a label is outside the set the function accepts.
	ErrLabel = errors.New("unexpected label")
	// ErrOneClass: the metric needs examples of both classes.
	ErrOneClass = errors.New("only one class present")
	// ErrBeta: the beta of an F-beta score is negative or NaN.
	ErrBeta = errors.New("beta must be at least 0")
	// ErrUnreachable: no threshold reaches the requested target.
	ErrUnreachable = errors.New("target not reachable")
)

// errOverflow is the error for weights whose sum is too large for a
// float64: every count would be +Inf and every ratio NaN.
var errOverflow = fmt.Errorf("%w: the weights sum to more than the largest float64 (about 1.8e308); scale them down", ErrNotFinite)
