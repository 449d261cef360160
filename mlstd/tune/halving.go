package tune

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/methodic-go/methodic/mlstd/tune/store"
)

// Step trains a trial's model one more epoch and returns its validation
// objective. It keeps the model between calls: that is what lets a paused
// trial resume where it stopped (freeze-thaw) instead of training again
// from scratch.
type Step func(ctx context.Context) (float64, error)

// Trainable is an objective that trains epoch by epoch: it suggests the
// trial's hyperparameters, builds the model and returns the Step that
// trains it. Successive halving and Hyperband call the Step as many times
// as a trial's budget allows, pause the trial, and call it again if the
// trial is promoted.
//
// In a notebook cell:
//
//	build := func(ctx context.Context, t *tune.Trial) (tune.Step, error) {
//		m := models.NewMLP(models.MLPOptions{LearningRate: t.LogFloat("lr", 1e-4, 1)})
//		if err := m.Begin(train, val); err != nil {
//			return nil, err
//		}
//		return func(ctx context.Context) (float64, error) {
//			e, err := m.TrainEpoch(ctx)
//			return 1 - e.ValAccuracy, err
//		}, nil
//	}
type Trainable func(ctx context.Context, t *Trial) (Step, error)

// Epochs turns a Trainable into an Objective for Optimize: it trains up to
// max epochs, reports the objective after each, and stops when the
// pruner says so (never after the last epoch). Its value is the last
// epoch's.
func Epochs(tr Trainable, max int) Objective {
	if tr == nil {
		panic("tune: nil Trainable")
	}
	if max <= 0 {
		panic(fmt.Sprintf("tune: Epochs needs a positive number of epochs, have %d", max))
	}
	return func(ctx context.Context, t *Trial) (float64, error) {
		step, err := tr(ctx, t)
		if err != nil {
			return 0, err
		}
		if step == nil {
			return 0, errors.New("tune: Trainable returned a nil Step")
		}
		v := math.NaN()
		for e := 1; e <= max; e++ {
			if v, err = step(ctx); err != nil {
				return v, err
			}
			if ctx.Err() != nil {
				// A Step interpreted by yaegi that an interrupt stopped
				// returns (0, nil): not a value to report.
				return v, ctx.Err()
			}
			t.Report(e, v)
			// After the last epoch the trial is done: pruning it then
			// would only throw its full-budget value away.
			if e < max && t.ShouldPrune() {
				return v, ErrPruned
			}
		}
		return v, nil
	}
}

// HalvingOptions sets successive halving and Hyperband. The zero value
// trains trials for at most 27 epochs, keeps the best third at each rung
// (eta 3), samples at random, one trial at a time.
type HalvingOptions struct {
	// MaxEpochs is the most epochs a trial trains (Hyperband's R). Zero: 27.
	MaxEpochs int
	// MinEpochs is the fewest epochs a trial trains before it can be
	// stopped. Zero: 1.
	MinEpochs int
	// Eta is the halving rate: 1/Eta of the trials go on at each rung and
	// their budget grows Eta times. Zero: 3.
	Eta int
	// Trials is how many trials successive halving starts with. Zero:
	// enough that one trial reaches MaxEpochs (Eta to the number of
	// rungs less one). Hyperband chooses its own.
	Trials int
	// Iterations is how many times Hyperband runs its set of brackets.
	// Zero: once.
	Iterations int
	// Workers trains that many trials at once. Zero: one; negative: one
	// per core.
	Workers int
	// Sampler chooses hyperparameters. Nil: NewRandom(Seed), as in Li et
	// al.
	Sampler Sampler
	// Seed seeds the default sampler.
	Seed uint64
	// KeepGoing keeps going when a trial fails; by default the search
	// stops and returns the error.
	KeepGoing bool
	// Quiet turns off the live progress view.
	Quiet bool
	// Heartbeat is how often running trials tell the storage they are
	// alive. Zero: 5 seconds.
	Heartbeat time.Duration
}

func (o HalvingOptions) withDefaults() HalvingOptions {
	if o.MaxEpochs <= 0 {
		o.MaxEpochs = 27
	}
	if o.MinEpochs <= 0 {
		o.MinEpochs = 1
	}
	if o.MinEpochs > o.MaxEpochs {
		o.MinEpochs = o.MaxEpochs
	}
	if o.Eta < 2 {
		o.Eta = 3
	}
	if o.Iterations <= 0 {
		o.Iterations = 1
	}
	if o.Workers == 0 {
		o.Workers = 1
	} else if o.Workers < 0 {
		o.Workers = Options{Workers: -1}.withDefaults().Workers
	}
	if o.Sampler == nil {
		o.Sampler = NewRandom(o.Seed)
	}
	if o.Heartbeat <= 0 {
		o.Heartbeat = 5 * time.Second
	}
	return o
}

