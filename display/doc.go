// Package display is how every result of Methodic reaches the user's eyes.
//
// A value renders into a Bundle: data and metadata keyed by MIME type, the
// shape of a Jupyter display_data message. Render looks, in order, for the
// methods a type implements to render itself, the way encoding/json looks
// for Marshaler:
//
//	MIMEBundle() display.Bundle
//	HTML() string
//	SVG() string
//	PNG() []byte
//	JPEG() []byte
//	Markdown() string
//	LaTeX() string
//	JSON() any
//
// and always adds text/plain (from String() or fmt).
//
// Show publishes a value now, as IPython's display() does; the trailing
// expression of a cell is rendered by the interpreter with Render. Where
// published bundles go is decided by the active Publisher, which the
// interpreter sets before a cell runs and clears after: this is the one
// piece of per-cell state that is global. With no publisher, Show writes
// the text/plain form to standard output, so library code works outside a
// notebook too.
//
// The package depends on gonum/plot for rendering plots and on nothing of
// the kernel, the interpreter or mlstd.
package display
