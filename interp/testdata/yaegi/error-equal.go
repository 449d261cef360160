// Comparing errors that hold values of a type of the interpreted program
// compares yaegi's wrappers: two wrappers panic, a wrapper against the
// value itself is false.
package main

import "fmt"

type Gone struct{ Key string }

func (e *Gone) Error() string { return e.Key + " gone" }

var ErrGone = &Gone{"cache"}

var ErrStale error = &Gone{"stale"}

func get(stale bool) error {
	if stale {
		return ErrStale
	}
	return ErrGone
}

func main() {
	fmt.Println(get(false) == ErrGone)
	defer func() { fmt.Println("panic:", recover() != nil) }()
	fmt.Println(get(true) == ErrStale)
}

// Go prints:
// true
// true
// panic: false

// yaegi v0.16.1 prints:
// false
// panic: true
