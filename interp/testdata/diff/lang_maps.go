// Maps: zero values for missing keys, comma ok, delete, maps of slices
// and of structs, clear.
package main

import "fmt"

type point struct{ X, Y int }

func main() {
	m := map[string]int{}
	m["a"]++
	m["a"]++
	m["b"] += 5
	v, ok := m["zzz"]
	fmt.Println(m, v, ok, len(m))
	delete(m, "a")
	delete(m, "nothing")
	fmt.Println(m)
	groups := map[bool][]int{}
	for i := range 7 {
		groups[i%2 == 0] = append(groups[i%2 == 0], i)
	}
	fmt.Println(groups)
	pts := map[string]point{"p": {1, 2}}
	p := pts["p"]
	p.X = 10
	pts["p"] = p
	fmt.Println(pts)
	ptr := map[string]*point{"q": {3, 4}}
	ptr["q"].Y = 40
	fmt.Println(*ptr["q"])
	clear(m)
	fmt.Println(m, len(m))
	counts := map[rune]int{}
	for _, r := range "mississippi" {
		counts[r]++
	}
	fmt.Println(counts)
	nested := map[string]map[string]bool{}
	if nested["x"] == nil {
		nested["x"] = map[string]bool{}
	}
	nested["x"]["y"] = true
	fmt.Println(nested, nested["none"]["y"])
}
