package tune

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"sync"

	"github.com/methodic-go/methodic/mlstd/tune/store"
)

// ErrPruned is what an objective returns when ShouldPrune told it to stop:
// the trial is then recorded as pruned, with its last reported value.
var ErrPruned = errors.New("tune: trial pruned")

// Objective is a define-by-run objective: it asks the trial for the
// hyperparameters it needs (Float, LogFloat, Int, Choice, ...), trains,
// reports intermediate values with Report and stops early when
// ShouldPrune says so (returning ErrPruned), and returns the value to
// minimise or maximise. Conditional parameters are plain Go: suggest a
// parameter only in the branch that uses it.
//
// An Objective is written in a notebook cell as a plain func; it must
// return promptly with ctx.Err() when ctx is cancelled.
type Objective func(ctx context.Context, t *Trial) (float64, error)

// Trial is one run of an objective with one set of hyperparameters. Its
// methods are for the objective that received it; they are not safe for
// use by several goroutines at once.
type Trial struct {
	study  *Study
	rec    store.Trial
	worker string
	ctx    context.Context // the search's context: cancelled on interrupt
	sctx   context.Context // for storage writes: not cancelled, so that nothing reported is lost
	log    io.Writer       // storage errors being retried

	sampler Sampler
	pruner  Pruner
	hist    History
	fixed   map[string]store.Param // enqueued parameters (grid points)
	// strict (Work) refuses an enqueued value outside the range the
	// objective asks for, unless the signed grid vouched for its name.
	strict  bool
	vouched map[string]bool
	rel     map[string]store.Param // jointly sampled at the start

	params       []store.Param
	intermediate []store.Point
	err          error // the first storage error
	mu           sync.Mutex
}

// Number is the trial's number in its study: 0, 1, 2, ...
func (t *Trial) Number() int { return t.rec.Number }

// Params returns the parameters suggested so far, by name: numbers as
// they are, choices as the index of the label.
func (t *Trial) Params() map[string]float64 {
	m := make(map[string]float64, len(t.params))
	for _, p := range t.params {
		m[p.Name] = p.Value
	}
	return m
}

// Float suggests a real parameter uniform in [lo, hi]. It panics if lo > hi
// or a bound is not finite, and when name was suggested before with a
// different range.
func (t *Trial) Float(name string, lo, hi float64) float64 {
	return t.suggest(name, store.Dist{Kind: store.Float, Lo: lo, Hi: hi})
}

// LogFloat suggests a real parameter in [lo, hi] on a log scale (its
// logarithm is uniform), as learning rates and weight decays want. It
// panics unless 0 < lo <= hi.
func (t *Trial) LogFloat(name string, lo, hi float64) float64 {
	return t.suggest(name, store.Dist{Kind: store.Float, Lo: lo, Hi: hi, Log: true})
}

// Int suggests an integer parameter in [lo, hi].
func (t *Trial) Int(name string, lo, hi int) int {
	return int(t.suggest(name, store.Dist{Kind: store.Int, Lo: float64(lo), Hi: float64(hi)}))
}

// LogInt suggests an integer parameter in [lo, hi] on a log scale (unit
// counts: 16, 32, 64, ... are as likely as 64, 128, 256). It panics unless
// 0 < lo <= hi.
func (t *Trial) LogInt(name string, lo, hi int) int {
	return int(t.suggest(name, store.Dist{Kind: store.Int, Lo: float64(lo), Hi: float64(hi), Log: true}))
}

// Choice suggests one of the labels.
func (t *Trial) Choice(name string, labels ...string) string {
	i := int(t.suggest(name, store.Dist{Kind: store.Choice, Choices: append([]string(nil), labels...)}))
	return labels[i]
}

// ChoiceFloat suggests one of the numbers, as a choice: no order or
// distance between them is assumed (use Float or Int when there is one).
func (t *Trial) ChoiceFloat(name string, values ...float64) float64 {
	labels := make([]string, len(values))
	for i, v := range values {
		labels[i] = strconv.FormatFloat(v, 'g', -1, 64)
	}
	i := int(t.suggest(name, store.Dist{Kind: store.Choice, Choices: labels}))
	return values[i]
}

func (t *Trial) suggest(name string, d store.Dist) float64 {
	if name == "" {
		panic("tune: empty parameter name")
	}
	if err := d.Validate(); err != nil {
		panic(fmt.Sprintf("tune: parameter %q: %v", name, trimPrefix(err)))
	}
	for _, p := range t.params {
		if p.Name == name {
			if !sameRange(p.Dist, d) {
				panic(fmt.Sprintf("tune: parameter %q suggested again as %v, was %v", name, d, p.Dist))
			}
			return p.Value
		}
	}
	var v float64
	if f, ok := t.fixed[name]; ok {
		asked := d
		v, d = fixedValue(name, f, d)
		if t.strict && !t.vouched[name] && !asked.Contains(v) {
			panic(fmt.Sprintf("tune: the stored value %v of %q is outside %v, what the objective asks for, and no signed grid holds it: refused", v, name, asked))
		}
	} else if r, ok := t.rel[name]; ok && r.Dist.Equal(d) && d.Contains(r.Value) {
		v = r.Value
	} else {
		v = clampTo(d, t.study.sample(t.sampler, t.hist, t.rec.Number, name, d))
	}
	p := store.Param{Name: name, Dist: d, Value: v}
	t.params = append(t.params, p)
	t.note(retry(t.ctx, t.log, t.about("recording parameter "+name), func() error {
		return t.study.st.SetParam(t.sctx, t.rec.ID, t.worker, p)
	}))
	return v
}

