// An instance of a generic alias.
package main

import "fmt"

type Set[T comparable] = map[T]bool

func main() {
	s := Set[string]{"x": true}
	fmt.Println(len(s))
}

// Go prints:
// 1

// yaegi v0.16.1 prints:
// error: panic: 9:7: CFG post-order panic: 6:30: incomplete type T
