package notebooks

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestWriteHTMLIsStaticAndComplete(t *testing.T) {
	nb := New()
	nb.AddCell(Markdown, "# Title of the run\n\nSome *text* <script>alert(1)</script>")
	nb.AddCell(Code, "import \"fmt\"\nfmt.Println(\"a < b\")")
	nb.AddCell(Code, "p := plot.New()\np.Title.Text = \"t\"\np")
	nb.AddCell(Code, "display.HTML(`<table onclick=\"x()\"><tr><td>cell</td></tr></table><script>bad()</script><a href=\"javascript:x()\">l</a>`)")
	nb.AddCell(Code, "panic(\"boom\")")
	if _, err := Run(context.Background(), nb, RunOptions{Session: newSession(t), AllowErrors: true}); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := nb.WriteHTML(&b, HTMLOptions{}); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, want := range []string{
		"<title>Title of the run</title>",
		"<em>text</em>",
		"a &lt; b\n",
		`<img src="data:image/png;base64,iVBOR`,
		`width="576" height="384"`,
		"<td>cell</td>",
		"In [4]:",
		`class="output error"`,
		"boom",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	low := strings.ToLower(page)
	// The cells' sources show as escaped text; what must not be there is
	// anything a browser would run.
	for _, bad := range []string{"<script", `onclick="`, `href="javascript:`, "\x1b["} {
		if strings.Contains(low, bad) {
			t.Errorf("the page holds %q", bad)
		}
	}
}

func TestSanitizeHTML(t *testing.T) {
	cases := map[string]string{
		`<b>ok</b>`:                                            `<b>ok</b>`,
		`<p onmouseover="x()">t</p>`:                           `<p>t</p>`,
		`<script>a()</script><i>i</i>`:                         `<i>i</i>`,
		`<iframe src="x"><p>in</p></iframe>after`:              `after`,
		`<img src="javascript:alert(1)" alt="a">`:              `<img alt="a">`,
		`<table><tr><td style="color:red">1</td></tr></table>`: `<table><tr><td style="color:red">1</td></tr></table>`,
		`<meta http-equiv="refresh" content="0">text`:          `text`,
	}
	for in, want := range cases {
		if got := sanitizeHTML(in); got != want {
			t.Errorf("sanitizeHTML(%q) = %q, want %q", in, got, want)
		}
	}
}
