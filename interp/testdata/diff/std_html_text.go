// html escaping, and strings.Builder used to build a small table.
package main

import (
	"fmt"
	"html"
	"strings"
)

func main() {
	raw := `<a href="x">Tom & "Jerry"</a>`
	esc := html.EscapeString(raw)
	fmt.Println(esc)
	fmt.Println(html.UnescapeString(esc) == raw, html.UnescapeString("&lt;&eacute;&#65;&gt;"))
	rows := [][]string{{"name", "n"}, {"a<b", "1"}}
	var sb strings.Builder
	sb.WriteString("<table>\n")
	for _, r := range rows {
		sb.WriteString("  <tr>")
		for _, c := range r {
			fmt.Fprintf(&sb, "<td>%s</td>", html.EscapeString(c))
		}
		sb.WriteString("</tr>\n")
	}
	sb.WriteString("</table>")
	fmt.Println(sb.String())
}
