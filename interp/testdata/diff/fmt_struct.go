// Structs printed with %v, %+v and %#v, nested and through pointers.
package main

import "fmt"

type Point struct {
	X, Y int
}

type Line struct {
	Name     string
	From, To Point
	Tags     []string
	weight   float64
}

func main() {
	p := Point{1, 2}
	l := Line{Name: "l", From: p, To: Point{3, 4}, Tags: []string{"a"}, weight: 0.5}
	fmt.Printf("%v\n%+v\n%#v\n", p, p, p)
	fmt.Printf("%v\n%+v\n%#v\n", l, l, l)
	fmt.Printf("%v %+v\n", &p, &l)
	fmt.Println(Line{}, []Point{{1, 2}, {3, 4}})
	fmt.Printf("%#v\n", []Point{{5, 6}})
	fmt.Printf("%v %#v\n", struct{}{}, struct{ A int }{3})
}
