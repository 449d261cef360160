// Pointers to composite values print with &; pointers to basic values
// and nested pointers are addresses, compared rather than printed.
package main

import "fmt"

type T struct {
	A int
	B []string
}

func main() {
	s := []int{1, 2}
	m := map[string]int{"k": 1}
	a := [2]bool{true}
	t := T{1, []string{"x"}}
	fmt.Println(&s, &m, &a, &t)
	fmt.Printf("%v %+v %#v\n", &t, &t, &a)
	n := 5
	p := &n
	q := &n
	fmt.Println(p == q, *p, p != nil)
	fmt.Printf("%T %T %T\n", p, &p, &t)
	pt := &t
	pt.B = append(pt.B, "y")
	fmt.Println(t.B)
}
