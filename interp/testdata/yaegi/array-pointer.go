// len of a nil pointer to an array fails; Go gives the constant.
package main

import "fmt"

func main() {
	var p *[3]int
	fmt.Println(len(p))
}

// Go prints:
// 3

// yaegi v0.16.1 prints:
// 7:8: panic: main.main(...)
// error: reflect: call of reflect.Value.Len on zero Value
