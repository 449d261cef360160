// Defined types over basic types, slices and maps print with %v, %T and
// %#v as Go prints them.
package main

import "fmt"

type Celsius float64
type Names []string
type Index map[string]int
type Flag bool

func main() {
	c := Celsius(21.5)
	n := Names{"a", "b"}
	ix := Index{"x": 1}
	f := Flag(true)
	fmt.Println(c, n, ix, f)
	fmt.Printf("%T %T %T %T\n", c, n, ix, f)
	fmt.Printf("%#v %#v %#v %#v\n", c, n, ix, f)
	fmt.Printf("%v %.1f\n", c*2, c+0.25)
}
