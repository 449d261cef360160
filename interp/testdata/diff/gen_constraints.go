// Constraints with ~ and unions; cmp.Ordered; comparable.
package main

import (
	"cmp"
	"fmt"
)

type Number interface {
	~int | ~int64 | ~float64
}

func Sum[T Number](xs ...T) T {
	var s T
	for _, x := range xs {
		s += x
	}
	return s
}

func MaxOf[T cmp.Ordered](a T, rest ...T) T {
	m := a
	for _, x := range rest {
		if x > m {
			m = x
		}
	}
	return m
}

func Index[T comparable](xs []T, x T) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}

type Score int

func main() {
	fmt.Println(Sum(1, 2, 3), Sum(1.5, 2.5), Sum[Score](4, 5))
	fmt.Printf("%T\n", Sum[Score](1))
	fmt.Println(MaxOf(3, 9, 2), MaxOf("pear", "apple"), MaxOf(2.5))
	fmt.Println(Index([]string{"a", "b"}, "b"), Index([]Score{1, 2}, 3))
}
