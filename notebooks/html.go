package notebooks

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	nethtml "golang.org/x/net/html"
)

// HTMLOptions sets how WriteHTML renders a notebook.
type HTMLOptions struct {
	// Title is the page title; empty means the notebook's first heading,
	// or "Notebook".
	Title string
}

// outputOrder is the order in which WriteHTML picks one representation of
// each rich output: raster images before SVG, because an SVG drawn by a
// kernel may be cleaned away by viewers that distrust it, and the page must
// look the same everywhere.
var outputOrder = []string{
	"text/html", "image/png", "image/jpeg", "image/svg+xml",
	"text/markdown", "text/latex", "application/json", "text/plain",
}

// WriteHTML writes the notebook as one self-contained static HTML page:
// markdown cells rendered, code cells with their execution counts and
// every output inline (images as data: URLs). The page has no scripts:
// script elements, event-handler attributes and javascript: URLs are
// removed from HTML outputs, and raw HTML in markdown cells is dropped.
func (nb *Notebook) WriteHTML(w io.Writer, o HTMLOptions) error {
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	title := o.Title
	if title == "" {
		title = nb.firstHeading()
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"methodic run\">\n<title>%s</title>\n<style>%s</style>\n</head>\n<body>\n<main>\n", html.EscapeString(title), pageCSS)
	for _, c := range nb.Cells {
		switch c.Type {
		case Markdown:
			b.WriteString("<section class=\"cell markdown\">\n")
			if err := md.Convert([]byte(c.Source), &b); err != nil {
				return fmt.Errorf("notebooks: rendering markdown: %w", err)
			}
			b.WriteString("</section>\n")
		case Raw:
			fmt.Fprintf(&b, "<section class=\"cell raw\"><pre>%s</pre></section>\n", html.EscapeString(c.Source))
		case Code:
			count := " "
			if c.ExecutionCount != nil {
				count = fmt.Sprint(*c.ExecutionCount)
			}
			fmt.Fprintf(&b, "<section class=\"cell code\">\n<div class=\"input\"><div class=\"prompt\">In [%s]:</div><pre class=\"source\"><code class=\"language-go\">%s</code></pre></div>\n", count, html.EscapeString(c.Source))
			for _, out := range c.Outputs {
				if err := writeOutput(&b, out, md); err != nil {
					return err
				}
			}
			b.WriteString("</section>\n")
		}
	}
	b.WriteString("</main>\n</body>\n</html>\n")
	_, err := w.Write(b.Bytes())
	return err
}

func (nb *Notebook) firstHeading() string {
	for _, c := range nb.Cells {
		if c.Type != Markdown {
			continue
		}
		for _, line := range strings.Split(c.Source, "\n") {
			if t := strings.TrimLeft(line, "#"); len(t) < len(line) && strings.HasPrefix(t, " ") {
				return strings.TrimSpace(t)
			}
		}
	}
	return "Notebook"
}

var ansi = regexp.MustCompile("\x1b\\[[0-9;]*[A-Za-z]")

func writeOutput(b *bytes.Buffer, out *Output, md goldmark.Markdown) error {
	switch out.Type {
	case Stream:
		fmt.Fprintf(b, "<pre class=\"output stream %s\">%s</pre>\n", out.Name, html.EscapeString(ansi.ReplaceAllString(out.Text, "")))
		return nil
	case Error:
		text := strings.Join(out.Traceback, "\n")
		if text == "" {
			text = out.Ename + ": " + out.Evalue
		}
		fmt.Fprintf(b, "<pre class=\"output error\">%s</pre>\n", html.EscapeString(ansi.ReplaceAllString(text, "")))
		return nil
	}
	b.WriteString("<div class=\"output rich\">")
	defer b.WriteString("</div>\n")
	for _, mime := range outputOrder {
		v, ok := out.Data[mime]
		if !ok {
			continue
		}
		s, _ := v.(string)
		switch mime {
		case "text/html":
			b.WriteString(sanitizeHTML(s))
		case "image/png", "image/jpeg":
			fmt.Fprintf(b, "<img src=\"data:%s;base64,%s\"%s alt=\"%s\">", mime, strings.TrimSpace(s), imageSize(out.Metadata[mime]), html.EscapeString(textOf(out)))
		case "image/svg+xml":
			fmt.Fprintf(b, "<img src=\"data:image/svg+xml;base64,%s\" alt=\"%s\">", base64String(s), html.EscapeString(textOf(out)))
		case "text/markdown":
			if err := md.Convert([]byte(s), b); err != nil {
				return fmt.Errorf("notebooks: rendering markdown output: %w", err)
			}
		case "application/json":
			j, _ := json.MarshalIndent(v, "", "  ")
			fmt.Fprintf(b, "<pre>%s</pre>", html.EscapeString(string(j)))
		default:
			fmt.Fprintf(b, "<pre>%s</pre>", html.EscapeString(s))
		}
		return nil
	}
	return nil
}

