// Integer arithmetic: overflow wraps, division truncates, shifts and bit
// operators.
package main

import "fmt"

func main() {
	var i8 int8 = 127
	i8++
	var u8 uint8 = 0
	u8--
	var u uint32 = 1 << 31
	u *= 2
	fmt.Println(i8, u8, u)
	fmt.Println(-7/2, -7%2, 7/-2, 7%-2)
	a, b := 0b1100, 0b1010
	fmt.Println(a&b, a|b, a^b, a&^b, ^a, -a>>1, a<<3)
	fmt.Printf("%08b %08b\n", uint8(a)<<4, ^uint8(a))
	var x uint64 = 1<<63 + 5
	fmt.Println(x, int64(x), x>>62)
	n := 10
	fmt.Println(1<<n, 1000>>n, int32(1)<<30, int64(1)<<62)
	fmt.Println(0x1F, 0o17, 017, 1_000_000, 'a'*2)
}
