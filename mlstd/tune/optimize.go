package tune

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/methodic-go/methodic/mlstd/tune/store"
)

// Options sets how Optimize searches. The zero value searches until the
// study has 20 trials (every point, for a grid), one at a time, with the
// TPE sampler seeded with 0 and no pruning, and shows a live progress
// view.
type Options struct {
	// Trials is the study's budget: Optimize runs trials until the study
	// has this many, counting those it has already that ran or are running
	// (complete, pruned, failed, running, paused; not the interrupted ones,
	// whose budget is given back, nor the waiting ones, which it runs).
	// So a search that was stopped part way (the cell interrupted, the
	// kernel restarted, the process killed) is completed by running the
	// same call again, not extended by Trials more; to search further,
	// ask for more. Shared.Trials counts the same way. The count is taken
	// when Optimize starts. Zero: every point of a grid not yet tried, a
	// budget of 20 for other samplers.
	Trials int
	// Workers is how many trials run at once, each on its own goroutine.
	// Zero: one. Negative: one per core (GOMAXPROCS). The objective must
	// then be safe to run concurrently (no shared model).
	Workers int
	// Sampler chooses the hyperparameters. Nil: NewTPE(Seed, TPEOptions{}).
	Sampler Sampler
	// Seed seeds the default sampler.
	Seed uint64
	// Pruner decides when Trial.ShouldPrune is true. Nil: never.
	Pruner Pruner
	// Timeout stops starting new trials after this long; running ones
	// finish. Zero: no limit.
	Timeout time.Duration
	// KeepGoing keeps searching when a trial fails (returns an error other
	// than ErrPruned, or panics). By default the search stops and
	// Optimize returns that error.
	KeepGoing bool
	// Quiet turns off the live progress view.
	Quiet bool
	// Heartbeat is how often running trials tell the storage they are
	// alive. Zero: every 5 seconds.
	Heartbeat time.Duration
	// StaleAfter is how long without a heartbeat makes a running trial of
	// this study count as dead, to be marked interrupted when Optimize
	// starts. Zero: 6 heartbeats. Other processes working on the study keep
	// their trials fresh, so only dead ones are marked. In a SQLite file
	// (or in memory) the trials of a process of this machine that no
	// longer exists (a kernel or script that was killed) are marked at
	// once, without waiting.
	StaleAfter time.Duration
}

func (o Options) withDefaults() Options {
	if o.Workers == 0 {
		o.Workers = 1
	} else if o.Workers < 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.Sampler == nil {
		o.Sampler = NewTPE(o.Seed, TPEOptions{})
	}
	if o.Heartbeat <= 0 {
		o.Heartbeat = 5 * time.Second
	}
	if o.StaleAfter <= 0 {
		o.StaleAfter = 6 * o.Heartbeat
	}
	return o
}

// historyFree is implemented by samplers that never look at the study's
// trials (Random, Grid), so that a trial need not read them all first.
type historyFree interface{ historyFree() }

// Lister is a Sampler with a fixed list of points, such as a Grid:
// Optimize enqueues the points the study has not tried and runs them.
type Lister interface {
	Sampler
	Points() [][]store.Param
}

