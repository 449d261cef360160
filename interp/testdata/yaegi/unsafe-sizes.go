// The package unsafe, without yaegi's own unsafe symbols.
package main

import (
	"fmt"
	"unsafe"
)

type A struct {
	a bool
	b int64
}

func main() {
	fmt.Println(unsafe.Sizeof(A{}), unsafe.Offsetof(A{}.b))
}

// Go prints:
// 16 8

// yaegi v0.16.1 prints:
// error: import "unsafe" error: unable to find source related to: "unsafe". Either the GOPATH environment variable, or the Interpreter.Options.GoPath needs to be set
