// Sprint puts spaces only between operands that are not strings;
// Sprintln always does.
package main

import "fmt"

type S string

func main() {
	fmt.Printf("%q\n", fmt.Sprint("a", 1, 2, "b", "c", 3.5, true, false))
	fmt.Printf("%q\n", fmt.Sprint(1, "x", S("y"), 2, []int{1}, []int{2}))
	fmt.Printf("%q\n", fmt.Sprintln("a", 1, 2, "b"))
	fmt.Printf("%q\n", fmt.Sprint(nil, nil, error(nil)))
	fmt.Printf("%q\n", fmt.Sprint())
}
