// The forms of for: three-clause, condition only, infinite with break,
// range over int, string, array, slice, map, channel.
package main

import (
	"fmt"
	"sort"
)

func main() {
	for i := 0; i < 3; i++ {
		fmt.Print(i)
	}
	n := 1
	for n < 100 {
		n *= 3
	}
	fmt.Println(" n", n)
	for {
		n--
		if n%10 == 0 {
			break
		}
	}
	fmt.Println(n)
	for i := range 3 {
		fmt.Print(i, ";")
	}
	for range 2 {
		fmt.Print("x")
	}
	fmt.Println()
	arr := [3]int{1, 2, 3}
	for i, v := range arr {
		arr[2] = 100
		fmt.Print(i, v, " ")
	}
	fmt.Println(arr)
	m := map[string]int{"b": 2, "a": 1, "c": 3}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Println(keys)
	ch := make(chan int, 3)
	ch <- 1
	ch <- 2
	close(ch)
	for v := range ch {
		fmt.Print(v)
	}
	fmt.Println()
	var i int
	for i = range 5 {
	}
	fmt.Println(i)
}
