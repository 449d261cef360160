// Descriptive statistics of a fixed sample: mean, median, variance,
// percentiles, a text histogram.
package main

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

func mean(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

func stddev(xs []float64) float64 {
	m := mean(xs)
	ss := 0.0
	for _, x := range xs {
		ss += (x - m) * (x - m)
	}
	return math.Sqrt(ss / float64(len(xs)-1))
}

func percentile(sorted []float64, p float64) float64 {
	pos := p * float64(len(sorted)-1)
	lo := int(math.Floor(pos))
	hi := int(math.Ceil(pos))
	return sorted[lo] + (sorted[hi]-sorted[lo])*(pos-float64(lo))
}

func main() {
	xs := []float64{2.3, 4.1, 1.9, 5.5, 3.3, 4.8, 2.7, 3.9, 6.2, 3.1, 4.4, 2.2}
	s := slices.Sorted(slices.Values(xs))
	fmt.Printf("n=%d mean=%.4f sd=%.4f\n", len(xs), mean(xs), stddev(xs))
	fmt.Printf("median=%.3f p10=%.3f p90=%.3f\n", percentile(s, 0.5), percentile(s, 0.1), percentile(s, 0.9))
	bins := make([]int, 6)
	for _, x := range xs {
		bins[min(int(x), 6)-1]++
	}
	for i, c := range bins {
		fmt.Printf("%d-%d | %s %d\n", i+1, i+2, strings.Repeat("#", c), c)
	}
}
