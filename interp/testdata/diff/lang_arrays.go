// Arrays are values: copied on assignment and call, comparable.
package main

import "fmt"

func double(a [3]int) [3]int {
	for i := range a {
		a[i] *= 2
	}
	return a
}

func main() {
	a := [3]int{1, 2, 3}
	b := a
	b[0] = 100
	c := double(a)
	fmt.Println(a, b, c, a == [3]int{1, 2, 3}, a != b)
	var grid [2][3]string
	grid[1][2] = "x"
	fmt.Printf("%q %d\n", grid, len(grid[0]))
	d := [...]string{2: "two", 0: "zero"}
	fmt.Println(len(d), d)
	p := &a
	p[1] = 50
	fmt.Println(a, len(p))
	type pair [2]int
	m := map[pair]string{{1, 2}: "a"}
	fmt.Println(m[pair{1, 2}])
}
