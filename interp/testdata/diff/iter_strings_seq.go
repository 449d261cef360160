// The iterators of strings and bytes: Lines, SplitSeq, FieldsSeq.
package main

import (
	"bytes"
	"fmt"
	"strings"
)

func main() {
	text := "one\ntwo\n\nthree"
	for l := range strings.Lines(text) {
		fmt.Printf("%q ", l)
	}
	fmt.Println()
	for part := range strings.SplitSeq("a,b,,c", ",") {
		fmt.Printf("[%s]", part)
	}
	fmt.Println()
	n := 0
	for f := range strings.FieldsSeq("  x  y\tz ") {
		n++
		fmt.Print(f)
	}
	fmt.Println(n)
	for f := range bytes.FieldsSeq([]byte("p q")) {
		fmt.Print(string(f), ";")
	}
	fmt.Println()
}
