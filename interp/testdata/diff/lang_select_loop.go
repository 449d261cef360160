// A select loop over several producers with a labelled break when all
// are done.
package main

import (
	"fmt"
	"sort"
)

func main() {
	a, b := make(chan int), make(chan string)
	go func() {
		for i := range 3 {
			a <- i
		}
		close(a)
	}()
	go func() {
		for _, s := range []string{"x", "y"} {
			b <- s
		}
		close(b)
	}()
	var got []string
loop:
	for {
		select {
		case v, ok := <-a:
			if !ok {
				a = nil
				if b == nil {
					break loop
				}
				continue
			}
			got = append(got, fmt.Sprint(v))
		case s, ok := <-b:
			if !ok {
				b = nil
				if a == nil {
					break loop
				}
				continue
			}
			got = append(got, s)
		}
	}
	sort.Strings(got)
	fmt.Println(got)
}
