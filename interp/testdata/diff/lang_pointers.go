// Pointers: new, address of fields and elements, pointer to pointer.
package main

import "fmt"

type node struct {
	val  int
	next *node
}

func inc(p *int) { *p++ }

func main() {
	x := 1
	inc(&x)
	inc(&x)
	p := new(int)
	*p = 7
	pp := &p
	**pp++
	fmt.Println(x, *p)
	arr := []int{1, 2, 3}
	e := &arr[1]
	*e = 20
	fmt.Println(arr)
	var head *node
	for i := 3; i > 0; i-- {
		head = &node{i, head}
	}
	for n := head; n != nil; n = n.next {
		fmt.Print(n.val, " ")
	}
	fmt.Println()
	type S struct{ F [2]int }
	s := S{}
	f := &s.F[1]
	*f = 9
	fmt.Println(s, p != nil, head.next.next.next == nil)
}
