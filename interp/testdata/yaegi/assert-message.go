// A failed type assertion to a type of the interpreted program names its
// runtime type, a struct type of reflect, and not the static type of the
// value asserted.
package main

import "fmt"

type Shape interface{ Area() float64 }

type Sq struct{ S float64 }

func (q Sq) Area() float64 { return q.S * q.S }

type Circle struct{ R float64 }

func (c Circle) Area() float64 { return 3 * c.R * c.R }

func main() {
	defer func() { fmt.Println(recover()) }()
	var sh Shape = Sq{2}
	_ = sh.(Circle)
}

// Go prints:
// interface conversion: main.Shape is main.Sq, not main.Circle

// yaegi v0.16.1 prints:
// 21:6: interface conversion: interface {} is struct { S float64 }, not struct { R float64 }
