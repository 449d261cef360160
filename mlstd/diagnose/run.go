package diagnose

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"sync"

	"github.com/methodic-go/methodic/mlstd/data"
	"github.com/methodic-go/methodic/mlstd/metrics"
	"github.com/methodic-go/methodic/mlstd/models"
	"gonum.org/v1/gonum/mat"
)

// quiet prepares a model that this package trains on the caller's behalf:
// a network draws no live curve, and when several fits run at once each
// uses one goroutine for its products unless the caller chose a number.
func quiet(m models.Model, parallel bool) {
	if s, ok := settingsOf(m); ok {
		*s.quiet = true
		if parallel && *s.workers == 0 {
			*s.workers = 1
		}
	}
}

// settings points into the options that the networks of models share.
type settings struct {
	quiet      *bool
	workers    *int
	activation models.Activation
	// training holds the network's optimiser settings and batch size, as
	// an MLP's options.
	training models.MLPOptions
}

// settingsOf returns the shared settings of an MLP, a ConvNet or a GRU.
func settingsOf(m models.Model) (settings, bool) {
	switch m := m.(type) {
	case *models.MLP:
		return settings{&m.Options.Quiet, &m.Options.Workers, m.Options.Activation, m.Options}, true
	case *models.ConvNet:
		o := m.Options
		return settings{&m.Options.Quiet, &m.Options.Workers, o.Activation, models.MLPOptions{
			Optimizer: o.Optimizer, LearningRate: o.LearningRate, Momentum: o.Momentum,
			Beta1: o.Beta1, Beta2: o.Beta2, Epsilon: o.Epsilon, BatchSize: o.BatchSize,
		}}, true
	case *models.GRU:
		o := m.Options
		return settings{&m.Options.Quiet, &m.Options.Workers, o.Activation, models.MLPOptions{
			Optimizer: o.Optimizer, LearningRate: o.LearningRate, Momentum: o.Momentum,
			Beta1: o.Beta1, Beta2: o.Beta2, Epsilon: o.Epsilon, BatchSize: o.BatchSize,
		}}, true
	}
	return settings{}, false
}

// workers returns the number of fits to run at once.
func workers(n, jobs int) int {
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	return max(1, min(n, jobs))
}

// runJobs calls job(ctx, i) for i in [0, n) on w goroutines, in order of i,
// and returns the first error (a panic in a job becomes an error, so that
// a broken model cannot take the kernel down). It stops handing out jobs
// when ctx is cancelled or a job fails, and returns ctx.Err() when ctx was
// cancelled.
func runJobs(parent context.Context, w, n int, job func(ctx context.Context, i int) error) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	var (
		mu    sync.Mutex
		next  int
		first error
		wg    sync.WaitGroup
	)
	take := func() (int, bool) {
		mu.Lock()
		defer mu.Unlock()
		if first != nil || ctx.Err() != nil || next >= n {
			return 0, false
		}
		next++
		return next - 1, true
	}
	fail := func(err error) {
		mu.Lock()
		if first == nil {
			first = err
		}
		mu.Unlock()
		cancel()
	}
	for range w {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i, ok := take()
				if !ok {
					return
				}
				if err := protect(func() error { return job(ctx, i) }); err != nil {
					fail(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := parent.Err(); err != nil {
		return err
	}
	return first
}

// protect calls f and turns a panic into an error (which callers wrap
// with the package prefix).
func protect(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return f()
}

// fitErrors trains m on train and returns its error rate (1 - accuracy)
// on train and on val.
func fitErrors(ctx context.Context, m models.Model, train, val *data.Dataset) (tr, va float64, err error) {
	err = protect(func() error {
		if _, err := m.Fit(ctx, train, nil); err != nil {
			return err
		}
		tr, va = 1-m.Score(train), 1-m.Score(val)
		return nil
	})
	if err != nil && ctx.Err() != nil {
		return 0, 0, ctx.Err()
	}
	return tr, va, err
}

// logLoss returns the mean cross-entropy of m on d, with probabilities
// clipped as scikit-learn clips them; for a model with several outputs
// (a ConvNet with heads), the mean over rows of the summed cross-entropies
// of the outputs each row is labelled for, the loss it trains on.
func logLoss(m models.Model, d *data.Dataset) float64 {
	if o, ok := m.(multiOutput); ok {
		if l, ok := outputsLogLoss(o, d); ok {
			return l
		}
	}
	l, err := metrics.LogLoss(d.Y, m.PredictProba(d.X), nil)
	if err != nil {
		return math.NaN()
	}
	return l
}

// multiOutput is a model with several outputs, each labelled by Labels
// (models.ConvNet).
type multiOutput interface {
	PredictOutputs(x *mat.Dense) []*mat.Dense
	Labels(d *data.Dataset) []int
}

// outputsLogLoss is logLoss for a model with more than one output; false
// for a model with one.
func outputsLogLoss(m multiOutput, d *data.Dataset) (float64, bool) {
	ps := m.PredictOutputs(d.X)
	if len(ps) < 2 {
		return 0, false
	}
	y, h := m.Labels(d), len(ps)
	sum := 0.0
	for r := range d.Len() {
		for o, p := range ps {
			if c := y[r*h+o]; c >= 0 {
				sum -= math.Log(math.Max(p.At(r, c), 1e-15))
			}
		}
	}
	return sum / float64(d.Len()), true
}

// meanStd returns the mean and the sample standard deviation of xs
// (0 for one value).
func meanStd(xs []float64) (mean, std float64) {
	if len(xs) == 0 {
		return math.NaN(), math.NaN()
	}
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	if len(xs) < 2 {
		return mean, 0
	}
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(ss / float64(len(xs)-1))
}
