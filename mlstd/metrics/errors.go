package metrics

import "errors"

// Errors returned for input that cannot give a meaningful number. Returned
// errors wrap one of these, so callers can test with errors.Is.
var (
	// ErrEmpty: there are no examples (or all have weight zero).
	ErrEmpty = errors.New("metrics: no examples")
	// ErrNotFinite: a score, probability or weight is NaN or infinite.
	ErrNotFinite = errors.New("metrics: value is not finite")
	// ErrWeight: a weight is negative.
	ErrWeight = errors.New("metrics: negative weight")
	// ErrLabel: a label is outside the set the function accepts.
	ErrLabel = errors.New("metrics: unexpected label")
	// ErrOneClass: the metric needs examples of both classes.
	ErrOneClass = errors.New("metrics: only one class present")
	// ErrUnreachable: no threshold reaches the requested target.
	ErrUnreachable = errors.New("metrics: target not reachable")
)
