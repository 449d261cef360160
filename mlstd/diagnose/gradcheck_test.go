package diagnose

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/methodic-go/methodic/mlstd/data"
	"github.com/methodic-go/methodic/mlstd/models"
	"gonum.org/v1/gonum/mat"
)

// tanhNet is a small network written for these tests: a tanh hidden layer
// and a softmax output, trained on the mean cross-entropy. With broken
// set, the hidden layer's backward pass uses the derivative 1 - a instead
// of 1 - a² (a plausible slip), so its gradients are wrong while the
// output layer's are right.
type tanhNet struct {
	in, hidden, classes int
	p                   []float64
	broken              bool
}

func newTanhNet(in, hidden, classes int, seed uint64, broken bool) *tanhNet {
	n := &tanhNet{in: in, hidden: hidden, classes: classes, broken: broken}
	r := data.NewRand(seed)
	n.p = make([]float64, in*hidden+hidden+hidden*classes+classes)
	for i := range n.p {
		n.p[i] = r.NormFloat64() * 0.5
	}
	return n
}

func (n *tanhNet) ParamLayout() []models.ParamBlock {
	o1 := n.in * n.hidden
	o2 := o1 + n.hidden
	o3 := o2 + n.hidden*n.classes
	return []models.ParamBlock{
		{Layer: 0, Name: "hidden 1", Kind: "W", Offset: 0, Rows: n.in, Cols: n.hidden},
		{Layer: 0, Name: "hidden 1", Kind: "b", Offset: o1, Rows: 1, Cols: n.hidden},
		{Layer: 1, Name: "output", Kind: "W", Offset: o2, Rows: n.hidden, Cols: n.classes},
		{Layer: 1, Name: "output", Kind: "b", Offset: o3, Rows: 1, Cols: n.classes},
	}
}

func (n *tanhNet) Params() []float64 { return append([]float64(nil), n.p...) }

func (n *tanhNet) Loss(p []float64, x *mat.Dense, y []int) float64 {
	l, _ := n.lossGrad(p, x, y, false)
	return l
}

func (n *tanhNet) Gradient(p []float64, x *mat.Dense, y []int) (float64, []float64) {
	return n.lossGrad(p, x, y, true)
}

func (n *tanhNet) lossGrad(p []float64, x *mat.Dense, y []int, grad bool) (float64, []float64) {
	L := n.ParamLayout()
	w1, b1 := p[L[0].Offset:L[1].Offset], p[L[1].Offset:L[2].Offset]
	w2, b2 := p[L[2].Offset:L[3].Offset], p[L[3].Offset:]
	g := make([]float64, len(p))
	gw1, gb1 := g[L[0].Offset:L[1].Offset], g[L[1].Offset:L[2].Offset]
	gw2, gb2 := g[L[2].Offset:L[3].Offset], g[L[3].Offset:]
	rows, _ := x.Dims()
	var loss float64
	a := make([]float64, n.hidden)
	z := make([]float64, n.classes)
	for r := range rows {
		xr := x.RawRowView(r)
		for j := range n.hidden {
			s := b1[j]
			for i, v := range xr {
				s += v * w1[i*n.hidden+j]
			}
			a[j] = math.Tanh(s)
		}
		mx := math.Inf(-1)
		for k := range n.classes {
			s := b2[k]
			for j := range n.hidden {
				s += a[j] * w2[j*n.classes+k]
			}
			z[k] = s
			mx = math.Max(mx, s)
		}
		var sum float64
		for k := range z {
			z[k] = math.Exp(z[k] - mx)
			sum += z[k]
		}
		loss -= math.Log(z[y[r]] / sum)
		if !grad {
			continue
		}
		for k := range z {
			dz := z[k] / sum
			if k == y[r] {
				dz--
			}
			dz /= float64(rows)
			gb2[k] += dz
			for j := range n.hidden {
				gw2[j*n.classes+k] += a[j] * dz
			}
			z[k] = dz
		}
		for j := range n.hidden {
			var da float64
			for k := range n.classes {
				da += w2[j*n.classes+k] * z[k]
			}
			ds := da * (1 - a[j]*a[j])
			if n.broken {
				ds = da * (1 - a[j])
			}
			gb1[j] += ds
			for i, v := range xr {
				gw1[i*n.hidden+j] += v * ds
			}
		}
	}
	return loss / float64(rows), g
}

func irisStd(t testing.TB) *data.Dataset {
	t.Helper()
	d := data.Iris()
	s, err := data.FitStandardizer(d)
	if err != nil {
		t.Fatal(err)
	}
	return s.Transform(d)
}

func TestGradientCheckFlagsBrokenLayer(t *testing.T) {
	d := irisStd(t)
	ctx := context.Background()
	good, err := GradientCheck(ctx, newTanhNet(4, 6, 3, 1, false), d, GradCheckOptions{PerBlock: -1})
	if err != nil {
		t.Fatal(err)
	}
	if !good.Passed {
		t.Fatalf("correct network failed the check:\n%v", good)
	}
	bad, err := GradientCheck(ctx, newTanhNet(4, 6, 3, 1, true), d, GradCheckOptions{PerBlock: -1})
	if err != nil {
		t.Fatal(err)
	}
	if bad.Passed {
		t.Fatalf("broken network passed the check:\n%v", bad)
	}
	for _, name := range []string{"hidden 1/W", "hidden 1/b"} {
		if b, _ := bad.Block(name); b.Passed {
			t.Errorf("block %s of the broken layer passed: %+v", name, b)
		}
	}
	for _, name := range []string{"output/W", "output/b"} {
		if b, _ := bad.Block(name); !b.Passed {
			t.Errorf("block %s of the correct layer failed: %+v", name, b)
		}
	}
	if w := bad.Worst(1)[0]; !strings.HasPrefix(w.Block, "hidden 1/") {
		t.Errorf("worst entry %+v is not in the broken layer", w)
	}
	if s := bad.String(); !strings.Contains(s, "FAILED") || !strings.Contains(s, "hidden 1/W") {
		t.Errorf("text does not name the failure:\n%s", s)
	}
}

func TestGradientCheckMLP(t *testing.T) {
	d := data.Digits().Scaled(1.0 / 16)
	for _, o := range []models.MLPOptions{
		{Hidden: []int{16, 8}},
		{Hidden: []int{12}, Activation: models.Tanh, L2: 1e-3},
		{Hidden: []int{12}, Activation: models.Sigmoid, Dropout: 0.3},
		{Hidden: []int{12, 12}, BatchNorm: true},
	} {
		m := models.NewMLP(o)
		if err := m.Begin(d, nil); err != nil {
			t.Fatal(err)
		}
		g, err := GradientCheck(context.Background(), m, d, GradCheckOptions{Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		w := g.Worst(1)[0]
		t.Logf("%v: worst %.2e in %s", m, w.RelativeError, w.Block)
		if !g.Passed {
			t.Errorf("%v failed the gradient check:\n%v", m, g)
		}
	}
}

func TestGradientCheckCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := GradientCheck(ctx, newTanhNet(4, 6, 3, 1, false), irisStd(t), GradCheckOptions{})
	if err != context.Canceled {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}
