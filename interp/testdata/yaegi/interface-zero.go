// *new(I) of an interface type of the program is not nil in yaegi (a
// value with the interface's node and no value), where Go has the nil
// interface; I(nil) and var x I are nil.
package main

import "fmt"

type I interface{ M() }

func main() {
	x := *new(I)
	p := new(I)
	fmt.Println(x == nil, *p == nil, I(nil) == nil)
}

// Go prints:
// true true true

// yaegi v0.16.1 prints:
// false false true