// sameRange reports whether a parameter suggested again asks for the same
// distribution; an enqueued value may have widened the bounds.
func sameRange(had, want store.Dist) bool {
	if had.Kind != want.Kind || had.Log != want.Log {
		return false
	}
	if had.Kind == store.Choice {
		return had.Equal(want)
	}
	return had.Lo <= want.Lo && had.Hi >= want.Hi
}

// fixedValue maps an enqueued parameter onto the distribution the
// objective asks for. A grid may lie outside the objective's bounds (Refine
// steps past the edge when the best value was there); the stored
// distribution is widened to hold it.
func fixedValue(name string, f store.Param, d store.Dist) (float64, store.Dist) {
	switch d.Kind {
	case store.Choice:
		label := f.Label()
		if f.Dist.Kind != store.Choice {
			label = strconv.FormatFloat(f.Value, 'g', -1, 64)
		}
		for i, c := range d.Choices {
			if c == label {
				return float64(i), d
			}
		}
		panic(fmt.Sprintf("tune: enqueued value %q of %q is not among its choices %v", label, name, d.Choices))
	default:
		if f.Dist.Kind == store.Choice {
			panic(fmt.Sprintf("tune: parameter %q is a number but was enqueued as choice %q", name, f.Label()))
		}
		v := f.Value
		if d.Kind == store.Int {
			v = math.Round(v)
		}
		if d.Log && v <= 0 {
			panic(fmt.Sprintf("tune: enqueued value %v of log-scale parameter %q is not positive", v, name))
		}
		d.Lo, d.Hi = math.Min(d.Lo, v), math.Max(d.Hi, v)
		return v, d
	}
}

// clampTo forces a sampled value into d: a sampler bug must not produce a
// value out of range.
func clampTo(d store.Dist, v float64) float64 {
	if math.IsNaN(v) {
		v = d.Lo
	}
	switch d.Kind {
	case store.Choice:
		v = math.Round(v)
		return math.Max(0, math.Min(float64(len(d.Choices)-1), v))
	case store.Int:
		v = math.Round(v)
	}
	return math.Max(d.Lo, math.Min(d.Hi, v))
}

// Report records the objective's intermediate value at step (an epoch,
// counting from 1), for pruners and for the intermediate-values plot.
//
// A storage error is retried for up to a minute (the objective waits), so
// that a database that blinks loses no report.
func (t *Trial) Report(step int, value float64) {
	seen := false
	for i, p := range t.intermediate {
		if p.Step == step {
			t.intermediate[i].Value = value
			seen = true
		}
	}
	if !seen {
		t.intermediate = append(t.intermediate, store.Point{Step: step, Value: value})
	}
	t.note(retry(t.ctx, t.log, t.about(fmt.Sprintf("reporting step %d", step)), func() error {
		return t.study.st.Report(t.sctx, t.rec.ID, t.worker, step, value)
	}))
}

// about names the trial in a log line.
func (t *Trial) about(what string) string {
	return fmt.Sprintf("%s: trial %d: %s", t.worker, t.rec.Number, what)
}

// ShouldPrune asks the study's pruner whether the trial, from what it has
// reported, is bad enough to stop now. When it says so the objective
// should return ErrPruned. It is also true when the trial can no longer be
// recorded (the search was cancelled, or the storage gave the trial up).
func (t *Trial) ShouldPrune() bool {
	if t.ctx.Err() != nil || t.lostErr() != nil {
		return true
	}
	if t.pruner == nil || len(t.intermediate) == 0 {
		return false
	}
	others, err := t.study.st.Trials(t.ctx, t.study.id)
	if err != nil {
		t.note(err)
		return false
	}
	h := History{Direction: t.study.dir}
	for _, o := range others {
		if o.ID != t.rec.ID {
			h.Trials = append(h.Trials, o)
		}
	}
	cur := t.snapshot()
	t.study.smu.Lock()
	defer t.study.smu.Unlock()
	return t.pruner.Prune(h, cur)
}

// snapshot is the trial as a pruner sees it.
func (t *Trial) snapshot() store.Trial {
	s := t.rec
	s.State = store.Running
	s.Params = append([]store.Param(nil), t.params...)
	s.Intermediate = append([]store.Point(nil), t.intermediate...)
	return s
}

// note keeps the first storage error.
func (t *Trial) note(err error) {
	if err == nil {
		return
	}
	t.mu.Lock()
	if t.err == nil {
		t.err = err
	}
	t.mu.Unlock()
}

// lostErr is the storage error that means the trial is no longer ours.
func (t *Trial) lostErr() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if errors.Is(t.err, store.ErrNotOwner) {
		return t.err
	}
	return nil
}

func (t *Trial) storageErr() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.err
}

func trimPrefix(err error) string {
	s := err.Error()
	const p = "store: "
	if len(s) > len(p) && s[:len(p)] == p {
		return s[len(p):]
	}
	return s
}
