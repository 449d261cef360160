package store

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"
	"sync"
	"time"
)

// Memory is a Storage in the process's memory: the default, fast, and gone
// when the process ends. Its zero value is ready to use.
type Memory struct {
	mu      sync.Mutex
	studies []Study
	trials  []*Trial // index = ID-1
	nextStd int64
}

// NewMemory returns an empty in-memory storage.
func NewMemory() *Memory { return &Memory{} }

var _ Storage = (*Memory)(nil)

func (m *Memory) study(name string) (Study, bool) {
	for _, s := range m.studies {
		if s.Name == name {
			return s, true
		}
	}
	return Study{}, false
}

// CreateStudy implements Storage.
func (m *Memory) CreateStudy(ctx context.Context, name string, dir Direction) (Study, error) {
	if err := ctx.Err(); err != nil {
		return Study{}, err
	}
	if name == "" {
		return Study{}, fmt.Errorf("store: empty study name")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if s, ok := m.study(name); ok {
		if s.Direction != dir {
			return Study{}, fmt.Errorf("%w: %q is %v", ErrDirection, name, s.Direction)
		}
		return cloneStudy(s), nil
	}
	m.nextStd++
	s := Study{ID: m.nextStd, Name: name, Direction: dir, Created: time.Now()}
	m.studies = append(m.studies, s)
	return s, nil
}

// LoadStudy implements Storage.
func (m *Memory) LoadStudy(ctx context.Context, name string) (Study, error) {
	if err := ctx.Err(); err != nil {
		return Study{}, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if s, ok := m.study(name); ok {
		return cloneStudy(s), nil
	}
	return Study{}, fmt.Errorf("%w: study %q", ErrNotFound, name)
}

// Studies implements Storage.
func (m *Memory) Studies(ctx context.Context) ([]Study, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]Study, len(m.studies))
	for i, s := range m.studies {
		out[i] = cloneStudy(s)
	}
	return out, nil
}

func cloneStudy(s Study) Study {
	if s.Attrs != nil {
		a := make(map[string]string, len(s.Attrs))
		for k, v := range s.Attrs {
			a[k] = v
		}
		s.Attrs = a
	}
	return s
}

// SetStudyAttr implements Storage.
func (m *Memory) SetStudyAttr(ctx context.Context, study int64, key, value string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := range m.studies {
		if m.studies[i].ID == study {
			if value == "" {
				delete(m.studies[i].Attrs, key)
				return nil
			}
			if m.studies[i].Attrs == nil {
				m.studies[i].Attrs = map[string]string{}
			}
			m.studies[i].Attrs[key] = value
			return nil
		}
	}
	return fmt.Errorf("%w: study id %d", ErrNotFound, study)
}

// DeleteStudy implements Storage.
func (m *Memory) DeleteStudy(ctx context.Context, name string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, s := range m.studies {
		if s.Name == name {
			m.studies = append(m.studies[:i], m.studies[i+1:]...)
			for j, t := range m.trials {
				if t != nil && t.Study == s.ID {
					m.trials[j] = nil
				}
			}
			return nil
		}
	}
	return fmt.Errorf("%w: study %q", ErrNotFound, name)
}

func (m *Memory) hasStudy(id int64) bool {
	for _, s := range m.studies {
		if s.ID == id {
			return true
		}
	}
	return false
}

