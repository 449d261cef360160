package tune

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"testing"

	"github.com/methodic-go/methodic/mlstd/tune/functions"
)

// evalsToTarget runs a study of f with sampler until a trial reaches
// target or budget trials ran, and returns how many trials ran (budget+1
// when the target was not reached).
func evalsToTarget(sampler Sampler, f func(*Trial) float64, target float64, budget int) int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st, err := NewStudy(ctx, "quality", StudyOptions{})
	if err != nil {
		panic(err)
	}
	n, hit := 0, 0
	obj := func(ctx context.Context, t *Trial) (float64, error) {
		v := f(t)
		n++
		if v <= target && hit == 0 {
			hit = n
			cancel()
		}
		return v, nil
	}
	err = st.Optimize(ctx, obj, Options{Trials: budget, Sampler: sampler, Quiet: true})
	if err != nil && !errors.Is(err, context.Canceled) {
		panic(err)
	}
	if hit == 0 {
		return budget + 1
	}
	return hit
}

func branin(t *Trial) float64 {
	return functions.Branin(t.Float("x1", -5, 10), t.Float("x2", 0, 15))
}

func hartmann(t *Trial) float64 {
	x := make([]float64, 6)
	for i := range x {
		x[i] = t.Float(fmt.Sprintf("x%d", i+1), 0, 1)
	}
	return functions.Hartmann6(x)
}

func medianInt(v []int) float64 {
	s := append([]int(nil), v...)
	sort.Ints(s)
	n := len(s)
	if n%2 == 1 {
		return float64(s[n/2])
	}
	return float64(s[n/2-1]+s[n/2]) / 2
}

func TestQualityProbe(t *testing.T) {
	for _, c := range []struct {
		name   string
		f      func(*Trial) float64
		target float64
		budget int
	}{{"branin", branin, 0.5, 1000}, {"hartmann6", hartmann, -2.5, 1000}} {
		var tpe, rnd []int
		for seed := uint64(0); seed < 20; seed++ {
			tpe = append(tpe, evalsToTarget(NewTPE(seed, TPEOptions{}), c.f, c.target, c.budget))
			rnd = append(rnd, evalsToTarget(NewRandom(seed), c.f, c.target, c.budget))
		}
		t.Logf("%s: tpe median %v %v; random median %v %v", c.name, medianInt(tpe), tpe, medianInt(rnd), rnd)
	}
}
