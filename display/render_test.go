package display

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"strings"
	"testing"
	"unicode/utf8"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
)

// many implements every rendering interface; Render must pick
// MIMEBundle. Each type below drops the method that the one before it
// resolved to, so the chain checks the whole order.
type many struct{}

func (many) MIMEBundle() Bundle { return Bundle{}.Set("application/x-many", "bundle") }
func (many) HTML() string       { return "html" }
func (many) SVG() string        { return "svg" }
func (many) PNG() []byte        { return []byte("png") }
func (many) JPEG() []byte       { return []byte("jpeg") }
func (many) Markdown() string   { return "md" }
func (many) LaTeX() string      { return "latex" }
func (many) JSON() any          { return map[string]any{"json": true} }
func (many) String() string     { return "many" }

type noBundle struct{}

func (noBundle) HTML() string     { return "html" }
func (noBundle) SVG() string      { return "svg" }
func (noBundle) PNG() []byte      { return []byte("png") }
func (noBundle) JPEG() []byte     { return []byte("jpeg") }
func (noBundle) Markdown() string { return "md" }
func (noBundle) LaTeX() string    { return "latex" }
func (noBundle) JSON() any        { return 1 }

type noHTML struct{}

func (noHTML) SVG() string      { return "svg" }
func (noHTML) PNG() []byte      { return []byte("png") }
func (noHTML) JPEG() []byte     { return []byte("jpeg") }
func (noHTML) Markdown() string { return "md" }
func (noHTML) LaTeX() string    { return "latex" }
func (noHTML) JSON() any        { return 1 }

type noSVG struct{}

func (noSVG) PNG() []byte      { return []byte("png") }
func (noSVG) JPEG() []byte     { return []byte("jpeg") }
func (noSVG) Markdown() string { return "md" }
func (noSVG) LaTeX() string    { return "latex" }
func (noSVG) JSON() any        { return 1 }

type noPNG struct{}

func (noPNG) JPEG() []byte     { return []byte("jpeg") }
func (noPNG) Markdown() string { return "md" }
func (noPNG) LaTeX() string    { return "latex" }
func (noPNG) JSON() any        { return 1 }

type noJPEG struct{}

func (noJPEG) Markdown() string { return "md" }
func (noJPEG) LaTeX() string    { return "latex" }
func (noJPEG) JSON() any        { return 1 }

type noMarkdown struct{}

func (noMarkdown) LaTeX() string { return "latex" }
func (noMarkdown) JSON() any     { return 1 }

type onlyJSON struct{}

func (onlyJSON) JSON() any { return []any{1, 2} }

// htmlError is an error that renders itself: its HTML wins over the red
// error rendering.
type htmlError struct{}

func (htmlError) Error() string { return "boom" }
func (htmlError) HTML() string  { return "<i>custom</i>" }

type panicky struct{}

func (panicky) HTML() string { panic("no HTML today") }

func mimes(b Bundle) string {
	var ks []string
	for k := range b.Data {
		ks = append(ks, k)
	}
	// sorted for a stable message
	for i := range ks {
		for j := i + 1; j < len(ks); j++ {
			if ks[j] < ks[i] {
				ks[i], ks[j] = ks[j], ks[i]
			}
		}
	}
	return strings.Join(ks, " ")
}

func TestRenderOrder(t *testing.T) {
	for _, tc := range []struct {
		v     any
		mimes string
		text  string
	}{
		{many{}, "application/x-many text/plain", "many"},
		{noBundle{}, "text/html text/plain", "{}"},
		{noHTML{}, "image/svg+xml text/plain", "{}"},
		{noSVG{}, "image/png text/plain", "{}"},
		{noPNG{}, "image/jpeg text/plain", "{}"},
		{noJPEG{}, "text/markdown text/plain", "{}"},
		{noMarkdown{}, "text/latex text/plain", "{}"},
		{onlyJSON{}, "application/json text/plain", "{}"},
		{htmlError{}, "text/html text/plain", "boom"},
		{nil, "text/plain", "nil"},
		{42, "text/plain", "42"},
		{"hi", "text/plain", `"hi"`},
		{(*plot.Plot)(nil), "text/plain", "(*plot.Plot)(nil)"},
		{(*mat.Dense)(nil), "text/plain", "(*mat.Dense)(nil)"},
		{(*Table)(nil), "text/plain", "(*display.Table)(nil)"},
	} {
		b := Render(tc.v)
		if got := mimes(b); got != tc.mimes {
			t.Errorf("Render(%T): MIME types %q, want %q", tc.v, got, tc.mimes)
		}
		if got := b.Text(); got != tc.text {
			t.Errorf("Render(%T): text %q, want %q", tc.v, got, tc.text)
		}
	}
}

