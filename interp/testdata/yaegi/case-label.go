// A labelled statement written directly in a case is undefined.
package main

import "fmt"

func main() {
	n := 0
	switch {
	case true:
	L:
		for {
			n++
			break L
		}
	}
	fmt.Println(n)
}

// Go prints:
// 1

// yaegi v0.16.1 prints:
// error: undefined: L
