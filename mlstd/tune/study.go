package tune

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"sort"
	"sync"
	"time"

	"github.com/methodic-go/methodic/internal/conninfo"
	"github.com/methodic-go/methodic/mlstd/tune/store"
)

// Direction says whether a study minimises or maximises; the zero value
// minimises.
type Direction = store.Direction

// The directions of a study.
const (
	Minimize = store.Minimize
	Maximize = store.Maximize
)

// State is where a trial is in its life (see store.State).
type State = store.State

// The states of a trial, for reading a study without importing store.
const (
	Waiting     = store.Waiting
	Running     = store.Running
	Paused      = store.Paused
	Complete    = store.Complete
	Pruned      = store.Pruned
	Failed      = store.Failed
	Interrupted = store.Interrupted
)

// StudyOptions sets where a study is kept and which way it optimises. The
// zero value is a study in memory that minimises.
type StudyOptions struct {
	// Storage keeps the study. Nil: the storage URL names, or a new one in
	// memory.
	Storage store.Storage
	// URL names a storage for store.Open when Storage is nil: "" for
	// memory, a file path or "sqlite:PATH" for a SQLite file that survives
	// a kernel restart. A password in a PostgreSQL URL draws a warning on
	// standard error: it would be saved with the notebook.
	URL string
	// Direction is Minimize (validation error, the default) or Maximize
	// (accuracy).
	Direction Direction
	// Objective names what the objective measures ("validation error"),
	// for the axes of the study's charts. Empty: "objective value".
	Objective string
	// Step names what an intermediate value's step counts, for the
	// charts of intermediate values. Empty: "epoch", the step of
	// successive halving and Hyperband.
	Step string
	// Key signs the search Share stores and checks it before Work or
	// Shared use it. Nil: DefaultKey (KeyEnv, else the default key file,
	// which the first Share creates).
	Key *Key
}

// Study is a named hyperparameter search and all its trials. Studies are
// identified by name in their storage: a second NewStudy with the same
// name and storage (in another process, or after a kernel restart) picks
// up the same trials, and a search resumes where it stopped.
//
// A Study renders in a notebook as a table of its trials, best first.
type Study struct {
	name string
	id   int64
	dir  Direction
	st   store.Storage
	owns bool // opened from URL: Close closes it

	kmu sync.Mutex
	key *Key // StudyOptions.Key, or the default key once loaded

	objective, step string // the charts' axis labels

	smu sync.Mutex // samplers and pruners run one at a time
}

// NewStudy creates the study called name, or loads it if its storage has
// it already (an error if it was created with the other direction).
func NewStudy(ctx context.Context, name string, o StudyOptions) (*Study, error) {
	s := &Study{name: name, dir: o.Direction, st: o.Storage, key: o.Key, objective: o.Objective, step: o.Step}
	if s.st == nil {
		warnPassword(name, o.URL)
		st, err := store.Open(ctx, o.URL)
		if err != nil {
			return nil, fmt.Errorf("tune: %w", err)
		}
		s.st, s.owns = st, true
	}
	info, err := s.st.CreateStudy(ctx, name, o.Direction)
	if err != nil {
		if s.owns {
			s.st.Close()
		}
		return nil, fmt.Errorf("tune: study %q: %w", name, err)
	}
	s.id = info.ID
	return s, nil
}

// warnPassword warns on standard error (in a notebook: the cell's
// output) when a study's storage URL holds a password: the URL is in the
// notebook or program that opens the study, and so is the password,
// saved and shared with it. The warning never shows the password.
func warnPassword(study, url string) {
	if conninfo.HasPassword(url) {
		fmt.Fprintf(os.Stderr, "tune: warning: the storage URL of study %q holds a password, which is saved with the notebook or program that holds the URL; put it in PGPASSWORD, ~/.pgpass or a service file instead\n", study)
	}
}

// objectiveLabel names the objective on the charts' axes.
func (s *Study) objectiveLabel() string {
	if s.objective == "" {
		return "objective value"
	}
	return s.objective
}

// Name returns the study's name.
func (s *Study) Name() string { return s.name }

// Direction returns whether the study minimises or maximises.
func (s *Study) Direction() Direction { return s.dir }

// Storage returns where the study is kept.
func (s *Study) Storage() store.Storage { return s.st }

// Close closes the storage if the study opened it from a URL.
func (s *Study) Close() error {
	if s.owns {
		return s.st.Close()
	}
	return nil
}

// Trials returns every trial of the study, by number.
func (s *Study) Trials(ctx context.Context) ([]store.Trial, error) {
	ts, err := s.st.Trials(ctx, s.id)
	if err != nil {
		return nil, fmt.Errorf("tune: %w", err)
	}
	return ts, nil
}

