// A deferred function literal in a loop reads the variables of the
// last iteration.
package main

import "fmt"

func run() {
	for i := 0; i < 3; i++ {
		i := i * 2
		defer func() { fmt.Print(i, " ") }()
	}
}

func main() {
	run()
	fmt.Println()
}

// Go prints:
// 4 2 0

// yaegi v0.16.1 prints:
// 4 4 4
