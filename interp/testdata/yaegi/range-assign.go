// A range that assigns existing variables leaves them unchanged.
package main

import "fmt"

func main() {
	var i, v int
	for i, v = range []int{7, 8, 9} {
	}
	fmt.Println(i, v)
}

// Go prints:
// 2 9

// yaegi v0.16.1 prints:
// 0 0
