// Type arguments are not inferred through a function argument.
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

func main() {
	fmt.Println(Map([]int{1, 2}, strconv.Itoa))
}

// Go prints:
// [1 2]

// yaegi v0.16.1 prints:
// error: undefined type for U
