package tune

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/methodic-go/methodic/mlstd/tune/store"
)

// WorkOptions sets how Work runs a shared study's trials. The zero value
// runs trials until the study is done, beats every 5 seconds, counts a
// trial whose worker is silent for 30 seconds as dead, and stops only
// when ctx is cancelled.
type WorkOptions struct {
	// Trials is the most trials this call runs. Zero: until the study's
	// budget is spent.
	Trials int
	// Worker names this worker in the storage (Trial.Worker). Empty:
	// host:pid:random.
	Worker string
	// Heartbeat is how often the running trial tells the storage it is
	// alive. Zero: 5 seconds.
	Heartbeat time.Duration
	// StaleAfter is how long a running trial of any worker may go without
	// a heartbeat before it counts as dead: it is then marked interrupted
	// and a copy with its parameters is enqueued (RetryStale). Zero: 6
	// heartbeats.
	StaleAfter time.Duration
	// Poll is how often to look again when no trial is waiting but some
	// still run elsewhere (one of them may die and need re-running).
	// Zero: 1 second.
	Poll time.Duration
	// Signals stop the worker cleanly (methodic worker passes SIGTERM and
	// SIGINT): on the first, no new trial starts and the running one has
	// Grace to finish; then its ctx is cancelled and, once the objective
	// returns, the trial is released (back to waiting, for another
	// worker). A second signal cancels it at once. Work stops listening
	// when it returns.
	Signals []os.Signal
	// Grace is how long the running trial may go on after a stop signal.
	// Zero: none, it is cancelled and released at once.
	Grace time.Duration
	// Log receives one line per trial and per event (nil: none).
	Log io.Writer
	// Digest, when set, is the only search Work runs: the Digest of the
	// Shared whose cells made obj. methodic worker passes the digest it
	// printed, so that a search shared again while the worker started is
	// refused rather than mixed with the old cells.
	Digest string
}

