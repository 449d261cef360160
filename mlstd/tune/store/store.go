package store

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"
)

// Errors a Storage returns. Implementations wrap them with detail, so test
// with errors.Is.
var (
	// ErrNotFound: no study or trial by that name or id.
	ErrNotFound = errors.New("store: not found")
	// ErrNoWaiting: Claim found no waiting trial in the study.
	ErrNoWaiting = errors.New("store: no waiting trial")
	// ErrNotOwner: the trial is not running under the worker that tried to
	// change it (it finished already, was failed as stale, or belongs to
	// another worker). Of two workers finishing one trial, one gets this.
	ErrNotOwner = errors.New("store: trial not running under this worker")
	// ErrState: the trial is not in the state the call needs (Resume of a
	// trial that is not paused, for example).
	ErrState = errors.New("store: trial in wrong state")
	// ErrDirection: a study of that name exists with the other direction.
	ErrDirection = errors.New("store: study exists with another direction")
)

// Direction says whether a study minimises or maximises its objective.
// The zero value is Minimize.
type Direction int

// The two directions.
const (
	Minimize Direction = iota // lower is better (an error, a loss)
	Maximize                  // higher is better (an accuracy)
)

// String returns "minimize" or "maximize".
func (d Direction) String() string {
	if d == Maximize {
		return "maximize"
	}
	return "minimize"
}

// Better reports whether objective value a is better than b in direction
// d. NaN is never better than anything, and anything is better than NaN.
func (d Direction) Better(a, b float64) bool {
	switch {
	case math.IsNaN(a):
		return false
	case math.IsNaN(b):
		return true
	case d == Maximize:
		return a > b
	}
	return a < b
}

// Study is a study's identity and settings as stored. Its name identifies it
// across processes and machines; ID is the storage's key for it.
type Study struct {
	ID        int64
	Name      string
	Direction Direction
	Created   time.Time
	// Attrs are free-form settings of the study (the source of the cells
	// its objective needs, for workers on other machines, for example).
	Attrs map[string]string
}

// State is where a trial is in its life:
//
//	Waiting ──Claim──> Running ──Finish──> Complete | Pruned | Failed | Interrupted
//	                      │  ^
//	               Finish │  │ Resume
//	                      v  │
//	                     Paused
//
// Waiting trials were enqueued with fixed parameters (a grid point, a
// promoted trial) and wait for a worker to claim them. Running trials
// belong to one worker, which keeps their heartbeat fresh. Paused trials
// were stopped part way by a scheduler (successive halving) and can be
// resumed where they stopped. Interrupted trials were running when the
// search was cancelled or their worker died.
type State int

// The states of a trial.
const (
	Waiting State = iota
	Running
	Paused
	Complete
	Pruned
	Failed
	Interrupted
)

var stateNames = [...]string{"waiting", "running", "paused", "complete", "pruned", "failed", "interrupted"}

// String returns the state's lower-case name.
func (s State) String() string {
	if s < 0 || int(s) >= len(stateNames) {
		return "state(" + strconv.Itoa(int(s)) + ")"
	}
	return stateNames[s]
}

// ParseState is the inverse of State.String.
func ParseState(s string) (State, error) {
	for i, n := range stateNames {
		if n == s {
			return State(i), nil
		}
	}
	return 0, fmt.Errorf("store: unknown trial state %q", s)
}

// Finished reports whether s is final: Complete, Pruned, Failed or
// Interrupted.
func (s State) Finished() bool { return s >= Complete }

// Kind is the type of a parameter's distribution.
type Kind int

const (
	// Float is a real number in [Lo, Hi].
	Float Kind = iota
	// Int is an integer in [Lo, Hi].
	Int
	// Choice is one of a list of labels; its value is the index.
	Choice
)

