// Conversions between numeric types and strings.
package main

import (
	"fmt"
	"strconv"
)

func main() {
	f := 3.99
	fmt.Println(int(f), int(-f), float64(7)/2, uint8(300%256), int8(-129+256))
	big := 1e10
	fmt.Println(int64(big), int32(int64(big)))
	fmt.Println(string(rune(72)), strconv.Itoa(72), fmt.Sprint(72))
	var r rune = 0x10FFFF + 1
	fmt.Printf("%q\n", string(r))
	type Meters float64
	m := Meters(2.5)
	fmt.Println(float64(m)*2, int(m))
	x := 255
	fmt.Println(byte(x), byte(x+1), float32(x)/7)
	var i any = 3
	if n, ok := i.(int); ok {
		fmt.Println("int", n)
	}
	_, isF := i.(float64)
	fmt.Println(isF)
}
