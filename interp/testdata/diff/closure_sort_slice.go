// Closures handed to compiled code: sort.Slice and slices.SortFunc with
// a comparison that captures local state.
package main

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

type person struct {
	Name string
	Age  int
}

func main() {
	people := []person{{"Alice", 30}, {"bob", 25}, {"Carol", 35}, {"dave", 25}}
	calls := 0
	sort.Slice(people, func(i, j int) bool {
		calls++
		if people[i].Age != people[j].Age {
			return people[i].Age < people[j].Age
		}
		return people[i].Name < people[j].Name
	})
	fmt.Println(people, calls > 0)
	byName := slices.Clone(people)
	slices.SortFunc(byName, func(a, b person) int {
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
	fmt.Println(byName)
	sort.SliceStable(people, func(i, j int) bool { return people[i].Name[0] < people[j].Name[0] })
	fmt.Println(people)
	idx := sort.Search(100, func(i int) bool { return i*i >= 50 })
	fmt.Println(idx)
}
