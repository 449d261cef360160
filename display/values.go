package display

// HTML is an HTML fragment. display.HTML("<b>hi</b>") as the last
// expression of a cell, or passed to Show, renders as HTML.
type HTML string

// HTML returns the fragment.
func (h HTML) HTML() string { return string(h) }

// Markdown is Markdown text that renders as formatted text.
type Markdown string

// Markdown returns the text.
func (m Markdown) Markdown() string { return string(m) }

// SVG is an SVG document.
type SVG string

// SVG returns the document.
func (s SVG) SVG() string { return string(s) }

// PNG is an encoded PNG image.
type PNG []byte

// PNG returns the encoded image.
func (p PNG) PNG() []byte { return []byte(p) }

// String describes the image for text/plain.
func (p PNG) String() string { return "<PNG image>" }

// LaTeX is LaTeX source, typically math between dollar signs.
type LaTeX string

// LaTeX returns the source.
func (l LaTeX) LaTeX() string { return string(l) }
