package models

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/methodic-go/methodic/display"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// Epoch is the record of one epoch of training (or one iteration of a
// full-batch solver).
type Epoch struct {
	// Epoch counts from 1.
	Epoch int
	// TrainLoss and TrainAccuracy are averaged over the epoch's batches
	// as they were trained (in training mode: dropout on, batch statistics),
	// as Keras reports them. TrainLoss adds the L2 penalty of the weights
	// at the end of the epoch.
	TrainLoss, TrainAccuracy float64
	// ValLoss and ValAccuracy are measured on the validation set after the
	// epoch, in inference mode, without the L2 penalty; NaN without one.
	ValLoss, ValAccuracy float64
	// LearningRate is the rate used during the epoch.
	LearningRate float64
	// Time is the wall time of the epoch, validation included.
	Time time.Duration
}

// History is the record of a training run, one Epoch per epoch. It renders
// as learning curves: loss and accuracy per epoch, training and
// validation.
type History struct {
	// Model describes the model ("MLP 64-128-10 relu adam").
	Model string
	// Epochs holds one record per epoch trained.
	Epochs []Epoch
	// BestEpoch is the epoch whose weights the model holds after Fit with
	// early stopping (the lowest validation loss), or 0 when it holds the
	// last epoch's weights.
	BestEpoch int
	// Stopped says why training stopped: "epochs" (all done), "early
	// stopping", "converged", "cancelled", or "" while it runs.
	Stopped string
}

// Last returns the last epoch's record, or a zero Epoch.
func (h *History) Last() Epoch {
	if h == nil || len(h.Epochs) == 0 {
		return Epoch{}
	}
	return h.Epochs[len(h.Epochs)-1]
}

// Best returns the record of BestEpoch, or of the last epoch when
// BestEpoch is 0.
func (h *History) Best() Epoch {
	if h == nil || h.BestEpoch == 0 || h.BestEpoch > len(h.Epochs) {
		return h.Last()
	}
	return h.Epochs[h.BestEpoch-1]
}

// Values returns one column of the history by name: "train_loss",
// "train_accuracy", "val_loss", "val_accuracy", "learning_rate" or
// "seconds". It panics on another name.
func (h *History) Values(name string) []float64 {
	out := make([]float64, len(h.Epochs))
	for i, e := range h.Epochs {
		switch name {
		case "train_loss":
			out[i] = e.TrainLoss
		case "train_accuracy":
			out[i] = e.TrainAccuracy
		case "val_loss":
			out[i] = e.ValLoss
		case "val_accuracy":
			out[i] = e.ValAccuracy
		case "learning_rate":
			out[i] = e.LearningRate
		case "seconds":
			out[i] = e.Time.Seconds()
		default:
			panic(fmt.Sprintf("models: History.Values: unknown column %q", name))
		}
	}
	return out
}

// String summarises the history: epochs, the last and best records.
func (h *History) String() string {
	if h == nil || len(h.Epochs) == 0 {
		return "history: no epochs"
	}
	var b strings.Builder
	l := h.Last()
	fmt.Fprintf(&b, "%s: %d epochs", h.Model, len(h.Epochs))
	if h.Stopped != "" {
		fmt.Fprintf(&b, " (stopped: %s)", h.Stopped)
	}
	fmt.Fprintf(&b, "; last: train loss %.4f acc %.4f", l.TrainLoss, l.TrainAccuracy)
	if !math.IsNaN(l.ValLoss) {
		fmt.Fprintf(&b, ", val loss %.4f acc %.4f", l.ValLoss, l.ValAccuracy)
	}
	if h.BestEpoch > 0 {
		be := h.Best()
		fmt.Fprintf(&b, "; best epoch %d: val loss %.4f acc %.4f", h.BestEpoch, be.ValLoss, be.ValAccuracy)
	}
	return b.String()
}

// Plots returns the two learning-curve plots: loss and accuracy against
// the epoch, training and (when measured) validation, the epoch whose
// weights were kept marked.
func (h *History) Plots() (loss, acc *plot.Plot) {
	loss = display.NewPlot("Loss", "epoch", "cross-entropy loss")
	acc = display.NewPlot("Accuracy", "epoch", "accuracy")
	drawn := map[*plot.Plot][]plotter.XYs{}
	add := func(p *plot.Plot, name string, col int, ys []float64) {
		var pts plotter.XYs
		for i, y := range ys {
			if !math.IsNaN(y) && !math.IsInf(y, 0) {
				pts = append(pts, plotter.XY{X: float64(i + 1), Y: y})
			}
		}
		if len(pts) == 0 {
			return
		}
		l, err := plotter.NewLine(pts)
		if err != nil {
			return
		}
		l.Color = display.Color(col)
		l.Width = display.LineWidth
		p.Add(l)
		p.Legend.Add(name, l)
		drawn[p] = append(drawn[p], pts)
	}
	if h != nil {
		add(loss, "training", 0, h.Values("train_loss"))
		add(loss, "validation", 1, h.Values("val_loss"))
		add(acc, "training", 0, h.Values("train_accuracy"))
		add(acc, "validation", 1, h.Values("val_accuracy"))
		if h.BestEpoch > 0 {
			for _, p := range []*plot.Plot{loss, acc} {
				if l, err := plotter.NewLine(plotter.XYs{{X: float64(h.BestEpoch), Y: p.Y.Min}, {X: float64(h.BestEpoch), Y: p.Y.Max}}); err == nil {
					l.Dashes = []vg.Length{vg.Points(3), vg.Points(3)}
					l.Color = display.Color(7)
					p.Add(l)
					p.Legend.Add(fmt.Sprintf("weights kept (epoch %d)", h.BestEpoch), l)
					drawn[p] = append(drawn[p], l.XYs)
				}
			}
		}
	}
	display.PlaceLegend(loss, false, false, drawn[loss]...)
	display.CornerLegend(acc, false, false, drawn[acc]...) // accuracy stops at 1
	return loss, acc
}

// MIMEBundle renders the learning curves as a figure of two panels side
// by side (loss, accuracy), drawn by display.Plots.
func (h *History) MIMEBundle() display.Bundle {
	loss, acc := h.Plots()
	b := display.Plots([][]*plot.Plot{{loss, acc}}, display.PlotOptions{Width: 9 * vg.Inch, Height: 3.5 * vg.Inch})
	return b.Set(display.MIMEText, h.String())
}
