// A type switch's case of an interface type misses a value of a compiled
// type that implements it.
package main

import (
	"errors"
	"fmt"
)

func main() {
	var v any = errors.New("e")
	switch v.(type) {
	case int:
		fmt.Println("int")
	case error:
		fmt.Println("error")
	default:
		fmt.Println("other")
	}
}

// Go prints:
// error

// yaegi v0.16.1 prints:
// other
