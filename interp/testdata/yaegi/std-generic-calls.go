// The Go 1.22 sources of maps.Clone and slices.Compact call the runtime's
// map clone and the clear builtin, which yaegi lacks (with the type
// arguments given, as the kernel gives them).
package main

import (
	"fmt"
	"maps"
	"slices"
)

func main() {
	fmt.Println(maps.Clone[map[string]int, string, int](map[string]int{"a": 1}))
	fmt.Println(slices.Compact[[]int, int]([]int{1, 1, 2}))
}

// Go prints:
// map[a:1]
// [1 2]

// yaegi v0.16.1 prints:
// error: panic: 14:2: CFG post-order panic: runtime error: invalid memory address or nil pointer dereference
