// A variable declared with a receive cannot be assigned to.
package main

import "fmt"

func main() {
	ch := make(chan [2]int, 1)
	ch <- [2]int{3, 4}
	a := <-ch
	a[1] = 7
	fmt.Println(a)
}

// Go prints:
// [3 7]

// yaegi v0.16.1 prints:
// 7:8: panic: main.main(...)
// error: reflect: reflect.Value.Set using unaddressable value
