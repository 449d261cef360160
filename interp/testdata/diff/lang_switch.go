// switch with and without a tag, fallthrough, init statements.
package main

import "fmt"

func classify(n int) string {
	switch {
	case n < 0:
		return "negative"
	case n == 0:
		return "zero"
	case n%2 == 0:
		return "even"
	default:
		return "odd"
	}
}

func main() {
	for _, n := range []int{-3, 0, 4, 7} {
		fmt.Print(classify(n), " ")
	}
	fmt.Println()
	for i := 0; i < 4; i++ {
		switch i {
		case 0:
			fmt.Print("zero ")
			fallthrough
		case 1:
			fmt.Print("one-or-fell ")
		case 2, 3:
			fmt.Print("two-or-three ")
		}
	}
	fmt.Println()
	switch s := "go"; s + "lang" {
	case "golang":
		fmt.Println("matched", s)
	}
	switch x := 5; {
	case x > 3:
		fmt.Println("big")
		break
	}
}