func TestRenderValues(t *testing.T) {
	b := Render(HTML("<b>x</b>"))
	if b.Data[MIMEHTML] != "<b>x</b>" {
		t.Errorf("HTML: %v", b.Data)
	}
	if b := Render(PNG{1, 2, 3}); b.Data[MIMEPNG] != "AQID" || b.Text() != "<PNG image, 3 bytes>" {
		t.Errorf("PNG: %v", b.Data)
	}
	if b := Render(JPEG{1, 2, 3}); b.Data[MIMEJPEG] != "AQID" {
		t.Errorf("JPEG: %v", b.Data)
	}
	if b := Render(LaTeX(`$x^2$`)); b.Data[MIMELaTeX] != `$x^2$` {
		t.Errorf("LaTeX: %v", b.Data)
	}
	if b := Render(Markdown("*a*")); b.Data[MIMEMarkdown] != "*a*" {
		t.Errorf("Markdown: %v", b.Data)
	}
	if b := Render(SVG("<svg/>")); b.Data[MIMESVG] != "<svg/>" {
		t.Errorf("SVG: %v", b.Data)
	}
	j := Render(JSON(map[string]any{"a": []int{1, 2}}))
	doc, ok := j.Data[MIMEJSON].(map[string]any)
	if !ok || len(doc["a"].([]any)) != 2 || !strings.Contains(j.Text(), `"a": [`) {
		t.Errorf("JSON: %#v", j.Data)
	}
	if b := JSON(make(chan int)); !strings.Contains(b.Text(), "display: JSON") {
		t.Errorf("JSON of a channel: %q", b.Text())
	}
}

func TestRenderBuiltins(t *testing.T) {
	p := plot.New()
	p.Title.Text = "t"
	if b := Render(p); mimes(b) != "image/png text/plain" || b.Text() != `<plot "t">` {
		t.Errorf("plot: %s %q", mimes(b), b.Text())
	}
	img := image.NewGray(image.Rect(0, 0, 3, 2))
	img.Set(1, 1, color.White)
	if b := Render(img); mimes(b) != "image/png text/plain" || b.Text() != "<image 3x2>" {
		t.Errorf("image: %s %q", mimes(b), b.Text())
	}
	m := mat.NewDense(2, 2, []float64{1, 2, 3, 4})
	if b := Render(m); mimes(b) != "text/html text/plain" || !strings.Contains(b.Text(), "⎡1  2⎤") {
		t.Errorf("matrix: %s %q", mimes(b), b.Text())
	}
	err := errors.New("bad <input>")
	b := Render(err)
	if h := b.Data[MIMEHTML].(string); !strings.Contains(h, "color:") || !strings.Contains(h, "bad &lt;input&gt;") {
		t.Errorf("error HTML: %q", h)
	}
	if b.Text() != "bad <input>" {
		t.Errorf("error text: %q", b.Text())
	}
}

func TestRenderRecoversPanics(t *testing.T) {
	b := Render(panicky{})
	if !strings.Contains(b.Text(), "no HTML today") || b.Data[MIMEHTML] == nil {
		t.Errorf("panic rendered as %v", b.Data)
	}
}

func TestRenderCopiesBundle(t *testing.T) {
	orig := Bundle{}.Set(MIMEHTML, "x")
	b := Render(orig)
	b.Data[MIMEHTML] = "changed"
	if orig.Data[MIMEHTML] != "x" {
		t.Error("Render shares the bundle's map with its caller")
	}
	if orig.Data[MIMEText] != nil {
		t.Error("Render added text/plain to the caller's bundle")
	}
}

// wrapper has the shape of the interface wrappers yaegi extract generates
// (IValue, then one func field per method).
type wrapper struct {
	IValue any
	WHTML  func() string
}

func (w wrapper) HTML() string { return w.WHTML() }

func TestRenderYaegiWrapper(t *testing.T) {
	type cellType struct{ Label string }
	b := Render(wrapper{IValue: cellType{"ok"}, WHTML: func() string { return "<b>ok</b>" }})
	if b.Data[MIMEHTML] != "<b>ok</b>" || b.Text() != "{ok}" {
		t.Errorf("wrapped value: %v", b.Data)
	}
}

func TestRenderLongText(t *testing.T) {
	xs := make([]float64, 10_000_000)
	b := Render(xs)
	want := "[" + strings.Repeat("0 ", maxTextElems-1) + "0 … (9999000 more)]"
	if got := b.Text(); got != want {
		t.Errorf("long slice: %d bytes ending %q", len(got), got[max(0, len(got)-40):])
	}
	s := strings.Repeat("é", maxTextBytes) // 2 bytes each
	got := Render(HTML(s)).Text()          // HTML has no String: fmt's %v
	if !strings.HasSuffix(got, fmt.Sprintf("… (%d more bytes)", maxTextBytes)) || !utf8.ValidString(got) {
		t.Errorf("long text: %d bytes, ending %q", len(got), got[len(got)-30:])
	}
}

func TestPlotsLayout(t *testing.T) {
	a, c := samplePlot(), samplePlot()
	b := Plots([][]*plot.Plot{{a}, {nil, c}}, PlotOptions{})
	if mimes(b) != "image/png text/plain" || !strings.HasPrefix(b.Text(), "<2x2 plots") {
		t.Errorf("a 2x2 figure with a hole: %s %q", mimes(b), b.Text())
	}
	if b := Plots(nil, PlotOptions{}); !strings.Contains(b.Text(), "no plots") {
		t.Errorf("no plots: %q", b.Text())
	}
	bad := plot.New()
	bad.Y.Scale = plot.LogScale{}
	bad.Y.Min, bad.Y.Max = -1, 1
	if b := Plots([][]*plot.Plot{{bad}}, PlotOptions{}); b.Data[MIMEPNG] != nil || !strings.Contains(b.Text(), "display: plot") {
		t.Errorf("a plot that panics while drawing: %s %q", mimes(b), b.Text())
	}
}
