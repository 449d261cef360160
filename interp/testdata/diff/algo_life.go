// Conway's game of life on a small torus, printed each generation.
package main

import (
	"fmt"
	"strings"
)

const W, H = 8, 6

type Board [H][W]bool

func (b Board) Next() Board {
	var n Board
	for y := range H {
		for x := range W {
			c := 0
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					if (dx != 0 || dy != 0) && b[(y+dy+H)%H][(x+dx+W)%W] {
						c++
					}
				}
			}
			n[y][x] = c == 3 || (c == 2 && b[y][x])
		}
	}
	return n
}

func (b Board) String() string {
	var sb strings.Builder
	for _, row := range b {
		for _, c := range row {
			if c {
				sb.WriteByte('#')
			} else {
				sb.WriteByte('.')
			}
		}
		sb.WriteByte('\n')
	}
	return sb.String()
}

func main() {
	var b Board
	for _, p := range [][2]int{{1, 0}, {2, 1}, {0, 2}, {1, 2}, {2, 2}} {
		b[p[1]][p[0]] = true
	}
	for gen := range 3 {
		fmt.Printf("gen %d\n%v", gen, b)
		b = b.Next()
	}
}
