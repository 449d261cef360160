// sync.Mutex, sync.RWMutex, sync.Once and sync/atomic under goroutines.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

type SafeMap struct {
	mu sync.RWMutex
	m  map[int]int
}

func (s *SafeMap) Inc(k int) {
	s.mu.Lock()
	s.m[k]++
	s.mu.Unlock()
}

func (s *SafeMap) Get(k int) int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.m[k]
}

func main() {
	sm := &SafeMap{m: map[int]int{}}
	var once sync.Once
	var inits, total atomic.Int64
	var n int32
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			once.Do(func() { inits.Add(1) })
			sm.Inc(i % 5)
			total.Add(int64(i))
			atomic.AddInt32(&n, 1)
		}()
	}
	wg.Wait()
	fmt.Println(inits.Load(), total.Load(), atomic.LoadInt32(&n), sm.Get(0), sm.Get(4), len(sm.m))
	v := sync.OnceValue(func() int { fmt.Println("computing"); return 42 })
	fmt.Println(v(), v())
}
