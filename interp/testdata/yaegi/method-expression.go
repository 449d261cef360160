// A method expression used as a value is a function of the wrong type
// (in a cell, where the variable is global, it takes the wrong arguments).
package main

import "fmt"

type Acc struct{ total int }

func (a *Acc) Add(n int) { a.total += n }

func main() {
	a := &Acc{}
	f := (*Acc).Add
	f(a, 10)
	fmt.Println(a.total)
}

// Go prints:
// 10

// yaegi v0.16.1 prints:
// 12:8: panic: main.main(...)
// error: reflect.Set: value of type func(int) is not assignable to type func(*struct { Xtotal int }, int)
