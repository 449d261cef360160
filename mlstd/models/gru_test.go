package models

import (
	"fmt"
	"math"
	"testing"

	"github.com/methodic-go/methodic/mlstd/data"
)

var gruGradCases = []GRUOptions{
	{Units: 4},
	{Units: 5, Hidden: []int{4}, L2: 0.1, Activation: Tanh},
	{Units: 3, Hidden: []int{5}, BatchNorm: true, Init: He},
	{Units: 4, Dropout: 0.3, Hidden: []int{6}, Seed: 3},
}

// TestGRUGradientFiniteDifferences checks every parameter of the
// recurrent layer (W, U, b, bh, back-propagated through every step) and
// of the dense layers after it against central differences of Loss.
func TestGRUGradientFiniteDifferences(t *testing.T) {
	for _, d := range []*data.Dataset{smallSequences(), smallImages()} {
		for i, o := range gruGradCases {
			t.Run(fmt.Sprintf("%s/%d", d.Name, i), func(t *testing.T) {
				checkGradient(t, NewGRU(o), d)
			})
		}
	}
}

// TestGRUFloat32PathMatchesFloat64: the float32 training path computes
// the float64 twin's loss and gradient.
func TestGRUFloat32PathMatchesFloat64(t *testing.T) {
	d := smallSequences()
	for i, o := range gruGradCases {
		m := NewGRU(o)
		if err := m.Begin(d, nil); err != nil {
			t.Fatal(err)
		}
		l64, g64 := m.Gradient(m.Params(), d.X, d.Y)
		l32, g32 := m.d.gradient32(d.X, d.Y)
		if math.Abs(l64-l32) > 1e-4*math.Max(1, l64) {
			t.Errorf("case %d: loss float32 %v, float64 %v", i, l32, l64)
		}
		scale := 0.0
		for _, v := range g64 {
			scale = math.Max(scale, math.Abs(v))
		}
		for j := range g64 {
			if math.Abs(g64[j]-g32[j]) > 1e-4*scale {
				t.Errorf("case %d: gradient %d: float32 %v, float64 %v", i, j, g32[j], g64[j])
				break
			}
		}
	}
}
