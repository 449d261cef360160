// What fmt prints for wrong verbs, missing and extra arguments.
package main

import "fmt"

func main() {
	fmt.Printf("%d\n", "hi")
	fmt.Printf("%s\n", 42)
	fmt.Printf("%d %d\n", 1)
	fmt.Printf("%d\n", 1, 2)
	fmt.Printf("%z\n", 3)
	fmt.Printf("%!\n")
	fmt.Printf("%t\n", 1.5)
	fmt.Printf("100%\n")
	fmt.Printf("%.*d\n", "x", 5)
	fmt.Println(fmt.Sprintf("%x", struct{ A, B int }{10, 11}))
}
