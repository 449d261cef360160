// strings.Builder and bytes.Buffer as io.Writers for fmt.
package main

import (
	"bytes"
	"fmt"
	"strings"
)

func main() {
	var sb strings.Builder
	for i := range 4 {
		fmt.Fprintf(&sb, "%d,", i*i)
	}
	sb.WriteByte('|')
	sb.WriteRune('é')
	sb.WriteString("end")
	fmt.Println(sb.String(), sb.Len())
	var buf bytes.Buffer
	buf.WriteString("hello ")
	fmt.Fprint(&buf, 42)
	fmt.Println(buf.String(), buf.Len())
	line, err := buf.ReadString(' ')
	fmt.Printf("%q %v %q\n", line, err, buf.String())
}
