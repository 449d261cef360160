package tune

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/methodic-go/methodic/mlstd/tune/store"
)

// retryFor is how long a storage write that a trial's record depends on
// (its parameters, its reports, its outcome) is retried before the trial
// is given up: the minute of retries the package documentation promises
// for storage errors. A database that blinks (restarted, failed over, a
// network hiccup) must not cost a trial that may have run for hours.
const retryFor = time.Minute

// retry calls write until it succeeds, fails in a way that retrying
// cannot cure (see final), retryFor has passed since the first failure,
// or ctx is done; it returns the last error. The first failure and the
// recovery are logged to log (nil: nowhere), after what.
func retry(ctx context.Context, log io.Writer, what string, write func() error) error {
	err := write()
	if err == nil || final(err) {
		return err
	}
	if log == nil {
		log = io.Discard
	}
	fmt.Fprintf(log, "%s: %v (retrying for up to %v)\n", what, err, retryFor)
	start := time.Now()
	wait := 50 * time.Millisecond
	for tries := 1; ; tries++ {
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
		if err = write(); err == nil {
			fmt.Fprintf(log, "%s: done after %d retries in %v\n", what, tries, time.Since(start).Round(time.Millisecond))
			return nil
		}
		if final(err) || time.Since(start) > retryFor {
			return err
		}
		wait = min(2*wait, 2*time.Second)
	}
}

// final reports whether a storage error is an answer rather than a
// failure: the trial is not this worker's (any more), does not exist, or
// is in another state. Retrying changes none of them.
func final(err error) bool {
	return errors.Is(err, store.ErrNotOwner) || errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrState)
}

// finish records a trial's outcome, retrying as retry does. Finish is
// conditional on the trial still running under worker, so a retry can
// never record over another worker's run; and when an earlier attempt
// did commit but its answer was lost with the connection, the retry
// finds the trial already in the state it asked for, under this worker,
// and counts that as done.
func (s *Study) finish(ctx context.Context, log io.Writer, worker string, rec store.Trial, state store.State, value float64, note string) error {
	sctx := context.WithoutCancel(ctx)
	tries := 0
	return retry(ctx, log, fmt.Sprintf("%s: trial %d: recording it %v", worker, rec.Number, state), func() error {
		tries++
		err := s.st.Finish(sctx, rec.ID, worker, state, value, note)
		if tries > 1 && errors.Is(err, store.ErrNotOwner) {
			if t, terr := s.st.Trial(sctx, rec.ID); terr == nil && t.State == state && t.Worker == worker {
				return nil
			}
		}
		return err
	})
}

// resume moves a paused trial back to running under worker, retrying as
// retry does. Resume is conditional on the trial being paused; when an
// earlier attempt did commit but its answer was lost, the retry finds the
// trial running under this worker and counts that as done.
func (s *Study) resume(ctx context.Context, log io.Writer, worker string, rec store.Trial) error {
	sctx := context.WithoutCancel(ctx)
	tries := 0
	return retry(ctx, log, fmt.Sprintf("%s: trial %d: resuming it", worker, rec.Number), func() error {
		tries++
		err := s.st.Resume(sctx, rec.ID, worker)
		if tries > 1 && errors.Is(err, store.ErrState) {
			if t, terr := s.st.Trial(sctx, rec.ID); terr == nil && t.State == store.Running && t.Worker == worker {
				return nil
			}
		}
		return err
	})
}
