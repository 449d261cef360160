// A run-time error of interpreted code is reflect's panic, a string with
// reflect's words, not a runtime.Error with Go's.
package main

import (
	"fmt"
	"runtime"
)

func main() {
	defer func() {
		r := recover()
		_, ok := r.(runtime.Error)
		fmt.Println(r, ok)
	}()
	s := []int{1, 2, 3}
	i := 5
	_ = s[i]
}

// Go prints:
// runtime error: index out of range [5] with length 3 true

// yaegi v0.16.1 prints:
// reflect: slice index out of range false
