// Multiple assignment, swaps, the blank identifier and shadowing.
package main

import "fmt"

func divmod(a, b int) (int, int) { return a / b, a % b }

func main() {
	a, b := 1, 2
	a, b = b, a
	fmt.Println(a, b)
	q, _ := divmod(17, 5)
	_, r := divmod(17, 5)
	fmt.Println(q, r)
	xs := []int{1, 2, 3}
	i := 0
	i, xs[i] = 2, 9
	fmt.Println(i, xs)
	x := 1
	{
		x := 2
		x++
		fmt.Println("inner", x)
	}
	if x := 10; x > 5 {
		fmt.Println("if", x)
	}
	fmt.Println("outer", x)
	var (
		u, v = "u", 3.5
		w    int
	)
	fmt.Println(u, v, w)
}