// Optimize runs trials of obj and records them in the study, until the
// study has the trials o.Trials asks for: running it again after an
// interrupt or a crash completes the search (see Options.Trials).
//
// Trials run on o.Workers goroutines. When ctx is cancelled (the cell is
// interrupted) no new trial starts, the running objectives see their ctx
// cancelled, every finished trial is kept, the ones that were running are
// recorded as Interrupted with what they reported, and Optimize returns
// ctx.Err(). A trial that fails stops the search (unless o.KeepGoing):
// no new trial starts, the running ones finish, and the error is returned,
// wrapped; a pruned trial is not a failure.
func (s *Study) Optimize(ctx context.Context, obj Objective, o Options) error {
	if obj == nil {
		panic("tune: nil objective")
	}
	o = o.withDefaults()
	if _, err := s.FailStale(ctx, o.StaleAfter); err != nil {
		return err
	}
	if _, err := s.failGone(ctx); err != nil {
		return err
	}
	lister, isGrid := o.Sampler.(Lister)
	budget := o.Trials
	if isGrid {
		n, err := s.st.Enqueue(ctx, s.id, lister.Points())
		if err != nil {
			return fmt.Errorf("tune: %w", err)
		}
		if budget == 0 {
			o.Trials = n // the grid's untried points are the budget
		}
	} else if budget == 0 {
		budget = 20
	}
	if budget > 0 {
		spent, err := s.spent(ctx)
		if err != nil {
			return err
		}
		o.Trials = budget - spent
	}
	if o.Trials <= 0 {
		return nil
	}
	// launch says whether to start more trials: not after a failure or
	// the timeout. Running trials see only ctx, and finish.
	launch, stop := context.WithCancel(ctx)
	defer stop()
	if o.Timeout > 0 {
		var cancel context.CancelFunc
		launch, cancel = context.WithTimeout(launch, o.Timeout)
		defer cancel()
	}

	r := &run{study: s, o: o, obj: obj, live: s.newLive(o.Trials, "trial", o.Quiet)}
	workers := make([]string, o.Workers)
	base := workerBase()
	for i := range workers {
		workers[i] = fmt.Sprintf("%s/%d", base, i)
	}
	hbDone := s.heartbeat(workers, o.Heartbeat)
	var wg sync.WaitGroup
	for _, w := range workers {
		wg.Add(1)
		go func(w string) {
			defer wg.Done()
			r.work(ctx, launch, stop, w, isGrid)
		}(w)
	}
	wg.Wait()
	hbDone()
	r.live.done()
	if err := ctx.Err(); err != nil {
		return err
	}
	return r.firstErr()
}

// spent counts the trials of the study that count against a budget: all
// but the interrupted (their budget is given back) and the waiting ones
// (a search runs them).
func (s *Study) spent(ctx context.Context) (int, error) {
	ts, err := s.Trials(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, t := range ts {
		if t.State != store.Interrupted && t.State != store.Waiting {
			n++
		}
	}
	return n, nil
}

// run is one Optimize (or Work) call's shared state.
type run struct {
	study   *Study
	o       Options
	obj     Objective
	live    *live
	release bool      // a cancelled trial goes back to waiting (Work), not to Interrupted
	log     io.Writer // storage errors that are retried, and their recovery (Work's log); nil: none
	// shared is the signed search Work runs: a trial's stored parameters
	// must be what it allows (samplerSpec.admit, Trial.strict).
	shared  *samplerSpec
	started atomic.Int64
	mu      sync.Mutex
	err     error
}

func (r *run) logTo() io.Writer {
	if r.log == nil {
		return io.Discard
	}
	return r.log
}

func (r *run) fail(err error) {
	r.mu.Lock()
	if r.err == nil {
		r.err = err
	}
	r.mu.Unlock()
}

func (r *run) firstErr() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}

// work is one worker's loop: claim an enqueued trial or start a new one,
// run it, record it; until the budget is spent or the search stops.
func (r *run) work(ctx, launch context.Context, stop context.CancelFunc, worker string, gridOnly bool) {
	s := r.study
	for launch.Err() == nil {
		if r.started.Add(1) > int64(r.o.Trials) {
			return
		}
		rec, err := s.st.Claim(launch, s.id, worker)
		if errors.Is(err, store.ErrNoWaiting) {
			if gridOnly {
				return
			}
			rec, err = s.st.AddTrial(launch, s.id, store.Trial{State: store.Running, Worker: worker})
		}
		if err != nil {
			if launch.Err() == nil {
				r.fail(fmt.Errorf("tune: %w", err))
				stop()
			}
			return
		}
		state, value, err := r.trial(ctx, worker, rec, r.o.Sampler)
		r.live.trialDone(rec.Number, state, value)
		r.live.advance(1)
		if err != nil {
			r.fail(err)
			if !r.o.KeepGoing || state != store.Failed {
				stop()
				return
			}
		}
	}
}

