// Local names shadowing builtins and package names inside functions.
package main

import (
	"fmt"
	"strings"
)

func f() string {
	len := 3
	strings := []string{"local"}
	new := func() int { return len * 2 }
	return fmt.Sprint(len, strings, new())
}

func main() {
	fmt.Println(f())
	fmt.Println(len("abc"), strings.ToUpper("ok"))
	true := false
	fmt.Println(true)
	nil_ := []int(nil)
	fmt.Println(nil_ == nil)
}
