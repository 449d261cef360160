// Permutations and combinations by recursion over slices.
package main

import "fmt"

func permute(xs []string) [][]string {
	if len(xs) <= 1 {
		return [][]string{append([]string(nil), xs...)}
	}
	var out [][]string
	for i := range xs {
		rest := append(append([]string(nil), xs[:i]...), xs[i+1:]...)
		for _, p := range permute(rest) {
			out = append(out, append([]string{xs[i]}, p...))
		}
	}
	return out
}

func combos(n, k int) [][]int {
	var out [][]int
	var cur []int
	var rec func(start int)
	rec = func(start int) {
		if len(cur) == k {
			out = append(out, append([]int(nil), cur...))
			return
		}
		for i := start; i <= n; i++ {
			cur = append(cur, i)
			rec(i + 1)
			cur = cur[:len(cur)-1]
		}
	}
	rec(1)
	return out
}

func main() {
	fmt.Println(permute([]string{"a", "b", "c"}))
	fmt.Println(combos(4, 2), len(combos(10, 3)))
}
