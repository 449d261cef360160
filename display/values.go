package display

import (
	"encoding/json"
	"fmt"
)

// HTML is an HTML fragment. display.HTML("<b>hi</b>") as the last
// expression of a cell, or passed to Show, renders as HTML. Saved
// notebooks show it everywhere only if it holds no scripts.
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

// String describes the document for text/plain.
func (s SVG) String() string { return fmt.Sprintf("<SVG image, %d bytes>", len(s)) }

// PNG is an encoded PNG image.
type PNG []byte

// PNG returns the encoded image.
func (p PNG) PNG() []byte { return []byte(p) }

// String describes the image for text/plain.
func (p PNG) String() string { return fmt.Sprintf("<PNG image, %d bytes>", len(p)) }

// JPEG is an encoded JPEG image.
type JPEG []byte

// JPEG returns the encoded image.
func (j JPEG) JPEG() []byte { return []byte(j) }

// String describes the image for text/plain.
func (j JPEG) String() string { return fmt.Sprintf("<JPEG image, %d bytes>", len(j)) }

// LaTeX is LaTeX source, typically math between dollar signs.
type LaTeX string

// LaTeX returns the source.
func (l LaTeX) LaTeX() string { return string(l) }

// JSON renders v, which must marshal with encoding/json into an object or
// an array, as application/json (a collapsible tree in JupyterLab), with
// the indented document as text/plain. A v that does not marshal renders
// as an error.
func JSON(v any) Bundle {
	text, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return Error(fmt.Errorf("display: JSON: %w", err))
	}
	// Round-trip so that the bundle holds plain maps and slices, which
	// every publisher can marshal again without surprises.
	var doc any
	if err := json.Unmarshal(text, &doc); err != nil {
		return Error(fmt.Errorf("display: JSON: %w", err))
	}
	var b Bundle
	return b.Set(MIMEJSON, doc).Set(MIMEText, string(text))
}
