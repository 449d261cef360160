// A buffered channel as a semaphore bounding concurrency; the maximum
// seen is checked.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

func main() {
	sem := make(chan struct{}, 3)
	var running, peak atomic.Int32
	var wg sync.WaitGroup
	results := make([]int, 12)
	for i := range results {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			n := running.Add(1)
			for {
				p := peak.Load()
				if n <= p || peak.CompareAndSwap(p, n) {
					break
				}
			}
			results[i] = i * 3
			running.Add(-1)
		})
	}
	wg.Wait()
	fmt.Println(results, peak.Load() <= 3, running.Load())
}
