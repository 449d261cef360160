// Inference through a core type: S ~[]E.
package main

import "fmt"

func Last[S ~[]E, E any](s S) E {
	return s[len(s)-1]
}

func Grow[S ~[]E, E any](s S, e E) S {
	return append(s, e)
}

type IDs []int

func main() {
	ids := IDs{1, 2, 3}
	fmt.Println(Last(ids), Last([]string{"x", "y"}))
	more := Grow(ids, 4)
	fmt.Printf("%v %T\n", more, more)
}
