// Method values handed to goroutines and to compiled code.
package main

import (
	"fmt"
	"strings"
	"sync"
)

type Tally struct {
	mu sync.Mutex
	n  map[string]int
}

func (t *Tally) Add(s string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.n[s]++
}

type upper struct{ prefix string }

func (u upper) Apply(r rune) rune {
	if r == ' ' {
		return '_'
	}
	return r
}

func main() {
	t := &Tally{n: map[string]int{}}
	var wg sync.WaitGroup
	for _, w := range strings.Fields("a b a c a b") {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t.Add(w)
		}()
	}
	wg.Wait()
	fmt.Println(t.n)
	u := upper{"x"}
	fmt.Println(strings.Map(u.Apply, "a b c"))
	add := t.Add
	for range 3 {
		wg.Go(func() { add("z") })
	}
	wg.Wait()
	fmt.Println(t.n["z"])
}
