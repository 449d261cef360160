// Panicking with a custom error type and recovering it with errors.As.
package main

import (
	"errors"
	"fmt"
)

type ValidationError struct {
	Field string
}

func (e *ValidationError) Error() string { return "invalid " + e.Field }

func validate(age int) {
	if age < 0 {
		panic(&ValidationError{"age"})
	}
}

func check(age int) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(error); ok {
				err = fmt.Errorf("check: %w", e)
				return
			}
			panic(r)
		}
	}()
	validate(age)
	return nil
}

func main() {
	err := check(-1)
	var ve *ValidationError
	fmt.Println(err, errors.As(err, &ve), ve.Field)
	fmt.Println(check(5))
}
