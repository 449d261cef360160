// Generic Map, Filter and Reduce, with inferred and explicit type
// arguments.
package main

import (
	"fmt"
	"strconv"
)

func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

func Filter[T any](xs []T, keep func(T) bool) []T {
	var out []T
	for _, x := range xs {
		if keep(x) {
			out = append(out, x)
		}
	}
	return out
}

func Reduce[T, A any](xs []T, init A, f func(A, T) A) A {
	acc := init
	for _, x := range xs {
		acc = f(acc, x)
	}
	return acc
}

func main() {
	nums := []int{1, 2, 3, 4, 5}
	strs := Map(nums, strconv.Itoa)
	fmt.Printf("%q\n", strs)
	sq := Map[int, float64](nums, func(n int) float64 { return float64(n) / 2 })
	fmt.Println(sq)
	even := Filter(nums, func(n int) bool { return n%2 == 0 })
	fmt.Println(even)
	fmt.Println(Reduce(nums, "", func(a string, n int) string { return a + strconv.Itoa(n) }))
	fmt.Println(Reduce(nums, 0, func(a, n int) int { return a + n }))
}
