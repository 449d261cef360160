// Type assertions, to concrete types and to interfaces, with comma ok.
package main

import (
	"fmt"
	"io"
	"strings"
)

type Named interface{ Name() string }

type T struct{}

func (T) Name() string { return "T" }

func main() {
	var v any = T{}
	n, ok := v.(Named)
	fmt.Println(n.Name(), ok)
	_, ok = v.(fmt.Stringer)
	fmt.Println(ok)
	var r io.Reader = strings.NewReader("abc")
	if s, ok := r.(io.Seeker); ok {
		pos, _ := s.Seek(1, io.SeekStart)
		b, _ := io.ReadAll(r)
		fmt.Println(pos, string(b))
	}
	_, ok = r.(io.Writer)
	fmt.Println(ok)
	values := []any{1, "a", 2.5, T{}}
	total := 0
	for _, x := range values {
		if i, ok := x.(int); ok {
			total += i
		}
	}
	fmt.Println(total)
}
