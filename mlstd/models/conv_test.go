package models

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/methodic-go/methodic/mlstd/data"
	"gonum.org/v1/gonum/mat"
)

// differentiable is what the gradient checks below need of a model.
type differentiable interface {
	Begin(train, val *data.Dataset) error
	Params() []float64
	ParamLayout() []ParamBlock
	Loss(p []float64, x *mat.Dense, y []int) float64
	Gradient(p []float64, x *mat.Dense, y []int) (float64, []float64)
}

// checkGradient compares every parameter's back-propagated derivative
// with a central difference of Loss, block by block, after moving the
// parameters off their initial values so that every block has a generic
// gradient.
func checkGradient(t *testing.T, m differentiable, d *data.Dataset) {
	t.Helper()
	checkGradientAt(t, m, d, true)
}

func checkGradientAt(t *testing.T, m differentiable, d *data.Dataset, perturb bool) {
	t.Helper()
	if err := m.Begin(d, nil); err != nil {
		t.Fatal(err)
	}
	p := m.Params()
	r := data.NewRand(5)
	for i := range p {
		if perturb {
			p[i] += 0.1 * r.NormFloat64()
		}
	}
	y := d.Y
	if l, ok := m.(interface{ Labels(*data.Dataset) []int }); ok {
		y = l.Labels(d) // every output's labels, for a ConvNet with heads
	}
	loss, g := m.Gradient(p, d.X, y)
	if math.IsNaN(loss) {
		t.Fatal("loss is NaN")
	}
	const eps = 1e-6
	for _, b := range m.ParamLayout() {
		worst, at := 0.0, 0
		for i := b.Offset; i < b.Offset+b.Size(); i++ {
			q := append([]float64(nil), p...)
			q[i] = p[i] + eps
			lp := m.Loss(q, d.X, y)
			q[i] = p[i] - eps
			lm := m.Loss(q, d.X, y)
			fd := (lp - lm) / (2 * eps)
			rel := math.Abs(fd-g[i]) / math.Max(1e-3, math.Abs(fd)+math.Abs(g[i]))
			if rel > worst {
				worst, at = rel, i
			}
		}
		if worst > 1e-5 {
			t.Errorf("%s/%s: worst relative error %.2e at %d (backprop %v)", b.Name, b.Kind, worst, at-b.Offset, g[at])
		}
	}
}

// smallImages returns 16 digits cropped to 6x7 images (an odd width and a
// height that differs from it, to catch a swapped axis), standardised.
func smallImages() *data.Dataset {
	d := data.Digits()
	d = d.Subset(seqTo(16))
	out := d.Subset(seqTo(16))
	x := mat.NewDense(16, 42, nil)
	for i := 0; i < 16; i++ {
		for y := 0; y < 6; y++ {
			for c := 0; c < 7; c++ {
				x.Set(i, y*7+c, d.X.At(i, (y+1)*8+c)/16-0.3)
			}
		}
	}
	out.X, out.ImageHeight, out.ImageWidth, out.Features = x, 6, 7, nil
	return out
}

// smallSequences returns 12 sequences of 9 steps of 3 features.
func smallSequences() *data.Dataset {
	r := data.NewRand(3)
	x := mat.NewDense(12, 27, nil)
	y := make([]int, 12)
	for i := range y {
		y[i] = i % 3
		for j := 0; j < 27; j++ {
			x.Set(i, j, r.NormFloat64())
		}
	}
	return &data.Dataset{Name: "seq", X: x, Y: y, Classes: []string{"a", "b", "c"}, Steps: 9}
}

