package display

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/color"
	"image/png"
	"regexp"
	"strings"
	"testing"

	"gonum.org/v1/plot"
)

func digit(v uint8) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, 28, 28))
	for i := range img.Pix {
		img.Pix[i] = v
	}
	return img
}

func TestGridLayout(t *testing.T) {
	g := NewGrid(2)
	g.Caption = "worst <mistakes>"
	for i := range 5 {
		g.Add(digit(uint8(i*50)), "label <"+string(rune('a'+i))+">")
	}
	h := g.HTML()
	if n := strings.Count(h, "<tr>"); n != 3 {
		t.Errorf("%d rows, want 3", n)
	}
	if n := strings.Count(h, "<td"); n != 5 {
		t.Errorf("%d cells, want 5", n)
	}
	if strings.Count(h, "<tr>") != strings.Count(h, "</tr>") {
		t.Errorf("unbalanced rows:\n%s", h)
	}
	for _, want := range []string{`<caption style="text-align:left"><div align="left">worst &lt;mistakes&gt;</div></caption>`, "label &lt;c&gt;", `width="84" height="84"`, "image-rendering:pixelated"} {
		if !strings.Contains(h, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	if strings.Contains(h, "<script") {
		t.Error("grid HTML has a script")
	}
	// The embedded images decode to the images given.
	re := regexp.MustCompile(`data:image/png;base64,([A-Za-z0-9+/=]+)`)
	ms := re.FindAllStringSubmatch(h, -1)
	if len(ms) != 5 {
		t.Fatalf("%d embedded PNGs, want 5", len(ms))
	}
	data, _ := base64.StdEncoding.DecodeString(ms[2][1])
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if got := color.GrayModel.Convert(img.At(3, 3)).(color.Gray).Y; got != 100 || img.Bounds().Dx() != 28 {
		t.Errorf("third image: pixel %d, width %d", got, img.Bounds().Dx())
	}
	if got := g.String(); !strings.HasPrefix(got, "<grid of 5 items, 3×2: worst <mistakes>>\n0: label <a>") {
		t.Errorf("text %q", got)
	}
}

func TestGridMixedItems(t *testing.T) {
	p := plot.New()
	g := NewGrid(0).
		Add(p, "plot").
		Add(NewTable("a").AddRow(1), "table").
		Add(SVG("<svg xmlns='http://www.w3.org/2000/svg'/>"), "svg").
		Add(PNG{1, 2}, "png").
		Add(42, "number")
	g.ImageWidth = 56
	h := g.HTML()
	for _, want := range []string{
		`<img src="data:image/png;base64,`, `width="288" height="192"`, // plot at 3x2 in
		`<table class="methodic-table">`,
		`data:image/svg+xml;base64,`,
		`data:image/png;base64,AQI=`,
		"<pre", ">42</pre>",
	} {
		if !strings.Contains(h, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	if strings.Count(h, `<tr><td valign="top" style="text-align:center;vertical-align:top"><div align="center">`) != 2 {
		t.Errorf("default 4 columns: want 2 rows")
	}
	b := Render(g)
	if mimes(b) != "text/html text/plain" {
		t.Errorf("bundle %s", mimes(b))
	}
}

func TestGridImageWidth(t *testing.T) {
	g := NewGrid(1).Add(digit(0), "")
	g.ImageWidth = 56
	if h := g.HTML(); !strings.Contains(h, `width="56" height="56"`) {
		t.Errorf("HTML:\n%s", h[:200])
	}
	big := NewGrid(1).Add(image.NewRGBA(image.Rect(0, 0, 100, 50)), "")
	if h := big.HTML(); !strings.Contains(h, `width="100" height="50"`) {
		t.Error("a large image is not shown at its own size")
	}
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
