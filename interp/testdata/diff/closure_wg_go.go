// Closures made in a loop and handed to sync.WaitGroup.Go each see their
// own loop variable.
package main

import (
	"fmt"
	"sort"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	var mu sync.Mutex
	var got []int
	for i := range 5 {
		wg.Go(func() {
			mu.Lock()
			got = append(got, i*i)
			mu.Unlock()
		})
	}
	wg.Wait()
	sort.Ints(got)
	fmt.Println(got)
	results := make([]string, 3)
	for i, w := range []string{"x", "y", "z"} {
		wg.Go(func() { results[i] = w + w })
	}
	wg.Wait()
	fmt.Println(results)
}
