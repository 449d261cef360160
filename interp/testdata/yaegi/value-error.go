// A value of a struct type of the interpreted program whose Error method
// has a value receiver, made an error, reaches yaegi's wrapper as one of
// its fields: assertions, errors.As and comparisons miss it.
package main

import (
	"errors"
	"fmt"
)

type StatusErr struct {
	Code int
	Msg  string
}

func (e StatusErr) Error() string { return fmt.Sprint(e.Code, " ", e.Msg) }

func fetch() error { return StatusErr{404, "missing"} }

func main() {
	err := fetch()
	_, ok := err.(StatusErr)
	fmt.Println(ok, err == StatusErr{404, "missing"})
	var se StatusErr
	fmt.Println(errors.As(err, &se), se.Code)
}

// Go prints:
// true true
// true 404

// yaegi v0.16.1 prints:
// false false
// 21:9: panic: main.main(...)
// error: errors: *target must be interface or implement error
