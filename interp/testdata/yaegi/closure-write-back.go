// A closure, when its call ends, writes back into the frame that made it
// the value its slot had before: a literal made again in a loop, then
// used after a call of an older closure of it, is replaced by that
// older one's predecessor (here nothing).
package main

import "fmt"

func both(f func() int, n int) func() int {
	fmt.Println(f(), n)
	return f
}

func main() {
	defer func() {
		if r := recover(); r != nil {
			fmt.Println("panic")
		}
	}()
	prev := func() int { return -1 }
	for i := 0; i < 3; i++ {
		prev = both(func() int { return i * 10 }, prev())
	}
}

// Go prints:
// 0 -1
// 10 0
// 20 10

// yaegi v0.16.1 prints:
// 0 -1
// 10:2: panic: main.both(...)
// panic
