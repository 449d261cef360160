// Runes, multi-byte strings and their escapes.
package main

import (
	"fmt"
	"unicode/utf8"
)

func main() {
	s := "naïve 世界 🚀"
	fmt.Println(len(s), utf8.RuneCountInString(s), []rune(s)[2], string([]rune(s)[6:8]))
	for i, r := range "aé世" {
		fmt.Printf("%d:%c:%U:%q:%d ", i, r, r, r, utf8.RuneLen(r))
	}
	fmt.Println()
	fmt.Printf("%q %+q %x\n", s, s, "é")
	fmt.Printf("%q %q %q %q\n", '\n', '\'', rune(0), '\u00e9')
	fmt.Println(string(rune(65)), string([]byte{0xe4, 0xb8, 0x96}), []byte("é"))
	bad := string([]byte{0xff, 'a'})
	fmt.Printf("%q %v\n", bad, utf8.ValidString(bad))
	for _, r := range bad {
		fmt.Print(r, " ")
	}
	fmt.Println()
}
