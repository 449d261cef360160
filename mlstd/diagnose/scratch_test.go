package diagnose

import (
	"context"
	"testing"
	"time"

	"github.com/methodic-go/methodic/mlstd/data"
	"github.com/methodic-go/methodic/mlstd/models"
)

func TestScratchLC(t *testing.T) {
	d := data.Digits().Scaled(1.0 / 16)
	sp, _ := data.TrainValTest(d, data.SplitOptions{})
	st := time.Now()
	c, err := LearningCurve(context.Background(), func(s uint64) models.Model { return models.NewMLP(models.MLPOptions{Seed: s}) }, sp.Train, sp.Val, CurveOptions{Quiet: true})
	t.Log(time.Since(st), err)
	t.Log(c)
	m := data.Moons(2000, 0.3, 1)
	sp, _ = data.TrainValTest(m, data.SplitOptions{})
	st = time.Now()
	c, err = LearningCurve(context.Background(), func(s uint64) models.Model { return models.NewLogistic(models.LogisticOptions{}) }, sp.Train, sp.Val, CurveOptions{Quiet: true})
	t.Log(time.Since(st), err)
	t.Log(c)
}
