package models

import (
	"fmt"
	"math"
	"testing"

	"github.com/methodic-go/methodic/mlstd/data"
)

// gradCases are architectures whose every layer type the gradient checks
// reach: each activation, batch normalisation, dropout, L2.
var gradCases = []MLPOptions{
	{Hidden: []int{6, 5}, Activation: ReLU},
	{Hidden: []int{6, 5}, Activation: Tanh, L2: 0.1},
	{Hidden: []int{6}, Activation: Sigmoid, L2: 0.05},
	{Hidden: []int{6, 5}, Activation: Tanh, BatchNorm: true},
	{Hidden: []int{7, 6}, Activation: ReLU, BatchNorm: true, L2: 0.01},
	{Hidden: []int{8}, Activation: Tanh, Dropout: 0.3, Seed: 3},
	{Hidden: []int{}, L2: 0.2},
}

func gradData(t *testing.T) *data.Dataset {
	t.Helper()
	return data.Blobs(24, 3, 5, 3, 11)
}

// TestGradientFiniteDifferences checks every parameter of every layer
// block against central differences of Loss in float64.
func TestGradientFiniteDifferences(t *testing.T) {
	d := gradData(t)
	s, _ := data.FitStandardizer(d)
	d = s.Transform(d)
	for _, o := range gradCases {
		t.Run(fmt.Sprintf("%v/%s/bn=%v/drop=%v/l2=%v", o.Hidden, o.Activation, o.BatchNorm, o.Dropout, o.L2), func(t *testing.T) {
			m := NewMLP(o)
			if err := m.Begin(d, nil); err != nil {
				t.Fatal(err)
			}
			p := m.Params()
			// move off the initial biases of zero so that every block has
			// a generic gradient
			r := data.NewRand(5)
			for i := range p {
				p[i] += 0.1 * r.NormFloat64()
			}
			loss, g := m.Gradient(p, d.X, d.Y)
			if math.IsNaN(loss) {
				t.Fatal("loss is NaN")
			}
			const eps = 1e-6
			for _, b := range m.ParamLayout() {
				worst := 0.0
				for i := b.Offset; i < b.Offset+b.Size(); i++ {
					q := append([]float64(nil), p...)
					q[i] = p[i] + eps
					lp := m.Loss(q, d.X, d.Y)
					q[i] = p[i] - eps
					lm := m.Loss(q, d.X, d.Y)
					fd := (lp - lm) / (2 * eps)
					rel := math.Abs(fd-g[i]) / math.Max(1e-3, math.Abs(fd)+math.Abs(g[i]))
					worst = math.Max(worst, rel)
				}
				if worst > 1e-5 {
					t.Errorf("%s/%s: worst relative error %.2e", b.Name, b.Kind, worst)
				}
			}
		})
	}
}

// TestFloat32PathMatchesFloat64 checks the fast float32 training path's
// back-propagation against the float64 gradient.
func TestFloat32PathMatchesFloat64(t *testing.T) {
	d := gradData(t)
	for _, o := range gradCases {
		m := NewMLP(o)
		if err := m.Begin(d, nil); err != nil {
			t.Fatal(err)
		}
		l64, g64 := m.Gradient(m.Params(), d.X, d.Y)
		l32, g32 := m.gradient32(d.X, d.Y)
		if math.Abs(l64-l32) > 1e-4*math.Max(1, l64) {
			t.Errorf("%+v: loss float32 %v, float64 %v", o, l32, l64)
		}
		scale := 0.0
		for _, v := range g64 {
			scale = math.Max(scale, math.Abs(v))
		}
		for i := range g64 {
			if math.Abs(g64[i]-g32[i]) > 1e-4*scale {
				t.Errorf("%+v: gradient %d: float32 %v, float64 %v", o, i, g32[i], g64[i])
				break
			}
		}
	}
}

// TestGradientCheckCatchesABug makes sure the check above can fail: a
// deliberately wrong gradient is caught.
func TestGradientCheckCatchesABug(t *testing.T) {
	d := gradData(t)
	m := NewMLP(MLPOptions{Hidden: []int{4}})
	if err := m.Begin(d, nil); err != nil {
		t.Fatal(err)
	}
	p := m.Params()
	_, g := m.Gradient(p, d.X, d.Y)
	g[0] *= 1.01
	q := append([]float64(nil), p...)
	q[0] += 1e-6
	lp := m.Loss(q, d.X, d.Y)
	q[0] -= 2e-6
	lm := m.Loss(q, d.X, d.Y)
	fd := (lp - lm) / 2e-6
	if rel := math.Abs(fd-g[0]) / (math.Abs(fd) + math.Abs(g[0])); rel < 1e-4 {
		t.Errorf("a 1%% gradient error went unnoticed (relative error %.2e)", rel)
	}
}
