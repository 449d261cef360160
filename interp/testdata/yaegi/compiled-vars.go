// A variable of a compiled package used in a function is read once, when
// the function is compiled (here it is set through *&, which works).
package main

import (
	"fmt"
	"runtime"
)

func set() bool { return runtime.MemProfileRate != 0 }

func next() int { return runtime.MemProfileRate + 1 }

func main() {
	old := runtime.MemProfileRate
	*&runtime.MemProfileRate = 0
	fmt.Println(set(), next(), 0 != runtime.MemProfileRate)
	*&runtime.MemProfileRate = old
}

// Go prints:
// false 1 false

// yaegi v0.16.1 prints:
// true 524289 false
