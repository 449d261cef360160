// Embedding a generic type in a struct.
package main

import "fmt"

type Box[T any] struct {
	Val T
}

func (b Box[T]) Get() T { return b.Val }

type Labeled struct {
	Box[int]
	Label string
}

func main() {
	l := Labeled{Box[int]{7}, "seven"}
	fmt.Println(l.Get(), l.Val, l.Label)
	fmt.Printf("%+v\n", l)
}
