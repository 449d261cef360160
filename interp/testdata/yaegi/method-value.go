// A method value reads its receiver when it is called.
package main

import "fmt"

type T struct{ A int }

func (t T) Get() int { return t.A }

func main() {
	t := T{1}
	get := t.Get
	t.A = 5
	fmt.Println(get())
}

// Go prints:
// 1

// yaegi v0.16.1 prints:
// 5