// ErrNoTrials is returned by Best when no trial has completed.
var ErrNoTrials = errors.New("tune: no complete trial")

// Best returns the complete trial with the best value.
func (s *Study) Best(ctx context.Context) (store.Trial, error) {
	ts, err := s.Trials(ctx)
	if err != nil {
		return store.Trial{}, err
	}
	return best(s.dir, ts)
}

func best(dir Direction, ts []store.Trial) (store.Trial, error) {
	bi := -1
	for i, t := range ts {
		if t.State == store.Complete && !math.IsNaN(t.Value) && (bi < 0 || dir.Better(t.Value, ts[bi].Value)) {
			bi = i
		}
	}
	if bi < 0 {
		return store.Trial{}, ErrNoTrials
	}
	return ts[bi], nil
}

// FailStale marks as interrupted the running trials whose worker has sent
// no heartbeat for longer than age (a process that was killed, a machine
// that went away) and returns them. Optimize does this when it starts.
func (s *Study) FailStale(ctx context.Context, age time.Duration) ([]store.Trial, error) {
	ts, err := s.st.FailStale(ctx, s.id, time.Now().Add(-age))
	if err != nil {
		return nil, fmt.Errorf("tune: %w", err)
	}
	return ts, nil
}

// Snapshot reads the study's trials now, for rendering.
func (s *Study) Snapshot(ctx context.Context) (*Snapshot, error) {
	ts, err := s.Trials(ctx)
	if err != nil {
		return nil, err
	}
	return &Snapshot{Name: s.name, Direction: s.dir, Trials: ts, Objective: s.objective, Step: s.step}, nil
}

// snapshot reads the study for a rendering method that has no context to
// take; a failed read renders as its error.
func (s *Study) snapshot() *Snapshot {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	sn, err := s.Snapshot(ctx)
	if err != nil {
		return &Snapshot{Name: s.name, Direction: s.dir, Objective: s.objective, Step: s.step, err: err}
	}
	return sn
}

// sample calls a sampler under the study's lock; a panic in the sampler
// (a grid asked for a parameter it lacks) unlocks and carries on up.
func (s *Study) sample(sm Sampler, h History, trial int, name string, d store.Dist) float64 {
	s.smu.Lock()
	defer s.smu.Unlock()
	return sm.Sample(h, trial, name, d)
}

func (s *Study) relative(sm Sampler, h History, trial int) map[string]store.Param {
	s.smu.Lock()
	defer s.smu.Unlock()
	return sm.Relative(h, trial)
}

// history is what trial self may know of the study: the trials numbered
// before it. Trials numbered after it exist only when several workers
// share the study; leaving them out keeps a trial's draws independent of
// how fast the other workers went (a trial numbered below TPE's startup
// count always draws at random, whatever finished meanwhile).
func (s *Study) history(ctx context.Context, self store.Trial) (History, error) {
	ts, err := s.st.Trials(ctx, s.id)
	if err != nil {
		return History{}, err
	}
	h := History{Direction: s.dir, Trials: ts[:0]}
	for _, t := range ts {
		if t.ID != self.ID && t.Number < self.Number {
			h.Trials = append(h.Trials, t)
		}
	}
	return h, nil
}

// sortBest orders trials best first: complete by value, then the rest by
// state and number.
func sortBest(dir Direction, ts []store.Trial) {
	rank := func(t store.Trial) int {
		switch t.State {
		case store.Complete:
			return 0
		case store.Running:
			return 1
		case store.Paused:
			return 2
		case store.Pruned:
			return 3
		case store.Waiting:
			return 4
		}
		return 5
	}
	sort.SliceStable(ts, func(i, j int) bool {
		ri, rj := rank(ts[i]), rank(ts[j])
		if ri != rj {
			return ri < rj
		}
		if ri == 0 && ts[i].Value != ts[j].Value {
			return dir.Better(ts[i].Value, ts[j].Value)
		}
		return ts[i].Number < ts[j].Number
	})
}

// SetAttr stores a free-form setting with the study (an empty value
// removes it): notes for the notebook, or what workers elsewhere need.
func (s *Study) SetAttr(ctx context.Context, key, value string) error {
	if err := s.st.SetStudyAttr(ctx, s.id, key, value); err != nil {
		return fmt.Errorf("tune: %w", err)
	}
	return nil
}

// Attrs returns the study's settings stored with SetAttr.
func (s *Study) Attrs(ctx context.Context) (map[string]string, error) {
	info, err := s.st.LoadStudy(ctx, s.name)
	if err != nil {
		return nil, fmt.Errorf("tune: %w", err)
	}
	return info.Attrs, nil
}
