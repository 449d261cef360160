// A nil pointer of an interpreted type made an interface of compiled code
// other than error (fmt.Stringer) becomes the nil interface, as for
// error: yaegi's wrapper gives a nil value the interface's zero value.
package main

import "fmt"

type Cell struct{}

func (c *Cell) String() string { return "cell" }

func main() {
	var c *Cell
	var s fmt.Stringer = c
	fmt.Println(s == nil)
}

// Go prints:
// false

// yaegi v0.16.1 prints:
// true
