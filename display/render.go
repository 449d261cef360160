package display

import (
	"encoding/base64"
	"fmt"
	"html"
	"image"
	"reflect"
	"strings"
	"unicode/utf8"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
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
	// JSONer renders a value as a JSON document: the result must be
	// something encoding/json can marshal into an object or an array.
	JSONer interface{ JSON() any }
)

// Render turns v into a Bundle and always adds text/plain.
//
// It uses the first of these that applies:
//
//   - the rendering interfaces, in the order MIMEBundler, HTMLer, SVGer,
//     PNGer, JPEGer, Markdowner, LaTeXer, JSONer: a value that renders
//     itself always wins;
//   - *plot.Plot: Plot(p, PlotOptions{}), SVG and a 2x PNG;
//   - image.Image: Image(img, ImageOptions{}), a PNG;
//   - mat.Matrix: Matrix(m, MatrixOptions{}), an HTML table elided in the
//     middle when large, and aligned text;
//   - error: Error(err), red text in HTML.
//
// text/plain comes from the bundle when it has one, else from String(),
// Error() or fmt's %v (strings are quoted, as Go source would write
// them). A nil v renders as "nil" and a nil pointer as "(*T)(nil)",
// whatever methods its type has. Render does not panic: a method that
// panics renders as an error.
//
// Render is a plain type switch on purpose: the interpreter makes values of
// types declared in cells render by evaluating a call to Render inside
// yaegi, where those values are converted to these interfaces.
func Render(v any) (b Bundle) {
	defer func() {
		if r := recover(); r != nil {
			b = Error(fmt.Errorf("display: rendering %T panicked: %v", v, r))
		}
	}()
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer && rv.IsNil() {
		// A nil pointer renders as its text whatever methods its type has:
		// few of them work on a nil receiver.
		return b.Set(MIMEText, plainText(v))
	}
	switch r := v.(type) {
	case nil:
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
	case *plot.Plot:
		b = Plot(r, PlotOptions{})
	case image.Image:
		if !isNilPointer(v) {
			b = Image(r, ImageOptions{})
		}
	case mat.Matrix:
		if !isNilPointer(v) {
			b = Matrix(r, MatrixOptions{})
		}
	case error:
		if !isNilPointer(v) {
			b = Error(r)
		}
	}
	if _, ok := b.Data[MIMEText]; !ok {
		b = b.Set(MIMEText, plainText(v))
	}
	return b
}

// Error renders err as red text in HTML and as its message in text/plain.
// A nil err renders as "<nil>". The colour is set twice: by a style
// attribute, and by the class text-danger that the classic Notebook's
// stylesheet colours, because the classic Notebook strips style
// attributes from untrusted notebooks.
func Error(err error) Bundle {
	msg := "<nil>"
	if err != nil {
		msg = err.Error()
	}
	var b Bundle
	b = b.Set(MIMEHTML, `<pre class="text-danger" style="color:#c62828;white-space:pre-wrap">`+html.EscapeString(msg)+`</pre>`)
	return b.Set(MIMEText, msg)
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

func isNilPointer(v any) bool {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface, reflect.Func, reflect.Chan:
		return rv.IsNil()
	}
	return false
}

// Limits on the text/plain form of a value, so that the trailing
// expression of a cell that holds a slice of ten million numbers costs
// neither the time to format them nor a notebook too large to open.
const (
	maxTextElems = 1000      // elements of a long slice shown
	maxTextBytes = 256 << 10 // bytes of text kept
)

// plainText is the text/plain form of v: String() when it has one, the
// error text for errors, fmt's %v otherwise. Slices longer than
// maxTextElems show their first elements and how many more there are;
// any text longer than maxTextBytes is cut and says how much was cut.
func plainText(v any) string {
	s := plainTextFull(v)
	if len(s) > maxTextBytes {
		cut := maxTextBytes
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = fmt.Sprintf("%s… (%d more bytes)", s[:cut], len(s)-cut)
	}
	return s
}

func plainTextFull(v any) string {
	if v == nil {
		return "nil"
	}
	if isNilPointer(v) && reflect.ValueOf(v).Kind() == reflect.Pointer {
		return fmt.Sprintf("(%T)(nil)", v)
	}
	if inner, ok := yaegiWrapped(v); ok {
		return plainText(inner)
	}
	switch t := v.(type) {
	case error:
		return t.Error()
	case fmt.Stringer:
		return t.String()
	case string:
		return fmt.Sprintf("%q", t)
	}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Slice && rv.Len() > maxTextElems {
		head := fmt.Sprintf("%v", rv.Slice(0, maxTextElems).Interface())
		return fmt.Sprintf("%s … (%d more)]", strings.TrimSuffix(head, "]"), rv.Len()-maxTextElems)
	}
	return fmt.Sprintf("%v", v)
}

// yaegiWrapped returns the value inside one of the interface wrappers that
// yaegi generates to let a value of a type declared in a cell satisfy a
// compiled interface: a struct whose first field is IValue. Its text is
// the text of that value, not of the wrapper's fields.
func yaegiWrapped(v any) (any, bool) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Struct || rv.NumField() == 0 {
		return nil, false
	}
	f := rv.Type().Field(0)
	if f.Name != "IValue" || f.Type.Kind() != reflect.Interface {
		return nil, false
	}
	inner := rv.Field(0)
	if inner.IsNil() {
		return nil, true
	}
	return inner.Interface(), true
}
