package diagnose

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// Histogram counts values in equal-width bins between Min and Max, as
// TensorBoard's histograms do for one step.
type Histogram struct {
	// Min and Max are the smallest and largest finite values; the bins
	// divide [Min, Max] evenly.
	Min, Max float64
	// Counts holds the number of values in each bin.
	Counts []int
	// N is the number of finite values, NonFinite the number of NaN and
	// infinite ones.
	N, NonFinite int
	// Mean and Std are the mean and the population standard deviation of
	// the finite values.
	Mean, Std float64
}

// newHistogram bins the values of xs into bins bins.
func newHistogram(xs []float64, bins int) Histogram {
	h := Histogram{Min: math.Inf(1), Max: math.Inf(-1), Counts: make([]int, bins)}
	var sum, ss float64
	for _, v := range xs {
		if !isFinite(v) {
			h.NonFinite++
			continue
		}
		h.N++
		sum += v
		ss += v * v
		h.Min, h.Max = math.Min(h.Min, v), math.Max(h.Max, v)
	}
	if h.N == 0 {
		h.Min, h.Max = 0, 0
		return h
	}
	h.Mean = sum / float64(h.N)
	h.Std = math.Sqrt(math.Max(0, ss/float64(h.N)-h.Mean*h.Mean))
	w := (h.Max - h.Min) / float64(bins)
	for _, v := range xs {
		if !isFinite(v) {
			continue
		}
		i := bins - 1
		if w > 0 {
			i = min(bins-1, int((v-h.Min)/w))
		}
		h.Counts[i]++
	}
	return h
}

// bins returns the histogram as gonum's bins, weighted by share of N.
func (h Histogram) bins() []plotter.HistogramBin {
	n := len(h.Counts)
	if n == 0 || h.N == 0 {
		return nil
	}
	lo, hi := h.Min, h.Max
	if hi == lo {
		// One value: a bar of unit width around it.
		lo, hi = lo-0.5, hi+0.5
		out := make([]plotter.HistogramBin, n)
		w := (hi - lo) / float64(n)
		for i := range out {
			out[i] = plotter.HistogramBin{Min: lo + float64(i)*w, Max: lo + float64(i+1)*w}
		}
		out[n/2].Weight = 1
		return out
	}
	w := (hi - lo) / float64(n)
	out := make([]plotter.HistogramBin, n)
	for i, c := range h.Counts {
		out[i] = plotter.HistogramBin{Min: lo + float64(i)*w, Max: lo + float64(i+1)*w, Weight: float64(c) / float64(h.N)}
	}
	return out
}

// addHistogram draws h on p as bars of colour c, or as their outline
// when outline is set.
func addHistogram(p *plot.Plot, h Histogram, c color.RGBA, outline bool) {
	bins := h.bins()
	if bins == nil {
		return
	}
	ph := &plotter.Histogram{Bins: bins, Width: bins[0].Max - bins[0].Min, FillColor: translucent(c, 190)}
	ph.LineStyle.Width = 0
	if outline {
		ph.FillColor = nil
		ph.LineStyle.Width = vg.Points(1)
		ph.LineStyle.Color = c
	}
	p.Add(ph)
}
