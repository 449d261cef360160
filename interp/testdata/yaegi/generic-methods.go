// Two generic types with a method of the same name: yaegi caches the
// method it makes for an instance under "<method>[<type arguments>]", so
// B[int] gets A[int]'s Get (the same fields: a silent wrong answer).
package main

import "fmt"

type A[T any] struct{ n int }

func (a A[T]) Get() int { return a.n + 100 }

type B[T any] struct{ n int }

func (b B[T]) Get() int { return b.n + 200 }

func main() {
	a := A[int]{1}
	b := B[int]{2}
	fmt.Println(a.Get(), b.Get())
}

// Go prints:
// 101 202

// yaegi v0.16.1 prints:
// 101 102
