// min, max and clear are undefined.
package main

import "fmt"

func main() {
	fmt.Println(min(3, 1, 2), max(3, 1, 2))
}

// Go prints:
// 1 3

// yaegi v0.16.1 prints:
// error: undefined: min
