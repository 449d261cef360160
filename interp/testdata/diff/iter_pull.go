// iter.Pull turns a push iterator into next and stop functions.
package main

import (
	"fmt"
	"iter"
	"slices"
)

func main() {
	next, stop := iter.Pull(slices.Values([]int{10, 20, 30}))
	defer stop()
	for {
		v, ok := next()
		if !ok {
			break
		}
		fmt.Print(v, " ")
	}
	fmt.Println()
	n2, stop2 := iter.Pull2(slices.All([]string{"a", "b"}))
	i, s, ok := n2()
	fmt.Println(i, s, ok)
	stop2()
	_, _, ok = n2()
	fmt.Println(ok)
}
