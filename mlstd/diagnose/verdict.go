package diagnose

import (
	"fmt"
	"math"
)

// Verdict is what the shape of a learning curve says about gathering more
// data (section 11.3 of Goodfellow, Bengio and Courville, Deep Learning).
type Verdict int

const (
	// Inconclusive: fewer than two sizes, or errors that are not numbers.
	Inconclusive Verdict = iota
	// MoreData: the validation error still falls as the training set
	// grows, and lies well above the training error: more data of the
	// same kind is likely to lower it.
	MoreData
	// Converged: training and validation error have met and the
	// validation error no longer falls: more data will not help. If the
	// error is too high, grow the model, tune the optimiser, or improve
	// the data (cleaner labels, better features).
	Converged
	// Plateau: the validation error no longer falls but lies well above
	// the training error: more data helps slowly at best; regularise
	// (weight decay, dropout, a smaller model) or look for a difference
	// between the training and validation data.
	Plateau
	// Underfit: the training error at the largest size is above the
	// target. The chapter asks this first: a model that does not fit the
	// data it has will not fit more of it, and the validation error cannot
	// fall below the training error. Grow the model and tune the optimiser
	// (the learning rate first); if a large, well-tuned model still
	// underfits, the data is the problem (noisy labels, features that do
	// not carry the information). It needs CurveOptions.Target.
	Underfit
)

// String names the verdict.
func (v Verdict) String() string {
	switch v {
	case MoreData:
		return "more data likely helps"
	case Converged:
		return "more data will not help"
	case Plateau:
		return "more data helps slowly: regularise"
	case Underfit:
		return "more data will not help: the model underfits"
	}
	return "inconclusive"
}

// judge reads the verdict from the largest sizes of a learning curve, in
// the chapter's order: first the training error against the target (a
// model that underfits needs capacity or optimisation, not data), then the
// shape of the validation curve.
//
// The fall of the validation error is the slope, per doubling of the
// training set, of a least-squares line through the validation errors of
// the (up to) three largest sizes against log2 of the size, fitted for
// each repeat separately (the subsets of one repeat are nested, so the
// repeats pair up) and averaged. It counts as falling when it exceeds
// MinDrop and two standard errors over the repeats. The gap between
// validation and training error at the largest size is large when it
// exceeds both MinGap and a fifth of the validation error.
func judge(pts []CurvePoint, reps int, o CurveOptions) (Verdict, string) {
	if len(pts) < 2 {
		return Inconclusive, "Measure at least two training-set sizes to see the curve's shape."
	}
	last := pts[max(0, len(pts)-3):]
	b := pts[len(pts)-1]
	for _, p := range last {
		for _, v := range append(append([]float64(nil), p.Val...), p.Train...) {
			if !isFinite(v) {
				return Inconclusive, "The errors are not all numbers."
			}
		}
	}
	a := last[0]
	if !(b.X > a.X) {
		return Inconclusive, "The largest sizes are equal."
	}
	drops := make([]float64, reps)
	gaps := make([]float64, reps)
	for r := range reps {
		xs := make([]float64, len(last))
		ys := make([]float64, len(last))
		for i, p := range last {
			xs[i], ys[i] = math.Log2(p.X), p.Val[r]
		}
		drops[r] = -slope(xs, ys)
		gaps[r] = b.Val[r] - b.Train[r]
	}
	se := func(std float64) float64 { return std / math.Sqrt(float64(reps)) }
	drop, dropStd := meanStd(drops)
	gap, _ := meanStd(gaps)
	falling := drop > orDefault(o.MinDrop, 0.005) && drop > 2*se(dropStd)
	large := gap > orDefault(o.MinGap, 0.02) && gap > 0.2*b.ValMean
	facts := fmt.Sprintf("At %d examples the training error is %.3g and the validation error %.3g (gap %.3g); from %d to %d examples the validation error fell by %.3g per doubling of the training set.",
		int(b.X), b.TrainMean, b.ValMean, gap, int(a.X), int(b.X), drop)
	target := ""
	if o.Target > 0 {
		switch {
		case b.ValMean <= o.Target:
			target = fmt.Sprintf(" The validation error already meets the target %.3g.", o.Target)
		case b.TrainMean > o.Target:
			target = fmt.Sprintf(" The training error is above the target %.3g: the model underfits, and no amount of data will bring the validation error below the training error; grow the model or tune the optimiser first.", o.Target)
		default:
			target = fmt.Sprintf(" The target %.3g lies between the training and validation errors.", o.Target)
		}
	}
	trend := ""
	if falling {
		trend = " The validation error is still falling, but it cannot fall below the training error."
	}
	switch {
	case o.Target > 0 && b.TrainMean > o.Target:
		return Underfit, facts + fmt.Sprintf(" The training error %.3g is above the target %.3g: the model does not fit even the data it has, so more data of the same kind will not bring the validation error to the target.", b.TrainMean, o.Target) + trend +
			" Grow the model (more units or layers) and tune the optimiser (the learning rate first); if a large, well-tuned model still underfits, improve the data (cleaner labels, features that carry the information)."
	case falling:
		// Extrapolate in log size: doublings needed to close the gap at
		// the current rate, as a hint of the cost.
		need := ""
		if large && drop > 0 {
			d := gap / drop
			need = fmt.Sprintf(" At this rate the gap would close after about %.1f more doublings (about %d examples), if the curve keeps its slope.", d, int(math.Round(b.X*math.Pow(2, d))))
		}
		return MoreData, facts + " The validation error is still falling: gathering more data of the same kind is likely to help." + need + target
	case large:
		return Plateau, facts + " The validation error has flattened while the gap stays large: more data helps slowly at best. Regularise (weight decay, dropout, a smaller model, early stopping) or check that the validation data comes from the same distribution as the training data." + target
	default:
		return Converged, facts + " The curves have met and flattened: more data will not help. If the error is too high, grow the model (more units or layers), tune the optimiser (the learning rate), or improve the data (cleaner labels, better features)." + target
	}
}

// slope returns the least-squares slope of ys against xs.
func slope(xs, ys []float64) float64 {
	mx, _ := meanStd(xs)
	my, _ := meanStd(ys)
	var sxy, sxx float64
	for i := range xs {
		sxy += (xs[i] - mx) * (ys[i] - my)
		sxx += (xs[i] - mx) * (xs[i] - mx)
	}
	if sxx == 0 {
		return 0
	}
	return sxy / sxx
}
