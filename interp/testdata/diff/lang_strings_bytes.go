// Strings are immutable bytes; indexing, slicing, conversion.
package main

import "fmt"

func main() {
	s := "hello, world"
	fmt.Println(s[0], s[7:], s[:5], len(s), s[len(s)-1:])
	b := []byte(s)
	b[0] = 'H'
	fmt.Println(string(b), s)
	r := []rune("日本語")
	r[0] = '月'
	fmt.Println(string(r), len("日本語"), len(r))
	fmt.Println("a" < "b", "abc" < "abd", "Z" < "a", "" < "a")
	multi := `raw
string\n`
	fmt.Println(multi, len(multi))
	joined := ""
	for i := range 3 {
		joined += fmt.Sprint(i)
	}
	fmt.Println(joined + "!")
	fmt.Println(string(rune(0x263A)), "\u263A" == "☺", "\xe2\x98\xba")
}
