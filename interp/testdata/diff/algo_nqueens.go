// N-queens by backtracking, with the first solution drawn.
package main

import (
	"fmt"
	"strings"
)

func solve(n int) (count int, first []int) {
	cols := make([]int, 0, n)
	var place func(row int)
	place = func(row int) {
		if row == n {
			count++
			if first == nil {
				first = append([]int(nil), cols...)
			}
			return
		}
		for c := range n {
			ok := true
			for r, pc := range cols {
				if pc == c || row-r == c-pc || row-r == pc-c {
					ok = false
					break
				}
			}
			if ok {
				cols = append(cols, c)
				place(row + 1)
				cols = cols[:len(cols)-1]
			}
		}
	}
	place(0)
	return
}

func main() {
	for n := 4; n <= 8; n++ {
		c, _ := solve(n)
		fmt.Print(n, ":", c, " ")
	}
	fmt.Println()
	_, f := solve(6)
	for _, c := range f {
		fmt.Println(strings.Repeat(". ", c) + "Q " + strings.Repeat(". ", 5-c))
	}
}
