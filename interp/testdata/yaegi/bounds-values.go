// A slice bound out of range panics in reflect, whose message names
// neither the bound nor the capacity.
package main

import "fmt"

func main() {
	defer func() { fmt.Println(recover()) }()
	s := []int{1, 2, 3}
	i := 5
	_ = s[1:i]
}

// Go prints:
// runtime error: slice bounds out of range [:5] with capacity 3

// yaegi v0.16.1 prints:
// reflect.Value.Slice: slice index out of bounds
