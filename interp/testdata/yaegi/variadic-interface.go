// A value of a type of the interpreted program passed as a variadic
// argument of a compiled function taking an interface with methods is
// not wrapped in the interface.
package main

import (
	"errors"
	"fmt"
)

type Gone struct{ Key string }

func (e *Gone) Error() string { return e.Key + " gone" }

func main() {
	defer func() {
		if r := recover(); r != nil {
			fmt.Println("panic")
		}
	}()
	fmt.Println(errors.Join(&Gone{"a"}, errors.New("b")))
}

// Go prints:
// a gone
// b

// yaegi v0.16.1 prints:
// panic
