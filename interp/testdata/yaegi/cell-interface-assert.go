// An any holding a value of a struct type asserts to an interface that
// type implements: false.
package main

import "fmt"

type Named interface{ Name() string }

type T struct{ n string }

func (t T) Name() string { return "T" + t.n }

func main() {
	var v any = T{"a"}
	_, ok := v.(Named)
	fmt.Println(ok)
}

// Go prints:
// true

// yaegi v0.16.1 prints:
// false
