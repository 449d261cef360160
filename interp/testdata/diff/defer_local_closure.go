// Deferring a closure made in the same function.
package main

import "fmt"

func cleanup() (out string) {
	done := func() { out += " cleaned" }
	defer done()
	out = "worked"
	return out
}

func main() {
	fmt.Println(cleanup())
}
