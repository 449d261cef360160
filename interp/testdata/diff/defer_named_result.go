// A deferred closure can change named results.
package main

import (
	"errors"
	"fmt"
)

func double() (n int) {
	defer func() { n *= 2 }()
	n = 21
	return n
}

func withErr(fail bool) (err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("withErr: %w", err)
		}
	}()
	if fail {
		return errors.New("boom")
	}
	return nil
}

func main() {
	fmt.Println(double())
	fmt.Println(withErr(true), withErr(false))
}
