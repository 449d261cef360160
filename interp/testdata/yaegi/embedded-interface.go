// A method promoted from an embedded field of an interface type panics
// when called on the struct; through the field, or through the
// interface, it works.
package main

import "fmt"

type Shape interface{ Area() float64 }

type Sq float64

func (s Sq) Area() float64 { return float64(s * s) }

type Named struct {
	Name string
	Shape
}

func main() {
	defer func() { fmt.Println("recovered:", recover() != nil) }()
	n := Named{"n", Sq(3)}
	fmt.Println(n.Shape.Area())
	fmt.Println(n.Area())
}

// Go prints:
// 9
// 9
// recovered: false

// yaegi v0.16.1 prints:
// 9
// recovered: true
