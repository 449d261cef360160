package diagnose

import (
	"context"
	"fmt"
	"math"

	"github.com/methodic-go/methodic/display"
	"github.com/methodic-go/methodic/mlstd/data"
	"github.com/methodic-go/methodic/mlstd/models"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// TinyOptions configures FitTiny. The zero value is a good default.
type TinyOptions struct {
	// Rows is the number of examples: 0 means two per class, at least 10.
	Rows int
	// MaxEpochs bounds the epochs of an Iterative model: 0 means 1000.
	// (Other models are fitted once, with their own options.)
	MaxEpochs int
	// Tol is the training loss (mean cross-entropy, in inference mode)
	// at or below which the check passes: 0 means 0.05.
	Tol float64
	// Seed seeds the choice of the examples.
	Seed uint64
}

// TinyFit is the result of FitTiny: the training loss after each epoch,
// the final loss and accuracy on the tiny set, and whether the loss came
// near zero. It renders as the loss curve with the threshold.
type TinyFit struct {
	// Model describes the model; Rows is the size of the tiny set.
	Model string
	Rows  int
	// Losses holds the loss on the tiny set after each epoch (Iterative
	// models; one value otherwise).
	Losses []float64
	// Epochs is the number of epochs trained.
	Epochs int
	// Loss and Accuracy are measured on the tiny set in inference mode
	// after training.
	Loss, Accuracy float64
	Tol            float64
	Passed         bool
}

// FitTiny trains m on a handful of examples of d (a stratified subsample)
// and reports whether it drives the training loss near zero, the check of
// section 11.5 of the book (and Lightning's overfit_batches): even a small
// model should memorise ten examples, so failing this points at the code
// (a frozen or disconnected layer, a wrong sign, labels shuffled against
// the features, a learning rate far off) rather than at the data.
//
// An Iterative model (such as *models.MLP or *models.ConvNet) is trained epoch by epoch
// without validation data until its loss on the tiny set is at most Tol or
// MaxEpochs have passed; any other model is fitted once. When ctx is
// cancelled it returns ctx.Err().
func FitTiny(ctx context.Context, m models.Model, d *data.Dataset, o TinyOptions) (*TinyFit, error) {
	if m == nil {
		panic("diagnose: FitTiny: nil model")
	}
	if err := d.Validate(); err != nil {
		return nil, fmt.Errorf("diagnose: FitTiny: %w", err)
	}
	rows := o.Rows
	if rows <= 0 {
		rows = max(10, 2*d.NumClasses())
	}
	rows = min(rows, d.Len())
	tiny, err := data.Subsample(d, rows, o.Seed)
	if err != nil {
		return nil, fmt.Errorf("diagnose: FitTiny: %w", err)
	}
	tiny = tiny.Named(d.Name + "/tiny")
	tol := orDefault(o.Tol, 0.05)
	maxEpochs := o.MaxEpochs
	if maxEpochs <= 0 {
		maxEpochs = 1000
	}
	if s, ok := settingsOf(m); ok {
		// No live curve for this short run; the caller's setting returns.
		defer func(q bool) { *s.quiet = q }(*s.quiet)
		*s.quiet = true
	}
	r := &TinyFit{Rows: rows, Tol: tol}
	err = protect(func() error {
		it, ok := m.(models.Iterative)
		if !ok {
			if _, err := m.Fit(ctx, tiny, nil); err != nil {
				return err
			}
			r.Epochs = 1
			r.Losses = append(r.Losses, logLoss(m, tiny))
			return nil
		}
		if err := it.Begin(tiny, nil); err != nil {
			return err
		}
		for r.Epochs < maxEpochs {
			if _, err := it.TrainEpoch(ctx); err != nil {
				return err
			}
			r.Epochs++
			l := logLoss(m, tiny)
			r.Losses = append(r.Losses, l)
			if l <= tol {
				break
			}
		}
		return nil
	})
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("diagnose: FitTiny: %w", err)
	}
	r.Model = fmt.Sprint(m)
	r.Loss = r.Losses[len(r.Losses)-1]
	r.Accuracy = m.Score(tiny)
	r.Passed = r.Loss <= tol
	return r, nil
}

// Verdict says in a sentence what the check found.
func (t *TinyFit) Verdict() string {
	if t.Passed {
		return fmt.Sprintf("Passed: the model drove the training loss on %d examples to %.3g (accuracy %.3g) in %d epochs, at or below %g. It can learn; if it does poorly on the full data, look at capacity, regularisation and the data.", t.Rows, t.Loss, t.Accuracy, t.Epochs, t.Tol)
	}
	return fmt.Sprintf("FAILED: after %d epochs the training loss on %d examples is still %.3g (accuracy %.3g), above %g. A model that cannot memorise a handful of examples has a bug: look for a frozen or disconnected layer, a wrong sign in the loss or update, labels misaligned with the features, or a learning rate far off.", t.Epochs, t.Rows, t.Loss, t.Accuracy, t.Tol)
}

// Plot returns the loss on the tiny set against the epoch (log y), with
// the threshold.
func (t *TinyFit) Plot() *plot.Plot {
	p := newPlot("Fit a tiny dataset", "epoch", "training loss")
	logY(p)
	xs := make([]float64, len(t.Losses))
	ys := make([]float64, len(t.Losses))
	for i, l := range t.Losses {
		xs[i], ys[i] = float64(i+1), math.Max(l, 1e-12)
	}
	c := goodColor
	if !t.Passed {
		c = badColor
	}
	drawn := []plotter.XYs{xys(xs, ys)}
	if l, _ := line(xs, ys, c, false); l != nil {
		p.Add(l)
		p.Legend.Add("loss on the tiny set", l)
	}
	if len(xs) > 0 {
		if l := hline(t.Tol, 1, math.Max(2, xs[len(xs)-1]), markColor); l != nil {
			p.Add(l)
			p.Legend.Add(fmt.Sprintf("threshold (%g)", t.Tol), l)
			drawn = append(drawn, l.XYs)
		}
	}
	display.PlaceLegend(p, false, true, drawn...)
	return p
}

// String returns the model and the verdict.
func (t *TinyFit) String() string {
	return fmt.Sprintf("fit a tiny dataset: %s\n%s", t.Model, t.Verdict())
}

// MIMEBundle renders the loss curve with the verdict under it.
func (t *TinyFit) MIMEBundle() display.Bundle {
	c := goodColor
	if !t.Passed {
		c = badColor
	}
	below := fmt.Sprintf(`<p style="color:rgb(%d,%d,%d)">%s</p>`, c.R, c.G, c.B, htmlEscape(t.Verdict()))
	return figure(t.Plot(), display.PlotOptions{Width: 5 * vg.Inch, Height: 3 * vg.Inch}, t.String(), below)
}
