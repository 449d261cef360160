// String and byte slice verbs.
package main

import "fmt"

func main() {
	s := "Go, héllo\t\"x\""
	fmt.Printf("%s|%q|%+q|%#q|%x|% x|%X\n", s, s, s, "back`tick", "hi", "hi", "hi")
	fmt.Printf("|%10s|%-10s|%.3s|%10.2s|\n", "abc", "abc", "abcdef", "abcdef")
	b := []byte("bytes")
	fmt.Printf("%s %q %x %v %d\n", b, b, b, b, b)
	fmt.Printf("%q\n", []string{"a b", "c\n", ""})
	fmt.Printf("%5t|%-6t|%v\n", true, false, !true)
	fmt.Printf("%c|%c|%c\n", 'G', 'ö', '世')
	fmt.Printf("%s\n", []string{"x", "y"})
}
