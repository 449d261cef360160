// Package display is how every result of Methodic reaches the user's eyes.
//
// # Rendering
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
// then renders a few types with no call: *plot.Plot (a PNG at twice the
// resolution by default, SVG on request: see PlotFormat), image.Image (PNG), mat.Matrix (an HTML table
// elided in the middle when large) and error (red text); and always adds
// text/plain (from the bundle, String(), Error() or fmt).
//
// Render is a plain type switch, so that the interpreter can make values of
// types declared in cells render by evaluating the call to Render inside
// yaegi, where such values can be converted to these interfaces (compiled
// code cannot see their methods).
//
// # Builders
//
// Plot, Image and Matrix render with options; Table (from rows, a slice of
// structs or a matrix) and Grid (values and images in rows and columns with
// captions) are values that render themselves; HTML, Markdown, LaTeX, SVG,
// PNG and JPEG wrap content that is already in that format, and JSON wraps
// a document.
//
// # Publishing and live output
//
// Show publishes a value now, as IPython's display() does; the trailing
// expression of a cell is rendered by the interpreter with Render. Where
// published bundles go is decided by the active Publisher, which the
// interpreter sets before a cell runs and clears after: this is the one
// piece of per-cell state that is global. With no publisher, Show writes
// the text/plain form to standard output, so library code works outside a
// notebook too.
//
// NewHandle shows a value under a fresh display id and returns a Handle
// whose Update replaces it in place (update_display_data). Progress (a
// progress bar) and Chart (a line chart that grows as points arrive) are
// built on handles and redraw at most ten times a second, so a training
// loop may call them on every step. Clear clears the cell's output.
//
// Everything this package produces for a notebook is static: SVG, PNG and
// HTML without scripts, so that saved notebooks show the same on GitHub, in
// nbviewer and in nbconvert's HTML as they did in the kernel. Front ends
// that do not trust a notebook drop SVG and strip style attributes, so
// plots carry a PNG too and HTML stays legible without its styles.
//
// The public API has no generic functions: cells call it through yaegi,
// which cannot call generic functions of compiled packages.
//
// The package depends on gonum and gonum/plot, and on nothing of the
// kernel, the interpreter or mlstd.
package display
