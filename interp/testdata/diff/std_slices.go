// The slices package: sorting, searching, editing, comparing.
package main

import (
	"fmt"
	"slices"
)

func main() {
	s := []int{5, 2, 8, 2, 9, 1}
	slices.Sort(s)
	fmt.Println(s, slices.IsSorted(s))
	i, found := slices.BinarySearch(s, 8)
	j, found2 := slices.BinarySearch(s, 7)
	fmt.Println(i, found, j, found2)
	fmt.Println(slices.Contains(s, 9), slices.Index(s, 2), slices.Max(s), slices.Min(s))
	s = slices.Insert(s, 1, 100, 101)
	fmt.Println(s)
	s = slices.Delete(s, 1, 3)
	fmt.Println(s)
	fmt.Println(slices.Compact([]int{1, 1, 2, 2, 2, 3, 1}))
	r := slices.Clone(s)
	slices.Reverse(r)
	fmt.Println(r, s)
	fmt.Println(slices.Equal(s, r), slices.Equal([]int{1}, []int{1}), slices.Compare([]int{1, 2}, []int{1, 3}))
	fmt.Println(slices.Concat([]int{1}, []int{2, 3}, nil, []int{4}), slices.Repeat([]string{"a"}, 3))
	fmt.Println(slices.IndexFunc(s, func(v int) bool { return v > 4 }), slices.ContainsFunc(s, func(v int) bool { return v < 0 }))
	g := slices.Grow([]int{1}, 10)
	fmt.Println(len(g), cap(g) >= 11)
	words := []string{"bb", "a", "ccc", "dd"}
	slices.SortStableFunc(words, func(a, b string) int { return len(a) - len(b) })
	fmt.Println(words, slices.DeleteFunc(words, func(w string) bool { return len(w) == 2 }))
	fmt.Println(slices.Replace([]int{0, 1, 2, 3}, 1, 3, 9))
}
