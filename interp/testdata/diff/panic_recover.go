// recover stops a panic in a deferred call and returns its value.
package main

import (
	"errors"
	"fmt"
)

func safe(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprintf("recovered %T: %v", r, r)
		}
	}()
	f()
	return "no panic"
}

func main() {
	fmt.Println(safe(func() {}))
	fmt.Println(safe(func() { panic("a string") }))
	fmt.Println(safe(func() { panic(42) }))
	fmt.Println(safe(func() { panic(errors.New("an error")) }))
	fmt.Println(safe(func() { panic(fmt.Sprintf("%d", 7)) }))
	fmt.Println(recover())
}
