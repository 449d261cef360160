// The sort package: sorting basic slices, by key, stably, searching.
package main

import (
	"fmt"
	"sort"
)

type item struct {
	name  string
	score int
}

func main() {
	ints := []int{3, 1, 2}
	strs := []string{"banana", "Apple", "cherry"}
	sort.Ints(ints)
	sort.Strings(strs)
	fmt.Println(ints, strs, sort.IntsAreSorted(ints))
	items := []item{{"a", 3}, {"b", 1}, {"c", 3}, {"d", 2}}
	sort.SliceStable(items, func(i, j int) bool { return items[i].score > items[j].score })
	fmt.Println(items)
	i := sort.SearchStrings(strs, "banana")
	fmt.Println(i, sort.SearchFloat64s([]float64{1, 2, 3}, 2.5))
	x := 23
	idx, found := sort.Find(10, func(i int) int { return x - i*5 })
	fmt.Println(idx, found)
}
