package main

// The four cells of issue 19's table, as a user writes them. This file is
// compiled into the benchmark (the "compiled Go" column) and also read as
// text: it is the cell that Methodic interprets, that %%compile builds,
// and that the compile-every-cell reference builds into a program.

import (
	"math"
	"strings"
)

// points returns n pseudo-random points of dim coordinates in [0, 1).
func points(n, dim int) [][]float64 {
	seed := uint64(1)
	ps := make([][]float64, n)
	for i := range ps {
		p := make([]float64, dim)
		for j := range p {
			seed = seed*6364136223846793005 + 1442695040888963407
			p[j] = float64(seed>>11) / (1 << 53)
		}
		ps[i] = p
	}
	return ps
}

// pairwise returns the sum of the Euclidean distances between every pair
// of points.
func pairwise(ps [][]float64) float64 {
	total := 0.0
	for i := 0; i < len(ps); i++ {
		for j := i + 1; j < len(ps); j++ {
			s := 0.0
			a, b := ps[i], ps[j]
			for k := 0; k < len(a); k++ {
				d := a[k] - b[k]
				s += d * d
			}
			total += math.Sqrt(s)
		}
	}
	return total
}

// matrix returns an n x n matrix of small values.
func matrix(n int) [][]float64 {
	m := make([][]float64, n)
	for i := range m {
		m[i] = make([]float64, n)
		for j := range m[i] {
			m[i][j] = float64((i*7+j*3)%11) / 10
		}
	}
	return m
}

// matmul returns the product of a and b, by the textbook triple loop.
func matmul(a, b [][]float64) [][]float64 {
	n, m, p := len(a), len(b), len(b[0])
	c := make([][]float64, n)
	for i := 0; i < n; i++ {
		c[i] = make([]float64, p)
		for j := 0; j < p; j++ {
			s := 0.0
			for k := 0; k < m; k++ {
				s += a[i][k] * b[k][j]
			}
			c[i][j] = s
		}
	}
	return c
}

// text returns about size bytes of words.
func text(size int) string {
	words := []string{"the", "model", "data", "loss", "train", "test", "metric", "error", "rate", "of", "a", "baseline"}
	var b strings.Builder
	seed := uint64(7)
	for b.Len() < size {
		seed = seed*6364136223846793005 + 1442695040888963407
		b.WriteString(words[(seed>>33)%uint64(len(words))])
		b.WriteByte(' ')
	}
	return b.String()
}

// wordCount counts the words of s.
func wordCount(s string) map[string]int {
	counts := map[string]int{}
	for _, w := range strings.Fields(s) {
		counts[w]++
	}
	return counts
}

// loop returns the sum of 1..n.
func loop(n int) int {
	s := 0
	for i := 1; i <= n; i++ {
		s += i
	}
	return s
}
