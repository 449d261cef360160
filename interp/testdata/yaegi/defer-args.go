// A deferred call's arguments are read when the call runs.
package main

import "fmt"

func show() {
	x := 1
	defer fmt.Println("deferred:", x)
	x = 2
}

func main() {
	show()
}

// Go prints:
// deferred: 1

// yaegi v0.16.1 prints:
// deferred: 2
