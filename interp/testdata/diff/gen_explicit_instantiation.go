// Explicit instantiation of generic functions, also as values.
package main

import (
	"fmt"
	"slices"
	"strconv"
)

func Convert[From, To any](xs []From, f func(From) To) []To {
	out := make([]To, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

func Double[T int | float64](x T) T { return x * 2 }

func main() {
	f := Double[float64]
	fmt.Println(f(1.25), Double(21))
	conv := Convert[int, string]
	fmt.Printf("%q\n", conv([]int{1, 2}, strconv.Itoa))
	fmt.Println(slices.Equal[[]int]([]int{1}, []int{1}))
	idx := slices.Index[[]string, string]
	fmt.Println(idx([]string{"a", "b"}, "b"))
}
