// A value of a type with methods held in an any, made in another
// function, reaches fmt through yaegi's wrapper, which evaluates the
// expression the value came from again, in the frame of the call of fmt.
package main

import "fmt"

type Lv int

func (l Lv) String() string { return fmt.Sprint("L", int(l)) }

type P struct{ N int }

func (p P) String() string { return fmt.Sprint("P", p.N) }

var y, z any

func set() {
	v := Lv(3)
	w := P{4}
	y = v
	z = w
}

func main() {
	set()
	fmt.Println(y)
	fmt.Printf("%v\n", z)
}

// Go prints:
// L3
// P4

// yaegi v0.16.1 prints:
// <nil>
// <nil>
