// make of a receive-only channel type panics in reflect.
package main

import "fmt"

func main() {
	c := make(<-chan bool)
	fmt.Printf("%T\n", c)
}

// Go prints:
// <-chan bool

// yaegi v0.16.1 prints:
// 7:7: panic: main.main(...)
// error: reflect.MakeChan: unidirectional channel type
