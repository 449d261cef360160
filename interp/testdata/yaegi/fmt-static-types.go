// A type declared over a non-struct type is its underlying type to
// reflect: %T and %#v lose its name, and fmt calls no String method of
// its values in a slice.
package main

import "fmt"

type Celsius float64

type Names []string

type Color int

func (c Color) String() string { return [...]string{"red", "green"}[c] }

func main() {
	fmt.Printf("%T %#v\n", Celsius(2), Names{"a"})
	fmt.Println([]Color{1, 0})
}

// Go prints:
// main.Celsius main.Names{"a"}
// [green red]

// yaegi v0.16.1 prints:
// float64 []string{"a"}
// [1 0]
