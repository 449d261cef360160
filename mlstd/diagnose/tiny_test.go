package diagnose

import (
	"context"
	"testing"

	"github.com/methodic-go/methodic/mlstd/data"
	"github.com/methodic-go/methodic/mlstd/models"
)

// frozenMLP is an MLP with one layer frozen at its initial weights, as if
// that layer's parameters had never been handed to the optimiser: after
// every epoch its block is put back.
type frozenMLP struct {
	*models.MLP
	layer int
	saved map[int]float64
}

func (f *frozenMLP) Begin(train, val *data.Dataset) error {
	if err := f.MLP.Begin(train, val); err != nil {
		return err
	}
	f.saved = map[int]float64{}
	p := f.Params()
	for _, b := range f.ParamLayout() {
		if b.Layer == f.layer {
			for i := b.Offset; i < b.Offset+b.Size(); i++ {
				f.saved[i] = p[i]
			}
		}
	}
	return nil
}

func (f *frozenMLP) TrainEpoch(ctx context.Context) (models.Epoch, error) {
	e, err := f.MLP.TrainEpoch(ctx)
	p := f.Params()
	for i, v := range f.saved {
		p[i] = v
	}
	f.SetParams(p)
	return e, err
}

func TestFitTiny(t *testing.T) {
	d := data.Digits().Scaled(1.0 / 16)
	ctx := context.Background()
	for seed := uint64(1); seed <= 3; seed++ {
		// A narrow hidden layer: frozen at its random initial weights it
		// cannot separate 40 examples of 10 classes, trained it can.
		o := models.MLPOptions{Hidden: []int{16}, Seed: seed}
		ok, err := FitTiny(ctx, models.NewMLP(o), d, TinyOptions{Rows: 40, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		if !ok.Passed || ok.Accuracy != 1 {
			t.Errorf("seed %d: a healthy MLP failed the tiny-dataset check:\n%v", seed, ok)
		}
		frozen, err := FitTiny(ctx, &frozenMLP{MLP: models.NewMLP(o), layer: 0}, d, TinyOptions{Rows: 40, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("seed %d: healthy %.3g after %d epochs, frozen %.3g after %d", seed, ok.Loss, ok.Epochs, frozen.Loss, frozen.Epochs)
		if frozen.Passed || frozen.Loss < 10*frozen.Tol {
			t.Errorf("seed %d: an MLP with a frozen layer passed the tiny-dataset check or came close:\n%v", seed, frozen)
		}
		if frozen.Epochs != 1000 || len(frozen.Losses) != 1000 {
			t.Errorf("seed %d: the frozen MLP stopped after %d epochs, want all 1000", seed, frozen.Epochs)
		}
	}
	// The default MLP memorises the default tiny set (two per class).
	def, err := FitTiny(ctx, models.NewMLP(models.MLPOptions{}), d, TinyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !def.Passed || def.Rows != 20 {
		t.Errorf("the default MLP failed on the default tiny set:\n%v", def)
	}
}

func TestFitTinyCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := FitTiny(ctx, models.NewMLP(models.MLPOptions{}), data.Iris(), TinyOptions{})
	if err != context.Canceled {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}
