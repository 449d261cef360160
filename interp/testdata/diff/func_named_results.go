// Named results, bare returns, multiple results.
package main

import (
	"errors"
	"fmt"
)

func split(sum int) (x, y int) {
	x = sum * 4 / 9
	y = sum - x
	return
}

func parse(s string) (n int, err error) {
	if s == "" {
		err = errors.New("empty")
		return
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("bad digit %q", c)
		}
		n = n*10 + int(c-'0')
	}
	return
}

func main() {
	fmt.Println(split(17))
	for _, s := range []string{"42", "", "4x"} {
		n, err := parse(s)
		fmt.Println(n, err)
	}
}
