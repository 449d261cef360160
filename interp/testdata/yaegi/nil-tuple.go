// A tuple assignment with an untyped nil on its right fails.
package main

import "fmt"

func main() {
	var p *int
	n := 0
	p, n = nil, 2
	fmt.Println(p == nil, n)
}

// Go prints:
// true 2

// yaegi v0.16.1 prints:
// 7:8: panic: main.main(...)
// error: reflect: New(nil)
