// Closures passed to compiled functions: strings.Map, strings.FieldsFunc,
// slices.IndexFunc, sort.Search, strings.TrimFunc.
package main

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
)

func main() {
	shift := 1
	rot := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' {
			return 'a' + (r-'a'+rune(shift))%26
		}
		return r
	}, "hal, zz")
	fmt.Println(rot)
	seps := 0
	f := strings.FieldsFunc("a1b22c333", func(r rune) bool {
		if unicode.IsDigit(r) {
			seps++
			return true
		}
		return false
	})
	fmt.Println(f, seps)
	limit := 10
	fmt.Println(slices.IndexFunc([]int{3, 8, 12, 20}, func(v int) bool { return v > limit }))
	fmt.Println(strings.TrimFunc("123abc456", unicode.IsDigit))
	fmt.Println(slices.ContainsFunc([]string{"a", "bb"}, func(s string) bool { return len(s) == limit/5 }))
}
