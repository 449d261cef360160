// Type aliases versus defined types, and a generic alias.
package main

import "fmt"

type MyInt = int
type Celsius int

type Set[T comparable] = map[T]bool

func takesInt(i int) int { return i * 2 }

func main() {
	var a MyInt = 5
	fmt.Println(takesInt(a))
	var c Celsius = 5
	fmt.Println(takesInt(int(c)))
	fmt.Printf("%T %T\n", a, c)
	s := Set[string]{"x": true}
	var m map[string]bool = s
	fmt.Println(m, len(s))
	fmt.Printf("%T\n", s)
}