func seqTo(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

var convGradCases = []ConvNetOptions{
	{Conv: []Conv{{Filters: 3, Padding: 1, Pool: 2}, {Filters: 4, Size: 2}}},
	{Conv: []Conv{{Filters: 3, Size: 2, Stride: 2, Padding: 1}, {Filters: 2, Pool: 2, Average: true}}, Activation: Tanh, L2: 0.1},
	{Conv: []Conv{{Filters: 2, Pool: 3, PoolStride: 2}}, Hidden: []int{5}, Activation: Sigmoid},
	{Conv: []Conv{{Filters: 3, Padding: 1}, {Filters: 3, Padding: 1, Pool: 2}}, BatchNorm: true, Hidden: []int{4}},
	{Conv: []Conv{{Filters: 3, Size: 2, Pool: 2}}, Dropout: 0.3, Hidden: []int{6}, Seed: 3},
	{Conv: []Conv{{Filters: 2, Size: 3, Stride: 2, Padding: 2, Pool: 2, Average: true}}, BatchNorm: true, Activation: Tanh, L2: 0.05},
}

// TestConvGradientFiniteDifferences checks every parameter of every block
// of convolutional networks (strides, padding, max, average and
// overlapping pooling, batch norm, dropout, L2, each activation) against
// central differences of Loss in float64, on images and on sequences.
func TestConvGradientFiniteDifferences(t *testing.T) {
	imgs, seqs := smallImages(), smallSequences()
	for i, o := range convGradCases {
		t.Run(fmt.Sprintf("images/%d", i), func(t *testing.T) {
			checkGradient(t, NewConvNet(o), imgs)
		})
	}
	for i, o := range convGradCases[:4] {
		t.Run(fmt.Sprintf("sequences/%d", i), func(t *testing.T) {
			checkGradient(t, NewConvNet(o), seqs)
		})
	}
}

// TestConvGradientAtInit: at the initial weights, on digits whose blank
// margins make whole windows of a convolution's input zero, the gradient
// still agrees with finite differences (the biases are not zero, so no
// pre-activation sits on the ReLU's kink).
func TestConvGradientAtInit(t *testing.T) {
	d := data.Digits().Scaled(1.0 / 16).Subset(seqTo(12))
	checkGradientAt(t, NewConvNet(ConvNetOptions{Conv: []Conv{{Filters: 3, Padding: 1, Pool: 2}, {Filters: 4}}}), d, false)
}

// TestConvFloat32PathMatchesFloat64: the float32 training path (the
// assembly kernels) computes the float64 twin's loss and gradient.
func TestConvFloat32PathMatchesFloat64(t *testing.T) {
	for _, d := range []*data.Dataset{smallImages(), smallSequences()} {
		for i, o := range convGradCases {
			m := NewConvNet(o)
			if err := m.Begin(d, nil); err != nil {
				t.Fatal(err)
			}
			l64, g64 := m.Gradient(m.Params(), d.X, d.Y)
			l32, g32 := m.d.gradient32(d.X, d.Y)
			if math.Abs(l64-l32) > 1e-4*math.Max(1, l64) {
				t.Errorf("%s case %d: loss float32 %v, float64 %v", d.Name, i, l32, l64)
			}
			scale := 0.0
			for _, v := range g64 {
				scale = math.Max(scale, math.Abs(v))
			}
			for j := range g64 {
				if math.Abs(g64[j]-g32[j]) > 1e-4*scale {
					t.Errorf("%s case %d: gradient %d: float32 %v, float64 %v", d.Name, i, j, g32[j], g64[j])
					break
				}
			}
		}
	}
}

// TestConvDigits: the default ConvNet learns the 8x8 digits.
func TestConvDigits(t *testing.T) {
	sp := digitsSplit(t)
	m := NewConvNet(ConvNetOptions{Epochs: 30, Quiet: true, Seed: 1})
	h, err := m.Fit(context.Background(), sp.Train, sp.Val)
	if err != nil {
		t.Fatal(err)
	}
	acc := m.Score(sp.Test)
	t.Logf("%v; test accuracy %.4f", h, acc)
	if acc < 0.95 {
		t.Errorf("test accuracy %.4f < 0.95", acc)
	}
}
