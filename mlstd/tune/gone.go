package tune

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/methodic-go/methodic/mlstd/tune/store"
)

// failGone marks as interrupted, at once, the running trials of the
// study whose worker was a process of this machine that no longer
// exists (goneTrials): the trials a killed kernel or script left running,
// which their stopped heartbeat would take StaleAfter (30 seconds by
// default) to give up, so that a search re-run right after a crash would
// leave them running for good. Each change is conditional on the trial
// still running under that worker.
func (s *Study) failGone(ctx context.Context) ([]store.Trial, error) {
	ts, err := s.goneTrials(ctx)
	if err != nil {
		return nil, err
	}
	var gone []store.Trial
	for _, t := range ts {
		err := s.st.Finish(ctx, t.ID, t.Worker, store.Interrupted, math.NaN(), store.NoteGone)
		switch {
		case errors.Is(err, store.ErrNotOwner):
			continue // it changed meanwhile
		case err != nil:
			return gone, fmt.Errorf("tune: %w", err)
		}
		t.State, t.Note = store.Interrupted, store.NoteGone
		gone = append(gone, t)
	}
	return gone, nil
}

// releaseGone hands back, at once, the running trials of a shared study
// whose worker was a process of this machine that no longer exists
// (goneTrials), for Work to claim again: what RetryStale does once the
// heartbeat is StaleAfter old, without the wait. The trial is released
// (back to waiting with its parameters, as a worker told to stop releases
// its own), not interrupted with a waiting copy as RetryStale does: the
// release is one write conditional on the trial still running under the
// dead worker, so of several workers that notice at once exactly one
// hands its budget out again, while an interruption and a copy would be
// two writes (the store has no one-transaction form of them for one
// worker), and a worker dying between them would lose the trial's
// budget. The price is that the study keeps no record of the killed
// attempt; the worker's log says it.
func (s *Study) releaseGone(ctx context.Context) ([]store.Trial, error) {
	ts, err := s.goneTrials(ctx)
	if err != nil {
		return nil, err
	}
	var released []store.Trial
	for _, t := range ts {
		err := s.st.Release(ctx, t.ID, t.Worker)
		switch {
		case errors.Is(err, store.ErrNotOwner):
			continue // another worker got there first
		case err != nil:
			return released, fmt.Errorf("tune: %w", err)
		}
		released = append(released, t)
	}
	return released, nil
}

// goneTrials returns the running trials of the study whose worker was a
// process of this machine that no longer exists. It looks only when
// every process that uses the storage is on this machine (SQLite,
// memory: store's OneMachine), since a worker's name (host:pid:random,
// see workerBase) tells its process only there; two machines may share a
// host name.
func (s *Study) goneTrials(ctx context.Context) ([]store.Trial, error) {
	om, ok := s.st.(interface{ OneMachine() bool })
	if !ok || !om.OneMachine() {
		return nil, nil
	}
	ts, err := s.Trials(ctx)
	if err != nil {
		return nil, err
	}
	host, err := os.Hostname()
	if err != nil {
		return nil, nil
	}
	var gone []store.Trial
	for _, t := range ts {
		if t.State != store.Running {
			continue
		}
		h, pid, ok := workerProcess(t.Worker)
		if !ok || h != host || pid == os.Getpid() || !processGone(pid) {
			continue
		}
		gone = append(gone, t)
	}
	return gone, nil
}

// workerProcess reads the host and process id from a worker name that
// workerBase made: host:pid:hex, or host:pid:hex/n for one of
// Optimize's goroutines.
func workerProcess(name string) (host string, pid int, ok bool) {
	f := strings.Split(name, ":")
	if len(f) != 3 || f[0] == "" {
		return "", 0, false
	}
	pid, err := strconv.Atoi(f[1])
	if err != nil || pid <= 0 {
		return "", 0, false
	}
	tail, _, _ := strings.Cut(f[2], "/")
	if len(tail) != 8 || strings.Trim(tail, "0123456789abcdef") != "" {
		return "", 0, false
	}
	return f[0], pid, true
}
