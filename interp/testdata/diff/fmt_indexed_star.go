// Explicit argument indexes and * widths.
package main

import "fmt"

func main() {
	fmt.Printf("%[2]d %[1]d %d\n", 1, 2)
	fmt.Printf("%[1]d %[1]x %[1]o %#[1]b\n", 10)
	fmt.Printf("|%*d|%-*d|\n", 5, 42, 4, 7)
	fmt.Printf("|%.*f|%*.*f|\n", 2, 3.14159, 8, 3, 2.71828)
	fmt.Printf("%[3]*.[2]*[1]f|\n", 12.0, 2, 6)
	fmt.Printf("%[5]d\n", 1, 2)
}
