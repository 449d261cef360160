// errors.AsType, new in Go 1.26.
package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

type CodeErr struct{ Code int }

func (e *CodeErr) Error() string { return fmt.Sprint("code ", e.Code) }

func main() {
	err := fmt.Errorf("wrapped: %w", &CodeErr{404})
	if ce, ok := errors.AsType[*CodeErr](err); ok {
		fmt.Println("found", ce.Code)
	}
	_, err = os.Open("/nonexistent/file")
	pe, ok := errors.AsType[*fs.PathError](err)
	fmt.Println(ok, pe.Op, pe.Path, errors.Is(err, fs.ErrNotExist))
	_, ok = errors.AsType[*CodeErr](errors.New("plain"))
	fmt.Println(ok)
}
