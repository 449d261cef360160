// Error methods are used when errors are printed, also inside
// collections, and take precedence over String.
package main

import (
	"errors"
	"fmt"
)

type NotFound struct{ Name string }

func (e NotFound) Error() string { return e.Name + " not found" }

type Both struct{}

func (Both) Error() string  { return "as error" }
func (Both) String() string { return "as string" }

func main() {
	var err error = NotFound{"key"}
	fmt.Println(err)
	fmt.Printf("%v|%s|%q\n", err, err, err)
	fmt.Println([]error{err, errors.New("plain"), nil})
	fmt.Println(Both{})
	fmt.Printf("%v %+v\n", struct{ E error }{err}, struct{ E error }{nil})
	var nf NotFound
	fmt.Println(errors.As(err, &nf), nf.Name)
}
