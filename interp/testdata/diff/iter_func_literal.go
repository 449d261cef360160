// Range over a plain function literal, with a counter of yields.
package main

import "fmt"

func main() {
	yields := 0
	fib := func(yield func(int) bool) {
		a, b := 0, 1
		for {
			yields++
			if !yield(a) {
				return
			}
			a, b = b, a+b
		}
	}
	for v := range fib {
		if v > 50 {
			break
		}
		fmt.Print(v, " ")
	}
	fmt.Println(yields)
	pairs := func(yield func(string, int) bool) {
		_ = yield("a", 1) && yield("b", 2)
	}
	for k, v := range pairs {
		fmt.Print(k, v, ";")
	}
	fmt.Println()
	for range pairs {
		fmt.Print(".")
	}
	fmt.Println()
}
