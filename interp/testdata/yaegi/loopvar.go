// A loop shares its variables across iterations, as Go did before 1.22.
package main

import "fmt"

func main() {
	var fs []func() int
	for i := 0; i < 3; i++ {
		fs = append(fs, func() int { return i })
	}
	fmt.Println(fs[0](), fs[1](), fs[2]())
}

// Go prints:
// 0 1 2

// yaegi v0.16.1 prints:
// 3 3 3
