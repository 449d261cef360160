// Nil values of every kind print as Go prints them.
package main

import "fmt"

type T struct{ A int }

func main() {
	var p *T
	var m map[string]int
	var s []string
	var f func()
	var c chan int
	var e error
	var a any
	fmt.Println(p, m, s, f == nil, c, e, a)
	fmt.Printf("%v %+v %#v\n", p, p, p)
	fmt.Printf("%#v %#v %#v %#v\n", m, s, e, a)
	fmt.Printf("%d %s %T %T\n", s, s, e, a)
	fmt.Printf("[%v] [%5v]\n", nil, nil)
}
