// Run-length encoding and a Caesar cipher, with round trips.
package main

import (
	"fmt"
	"strconv"
	"strings"
)

func rle(s string) string {
	var b strings.Builder
	r := []rune(s)
	for i := 0; i < len(r); {
		j := i
		for j < len(r) && r[j] == r[i] {
			j++
		}
		b.WriteString(strconv.Itoa(j - i))
		b.WriteRune(r[i])
		i = j
	}
	return b.String()
}

func unrle(s string) string {
	var b strings.Builder
	n := 0
	for _, c := range s {
		if c >= '0' && c <= '9' {
			n = n*10 + int(c-'0')
			continue
		}
		b.WriteString(strings.Repeat(string(c), n))
		n = 0
	}
	return b.String()
}

func caesar(s string, k int) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z':
			return 'a' + (r-'a'+rune(k)+26)%26
		case r >= 'A' && r <= 'Z':
			return 'A' + (r-'A'+rune(k)+26)%26
		}
		return r
	}, s)
}

func main() {
	s := "aaabccddddd€€"
	e := rle(s)
	fmt.Println(e, unrle(e) == s)
	c := caesar("Hello, World!", 3)
	fmt.Println(c, caesar(c, -3))
}
