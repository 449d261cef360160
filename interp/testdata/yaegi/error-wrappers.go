// An error of a type of the interpreted program reaches compiled code in
// yaegi's wrapper, which has Error only: errors.Is and errors.As do not
// see the type's Unwrap, Is and As methods.
package main

import (
	"errors"
	"fmt"
	"io/fs"
)

type OpError struct {
	Op  string
	Err error
}

func (e *OpError) Error() string { return e.Op + ": " + e.Err.Error() }
func (e *OpError) Unwrap() error { return e.Err }

type Gone struct{}

func (Gone) Error() string        { return "gone" }
func (Gone) Is(target error) bool { return target == fs.ErrNotExist }

func main() {
	err := fmt.Errorf("load: %w", &OpError{"open", fs.ErrPermission})
	fmt.Println(errors.Is(err, fs.ErrPermission))
	fmt.Println(errors.Is(Gone{}, fs.ErrNotExist))
	fmt.Println(errors.Unwrap(&OpError{"read", fs.ErrClosed}) == fs.ErrClosed)
}

// Go prints:
// true
// true
// true

// yaegi v0.16.1 prints:
// false
// false
// false