// rungs returns the budgets (total epochs) of a bracket that starts at r0:
// r0, r0·eta, ..., up to and ending with max.
func rungs(r0, max, eta int) []int {
	var out []int
	for r := r0; r < max; r *= eta {
		out = append(out, r)
	}
	return append(out, max)
}

// SuccessiveHalving runs one bracket of successive halving (Jamieson and
// Talwalkar, 2016) with epochs as the budget: o.Trials trials train
// MinEpochs epochs; the best 1/Eta are promoted and train on, resumed
// where they paused, to Eta times the budget; and so on until the
// survivors reach MaxEpochs and complete. The others are recorded as
// pruned at the rung where they stopped.
//
// Cancelling ctx stops it promptly: trials that were training are marked
// interrupted, paused ones stay paused, and ctx.Err() is returned.
//
// A trial's writes (parameters, reports, pausing, resuming, outcome) are
// retried for a minute, as Optimize's are, so a database that blinks
// costs no trial. Hyperband does the same.
func (s *Study) SuccessiveHalving(ctx context.Context, tr Trainable, o HalvingOptions) error {
	o = o.withDefaults()
	rs := rungs(o.MinEpochs, o.MaxEpochs, o.Eta)
	n := o.Trials
	if n <= 0 {
		n = int(math.Pow(float64(o.Eta), float64(len(rs)-1)))
	}
	h := s.newHalving(tr, o, planEpochs(n, rs, o.Eta))
	err := h.bracket(ctx, n, rs, "sh")
	return h.finish(ctx, err)
}

// Hyperband runs the brackets of Hyperband (Li et al., 2018): successive
// halving from many trials with a small budget to few trials with the whole
// budget, which hedges against stopping slow starters too early. With R =
// MaxEpochs/MinEpochs and s_max = floor(log_Eta R), bracket s starts
// ceil((s_max+1)/(s+1) · Eta^s) trials at MaxEpochs/Eta^s epochs. Promoted
// trials resume where they paused (freeze-thaw), so a bracket costs fewer
// epochs than the paper's version that retrains them.
func (s *Study) Hyperband(ctx context.Context, tr Trainable, o HalvingOptions) error {
	o = o.withDefaults()
	type br struct {
		n  int
		rs []int
		s  int
	}
	var plan []br
	total := 0
	sMax := int(math.Floor(math.Log(float64(o.MaxEpochs)/float64(o.MinEpochs))/math.Log(float64(o.Eta)) + 1e-9))
	for it := 0; it < o.Iterations; it++ {
		for sb := sMax; sb >= 0; sb-- {
			n := int(math.Ceil(float64(sMax+1) / float64(sb+1) * math.Pow(float64(o.Eta), float64(sb))))
			r0 := int(math.Round(float64(o.MaxEpochs) / math.Pow(float64(o.Eta), float64(sb))))
			r0 = max(r0, o.MinEpochs)
			rs := rungs(r0, o.MaxEpochs, o.Eta)
			plan = append(plan, br{n: n, rs: rs, s: sb})
			total += planEpochs(n, rs, o.Eta)
		}
	}
	h := s.newHalving(tr, o, total)
	var err error
	for _, b := range plan {
		if err = h.bracket(ctx, b.n, b.rs, strconv.Itoa(b.s)); err != nil {
			break
		}
	}
	return h.finish(ctx, err)
}

// planEpochs is the number of epochs a bracket trains with freeze-thaw.
func planEpochs(n int, rs []int, eta int) int {
	total, prev := 0, 0
	for _, r := range rs {
		total += n * (r - prev)
		prev = r
		n = max(1, n/eta)
	}
	return total
}

// halving is the shared state of a successive-halving run.
type halving struct {
	s       *Study
	tr      Trainable
	o       HalvingOptions
	live    *live
	workers []string
	stopHB  func()
	mu      sync.Mutex
	err     error
}

