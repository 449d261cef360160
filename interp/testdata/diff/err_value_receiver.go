// Error types with value receivers, compared, asserted and found with
// errors.As.
package main

import (
	"errors"
	"fmt"
)

type StatusErr struct {
	Code int
	Msg  string
}

func (e StatusErr) Error() string { return fmt.Sprintf("%d %s", e.Code, e.Msg) }

func fetch(code int) error {
	if code >= 400 {
		return StatusErr{code, "bad"}
	}
	return nil
}

func main() {
	err := fetch(404)
	fmt.Println(err, err == StatusErr{404, "bad"})
	if se, ok := err.(StatusErr); ok {
		fmt.Println("code", se.Code)
	}
	var se StatusErr
	wrapped := fmt.Errorf("ctx: %w", err)
	fmt.Println(errors.As(wrapped, &se), se.Code)
	fmt.Println(errors.Join(err, errors.New("other")))
	fmt.Println(fetch(200) == nil)
}