func textOf(out *Output) string {
	s, _ := out.Data["text/plain"].(string)
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}

// imageSize turns {"width": w, "height": h} metadata into attributes, so
// that a PNG drawn at twice the resolution shows at its logical size.
func imageSize(meta any) string {
	m, ok := meta.(map[string]any)
	if !ok {
		return ""
	}
	var attrs string
	for _, k := range []string{"width", "height"} {
		switch v := m[k].(type) {
		case float64:
			attrs += fmt.Sprintf(" %s=\"%d\"", k, int(v))
		case int:
			attrs += fmt.Sprintf(" %s=\"%d\"", k, v)
		}
	}
	return attrs
}

// HTML outputs lose these elements with their content, and these void
// elements.
var (
	dropWithContent = map[string]bool{"script": true, "iframe": true, "object": true, "frame": true, "frameset": true}
	dropVoid        = map[string]bool{"embed": true, "base": true, "meta": true, "link": true}
)

// sanitizeHTML removes what could run code from an HTML fragment:
// scripts and embedded frames, event-handler attributes, and javascript:
// URLs. Everything else is kept, so tables and styles still show.
func sanitizeHTML(s string) string {
	z := nethtml.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0
	for {
		tt := z.Next()
		switch tt {
		case nethtml.ErrorToken:
			return b.String()
		case nethtml.StartTagToken, nethtml.SelfClosingTagToken:
			tok := z.Token()
			if dropWithContent[tok.Data] && tt == nethtml.StartTagToken {
				skip++
			}
			if skip > 0 || dropWithContent[tok.Data] || dropVoid[tok.Data] {
				continue
			}
			kept := tok.Attr[:0]
			for _, a := range tok.Attr {
				v := strings.ToLower(strings.TrimSpace(a.Val))
				if strings.HasPrefix(strings.ToLower(a.Key), "on") || strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "vbscript:") {
					continue
				}
				kept = append(kept, a)
			}
			tok.Attr = kept
			b.WriteString(tok.String())
		case nethtml.EndTagToken:
			tok := z.Token()
			if dropWithContent[tok.Data] {
				if skip > 0 {
					skip--
				}
				continue
			}
			if dropVoid[tok.Data] {
				continue
			}
			if skip == 0 {
				b.WriteString(tok.String())
			}
		default:
			if skip == 0 {
				b.Write(z.Raw())
			}
		}
	}
}

const pageCSS = `
body { margin: 0; background: #fff; color: #1f2328; font: 15px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
main { max-width: 980px; margin: 0 auto; padding: 24px 16px 64px; }
.cell { margin: 14px 0; }
.markdown h1, .markdown h2, .markdown h3 { line-height: 1.25; }
.markdown code, .source { font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.input { display: flex; gap: 8px; }
.prompt { flex: 0 0 64px; color: #0550ae; font: 12px/2.2 ui-monospace, monospace; text-align: right; }
.source { flex: 1; margin: 0; padding: 8px 10px; background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; overflow-x: auto; }
.output { margin: 6px 0 0 72px; overflow-x: auto; }
pre.output { font: 13px/1.45 ui-monospace, monospace; white-space: pre-wrap; margin-top: 6px; }
.stream.stderr { background: #fff5f5; }
.error { color: #b91c1c; background: #fff5f5; padding: 6px 8px; border-radius: 4px; }
.rich img { max-width: 100%; height: auto; }
.rich table { border-collapse: collapse; font-size: 13px; }
.rich th, .rich td { border: 1px solid #d0d7de; padding: 3px 8px; }
.rich th { background: #f6f8fa; }
`

func base64String(s string) string {
	return base64.StdEncoding.EncodeToString([]byte(s))
}
