package models

import (
	"context"
	"testing"

	"github.com/methodic-go/methodic/mlstd/data"
	"gonum.org/v1/gonum/mat"
)

// BenchmarkConvNetEpoch trains one epoch of the default ConvNet on 1,024
// random 28x28 images through TrainEpoch, one worker: the whole training
// path (batches, labels, forward, backward, Adam), one thread's
// processor time per epoch. "heads" adds three outputs of ten classes.
func BenchmarkConvNetEpoch(b *testing.B) {
	r := data.NewRand(1)
	x := mat.NewDense(1024, 784, nil)
	y := make([]int, 1024)
	raw := x.RawMatrix().Data
	for i := range raw {
		if r.Float64() < 0.2 {
			raw[i] = r.Float64()
		}
	}
	for i := range y {
		y[i] = i % 10
	}
	classes := []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}
	d := &data.Dataset{Name: "random", X: x, Y: y, Classes: classes, ImageHeight: 28, ImageWidth: 28}
	run := func(b *testing.B, d *data.Dataset, heads []string) {
		m := NewConvNet(ConvNetOptions{Workers: 1, Quiet: true, Heads: heads})
		if err := m.Begin(d, nil); err != nil {
			b.Fatal(err)
		}
		threadCPU(b, func() {
			if _, err := m.TrainEpoch(context.Background()); err != nil {
				b.Fatal(err)
			}
		})
	}
	b.Run("single", func(b *testing.B) { run(b, d, nil) })
	h := *d
	for k := range 3 {
		t := data.Target{Name: string(rune('a' + k)), Classes: classes, Y: make([]int, len(y))}
		for i := range t.Y {
			t.Y[i] = (i + k) % 10
		}
		h.Targets = append(h.Targets, t)
	}
	b.Run("heads", func(b *testing.B) { run(b, &h, []string{"a", "b", "c"}) })
}
