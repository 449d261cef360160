// Package functions holds test functions for hyperparameter search: cheap
// functions with known optima on which samplers are compared, the way
// gonum's optimize/functions serves optimisers.
//
// Branin (2 dimensions) and Hartmann6 (6 dimensions) are the standard
// smooth benchmarks of Bayesian optimisation (constants from Dixon and
// Szegő, 1978, as tabulated by Surjanovic and Bingham's Virtual Library of
// Simulation Experiments). Sparse is Bergstra and Bengio's (2012) case for
// random search: many hyperparameters of which only a few matter.
package functions

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Branin is the Branin-Hoo function on x1 in [-5, 10], x2 in [0, 15]. Its
// minimum, BraninMin, is reached at three points: (-π, 12.275),
// (π, 2.275) and (9.42478, 2.475).
func Branin(x1, x2 float64) float64 {
	const (
		a = 1.0
		r = 6.0
		s = 10.0
	)
	b := 5.1 / (4 * math.Pi * math.Pi)
	c := 5 / math.Pi
	t := 1 / (8 * math.Pi)
	u := x2 - b*x1*x1 + c*x1 - r
	return a*u*u + s*(1-t)*math.Cos(x1) + s
}

// BraninMin is the minimum of Branin.
const BraninMin = 0.39788735772973816

// Hartmann6 is the six-dimensional Hartmann function on [0, 1]^6. Its
// minimum, Hartmann6Min, is at (0.20169, 0.150011, 0.476874, 0.275332,
// 0.311652, 0.6573). It panics unless len(x) == 6.
func Hartmann6(x []float64) float64 {
	if len(x) != 6 {
		panic(fmt.Sprintf("functions: Hartmann6 needs 6 values, have %d", len(x)))
	}
	alpha := [4]float64{1.0, 1.2, 3.0, 3.2}
	a := [4][6]float64{
		{10, 3, 17, 3.5, 1.7, 8},
		{0.05, 10, 17, 0.1, 8, 14},
		{3, 3.5, 1.7, 10, 17, 8},
		{17, 8, 0.05, 10, 0.1, 14},
	}
	p := [4][6]float64{
		{1312, 1696, 5569, 124, 8283, 5886},
		{2329, 4135, 8307, 3736, 1004, 9991},
		{2348, 1451, 3522, 2883, 3047, 6650},
		{4047, 8828, 8732, 5743, 1091, 381},
	}
	f := 0.0
	for i := 0; i < 4; i++ {
		e := 0.0
		for j := 0; j < 6; j++ {
			d := x[j] - p[i][j]*1e-4
			e += a[i][j] * d * d
		}
		f -= alpha[i] * math.Exp(-e)
	}
	return f
}

// Hartmann6Min is the minimum of Hartmann6.
const Hartmann6Min = -3.32236801141551

// Sparse is a function of Dims hyperparameters in [0, 1] of which only
// Important matter: a bowl around Optimum in those, and a ripple of
// Weight times the others (close to nothing). Its minimum is 0 at Optimum
// in the important coordinates and 0 in the rest.
type Sparse struct {
	Dims      int
	Important []int
	Optimum   []float64
	// Weight scales the unimportant coordinates' contribution.
	Weight float64
}

// NewSparse returns a Sparse function of dims coordinates, k of them
// important, chosen with their optimum by a generator seeded with seed.
// It panics unless 0 < k <= dims.
func NewSparse(seed uint64, dims, k int) *Sparse {
	if k <= 0 || k > dims {
		panic(fmt.Sprintf("functions: %d important of %d dimensions", k, dims))
	}
	rng := rand.New(rand.NewPCG(seed, 0x5370_6172))
	perm := rng.Perm(dims)
	s := &Sparse{Dims: dims, Important: perm[:k], Weight: 1e-3}
	for range k {
		s.Optimum = append(s.Optimum, rng.Float64())
	}
	return s
}

// Eval returns the function's value at x. It panics unless len(x) ==
// s.Dims.
func (s *Sparse) Eval(x []float64) float64 {
	if len(x) != s.Dims {
		panic(fmt.Sprintf("functions: Sparse needs %d values, have %d", s.Dims, len(x)))
	}
	f := 0.0
	imp := make(map[int]bool, len(s.Important))
	for i, j := range s.Important {
		d := x[j] - s.Optimum[i]
		f += d * d
		imp[j] = true
	}
	for j, v := range x {
		if !imp[j] {
			f += s.Weight * v * v
		}
	}
	return f
}
