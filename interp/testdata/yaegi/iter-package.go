// yaegi has no package iter.
package main

import (
	"fmt"
	"iter"
)

func count(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := 0; i < n; i++ {
			if !yield(i) {
				return
			}
		}
	}
}

func main() {
	count(3)(func(i int) bool { fmt.Println(i); return true })
}

// Go prints:
// 0
// 1
// 2

// yaegi v0.16.1 prints:
// error: import "iter" error: unable to find source related to: "iter". Either the GOPATH environment variable, or the Interpreter.Options.GoPath needs to be set
