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
// exists: the trials a killed kernel or script left running, which their
// stopped heartbeat would take StaleAfter (30 seconds by default) to
// give up, so that a search re-run right after a crash would leave them
// running for good. It does so only when every process that uses the
// storage is on this machine (SQLite, memory: store's OneMachine), since
// a worker's name (host:pid:random, see workerBase) tells its process
// only there; two machines may share a host name. Each change is
// conditional on the trial still running under that worker.
func (s *Study) failGone(ctx context.Context) ([]store.Trial, error) {
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
