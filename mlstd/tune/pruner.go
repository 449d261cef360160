package tune

import (
	"math"
	"sort"

	"github.com/methodic-go/methodic/mlstd/tune/store"
)

// Pruner decides whether a running trial should stop early, from what it
// reported (t.Intermediate) and what the other trials of the study did.
// Like a Sampler it is called from one goroutine at a time.
type Pruner interface {
	Prune(h History, t store.Trial) bool
}

// Median stops a trial whose best intermediate value so far is worse than
// the median of the complete trials' values at the same step: the
// freeze-thaw idea that a clearly bad run need not finish. Its zero value
// waits for 5 complete trials and prunes from the first step.
type Median struct {
	// StartupTrials is how many trials must complete before any is pruned.
	// Zero: 5. Negative: none.
	StartupTrials int
	// WarmupSteps: no pruning at steps up to this one (a network's first
	// epochs say little).
	WarmupSteps int
}

// Prune implements Pruner.
func (m Median) Prune(h History, t store.Trial) bool {
	last, ok := t.Last()
	if !ok || last.Step <= m.WarmupSteps {
		return false
	}
	startup := m.StartupTrials
	if startup == 0 {
		startup = 5
	}
	var at []float64
	complete := 0
	for _, o := range h.Trials {
		if o.State != store.Complete {
			continue
		}
		complete++
		for _, p := range o.Intermediate {
			if p.Step == last.Step && !math.IsNaN(p.Value) {
				at = append(at, p.Value)
				break
			}
		}
	}
	if complete < startup || len(at) == 0 {
		return false
	}
	// The trial's best so far, so that a noisy epoch does not kill it.
	bestSoFar := math.NaN()
	for _, p := range t.Intermediate {
		if h.Direction.Better(p.Value, bestSoFar) {
			bestSoFar = p.Value
		}
	}
	if math.IsNaN(bestSoFar) {
		return true // diverged
	}
	return h.Direction.Better(median(at), bestSoFar)
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// Halving is asynchronous successive halving (ASHA, Li et al., 2020) as a
// Pruner: at each rung, after MinEpochs·Eta^k steps, a trial goes on only
// if its value there is among the best 1/Eta of all the trials that have
// reached that rung so far (the first to arrive always goes on). Unlike
// Study.SuccessiveHalving it never waits for a rung to fill and never
// pauses a trial, so it suits many workers sharing one study; the price is
// that a trial stopped early is not resumed. Its zero value has rungs at
// 1, 3, 9, 27, ... steps.
//
// With Brackets > 1 it is asynchronous Hyperband: trial number n runs in
// bracket b = n mod Brackets, whose first rung is MinEpochs·Eta^b, and is
// compared only with the trials of its bracket. Bracket 0 stops trials
// the soonest; the last lets them run longest before the first cut,
// which hedges against stopping slow starters, as Hyperband's brackets
// do. Brackets are taken in turn, as in Li et al.'s asynchronous
// Hyperband. This is how Hyperband runs across workers: the bracket
// follows from the trial's number, so every worker agrees on it.
type Halving struct {
	// MinEpochs is the first rung. Zero: 1.
	MinEpochs int
	// Eta is the reduction factor. Zero: 3.
	Eta int
	// Brackets is the number of Hyperband brackets. Zero or one: plain
	// asynchronous successive halving.
	Brackets int
}

// bracket returns the bracket of trial number n.
func (hv Halving) bracket(n int) int {
	if hv.Brackets <= 1 {
		return 0
	}
	return n % hv.Brackets
}

// Prune implements Pruner.
func (hv Halving) Prune(h History, t store.Trial) bool {
	last, ok := t.Last()
	if !ok {
		return false
	}
	r, eta := max(hv.MinEpochs, 1), hv.Eta
	if eta < 2 {
		eta = 3
	}
	b := hv.bracket(t.Number)
	for i := 0; i < b; i++ {
		r *= eta
	}
	// Is the current step a rung?
	for r < last.Step {
		r *= eta
	}
	if r != last.Step {
		return false
	}
	if math.IsNaN(last.Value) {
		return true
	}
	var at []float64
	for _, o := range h.Trials {
		if hv.bracket(o.Number) != b {
			continue
		}
		for _, p := range o.Intermediate {
			if p.Step == r {
				if !math.IsNaN(p.Value) {
					at = append(at, p.Value)
				}
				break
			}
		}
	}
	at = append(at, last.Value)
	keep := max(1, len(at)/eta)
	better := 0
	for _, v := range at {
		if h.Direction.Better(v, last.Value) {
			better++
		}
	}
	return better >= keep
}
