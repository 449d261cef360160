// unsafe.Sizeof, Alignof and Offsetof of struct types.
package main

import (
	"fmt"
	"unsafe"
)

type A struct {
	a bool
	b int64
	c bool
}

type B struct {
	b int64
	a bool
	c bool
}

func main() {
	fmt.Println(unsafe.Sizeof(A{}), unsafe.Sizeof(B{}), unsafe.Alignof(int64(0)), unsafe.Offsetof(A{}.c))
	fmt.Println(unsafe.Sizeof(""), unsafe.Sizeof([]int{}), unsafe.Sizeof(map[int]int{}), unsafe.Sizeof(struct{}{}))
}
