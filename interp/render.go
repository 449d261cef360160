package interp

import (
	"encoding/base64"

	"github.com/methodic-go/methodic/display"
)

// setRendered receives, from interpreted code, what a display method of
// a value of a cell type returned: mime is the MIME type, or "" for the
// Bundle of a MIMEBundle method.
func (s *Session) setRendered(mime string, v any) {
	switch x := v.(type) {
	case display.Bundle:
		for k, d := range x.Data {
			s.rendered = s.rendered.Set(k, d)
		}
		for k, d := range x.Metadata {
			s.rendered = s.rendered.SetMeta(k, d)
		}
	case []byte:
		s.rendered = s.rendered.Set(mime, base64.StdEncoding.EncodeToString(x))
	default:
		s.rendered = s.rendered.Set(mime, x)
	}
}

// displayMethods are the methods by which a value renders itself, in
// display's order of preference, with the MIME type each produces.
var displayMethods = []struct{ name, mime string }{
	{"MIMEBundle", ""}, {"HTML", display.MIMEHTML}, {"SVG", display.MIMESVG}, {"PNG", display.MIMEPNG},
	{"JPEG", display.MIMEJPEG}, {"Markdown", display.MIMEMarkdown}, {"LaTeX", display.MIMELaTeX},
	{"JSON", display.MIMEJSON},
}
