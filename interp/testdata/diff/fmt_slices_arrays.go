// Slices, arrays and nested slices with several verbs.
package main

import "fmt"

func main() {
	var nilSlice []int
	empty := []int{}
	arr := [3]string{"a", "b"}
	grid := [][]int{{1, 2}, {3}, nil}
	fmt.Println(nilSlice, empty, arr, grid, len(arr))
	fmt.Printf("%v %#v %#v %#v\n", nilSlice, nilSlice, empty, arr)
	fmt.Printf("%d %x %X %o\n", []int{10, 11}, []int{10, 11}, []uint8{250}, [2]int{8, 9})
	fmt.Printf("%5d|%-4d|\n", []int{1, 2}, []int{3})
	fmt.Printf("%.1f %v\n", []float64{1, 2.25}, []float32{0.5})
	fmt.Printf("%v %#v\n", []any{1, "a", nil, 2.5}, []any{1, "a", nil})
	fmt.Printf("%v %v\n", [2][2]bool{{true}, {false, true}}, []*int{nil})
}
