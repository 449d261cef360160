// Type inference through a function literal argument.
package main

import "fmt"

func Map[T, U any](xs []T, f func(T) U) []U {
	var out []U
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

func main() {
	labels := Map([]int{1, 2, 3}, func(x int) string { return fmt.Sprint("#", x) })
	fmt.Printf("%q %T\n", labels, labels)
}
