// The iterator functions of slices and maps: All, Values, Backward,
// Keys, Collect, Sorted.
package main

import (
	"fmt"
	"maps"
	"slices"
)

func main() {
	s := []string{"c", "a", "b"}
	for i, v := range slices.All(s) {
		fmt.Print(i, v, " ")
	}
	fmt.Println()
	for i, v := range slices.Backward(s) {
		fmt.Print(i, v, " ")
	}
	fmt.Println()
	fmt.Println(slices.Collect(slices.Values(s)), slices.Sorted(slices.Values(s)))
	m := map[string]int{"x": 1, "y": 2, "z": 3}
	keys := slices.Sorted(maps.Keys(m))
	vals := slices.Sorted(maps.Values(m))
	fmt.Println(keys, vals)
	m2 := maps.Collect(slices.All([]string{"p", "q"}))
	fmt.Println(m2)
	inv := map[int]string{}
	maps.Insert(inv, maps.All(map[int]string{1: "one"}))
	fmt.Println(inv)
	for c := range slices.Chunk([]int{1, 2, 3, 4, 5}, 2) {
		fmt.Print(c)
	}
	fmt.Println()
}
