// A break out of a loop, or a continue, written as the last statement of
// a select case breaks only the select; a plain break nested in a case
// breaks the loop.
package main

import "fmt"

func main() {
	c := make(chan int, 10)
	for i := 0; i < 10; i++ {
		c <- i
	}
	rounds := 0
loop:
	for rounds < 3 {
		rounds++
		select {
		case <-c:
			break loop
		}
	}
	after := 0
	for i := 0; i < 2; i++ {
		select {
		case <-c:
			continue
		}
		after++
	}
	nested := 0
	for i := 0; i < 2; i++ {
		select {
		case <-c:
			if i >= 0 {
				break
			}
		}
		nested++
	}
	fmt.Println(rounds, after, nested)
}

// Go prints:
// 1 0 2

// yaegi v0.16.1 prints:
// 3 2 0
