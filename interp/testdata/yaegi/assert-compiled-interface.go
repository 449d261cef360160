// A comma-ok assertion of a value of a type of the interpreted program,
// held in an empty interface, to an interface of compiled code
// (v.(fmt.Stringer)) builds yaegi's wrapper from the node that made the
// value, read in the frame of the function asserting: ok is true and the
// value nil (a nil pointer dereference when called), or the frame's slot
// of another type ("reflect.Set: value of type *bool is not assignable").
package main

import (
	"errors"
	"fmt"
	"time"
)

type Counter struct{ n int }

func (c *Counter) String() string { return fmt.Sprint("counter ", c.n) }

func show(v any) string {
	y, ok := v.(fmt.Stringer)
	if !ok {
		return "no"
	}
	return y.String()
}

func main() {
	defer func() { fmt.Println("panic:", recover() != nil) }()
	fmt.Println(show(time.Second), show(errors.New("e")), show(3))
	fmt.Println(show(&Counter{9}))
}

// Go prints:
// 1s no no
// counter 9
// panic: false

// yaegi v0.16.1 prints:
// 1s no no
// 20:14: panic: main.show(...)
// panic: true