// String returns "float", "int" or "choice".
func (k Kind) String() string {
	switch k {
	case Float:
		return "float"
	case Int:
		return "int"
	case Choice:
		return "choice"
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Dist is the distribution a parameter was suggested from. For Float and
// Int, Lo and Hi bound the value (inclusive) and Log asks for a log scale
// (both bounds must then be positive). For Choice, Choices lists the
// labels and the value is an index into it.
type Dist struct {
	Kind    Kind
	Lo, Hi  float64
	Log     bool
	Choices []string
}

// Validate returns an error when d cannot be sampled from.
func (d Dist) Validate() error {
	switch d.Kind {
	case Float, Int:
		if math.IsNaN(d.Lo) || math.IsNaN(d.Hi) || math.IsInf(d.Lo, 0) || math.IsInf(d.Hi, 0) {
			return fmt.Errorf("store: bounds must be finite, have [%v, %v]", d.Lo, d.Hi)
		}
		if d.Lo > d.Hi {
			return fmt.Errorf("store: low bound %v above high bound %v", d.Lo, d.Hi)
		}
		if d.Log && d.Lo <= 0 {
			return fmt.Errorf("store: log scale needs positive bounds, have [%v, %v]", d.Lo, d.Hi)
		}
		if d.Kind == Int && (d.Lo != math.Trunc(d.Lo) || d.Hi != math.Trunc(d.Hi)) {
			return fmt.Errorf("store: int bounds must be integers, have [%v, %v]", d.Lo, d.Hi)
		}
	case Choice:
		if len(d.Choices) == 0 {
			return errors.New("store: choice needs at least one option")
		}
	default:
		return fmt.Errorf("store: unknown distribution kind %d", d.Kind)
	}
	return nil
}

// Equal reports whether d and e are the same distribution.
func (d Dist) Equal(e Dist) bool {
	if d.Kind != e.Kind || d.Lo != e.Lo || d.Hi != e.Hi || d.Log != e.Log || len(d.Choices) != len(e.Choices) {
		return false
	}
	for i := range d.Choices {
		if d.Choices[i] != e.Choices[i] {
			return false
		}
	}
	return true
}

// Contains reports whether v is a value of d: inside the bounds (an
// integer for Int), or a valid index for Choice.
func (d Dist) Contains(v float64) bool {
	if math.IsNaN(v) {
		return false
	}
	switch d.Kind {
	case Float:
		return v >= d.Lo && v <= d.Hi
	case Int:
		return v == math.Trunc(v) && v >= d.Lo && v <= d.Hi
	case Choice:
		return v == math.Trunc(v) && v >= 0 && int(v) < len(d.Choices)
	}
	return false
}

// String describes d, as "float[0.0001, 1] log" or "choice{relu, tanh}".
func (d Dist) String() string {
	switch d.Kind {
	case Choice:
		s := "choice{"
		for i, c := range d.Choices {
			if i > 0 {
				s += ", "
			}
			s += c
		}
		return s + "}"
	default:
		s := fmt.Sprintf("%s[%v, %v]", d.Kind, d.Lo, d.Hi)
		if d.Log {
			s += " log"
		}
		return s
	}
}

// Param is one suggested parameter of a trial. Value is the number for
// Float and Int, and the index of the label for Choice.
type Param struct {
	Name  string
	Dist  Dist
	Value float64
}

// Label is the value as a user reads it: the chosen label for Choice, the
// number otherwise.
func (p Param) Label() string {
	if p.Dist.Kind == Choice {
		if i := int(p.Value); i >= 0 && i < len(p.Dist.Choices) {
			return p.Dist.Choices[i]
		}
		return "?"
	}
	return strconv.FormatFloat(p.Value, 'g', 6, 64)
}

// SamePoint reports whether trial t has every parameter of point with the
// same value (compared by label when either is a choice, and with the
// point's value rounded when t's parameter is an integer).
func SamePoint(point []Param, t *Trial) bool {
	for _, p := range point {
		q, ok := t.Param(p.Name)
		if !ok {
			return false
		}
		if p.Dist.Kind == Choice || q.Dist.Kind == Choice {
			if p.Label() != q.Label() {
				return false
			}
		} else if p.Value != q.Value && (q.Dist.Kind != Int || math.Round(p.Value) != q.Value) {
			return false
		}
	}
	return true
}

// tried reports whether a trial already covers point: it has its values
// and did not fail or get interrupted.
func tried(point []Param, ts []Trial) bool {
	for i := range ts {
		if ts[i].State != Failed && ts[i].State != Interrupted && SamePoint(point, &ts[i]) {
			return true
		}
	}
	return false
}

// AttrRetryOf is the trial attribute that RetryStale sets on the waiting
// copy of a stale trial: the number of the trial it re-runs.
const AttrRetryOf = "retry_of"

// Point is an intermediate value a trial reported at a step (an epoch).
type Point struct {
	Step  int
	Value float64
}

// Trial is one trial as stored.
type Trial struct {
	ID     int64
	Study  int64
	Number int // 0, 1, 2, ... within the study, in order of creation
	State  State
	// Value is the objective; NaN when the trial has none (not finished,
	// failed).
	Value float64
	// Params are the suggested parameters in the order they were suggested.
	Params []Param
	// Intermediate are the reported intermediate values, by step.
	Intermediate []Point
	// Worker owns the trial while it runs (or last ran it).
	Worker string
	// Started and Finished bound the last run; Heartbeat is the last sign
	// of life of its worker. Zero when not yet.
	Started, Finished, Heartbeat time.Time
	// Note says why a trial failed, was interrupted or pruned.
	Note string
	// Attrs are free-form labels set when the trial was added (the
	// successive-halving bracket, for example).
	Attrs map[string]string
}

// Param returns the parameter named name.
func (t *Trial) Param(name string) (Param, bool) {
	for _, p := range t.Params {
		if p.Name == name {
			return p, true
		}
	}
	return Param{}, false
}

// Last returns the last intermediate value and its step; ok is false when
// the trial reported none.
func (t *Trial) Last() (p Point, ok bool) {
	if len(t.Intermediate) == 0 {
		return Point{}, false
	}
	return t.Intermediate[len(t.Intermediate)-1], true
}

// Duration is how long the trial ran: Finished-Started, or until now when
// still running, or zero when it never started.
func (t *Trial) Duration() time.Duration {
	switch {
	case t.Started.IsZero():
		return 0
	case t.Finished.IsZero():
		return time.Since(t.Started)
	}
	return t.Finished.Sub(t.Started)
}

// Storage keeps studies and their trials. Every method is safe for
// concurrent use by many goroutines, and an SQL implementation is safe for
// many processes too: every state change is one conditional update, so
// two workers can never both claim, resume or finish one trial.
//
// Ownership: a running trial belongs to the worker named when it was added
// or claimed. SetParam, Report, Finish and Heartbeat name the worker and
// fail with ErrNotOwner when the trial is no longer running under it (it
// was failed as stale meanwhile, or another worker finished it), so a
// worker that lost its trial finds out at its next write.
type Storage interface {
	// CreateStudy creates the study named name, or returns the existing
	// one (ErrDirection if it has the other direction). Safe to call from
	// many processes at once: exactly one creates it.
	CreateStudy(ctx context.Context, name string, dir Direction) (Study, error)
	// LoadStudy returns the study named name, or ErrNotFound.
	LoadStudy(ctx context.Context, name string) (Study, error)
	// Studies lists every study, oldest first.
	Studies(ctx context.Context) ([]Study, error)
	// DeleteStudy removes a study and all its trials.
	DeleteStudy(ctx context.Context, name string) error
	// SetStudyAttr sets (or, with an empty value, removes) one attribute of
	// a study.
	SetStudyAttr(ctx context.Context, study int64, key, value string) error

	// AddTrial stores a new trial of study with the next free number.
	// t.State must be Waiting (enqueued with fixed t.Params, for a worker
	// to claim) or Running (then t.Worker owns it, and Started and
	// Heartbeat are set to now). The stored trial is returned.
	AddTrial(ctx context.Context, study int64, t Trial) (Trial, error)
	// Enqueue adds each point as a waiting trial unless the study already
	// has a trial with the same parameter values (SamePoint) that did not
	// fail or get interrupted, all in one transaction, so that several
	// processes starting one grid search at once enqueue each point once.
	// It returns how many trials of the study are waiting afterwards.
	Enqueue(ctx context.Context, study int64, points [][]Param) (waiting int, err error)
	// Claim moves the lowest-numbered waiting trial of study to Running
	// under worker and returns it, or returns ErrNoWaiting.
	Claim(ctx context.Context, study int64, worker string) (Trial, error)
	// Resume moves a paused trial back to Running under worker
	// (ErrState if it is not paused).
	Resume(ctx context.Context, trial int64, worker string) error
	// SetParam records a suggested parameter of a running trial.
	SetParam(ctx context.Context, trial int64, worker string, p Param) error
	// Report records the intermediate value at step, replacing an earlier
	// report at the same step.
	Report(ctx context.Context, trial int64, worker string, step int, value float64) error
	// Finish moves a running trial to a final state or to Paused, with its
	// value (NaN for none) and a note.
	Finish(ctx context.Context, trial int64, worker string, state State, value float64, note string) error
	// Heartbeat marks every trial running under worker as alive now.
	Heartbeat(ctx context.Context, worker string) error
	// FailStale moves the running trials of study whose heartbeat is older
	// than before to Interrupted, noting NoteStale, and returns them as
	// they are now.
	FailStale(ctx context.Context, study int64, before time.Time) ([]Trial, error)
	// RetryStale is FailStale that also hands the budget of each stale
	// trial out again: in the same transaction, every trial it interrupts
	// gets a waiting copy with the same parameters and attributes, and
	// the attribute AttrRetryOf set to the stale trial's number. It
	// returns the interrupted trials. Of several workers calling it at
	// once, each stale trial is interrupted and copied by exactly one, and
	// a worker that dies half way leaves neither half done.
	RetryStale(ctx context.Context, study int64, before time.Time) ([]Trial, error)
	// Release hands a running trial back: it returns to Waiting with the
	// parameters it had, its intermediate values, worker, note and times
	// cleared, for the next Claim to run it from the start. A worker that
	// is told to stop (SIGTERM) releases its trial rather than failing
	// it. ErrNotOwner when the trial is not running under worker.
	Release(ctx context.Context, trial int64, worker string) error

	// Trials returns every trial of study, by number, with their params
	// and intermediate values.
	Trials(ctx context.Context, study int64) ([]Trial, error)
	// Trial returns one trial by id.
	Trial(ctx context.Context, trial int64) (Trial, error)

	// Close releases the storage's resources.
	Close() error
}
