// k-means on fixed 2-D points with fixed initial centres.
package main

import (
	"fmt"
	"math"
)

type P struct{ X, Y float64 }

func dist(a, b P) float64 { return math.Hypot(a.X-b.X, a.Y-b.Y) }

func main() {
	pts := []P{{1, 1}, {1.5, 2}, {3, 4}, {5, 7}, {3.5, 5}, {4.5, 5}, {3.5, 4.5}, {0.5, 1.2}, {9, 9}, {8.5, 9.5}}
	centres := []P{pts[0], pts[3], pts[8]}
	assign := make([]int, len(pts))
	for iter := range 10 {
		changed := false
		for i, p := range pts {
			best := 0
			for c := range centres {
				if dist(p, centres[c]) < dist(p, centres[best]) {
					best = c
				}
			}
			if assign[i] != best {
				assign[i] = best
				changed = true
			}
		}
		sums := make([]P, len(centres))
		counts := make([]int, len(centres))
		for i, p := range pts {
			sums[assign[i]].X += p.X
			sums[assign[i]].Y += p.Y
			counts[assign[i]]++
		}
		for c := range centres {
			centres[c] = P{sums[c].X / float64(counts[c]), sums[c].Y / float64(counts[c])}
		}
		if !changed && iter > 0 {
			fmt.Println("converged after", iter, "iterations")
			break
		}
	}
	fmt.Println(assign)
	for _, c := range centres {
		fmt.Printf("(%.3f, %.3f) ", c.X, c.Y)
	}
	fmt.Println()
}
