// A goroutine recovers its own panic and reports it on a channel.
package main

import "fmt"

func safeGo(f func()) <-chan any {
	ch := make(chan any, 1)
	go func() {
		defer func() { ch <- recover() }()
		f()
	}()
	return ch
}

func main() {
	fmt.Println(<-safeGo(func() { panic("in goroutine") }))
	fmt.Println(<-safeGo(func() {}))
	var s []int
	fmt.Println(<-safeGo(func() { s[3] = 1 }))
}
