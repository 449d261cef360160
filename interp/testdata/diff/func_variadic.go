// Variadic functions, passing a slice with ..., and function values.
package main

import (
	"fmt"
	"strings"
)

func sum(xs ...int) int {
	t := 0
	for _, x := range xs {
		t += x
	}
	return t
}

func join(sep string, parts ...string) string { return strings.Join(parts, sep) }

func apply(f func(int) int, xs ...int) []int {
	out := make([]int, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

func main() {
	fmt.Println(sum(), sum(1), sum(1, 2, 3))
	nums := []int{4, 5, 6}
	fmt.Println(sum(nums...))
	fmt.Println(join("-"), join("-", "a"), join(", ", "a", "b"))
	fmt.Println(apply(func(x int) int { return x * x }, nums...))
	ops := map[string]func(int, int) int{
		"add": func(a, b int) int { return a + b },
		"mul": func(a, b int) int { return a * b },
	}
	fmt.Println(ops["add"](2, 3), ops["mul"](2, 3))
	var anyArgs []any = []any{1, "a"}
	fmt.Println(anyArgs...)
}
