// Closures keep their own variables, one set per call of their maker.
package main

import "fmt"

func counter(start int) (inc func() int, get func() int) {
	n := start
	inc = func() int { n++; return n }
	get = func() int { return n }
	return
}

func main() {
	inc1, get1 := counter(0)
	inc2, get2 := counter(100)
	inc1()
	inc1()
	inc2()
	fmt.Println(get1(), get2(), inc1(), get1())
	x := 1
	add := func(d int) { x += d }
	add(5)
	add(10)
	fmt.Println(x)
}
