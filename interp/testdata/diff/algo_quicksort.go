// Quicksort and merge sort written by hand, checked against sort.
package main

import (
	"fmt"
	"math/rand/v2"
	"slices"
)

func quicksort(a []int) {
	if len(a) < 2 {
		return
	}
	p := a[len(a)/2]
	i, j := 0, len(a)-1
	for i <= j {
		for a[i] < p {
			i++
		}
		for a[j] > p {
			j--
		}
		if i <= j {
			a[i], a[j] = a[j], a[i]
			i++
			j--
		}
	}
	quicksort(a[:j+1])
	quicksort(a[i:])
}

func mergesort(a []int) []int {
	if len(a) <= 1 {
		return a
	}
	l, r := mergesort(a[:len(a)/2]), mergesort(a[len(a)/2:])
	out := make([]int, 0, len(a))
	for len(l) > 0 && len(r) > 0 {
		if l[0] <= r[0] {
			out, l = append(out, l[0]), l[1:]
		} else {
			out, r = append(out, r[0]), r[1:]
		}
	}
	return append(append(out, l...), r...)
}

func main() {
	rng := rand.New(rand.NewPCG(7, 7))
	a := make([]int, 200)
	for i := range a {
		a[i] = rng.IntN(1000)
	}
	b := slices.Clone(a)
	m := mergesort(slices.Clone(a))
	quicksort(a)
	slices.Sort(b)
	fmt.Println(slices.Equal(a, b), slices.Equal(m, b), a[:8])
}
