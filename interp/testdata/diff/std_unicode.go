// unicode and unicode/utf8: classes, case, encoding and decoding runes.
package main

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

func main() {
	for _, r := range "aZ9 _é!Ж" {
		fmt.Print(unicode.IsLetter(r), unicode.IsUpper(r), unicode.IsDigit(r), unicode.IsSpace(r), unicode.IsPunct(r), " ")
	}
	fmt.Println()
	fmt.Println(string(unicode.ToUpper('é')), string(unicode.ToLower('Ж')), unicode.Is(unicode.Cyrillic, 'Ж'), unicode.In('a', unicode.Latin))
	buf := make([]byte, 4)
	n := utf8.EncodeRune(buf, '€')
	fmt.Println(buf[:n], n)
	r, size := utf8.DecodeRuneInString("€uro")
	fmt.Println(string(r), size)
	r, size = utf8.DecodeLastRuneInString("abc€")
	fmt.Println(string(r), size, utf8.RuneError, utf8.UTFMax, utf8.ValidRune(0xD800))
	fmt.Println(utf8.AppendRune(nil, 'ü'), utf8.FullRune([]byte{0xe2}))
}
