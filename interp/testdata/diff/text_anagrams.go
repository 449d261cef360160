// Grouping anagrams with sorted-rune keys.
package main

import (
	"fmt"
	"slices"
	"strings"
)

func key(w string) string {
	r := []rune(w)
	slices.Sort(r)
	return string(r)
}

func main() {
	words := strings.Fields("listen silent enlist google inlets banana tinsel elgoog abc cab bca")
	groups := map[string][]string{}
	for _, w := range words {
		k := key(w)
		groups[k] = append(groups[k], w)
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		fmt.Println(k, groups[k])
	}
}
