// Closures made in a loop and handed to time.AfterFunc each see their
// own loop variable.
package main

import (
	"fmt"
	"slices"
	"sync"
	"time"
)

func main() {
	var mu sync.Mutex
	var wg sync.WaitGroup
	var got []int
	for i := range 4 {
		wg.Add(1)
		time.AfterFunc(time.Millisecond, func() {
			defer wg.Done()
			mu.Lock()
			got = append(got, i)
			mu.Unlock()
		})
	}
	wg.Wait()
	slices.Sort(got)
	fmt.Println(got)
}
