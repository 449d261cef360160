package display

import "strings"

// Text alignment in our HTML tables is written twice: as the cell's style,
// and as the align attribute of a div around the cell's content. Front
// ends sanitize the HTML of a notebook they do not trust (a notebook
// someone else saved, as every shipped notebook is on its first opening):
// the classic Notebook then drops every style attribute, and its own
// stylesheet right-aligns every table cell, so text columns and captions
// came out right-aligned and ragged. The div's align attribute passes the
// sanitizers of the classic Notebook, JupyterLab and GitHub alike, and no
// stylesheet of theirs sets the alignment of a div.

// writeAligned writes <tag style="text-align:a"><div align="a">content</div></tag>;
// attrs, when not empty, go in the opening tag before the style, and
// style, when not empty, at the end of the style.
func writeAligned(b *strings.Builder, tag, attrs, style, a, content string) {
	b.WriteString("<")
	b.WriteString(tag)
	if attrs != "" {
		b.WriteString(" ")
		b.WriteString(attrs)
	}
	b.WriteString(` style="text-align:`)
	b.WriteString(a)
	if style != "" {
		b.WriteString(";")
		b.WriteString(style)
	}
	b.WriteString(`"><div align="`)
	b.WriteString(a)
	b.WriteString(`">`)
	b.WriteString(content)
	b.WriteString("</div></")
	b.WriteString(tag)
	b.WriteString(">")
}

// writeCaption writes a table's caption, left-aligned; text is escaped
// HTML.
func writeCaption(b *strings.Builder, text string) {
	writeAligned(b, "caption", "", "", "left", text)
}
