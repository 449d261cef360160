// A nil pointer of an interpreted type made an error (an interface of
// compiled code) becomes the nil error: yaegi's wrapper gives a nil value
// the interface's zero value.
package main

import "fmt"

type MyErr struct{}

func (*MyErr) Error() string { return "my error" }

func get() error {
	var p *MyErr
	return p
}

func main() {
	fmt.Println(get() == nil)
}

// Go prints:
// false

// yaegi v0.16.1 prints:
// true
