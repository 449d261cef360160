// A package-level variable initialised by a generic call.
package main

import "fmt"

func Id[T any](v T) T { return v }

func Zero[T any]() (z T) { return }

var x = Id(1)
var s = Id("s")
var z = Zero[float64]()

func main() {
	fmt.Println(x, s, z)
	fmt.Printf("%T %T %T\n", x, s, z)
}
