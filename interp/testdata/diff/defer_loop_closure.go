// Deferred function literals in a loop each see their own iteration.
package main

import "fmt"

func run() {
	for i := range 3 {
		defer func() { fmt.Println("closure", i) }()
	}
}

func main() {
	run()
}