// trial runs the objective for one stored trial and records the outcome.
// The error is non-nil when the trial failed or could not be recorded.
//
// A trial whose ctx was cancelled while it ran is recorded as
// Interrupted (or released, for Work) when the objective returned an
// error or the zero values (0, nil): an objective interpreted by yaegi
// that an interrupt stops returns its zero values, which must not be
// taken for a result. A non-zero value returned as ctx was cancelled is
// a result.
func (r *run) trial(ctx context.Context, worker string, rec store.Trial, sampler Sampler) (store.State, float64, error) {
	s := r.study
	sctx := context.WithoutCancel(ctx)
	t := &Trial{study: s, rec: rec, worker: worker, ctx: ctx, sctx: sctx, log: r.logTo(), sampler: sampler, pruner: r.o.Pruner}
	if len(rec.Params) > 0 {
		t.fixed = make(map[string]store.Param, len(rec.Params))
		for _, p := range rec.Params {
			t.fixed[p.Name] = p
		}
	}
	var err error
	var value float64
	if r.shared != nil {
		// Parameters the signed search could not have given fail the
		// trial before the objective runs.
		t.strict = true
		t.vouched, err = r.shared.admit(rec.Params)
	}
	if _, free := sampler.(historyFree); err == nil && free {
		t.hist = History{Direction: s.dir}
	} else if err == nil {
		t.hist, err = s.history(ctx, rec)
	}
	if err == nil {
		err = catch(func() error {
			t.rel = s.relative(sampler, t.hist, rec.Number)
			return nil
		})
		if err == nil {
			err = catch(func() error {
				var e error
				value, e = r.obj(ctx, t)
				return e
			})
		}
	}
	state, note := store.Complete, ""
	if ctx.Err() != nil && (err != nil || value == 0) && t.lostErr() == nil {
		if r.release {
			if rerr := s.st.Release(sctx, rec.ID, worker); rerr != nil && !errors.Is(rerr, store.ErrNotOwner) {
				return store.Waiting, math.NaN(), fmt.Errorf("tune: trial %d: release: %w", rec.Number, rerr)
			}
			return store.Waiting, math.NaN(), nil
		}
		err = ctx.Err()
	}
	switch {
	case err != nil && ctx.Err() != nil:
		state, note, value = store.Interrupted, ctx.Err().Error(), math.NaN()
		err = nil
	case errors.Is(err, ErrPruned):
		state, err = store.Pruned, nil
		if last, ok := lastValue(t.intermediate); ok {
			value = last
		}
	case err != nil:
		state, note, value = store.Failed, err.Error(), math.NaN()
	case math.IsNaN(value):
		state, note = store.Failed, "objective returned NaN"
	}
	if lost := t.lostErr(); lost != nil {
		// The storage gave the trial up (failed as stale): another worker
		// may run it again; record nothing more.
		return store.Failed, math.NaN(), fmt.Errorf("tune: trial %d: %w", rec.Number, lost)
	}
	ferr := s.finish(ctx, r.logTo(), worker, rec, state, value, note)
	if err == nil && state == store.Failed {
		err = errors.New(note)
	}
	if err != nil {
		return state, value, fmt.Errorf("tune: trial %d failed: %w", rec.Number, err)
	}
	if ferr != nil {
		return state, value, fmt.Errorf("tune: trial %d: %w", rec.Number, ferr)
	}
	if serr := t.storageErr(); serr != nil {
		return state, value, fmt.Errorf("tune: trial %d: %w", rec.Number, serr)
	}
	return state, value, nil
}

func lastValue(ps []store.Point) (float64, bool) {
	if len(ps) == 0 {
		return 0, false
	}
	return ps[len(ps)-1].Value, true
}

// PanicError is a panic inside an objective or a sampler, turned into the
// trial's error so that the kernel keeps running.
type PanicError struct {
	Value any
	Stack string
}

// Error returns "panic: " and the panic value.
func (e *PanicError) Error() string { return fmt.Sprintf("panic: %v", e.Value) }

// catch runs f, turning a panic into a *PanicError.
func catch(f func() error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			buf := make([]byte, 8<<10)
			buf = buf[:runtime.Stack(buf, false)]
			err = &PanicError{Value: v, Stack: string(buf)}
		}
	}()
	return f()
}

// heartbeat keeps the workers' running trials fresh until the returned
// func is called.
func (s *Study) heartbeat(workers []string, every time.Duration) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tk := time.NewTicker(every)
		defer tk.Stop()
		for {
			select {
			case <-done:
				return
			case <-tk.C:
				for _, w := range workers {
					ctx, cancel := context.WithTimeout(context.Background(), every)
					s.st.Heartbeat(ctx, w) // a missed beat is retried at the next tick
					cancel()
				}
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

// workerBase names this process among the study's workers.
func workerBase() string {
	host, _ := os.Hostname()
	var b [4]byte
	rand.Read(b[:])
	return fmt.Sprintf("%s:%d:%s", host, os.Getpid(), hex.EncodeToString(b[:]))
}
