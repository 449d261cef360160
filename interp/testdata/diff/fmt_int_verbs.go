// Integer verbs, widths and flags.
package main

import "fmt"

func main() {
	for _, n := range []int{0, 7, -42, 255, 1 << 20} {
		fmt.Printf("|%d|%5d|%-5d|%05d|%+d|% d|\n", n, n, n, n, n, n)
		fmt.Printf("|%b|%o|%O|%#o|%x|%X|%#x|%#X|\n", n, n, n, n, n, n, n, n)
	}
	fmt.Printf("%c %c %q %U %#U\n", 65, 0x4E16, 'x', 0x1F600, 'é')
	fmt.Printf("%08b|%-8x|%8X|\n", 5, 3054, 3054)
	fmt.Printf("%x %X\n", -255, uint8(200))
	fmt.Printf("%v %d\n", uintptr(10), uint(3))
}
