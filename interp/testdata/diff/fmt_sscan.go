// Sscanf, Sscan and Sscanln parse text.
package main

import "fmt"

func main() {
	var name string
	var age int
	var h float64
	n, err := fmt.Sscanf("alice 30 1.68", "%s %d %f", &name, &age, &h)
	fmt.Println(n, err, name, age, h)
	var a, b int
	n, err = fmt.Sscan("7\n  8", &a, &b)
	fmt.Println(n, err, a, b)
	n, err = fmt.Sscanf("x=12,y=z", "x=%d,y=%d", &a, &b)
	fmt.Println(n, err, a)
	var w1, w2 string
	n, err = fmt.Sscanln("one two\nthree", &w1, &w2)
	fmt.Println(n, err, w1, w2)
	var hx int
	fmt.Sscanf("ff", "%x", &hx)
	fmt.Println(hx)
}
