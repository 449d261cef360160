// Goroutines writing to their own slots of a slice, started in a loop.
package main

import (
	"fmt"
	"sync"
)

func collatz(n int) int {
	steps := 0
	for n != 1 {
		if n%2 == 0 {
			n /= 2
		} else {
			n = 3*n + 1
		}
		steps++
	}
	return steps
}

func main() {
	out := make([]int, 10)
	var wg sync.WaitGroup
	for i := range out {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = collatz(i + 1)
		}()
	}
	wg.Wait()
	fmt.Println(out)
	ch := make(chan [2]int)
	for _, n := range []int{27, 97} {
		go func(n int) { ch <- [2]int{n, collatz(n)} }(n)
	}
	a, b := <-ch, <-ch
	if a[0] > b[0] {
		a, b = b, a
	}
	fmt.Println(a, b)
}
