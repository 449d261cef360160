// Generic grouping helpers used on records: GroupBy, SumBy, Keys sorted.
package main

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
)

type sale struct {
	Region string
	Month  int
	Amount float64
}

func GroupBy[T any, K comparable](xs []T, key func(T) K) map[K][]T {
	g := map[K][]T{}
	for _, x := range xs {
		k := key(x)
		g[k] = append(g[k], x)
	}
	return g
}

func SumBy[T any, N int | float64](xs []T, f func(T) N) N {
	var s N
	for _, x := range xs {
		s += f(x)
	}
	return s
}

func SortedKeys[K cmp.Ordered, V any](m map[K]V) []K {
	return slices.Sorted(maps.Keys(m))
}

func main() {
	sales := []sale{{"north", 1, 10}, {"south", 1, 5.5}, {"north", 2, 7.25}, {"east", 2, 3}, {"south", 3, 1}}
	byRegion := GroupBy(sales, func(s sale) string { return s.Region })
	for _, r := range SortedKeys(byRegion) {
		fmt.Printf("%-6s %6.2f %d\n", r, SumBy(byRegion[r], func(s sale) float64 { return s.Amount }), len(byRegion[r]))
	}
	byMonth := GroupBy(sales, func(s sale) int { return s.Month })
	fmt.Println(SortedKeys(byMonth), SumBy(sales, func(s sale) int { return s.Month }))
}
