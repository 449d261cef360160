// Maps print with their keys sorted, whatever the key type.
package main

import "fmt"

type key struct {
	A string
	B int
}

func main() {
	m1 := map[string]int{"zeta": 1, "alpha": 2, "mid": 3, "Beta": 4}
	m2 := map[int]string{10: "ten", -1: "minus", 3: "three"}
	m3 := map[float64]bool{2.5: true, -1: false, 0: true}
	m4 := map[bool]int{true: 1, false: 0}
	m5 := map[key][]int{{"b", 1}: {1}, {"a", 2}: nil, {"a", 1}: {2, 3}}
	m6 := map[string]map[string]int{"x": {"b": 2, "a": 1}, "w": {}}
	var m7 map[string]int
	fmt.Println(m1, m2, m3, m4)
	fmt.Println(m5)
	fmt.Println(m6, m7, len(m7))
	fmt.Printf("%v\n%+v\n%#v\n", m1, m5, m2)
	fmt.Printf("%#v %#v\n", m7, map[rune]byte{'b': 2, 'a': 1})
	fmt.Println(map[any]int{"b": 1, 2: 2, "a": 3, 1: 4, 1.5: 5})
}