func (o WorkOptions) withDefaults() WorkOptions {
	if o.Worker == "" {
		o.Worker = workerBase()
	}
	if o.Heartbeat <= 0 {
		o.Heartbeat = 5 * time.Second
	}
	if o.StaleAfter <= 0 {
		o.StaleAfter = 6 * o.Heartbeat
	}
	if o.Poll <= 0 {
		o.Poll = time.Second
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	return o
}

// StopSignals are the signals that ask a process to stop: SIGTERM (what
// kill, systemd and Kubernetes send) and SIGINT (Ctrl-C). methodic
// worker passes them as WorkOptions.Signals.
var StopSignals = []os.Signal{syscall.SIGTERM, os.Interrupt}

// abandonAfter is how long Work waits for an objective that ignores its
// cancelled ctx before it releases the trial without it.
const abandonAfter = 10 * time.Second

// Work runs trials of a shared study (see Share) until its budget is
// spent, the study is stopped, o.Trials have run, a stop signal arrives
// or ctx is cancelled: it is the loop of `methodic worker`, and a
// notebook may call it too, to lend its kernel to a study.
//
// Work first checks the signature of the shared search with the study's
// key, and runs nothing of a search that is unsigned or whose signature
// does not match (see Shared).
//
// Each turn claims the next waiting trial (a grid point, a budget slot,
// or the copy of a trial whose worker died), runs obj on it with the
// shared sampler and pruner, and records the outcome, conditional on the
// trial still being this worker's. When nothing waits, Work re-runs the
// stale trials of dead workers (RetryStale) and, while other workers'
// trials are still running, waits and looks again, so that the study's
// last trials are re-run if their workers die; when no trial waits or
// runs, the study is done and Work returns nil. On a storage that only
// one machine uses (SQLite), the trials of a worker process of this
// machine that is gone (killed) are handed back at once, without waiting
// StaleAfter for their heartbeat to age: released to waiting with their
// parameters, as a stopped worker's are.
//
// Cancelling ctx, or a stop signal, releases the running trial instead of
// failing it: it returns to waiting with its parameters, and another
// worker runs it from the start. A trial that fails stops Work with its
// error, unless the study was shared with KeepGoing. Storage errors are
// retried for a minute before Work gives up: a trial's parameters,
// reports and outcome are written with retries (each write conditional
// on the trial still being this worker's), so that a database that
// blinks costs no trial; only a trial whose outcome still cannot be
// written after a minute is handed back, to be run again.
func (s *Study) Work(ctx context.Context, obj Objective, o WorkOptions) error {
	if obj == nil {
		panic("tune: nil objective")
	}
	o = o.withDefaults()
	w, dg, err := s.verified(ctx)
	if err != nil {
		return err
	}
	if o.Digest != "" && dg != o.Digest {
		return fmt.Errorf("tune: study %q: the shared search is now %s, not %s whose cells this worker ran: it was shared again; start the worker again", s.name, dg, o.Digest)
	}
	if _, err := w.Sampler.forTrial(0); err != nil {
		return err
	}
	r := &run{study: s, o: Options{Pruner: w.Pruner.pruner(), KeepGoing: w.KeepGoing}, obj: obj, release: true, log: o.Log, shared: &w.Sampler}

	// soft: start no new trial. hard: cancel the running one.
	soft, hard := make(chan struct{}), make(chan struct{})
	stopSoft := closer(soft)
	stopHard := closer(hard)
	if len(o.Signals) > 0 {
		sig := make(chan os.Signal, 2)
		signal.Notify(sig, o.Signals...)
		defer signal.Stop(sig)
		go func() {
			n := 0
			for {
				select {
				case v := <-sig:
					n++
					if n == 1 {
						fmt.Fprintf(o.Log, "%s: %v: stopping; the running trial has %v to finish\n", o.Worker, v, o.Grace)
						stopSoft()
						time.AfterFunc(o.Grace, stopHard)
					} else {
						stopHard()
					}
				case <-hard:
					return
				}
			}
		}()
	}
	go func() {
		select {
		case <-ctx.Done():
			stopSoft()
			stopHard()
		case <-hard:
		}
	}()
	defer stopHard()

	hbDone := s.heartbeat([]string{o.Worker}, o.Heartbeat)
	defer hbDone()

	stopping := func() bool {
		select {
		case <-soft:
			return true
		default:
			return false
		}
	}
	wait := func(d time.Duration) {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-soft:
		}
	}
	var errs retrier
	for ran := 0; o.Trials == 0 || ran < o.Trials; {
		if stopping() {
			break
		}
		if stopped, err := s.Stopped(ctx); err != nil {
			if errs.fail(o, err) {
				return err
			}
			wait(o.Poll)
			continue
		} else if stopped {
			fmt.Fprintf(o.Log, "%s: the study was stopped\n", o.Worker)
			return nil
		}
		rec, err := s.st.Claim(ctx, s.id, o.Worker)
		if errors.Is(err, store.ErrNoWaiting) {
			done, err := s.idle(ctx, o)
			if err != nil {
				if errs.fail(o, err) {
					return err
				}
			} else if done {
				fmt.Fprintf(o.Log, "%s: no trial waiting or running: the study is done\n", o.Worker)
				return nil
			}
			wait(o.Poll)
			continue
		}
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			if errs.fail(o, fmt.Errorf("tune: %w", err)) {
				return fmt.Errorf("tune: %w", err)
			}
			wait(o.Poll)
			continue
		}
		errs = retrier{}
		ran++
		sampler, err := w.Sampler.forTrial(rec.Number)
		if err != nil {
			return err
		}
		state, value, err := s.workTrial(ctx, r, o, rec, sampler, hard)
		switch {
		case err != nil && errors.Is(err, store.ErrNotOwner):
			// Failed as stale while it ran (a long pause): someone else
			// runs it again. Not this worker's failure.
			fmt.Fprintf(o.Log, "%s: trial %d was taken back: %v\n", o.Worker, rec.Number, err)
		case err != nil && state == store.Failed:
			// The objective failed (an error, a panic, NaN).
			fmt.Fprintf(o.Log, "%s: trial %d failed: %v\n", o.Worker, rec.Number, err)
			if !w.KeepGoing {
				return err
			}
		case err != nil:
			// The outcome could not be recorded (the database went
			// away): hand the trial back, or, if even that fails for a
			// minute, stop, so that its heartbeat stops and it is re-run
			// when it goes stale.
			fmt.Fprintf(o.Log, "%s: trial %d: %v\n", o.Worker, rec.Number, err)
			if rerr := s.releaseRetrying(ctx, rec, o); rerr != nil {
				return fmt.Errorf("%w (and the trial could not be released: %v)", err, rerr)
			}
		case state == store.Waiting:
			fmt.Fprintf(o.Log, "%s: trial %d released\n", o.Worker, rec.Number)
		default:
			fmt.Fprintf(o.Log, "%s: trial %d %v %s\n", o.Worker, rec.Number, state, fmtValue(value))
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return nil
}

// workTrial runs one claimed trial under a ctx that hard cancels. If the
// objective ignores that cancellation for abandonAfter, the trial is
// released without waiting for it.
func (s *Study) workTrial(ctx context.Context, r *run, o WorkOptions, rec store.Trial, sampler Sampler, hard <-chan struct{}) (store.State, float64, error) {
	tctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type result struct {
		state store.State
		value float64
		err   error
	}
	done := make(chan result, 1)
	go func() {
		st, v, err := r.trial(tctx, o.Worker, rec, sampler)
		done <- result{st, v, err}
	}()
	select {
	case res := <-done:
		return res.state, res.value, res.err
	case <-hard:
	}
	cancel()
	t := time.NewTimer(abandonAfter)
	defer t.Stop()
	select {
	case res := <-done:
		return res.state, res.value, res.err
	case <-t.C:
	}
	fmt.Fprintf(o.Log, "%s: trial %d ignores its cancelled ctx: released without it\n", o.Worker, rec.Number)
	if err := s.st.Release(context.WithoutCancel(ctx), rec.ID, o.Worker); err != nil && !errors.Is(err, store.ErrNotOwner) {
		return store.Running, math.NaN(), fmt.Errorf("tune: trial %d: release: %w", rec.Number, err)
	}
	return store.Waiting, math.NaN(), nil
}

// releaseRetrying releases a trial whose outcome could not be recorded,
// retrying for a minute; a trial that is no longer ours (it was recorded
// after all, or failed as stale) needs nothing.
func (s *Study) releaseRetrying(ctx context.Context, rec store.Trial, o WorkOptions) error {
	sctx := context.WithoutCancel(ctx)
	deadline := time.Now().Add(time.Minute)
	for {
		err := s.st.Release(sctx, rec.ID, o.Worker)
		if err == nil || errors.Is(err, store.ErrNotOwner) {
			return nil
		}
		if time.Now().After(deadline) {
			return err
		}
		time.Sleep(o.Poll)
	}
}

// idle is what a worker does when no trial waits: re-run the trials of
// dead workers (at once those of a process of this machine that is gone,
// when the storage is on one machine; see releaseGone), and say whether
// the study is done (nothing waiting or running).
func (s *Study) idle(ctx context.Context, o WorkOptions) (done bool, err error) {
	released, err := s.releaseGone(ctx)
	for _, t := range released {
		fmt.Fprintf(o.Log, "%s: trial %d of %s: its process is gone: released, to run again\n", o.Worker, t.Number, t.Worker)
	}
	if err != nil {
		return false, err
	}
	if len(released) > 0 {
		return false, nil
	}
	retried, err := s.st.RetryStale(ctx, s.id, time.Now().Add(-o.StaleAfter))
	if err != nil {
		return false, fmt.Errorf("tune: %w", err)
	}
	for _, t := range retried {
		fmt.Fprintf(o.Log, "%s: trial %d of %s lost its heartbeat: enqueued again\n", o.Worker, t.Number, t.Worker)
	}
	if len(retried) > 0 {
		return false, nil
	}
	ts, err := s.Trials(ctx)
	if err != nil {
		return false, err
	}
	for _, t := range ts {
		if t.State == store.Waiting || t.State == store.Running {
			return false, nil
		}
	}
	return true, nil
}

// retrier counts consecutive storage errors.
type retrier struct {
	first time.Time
}

// fail notes an error and reports whether to give up: after a minute of
// errors with no success between.
func (r *retrier) fail(o WorkOptions, err error) bool {
	if r.first.IsZero() {
		r.first = time.Now()
	}
	fmt.Fprintf(o.Log, "%s: %v (retrying)\n", o.Worker, err)
	return time.Since(r.first) > time.Minute
}

// closer returns a func that closes ch once, however often it is called.
func closer(ch chan struct{}) func() {
	var once sync.Once
	return func() { once.Do(func() { close(ch) }) }
}
