package main

import "gonum.org/v1/gonum/mat"

func seqInts(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

func rowNumbers(n int) *mat.Dense {
	m := mat.NewDense(n, 1, nil)
	for i := 0; i < n; i++ {
		m.Set(i, 0, float64(i))
	}
	return m
}
