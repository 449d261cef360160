// Closures sharing state: a generator, memoisation, a middleware chain.
package main

import (
	"fmt"
	"strings"
)

func gen(words ...string) func() (string, bool) {
	i := 0
	return func() (string, bool) {
		if i >= len(words) {
			return "", false
		}
		i++
		return words[i-1], true
	}
}

func memoize(f func(int) int) (func(int) int, *int) {
	cache := map[int]int{}
	misses := 0
	return func(n int) int {
		if v, ok := cache[n]; ok {
			return v
		}
		misses++
		cache[n] = f(n)
		return cache[n]
	}, &misses
}

type handler func(string) string

func wrap(h handler, tag string) handler {
	return func(s string) string { return "<" + tag + ">" + h(s) + "</" + tag + ">" }
}

func main() {
	next := gen("a", "b")
	for w, ok := next(); ok; w, ok = next() {
		fmt.Print(w, " ")
	}
	fmt.Println()
	sq, misses := memoize(func(n int) int { return n * n })
	fmt.Println(sq(4), sq(4), sq(5), *misses)
	h := handler(strings.ToUpper)
	for _, t := range []string{"b", "i"} {
		h = wrap(h, t)
	}
	fmt.Println(h("x"))
}