func (s *Study) newHalving(tr Trainable, o HalvingOptions, plannedEpochs int) *halving {
	if tr == nil {
		panic("tune: nil Trainable")
	}
	h := &halving{s: s, tr: tr, o: o, live: s.newLive(plannedEpochs, "epoch", o.Quiet)}
	base := workerBase()
	for i := 0; i < o.Workers; i++ {
		h.workers = append(h.workers, fmt.Sprintf("%s/%d", base, i))
	}
	h.stopHB = s.heartbeat(h.workers, o.Heartbeat)
	return h
}

func (h *halving) finish(ctx context.Context, err error) error {
	h.stopHB()
	h.live.done()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err != nil {
		return err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.err
}

// slot is one trial of a bracket, kept in memory between rungs.
type slot struct {
	t      *Trial
	step   Step
	epochs int
	value  float64
	failed bool
	seq    int // the slot's place among the rung's new trials
}

// turns lets the workers of a rung create their new trials in the slots'
// order, whichever worker takes which slot: trial numbers, and with them
// the draws of a seeded sampler and the seeds the objective derives from
// Number, are the same with any number of workers.
type turns struct {
	mu   sync.Mutex
	cond *sync.Cond
	next int
}

func newTurns() *turns {
	t := &turns{}
	t.cond = sync.NewCond(&t.mu)
	return t
}

// take waits for turn seq, runs f, and passes the turn on.
func (t *turns) take(seq int, f func()) {
	t.mu.Lock()
	for t.next != seq {
		t.cond.Wait()
	}
	t.mu.Unlock()
	defer func() {
		t.mu.Lock()
		t.next++
		t.mu.Unlock()
		t.cond.Broadcast()
	}()
	f()
}

// bracket runs successive halving on n new trials with the rung budgets rs.
func (h *halving) bracket(ctx context.Context, n int, rs []int, name string) error {
	s := h.s
	slots := make([]*slot, n)
	for i := range slots {
		slots[i] = &slot{value: math.NaN()}
	}
	alive := slots
	for ri, budget := range rs {
		last := ri == len(rs)-1
		if err := h.rung(ctx, alive, budget, last, name); err != nil {
			return err
		}
		if last {
			break
		}
		// Promote the best 1/eta; the rest stop here, pruned.
		ranked := append([]*slot(nil), alive...)
		sort.SliceStable(ranked, func(i, j int) bool {
			a, b := ranked[i], ranked[j]
			if a.failed != b.failed {
				return !a.failed
			}
			return s.dir.Better(a.value, b.value)
		})
		keep := max(1, len(ranked)/h.o.Eta)
		for _, sl := range ranked[keep:] {
			if sl.failed || sl.t == nil {
				continue
			}
			w := h.workers[0]
			if err := s.resume(ctx, nil, w, sl.t.rec); err != nil {
				return fmt.Errorf("tune: %w", err)
			}
			note := fmt.Sprintf("stopped at rung %d (%d epochs) of bracket %s", ri, budget, name)
			if err := s.finish(ctx, nil, w, sl.t.rec, store.Pruned, sl.value, note); err != nil {
				return fmt.Errorf("tune: %w", err)
			}
			h.live.trialDone(sl.t.rec.Number, store.Pruned, sl.value)
		}
		alive = nil
		for _, sl := range ranked[:keep] {
			if !sl.failed {
				alive = append(alive, sl)
			}
		}
		if len(alive) == 0 {
			return nil
		}
	}
	return nil
}

// rung trains every slot up to budget epochs on the workers.
func (h *halving) rung(ctx context.Context, slots []*slot, budget int, last bool, bracket string) error {
	jobs := make(chan *slot)
	var wg sync.WaitGroup
	stopCtx, stop := context.WithCancel(ctx)
	defer stop()
	order, n := newTurns(), 0
	for _, sl := range slots {
		if sl.t == nil {
			sl.seq, n = n, n+1
		}
	}
	for _, w := range h.workers {
		wg.Add(1)
		go func(w string) {
			defer wg.Done()
			for sl := range jobs {
				if stopCtx.Err() != nil {
					if sl.t == nil {
						order.take(sl.seq, func() {}) // pass its turn on
					}
					continue // a failure stopped the rung: start nothing more
				}
				if err := h.train(ctx, w, sl, budget, last, bracket, order); err != nil {
					h.fail(err)
					if !h.o.KeepGoing {
						stop()
					}
				}
			}
		}(w)
	}
feed:
	for _, sl := range slots {
		select {
		case jobs <- sl:
		case <-stopCtx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	if stopCtx.Err() != nil {
		return h.firstErr()
	}
	return nil
}

func (h *halving) fail(err error) {
	h.mu.Lock()
	if h.err == nil {
		h.err = err
	}
	h.mu.Unlock()
}

func (h *halving) firstErr() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.err
}

// train starts (first rung) or resumes a slot's trial under worker w and
// trains it to budget epochs, one epoch at a time, reporting each. A new
// trial is created in its turn of order.
func (h *halving) train(ctx context.Context, w string, sl *slot, budget int, last bool, bracket string, order *turns) error {
	s := h.s
	sctx := context.WithoutCancel(ctx)
	if sl.t == nil {
		var (
			rec store.Trial
			err error
		)
		order.take(sl.seq, func() {
			if ctx.Err() != nil {
				err = ctx.Err()
				return
			}
			rec, err = s.st.AddTrial(ctx, s.id, store.Trial{State: store.Running, Worker: w, Attrs: map[string]string{"bracket": bracket}})
		})
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("tune: %w", err)
		}
		t := &Trial{study: s, rec: rec, worker: w, ctx: ctx, sctx: sctx, sampler: h.o.Sampler}
		sl.t = t
		if _, free := h.o.Sampler.(historyFree); free {
			t.hist = History{Direction: s.dir}
		} else if t.hist, err = s.history(ctx, rec); err != nil {
			return h.end(sl, store.Failed, err)
		}
		err = catch(func() error {
			t.rel = s.relative(h.o.Sampler, t.hist, rec.Number)
			var e error
			sl.step, e = h.tr(ctx, t)
			if e == nil && sl.step == nil {
				e = errors.New("tune: Trainable returned a nil Step")
			}
			return e
		})
		if err != nil {
			return h.end(sl, store.Failed, err)
		}
	} else {
		if ctx.Err() != nil {
			return nil
		}
		if err := s.resume(ctx, nil, w, sl.t.rec); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("tune: %w", err)
		}
		sl.t.worker, sl.t.ctx, sl.t.sctx = w, ctx, sctx
	}
	for sl.epochs < budget {
		var v float64
		err := catch(func() error {
			var e error
			v, e = sl.step(ctx)
			return e
		})
		if err != nil {
			return h.end(sl, store.Failed, err)
		}
		if ctx.Err() != nil {
			// Possibly the zero values of an interpreted Step stopped by
			// an interrupt: not an epoch to count or report.
			return h.end(sl, store.Interrupted, ctx.Err())
		}
		sl.epochs++
		sl.value = v
		sl.t.Report(sl.epochs, v)
		h.live.advance(1)
		if ctx.Err() != nil {
			return h.end(sl, store.Interrupted, ctx.Err())
		}
	}
	if math.IsNaN(sl.value) {
		return h.end(sl, store.Failed, errors.New("objective is NaN"))
	}
	if last {
		return h.end(sl, store.Complete, nil)
	}
	return h.end(sl, store.Paused, nil)
}

