// Println, Print and Printf with values of every basic kind.
package main

import "fmt"

func main() {
	fmt.Println("hello,", "world", 42, 3.5, true, nil, 'x', byte(7))
	fmt.Print("a", "b", 1, 2, "c", 3.0, 4, "\n")
	fmt.Print(1, 2, "\n")
	fmt.Printf("%d %s %v %q\n", 7, "seven", []int{7}, "7")
	fmt.Println()
	fmt.Println(int8(-8), uint16(65535), int64(-1<<63), uint64(1<<64-1))
	fmt.Println(float32(0.1), 0.1, 1e21, 1e20, 1e-7, 100.0)
}
