// Widths count runes, not bytes; padding of numbers with signs.
package main

import "fmt"

func main() {
	for _, s := range []string{"a", "é", "世界", "🚀"} {
		fmt.Printf("|%-4s|%4s|%.1s|\n", s, s, s)
	}
	fmt.Printf("|%06.2f|%-+6d|%+06d|% 06d|\n", -3.14159, 5, -5, 5)
	fmt.Printf("|%6q|%-6q|\n", "a", 'b')
	fmt.Printf("|%x|%X|% X|%#x|\n", "héllo", []byte{1, 171}, []byte{1, 171}, "ab")
}
