// errors.As with a target of an interface type of the interpreted
// program finds nothing: the target reaches compiled code as a pointer to
// yaegi's storage, whose type has no methods.
package main

import (
	"errors"
	"fmt"
)

type timeouter interface{ Timeout() bool }

type MyErr struct{ n int }

func (e *MyErr) Error() string { return "my" }
func (e *MyErr) Timeout() bool { return e.n > 1 }

func main() {
	var t timeouter
	fmt.Println(errors.As(fmt.Errorf("w: %w", &MyErr{2}), &t), t != nil)
}

// Go prints:
// true true

// yaegi v0.16.1 prints:
// 19:6: panic: main.main(...)
// error: errors: *target must be interface or implement error
