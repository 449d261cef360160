// Go 1.22: each iteration has its own loop variables, so closures made
// in a loop see different values.
package main

import "fmt"

func main() {
	var fs []func() int
	for i := 0; i < 3; i++ {
		fs = append(fs, func() int { return i * 10 })
	}
	for _, v := range []string{"a", "b"} {
		fs = append(fs, func() int { return len(v) + 100 })
	}
	for i := range 2 {
		fs = append(fs, func() int { return -i })
	}
	for _, f := range fs {
		fmt.Print(f(), " ")
	}
	fmt.Println()
	var ptrs []*int
	for i := 0; i < 3; i++ {
		ptrs = append(ptrs, &i)
	}
	for _, p := range ptrs {
		fmt.Print(*p, " ")
	}
	fmt.Println()
	for i := 0; i < 3; i++ {
		i := i * 2
		defer func() { fmt.Print(i, " ") }()
	}
}
