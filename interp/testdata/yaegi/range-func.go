// A range over a function (Go 1.23).
package main

import "fmt"

func count(yield func(int) bool) {
	for i := 0; i < 3; i++ {
		if !yield(i) {
			return
		}
	}
}

func main() {
	for i := range count {
		fmt.Println(i)
	}
}

// Go prints:
// 0
// 1
// 2

// yaegi v0.16.1 prints:
// error: panic: nil type
