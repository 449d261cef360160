// fmt.Append, Appendf and Appendln, and Errorf.
package main

import (
	"errors"
	"fmt"
)

func main() {
	b := []byte("start:")
	b = fmt.Append(b, 1, "two", 3)
	b = fmt.Appendf(b, "|%03d|", 7)
	b = fmt.Appendln(b, "end")
	fmt.Printf("%q\n", b)
	base := errors.New("base")
	e1 := fmt.Errorf("step %d: %w", 2, base)
	e2 := fmt.Errorf("both: %w and %w", e1, errors.New("other"))
	fmt.Println(e1, "|", e2)
	fmt.Println(errors.Is(e2, base), errors.Unwrap(e1) == base, errors.Unwrap(e2) == nil)
	fmt.Println(fmt.Errorf("no wrap %v", base), errors.Unwrap(fmt.Errorf("no wrap %v", base)))
}
