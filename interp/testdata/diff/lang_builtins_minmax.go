// min, max and clear, the builtins of Go 1.21.
package main

import "fmt"

func main() {
	fmt.Println(min(3, 1, 2), max(3, 1, 2), min(2.5, 1), max("b", "a", "c"))
	x, y := 7, -3
	fmt.Println(min(x, y), max(x, y, 0))
	s := []int{1, 2, 3}
	clear(s)
	fmt.Println(s, len(s))
	m := map[int]bool{1: true}
	clear(m)
	fmt.Println(m)
	fmt.Println(min(1.5, 2), max(int8(3), 4))
}
