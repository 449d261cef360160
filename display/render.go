package display

import (
	"encoding/base64"
	"fmt"
	"reflect"
)

// The interfaces a type implements to render itself. Render tries them in
// the order they are declared here.
type (
	// MIMEBundler renders a value into several representations at once.
	MIMEBundler interface{ MIMEBundle() Bundle }
	// HTMLer renders a value as an HTML fragment.
	HTMLer interface{ HTML() string }
	// SVGer renders a value as an SVG document.
	SVGer interface{ SVG() string }
	// PNGer renders a value as PNG bytes.
	PNGer interface{ PNG() []byte }
	// JPEGer renders a value as JPEG bytes.
	JPEGer interface{ JPEG() []byte }
	// Markdowner renders a value as Markdown.
	Markdowner interface{ Markdown() string }
	// LaTeXer renders a value as LaTeX (math between $ signs).
	LaTeXer interface{ LaTeX() string }
	// JSONer renders a value as a JSON document.
	JSONer interface{ JSON() any }
)

// Render turns v into a Bundle by the first rendering method v has, and
// always adds text/plain. A nil v renders as "nil".
func Render(v any) Bundle {
	var b Bundle
	switch r := v.(type) {
	case MIMEBundler:
		b = cloneBundle(r.MIMEBundle())
	case HTMLer:
		b = b.Set(MIMEHTML, r.HTML())
	case SVGer:
		b = b.Set(MIMESVG, r.SVG())
	case PNGer:
		b = b.Set(MIMEPNG, base64.StdEncoding.EncodeToString(r.PNG()))
	case JPEGer:
		b = b.Set(MIMEJPEG, base64.StdEncoding.EncodeToString(r.JPEG()))
	case Markdowner:
		b = b.Set(MIMEMarkdown, r.Markdown())
	case LaTeXer:
		b = b.Set(MIMELaTeX, r.LaTeX())
	case JSONer:
		b = b.Set(MIMEJSON, r.JSON())
	}
	if _, ok := b.Data[MIMEText]; !ok {
		b = b.Set(MIMEText, plainText(v))
	}
	return b
}

func cloneBundle(in Bundle) Bundle {
	var out Bundle
	for k, v := range in.Data {
		out = out.Set(k, v)
	}
	for k, v := range in.Metadata {
		out = out.SetMeta(k, v)
	}
	return out
}

// plainText is the text/plain form of v: String() when it has one, the
// error text for errors, fmt's %v otherwise.
func plainText(v any) string {
	switch t := v.(type) {
	case nil:
		return "nil"
	case error:
		return t.Error()
	case fmt.Stringer:
		return t.String()
	case string:
		return fmt.Sprintf("%q", t)
	}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer && rv.IsNil() {
		return fmt.Sprintf("(%T)(nil)", v)
	}
	return fmt.Sprintf("%v", v)
}
