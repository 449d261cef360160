// Breadth-first search on a grid maze.
package main

import (
	"fmt"
	"strings"
)

type pt struct{ r, c int }

func main() {
	maze := []string{
		"S.#.....",
		".##.###.",
		"....#...",
		"##.##.#.",
		"...#..#E",
	}
	var start, end pt
	for r, row := range maze {
		if c := strings.IndexByte(row, 'S'); c >= 0 {
			start = pt{r, c}
		}
		if c := strings.IndexByte(row, 'E'); c >= 0 {
			end = pt{r, c}
		}
	}
	dist := map[pt]int{start: 0}
	prev := map[pt]pt{}
	queue := []pt{start}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		for _, d := range []pt{{0, 1}, {1, 0}, {0, -1}, {-1, 0}} {
			n := pt{p.r + d.r, p.c + d.c}
			if n.r < 0 || n.r >= len(maze) || n.c < 0 || n.c >= len(maze[0]) || maze[n.r][n.c] == '#' {
				continue
			}
			if _, seen := dist[n]; !seen {
				dist[n] = dist[p] + 1
				prev[n] = p
				queue = append(queue, n)
			}
		}
	}
	fmt.Println("distance", dist[end])
	grid := make([][]byte, len(maze))
	for i := range maze {
		grid[i] = []byte(maze[i])
	}
	for p := prev[end]; p != start; p = prev[p] {
		grid[p.r][p.c] = '*'
	}
	for _, row := range grid {
		fmt.Println(string(row))
	}
}