// end records a slot's trial as state. A failure caused by the search
// being cancelled is an interruption, not an error.
func (h *halving) end(sl *slot, state store.State, cause error) error {
	t := sl.t
	note := ""
	if cause != nil && t.ctx.Err() != nil && state == store.Failed {
		state = store.Interrupted
	}
	if cause != nil {
		note = cause.Error()
	}
	v := sl.value
	if state == store.Failed || state == store.Interrupted {
		sl.failed = true
		v = math.NaN()
	}
	if err := h.s.finish(t.ctx, nil, t.worker, t.rec, state, v, note); err != nil {
		return fmt.Errorf("tune: trial %d: %w", t.rec.Number, err)
	}
	if state != store.Paused {
		h.live.trialDone(t.rec.Number, state, v)
	}
	if state == store.Failed {
		return fmt.Errorf("tune: trial %d failed: %w", t.rec.Number, cause)
	}
	if serr := t.storageErr(); serr != nil {
		return fmt.Errorf("tune: trial %d: %w", t.rec.Number, serr)
	}
	return nil
}

// Epochs returns the number of epochs the trials trained: the sum of each
// trial's last reported step.
func (sn *Snapshot) Epochs() int {
	n := 0
	for _, t := range sn.Trials {
		if last, ok := t.Last(); ok {
			n += last.Step
		}
	}
	return n
}
