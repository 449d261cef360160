// In a const declaration with a spec of several names, yaegi counts iota
// per name: here it finds no value for the second spec.
package main

import "fmt"

const (
	a, b = iota, iota * 10
	c, d = iota, iota * 10
	e, f
)

func main() { fmt.Println(a, b, c, d, e, f) }

// Go prints:
// 0 0 1 10 2 20

// yaegi v0.16.1 prints:
// error: constant definition loop
