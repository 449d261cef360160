// A call whose result is of an interface type of the interpreted program,
// nil, handed straight to a compiled function, is an invalid
// reflect.Value there.
package main

import "fmt"

type Shape interface{ Area() float64 }

func k() Shape { return nil }

func main() {
	defer func() {
		if r := recover(); r != nil {
			fmt.Println("panic:", r)
		}
	}()
	fmt.Println(k())
}

// Go prints:
// <nil>

// yaegi v0.16.1 prints:
// panic: reflect: call of reflect.Value.Interface on zero Value