// AddTrial implements Storage.
func (m *Memory) AddTrial(ctx context.Context, study int64, t Trial) (Trial, error) {
	if err := ctx.Err(); err != nil {
		return Trial{}, err
	}
	if err := checkNew(t); err != nil {
		return Trial{}, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.hasStudy(study) {
		return Trial{}, fmt.Errorf("%w: study id %d", ErrNotFound, study)
	}
	n := 0
	for _, o := range m.trials {
		if o != nil && o.Study == study {
			n++
		}
	}
	nt := cloneTrial(&t)
	nt.ID = int64(len(m.trials) + 1)
	nt.Study = study
	nt.Number = n
	nt.Value = math.NaN()
	nt.Intermediate = nil
	nt.Finished = time.Time{}
	nt.Note = ""
	if t.State == Running {
		now := time.Now()
		nt.Started, nt.Heartbeat = now, now
	} else {
		nt.Worker = ""
		nt.Started, nt.Heartbeat = time.Time{}, time.Time{}
	}
	m.trials = append(m.trials, &nt)
	return cloneTrial(&nt), nil
}

// Enqueue implements Storage.
func (m *Memory) Enqueue(ctx context.Context, study int64, points [][]Param) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	for _, pt := range points {
		if err := checkNew(Trial{State: Waiting, Params: pt}); err != nil {
			return 0, err
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.hasStudy(study) {
		return 0, fmt.Errorf("%w: study id %d", ErrNotFound, study)
	}
	var ts []Trial
	for _, t := range m.trials {
		if t != nil && t.Study == study {
			ts = append(ts, *t)
		}
	}
	n := len(ts)
	for _, pt := range points {
		if tried(pt, ts) {
			continue
		}
		nt := Trial{ID: int64(len(m.trials) + 1), Study: study, Number: n, State: Waiting, Value: math.NaN(), Params: append([]Param(nil), pt...)}
		nt = cloneTrial(&nt)
		m.trials = append(m.trials, &nt)
		ts = append(ts, nt)
		n++
	}
	waiting := 0
	for _, t := range ts {
		if t.State == Waiting {
			waiting++
		}
	}
	return waiting, nil
}

// checkNew validates a trial given to AddTrial.
func checkNew(t Trial) error {
	switch t.State {
	case Waiting:
	case Running:
		if t.Worker == "" {
			return fmt.Errorf("store: a running trial needs a worker")
		}
	default:
		return fmt.Errorf("%w: a new trial is waiting or running, not %v", ErrState, t.State)
	}
	seen := map[string]bool{}
	for _, p := range t.Params {
		if seen[p.Name] {
			return fmt.Errorf("store: parameter %q given twice", p.Name)
		}
		seen[p.Name] = true
		if err := p.Dist.Validate(); err != nil {
			return fmt.Errorf("store: parameter %q: %w", p.Name, err)
		}
	}
	return nil
}

func (m *Memory) get(id int64) (*Trial, error) {
	if id < 1 || id > int64(len(m.trials)) || m.trials[id-1] == nil {
		return nil, fmt.Errorf("%w: trial id %d", ErrNotFound, id)
	}
	return m.trials[id-1], nil
}

// owned returns the trial if it is running under worker.
func (m *Memory) owned(id int64, worker string) (*Trial, error) {
	t, err := m.get(id)
	if err != nil {
		return nil, err
	}
	if t.State != Running || t.Worker != worker {
		return nil, fmt.Errorf("%w: trial %d is %v under %q", ErrNotOwner, t.Number, t.State, t.Worker)
	}
	return t, nil
}

// Claim implements Storage.
func (m *Memory) Claim(ctx context.Context, study int64, worker string) (Trial, error) {
	if err := ctx.Err(); err != nil {
		return Trial{}, err
	}
	if worker == "" {
		return Trial{}, fmt.Errorf("store: claim needs a worker")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, t := range m.trials {
		if t != nil && t.Study == study && t.State == Waiting {
			now := time.Now()
			t.State, t.Worker, t.Started, t.Heartbeat = Running, worker, now, now
			return cloneTrial(t), nil
		}
	}
	return Trial{}, ErrNoWaiting
}

// Resume implements Storage.
func (m *Memory) Resume(ctx context.Context, id int64, worker string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	t, err := m.get(id)
	if err != nil {
		return err
	}
	if t.State != Paused {
		return fmt.Errorf("%w: resume trial %d which is %v", ErrState, t.Number, t.State)
	}
	now := time.Now()
	t.State, t.Worker, t.Heartbeat, t.Finished = Running, worker, now, time.Time{}
	return nil
}

// SetParam implements Storage.
func (m *Memory) SetParam(ctx context.Context, id int64, worker string, p Param) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := p.Dist.Validate(); err != nil {
		return fmt.Errorf("store: parameter %q: %w", p.Name, err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	t, err := m.owned(id, worker)
	if err != nil {
		return err
	}
	for i := range t.Params {
		if t.Params[i].Name == p.Name {
			t.Params[i] = p
			return nil
		}
	}
	t.Params = append(t.Params, p)
	return nil
}

// Report implements Storage.
func (m *Memory) Report(ctx context.Context, id int64, worker string, step int, value float64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	t, err := m.owned(id, worker)
	if err != nil {
		return err
	}
	i := sort.Search(len(t.Intermediate), func(i int) bool { return t.Intermediate[i].Step >= step })
	if i < len(t.Intermediate) && t.Intermediate[i].Step == step {
		t.Intermediate[i].Value = value
		return nil
	}
	t.Intermediate = append(t.Intermediate, Point{})
	copy(t.Intermediate[i+1:], t.Intermediate[i:])
	t.Intermediate[i] = Point{Step: step, Value: value}
	return nil
}

// Finish implements Storage.
func (m *Memory) Finish(ctx context.Context, id int64, worker string, state State, value float64, note string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if !state.Finished() && state != Paused {
		return fmt.Errorf("%w: finish to %v", ErrState, state)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	t, err := m.owned(id, worker)
	if err != nil {
		return err
	}
	t.State, t.Value, t.Note, t.Finished = state, value, note, time.Now()
	return nil
}

// Heartbeat implements Storage.
func (m *Memory) Heartbeat(ctx context.Context, worker string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	now := time.Now()
	for _, t := range m.trials {
		if t != nil && t.State == Running && t.Worker == worker {
			t.Heartbeat = now
		}
	}
	return nil
}

// FailStale implements Storage.
func (m *Memory) FailStale(ctx context.Context, study int64, before time.Time) ([]Trial, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Trial
	now := time.Now()
	for _, t := range m.trials {
		if t != nil && t.Study == study && t.State == Running && t.Heartbeat.Before(before) {
			t.State, t.Note, t.Finished, t.Value = Interrupted, NoteStale, now, math.NaN()
			out = append(out, cloneTrial(t))
		}
	}
	return out, nil
}

// RetryStale implements Storage.
func (m *Memory) RetryStale(ctx context.Context, study int64, before time.Time) ([]Trial, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.hasStudy(study) {
		return nil, fmt.Errorf("%w: study id %d", ErrNotFound, study)
	}
	n := 0
	var stale []*Trial
	for _, t := range m.trials {
		if t == nil || t.Study != study {
			continue
		}
		n++
		if t.State == Running && t.Heartbeat.Before(before) {
			stale = append(stale, t)
		}
	}
	var out []Trial
	now := time.Now()
	for _, t := range stale {
		t.State, t.Note, t.Finished, t.Value = Interrupted, NoteStale, now, math.NaN()
		out = append(out, cloneTrial(t))
		c := Trial{ID: int64(len(m.trials) + 1), Study: study, Number: n, State: Waiting, Value: math.NaN(), Params: t.Params, Attrs: retryAttrs(t)}
		c = cloneTrial(&c)
		m.trials = append(m.trials, &c)
		n++
	}
	return out, nil
}

// retryAttrs are the attributes of the waiting copy of a stale trial.
func retryAttrs(t *Trial) map[string]string {
	a := make(map[string]string, len(t.Attrs)+1)
	for k, v := range t.Attrs {
		a[k] = v
	}
	a[AttrRetryOf] = strconv.Itoa(t.Number)
	return a
}

// Release implements Storage.
func (m *Memory) Release(ctx context.Context, id int64, worker string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	t, err := m.owned(id, worker)
	if err != nil {
		return err
	}
	t.State, t.Worker, t.Note, t.Value = Waiting, "", "", math.NaN()
	t.Started, t.Finished, t.Heartbeat = time.Time{}, time.Time{}, time.Time{}
	t.Intermediate = nil
	return nil
}

// NoteStale is the note FailStale gives the trials it interrupts.
const NoteStale = "heartbeat lost"

// NoteGone is the note of a trial interrupted because its worker was a
// process of this machine that no longer exists (package tune marks
// them when a search starts, without waiting for the heartbeat).
const NoteGone = "its process is gone"

// Trials implements Storage.
func (m *Memory) Trials(ctx context.Context, study int64) ([]Trial, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.hasStudy(study) {
		return nil, fmt.Errorf("%w: study id %d", ErrNotFound, study)
	}
	var out []Trial
	for _, t := range m.trials {
		if t != nil && t.Study == study {
			out = append(out, cloneTrial(t))
		}
	}
	return out, nil
}

// Trial implements Storage.
func (m *Memory) Trial(ctx context.Context, id int64) (Trial, error) {
	if err := ctx.Err(); err != nil {
		return Trial{}, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	t, err := m.get(id)
	if err != nil {
		return Trial{}, err
	}
	return cloneTrial(t), nil
}

// Close implements Storage; a Memory has nothing to release.
func (m *Memory) Close() error { return nil }

// OneMachine reports true: only this process uses the storage.
func (m *Memory) OneMachine() bool { return true }

func cloneTrial(t *Trial) Trial {
	c := *t
	c.Params = append([]Param(nil), t.Params...)
	for i := range c.Params {
		c.Params[i].Dist.Choices = append([]string(nil), c.Params[i].Dist.Choices...)
	}
	c.Intermediate = append([]Point(nil), t.Intermediate...)
	if t.Attrs != nil {
		c.Attrs = make(map[string]string, len(t.Attrs))
		for k, v := range t.Attrs {
			c.Attrs[k] = v
		}
	}
	return c
}
