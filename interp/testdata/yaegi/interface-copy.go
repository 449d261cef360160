// A value of a type with methods put in an interface is not copied: the
// interface keeps the storage of the variable, or of the call's result,
// it was made from.
package main

import "fmt"

type Summer interface{ Sum() int }

type T struct{ A int }

func (t T) Sum() int { return t.A }

func mk(i int) T { return T{i} }

func main() {
	w := T{1}
	var j Summer = w
	var a any = w
	w.A = 50
	fmt.Println(j.Sum(), a.(T).A)
	var xs []Summer
	for i := 0; i < 3; i++ {
		xs = append(xs, mk(i))
	}
	fmt.Println(xs[0].Sum(), xs[1].Sum(), xs[2].Sum())
}

// Go prints:
// 1 1
// 0 1 2

// yaegi v0.16.1 prints:
// 50 50
// 2 2 2
