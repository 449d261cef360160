// A comma-ok assertion of a nil any to an interface of compiled code
// fails inside yaegi instead of giving false.
package main

import "fmt"

func main() {
	var r any
	_, ok := r.(fmt.Stringer)
	fmt.Println(ok)
}

// Go prints:
// false

// yaegi v0.16.1 prints:
// 8:6: panic: main.main(...)
// error: reflect: call of reflect.Value.Type on zero Value
