package display

// MIME types that Methodic produces.
const (
	MIMEText     = "text/plain"
	MIMEHTML     = "text/html"
	MIMEMarkdown = "text/markdown"
	MIMELaTeX    = "text/latex"
	MIMESVG      = "image/svg+xml"
	MIMEPNG      = "image/png"
	MIMEJPEG     = "image/jpeg"
	MIMEJSON     = "application/json"
)

// Bundle is one rendered value: its representations keyed by MIME type, and
// metadata keyed the same way (image width and height, for example).
//
// Text formats hold a string, images hold their bytes encoded in base64 as
// the Jupyter protocol wants them, and application/json holds any value that
// encoding/json can marshal.
type Bundle struct {
	Data     map[string]any
	Metadata map[string]any
}

// MIMEBundle returns b itself, so a Bundle renders as what it holds.
func (b Bundle) MIMEBundle() Bundle { return b }

// Set stores data under a MIME type, creating the map when needed, and
// returns b for chaining.
func (b Bundle) Set(mime string, data any) Bundle {
	if b.Data == nil {
		b.Data = map[string]any{}
	}
	b.Data[mime] = data
	return b
}

// SetMeta stores metadata under a MIME type and returns b for chaining.
func (b Bundle) SetMeta(mime string, meta any) Bundle {
	if b.Metadata == nil {
		b.Metadata = map[string]any{}
	}
	b.Metadata[mime] = meta
	return b
}

// Text returns the text/plain representation, or "" when there is none.
func (b Bundle) Text() string {
	s, _ := b.Data[MIMEText].(string)
	return s
}
