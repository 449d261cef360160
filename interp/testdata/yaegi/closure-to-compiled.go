// A function literal handed to compiled code sees the variables of the
// last iteration of the loop it was made in.
package main

import (
	"fmt"
	"sync"
)

func main() {
	var fs []func()
	for i := 0; i < 3; i++ {
		v := i
		fs = append(fs, sync.OnceFunc(func() { fmt.Print(v, " ") }))
	}
	for _, f := range fs {
		f()
	}
	fmt.Println()
}

// Go prints:
// 0 1 2

// yaegi v0.16.1 prints:
// 2 2 2
