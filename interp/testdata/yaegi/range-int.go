// A range over an integer fails.
package main

import "fmt"

func main() {
	n := 3
	for i := range n {
		fmt.Print(i, " ")
	}
	fmt.Println()
}

// Go prints:
// 0 1 2

// yaegi v0.16.1 prints:
// error: panic: nil type
