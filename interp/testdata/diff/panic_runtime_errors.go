// Run-time errors recovered as runtime.Error values, with Go's messages.
package main

import (
	"fmt"
	"runtime"
)

func try(name string, f func()) {
	defer func() {
		r := recover()
		_, isRT := r.(runtime.Error)
		fmt.Printf("%s: %v (runtime.Error: %v)\n", name, r, isRT)
	}()
	f()
}

func main() {
	s := []int{1, 2, 3}
	i := 5
	var m map[string]int
	var p *struct{ X int }
	zero := 0
	var a any = "str"
	try("index", func() { _ = s[i] })
	try("slice", func() { _ = s[1:i] })
	try("nil map", func() { m["a"] = 1 })
	try("nil pointer", func() { _ = p.X })
	try("divide", func() { _ = 10 / zero })
	try("assert", func() { _ = a.(int) })
	try("closed channel", func() {
		c := make(chan int)
		close(c)
		close(c)
	})
	try("negative make", func() { _ = make([]int, zero-1) })
}
