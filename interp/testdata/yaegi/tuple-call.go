// A tuple assignment with a call among its values assigns the wrong
// values; v, ok = m[k] leaves v unchanged on a miss.
package main

import "fmt"

func main() {
	s := []int{1, 2, 3}
	a, b := 0, 0
	a, b = len(s), 2
	fmt.Println(a, b)
	a, b = 1, len(s)
	fmt.Println(a, b)
	out, l := []int{}, []int{1, 2, 3}
	for k := 0; k < 3 && len(l) > 0; k++ {
		out, l = append(out, l[0]), l[1:]
	}
	fmt.Println(out, l)
	m := map[string]int{"k": 1}
	v, ok := m["k"]
	v, ok = m["z"]
	fmt.Println(v, ok)
}

// Go prints:
// 3 2
// 1 3
// [1 2 3] []
// 0 false

// yaegi v0.16.1 prints:
// 3 0
// 3 3
// [1 1 1] [1 2 3]
// 1 false
