// A receive as the operand of a return fails; one assigned to a named
// result leaves it 0 (yaegi #1725 is the same message).
package main

import "fmt"

func recv() int {
	ch := make(chan int, 1)
	ch <- 4
	return <-ch
}

func named() (r int) {
	ch := make(chan int, 1)
	ch <- 5
	r = <-ch
	return
}

func main() {
	fmt.Println(named())
	fmt.Println(recv())
}

// Go prints:
// 5
// 4

// yaegi v0.16.1 prints:
// 0
// 8:8: panic: main.recv(...)
// 21:2: panic: main.main(...)
// error: reflect: reflect.Value.Set using unaddressable value
