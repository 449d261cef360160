// The maps and cmp packages.
package main

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
)

type emp struct {
	Name string
	Dept string
	Age  int
}

func main() {
	m := map[string]int{"a": 1, "b": 2}
	c := maps.Clone(m)
	c["c"] = 3
	fmt.Println(m, c, maps.Equal(m, c))
	delete(c, "c")
	fmt.Println(maps.Equal(m, c))
	maps.DeleteFunc(c, func(k string, v int) bool { return v > 1 })
	fmt.Println(c)
	maps.Copy(c, map[string]int{"z": 26})
	fmt.Println(c, maps.EqualFunc(m, m, func(a, b int) bool { return a == b }))
	fmt.Println(cmp.Compare(1, 2), cmp.Compare("b", "a"), cmp.Compare(2.0, 2.0), cmp.Less(1, 2))
	fmt.Println(cmp.Or(0, 0, 3, 4), cmp.Or("", "default"))
	es := []emp{{"ann", "eng", 30}, {"bob", "ops", 25}, {"cid", "eng", 25}, {"dee", "ops", 40}}
	slices.SortFunc(es, func(a, b emp) int {
		return cmp.Or(
			strings.Compare(a.Dept, b.Dept),
			cmp.Compare(b.Age, a.Age),
		)
	})
	for _, e := range es {
		fmt.Print(e.Name, " ")
	}
	fmt.Println()
	oldest := slices.MaxFunc(es, func(a, b emp) int { return cmp.Compare(a.Age, b.Age) })
	fmt.Println(oldest)
}
