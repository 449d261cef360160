// A comma-ok assertion of a value of a type of the interpreted program,
// held in an empty interface, to an interface of compiled code
// (v.(fmt.Stringer)) builds yaegi's wrapper from the node that made the
// value, read in the frame of the function asserting: ok is true and the
// value nil (a nil pointer dereference when called), or the frame's slot
// of another type ("reflect.Set: value of type *bool is not assignable").
// A value of such a type stored bare in an any (var v any = T{7}) is
// asserted false: its runtime type, a struct type of reflect, has no
// methods.
package main

import (
	"errors"
	"fmt"
	"time"
)

type Counter struct{ n int }

func (c *Counter) String() string { return fmt.Sprint("counter ", c.n) }

type Ak struct{ N int }

func (a Ak) String() string { return fmt.Sprint("ak", a.N) }

func show(v any) string {
	y, ok := v.(fmt.Stringer)
	if !ok {
		return "no"
	}
	return y.String()
}

func main() {
	defer func() { fmt.Println("panic:", recover() != nil) }()
	var av any = Ak{7}
	_, ok := av.(fmt.Stringer)
	fmt.Println("bare", ok)
	fmt.Println(show(time.Second), show(errors.New("e")), show(3))
	fmt.Println(show(&Counter{9}))
}

// Go prints:
// bare true
// 1s no no
// counter 9
// panic: false

// yaegi v0.16.1 prints:
// bare false
// 1s no no
// 27:14: panic: main.show(...)
// panic: true
