// Wrapping errors: %w chains, errors.Is and errors.As through them,
// sentinel errors, errors.Join.
package main

import (
	"errors"
	"fmt"
	"io/fs"
)

var ErrNotFound = errors.New("not found")

type QueryError struct {
	Query string
	Err   error
}

func (e *QueryError) Error() string { return "query " + e.Query + ": " + e.Err.Error() }
func (e *QueryError) Unwrap() error { return e.Err }

func find(q string) error {
	return fmt.Errorf("find: %w", &QueryError{q, ErrNotFound})
}

func main() {
	err := find("users")
	fmt.Println(err)
	fmt.Println(errors.Is(err, ErrNotFound), errors.Is(err, fs.ErrNotExist))
	var qe *QueryError
	if errors.As(err, &qe) {
		fmt.Println("query was", qe.Query)
	}
	j := errors.Join(errors.New("a"), nil, ErrNotFound)
	fmt.Println(j)
	fmt.Println(errors.Is(j, ErrNotFound), errors.Join(nil, nil) == nil)
	fmt.Printf("%q\n", j.Error())
	u := errors.Unwrap(errors.Unwrap(err))
	fmt.Println(u == ErrNotFound)
}
