package tune

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/methodic-go/methodic/mlstd/tune/store"
)

// Study attributes that hold a shared search.
const (
	// AttrShared holds the search that Share stored and its signature,
	// as JSON.
	AttrShared = "tune.shared"
	// AttrState is "open" while workers should run trials, "stopped"
	// after Stop.
	AttrState = "tune.state"
)

// Shared is a search that a study asks its workers to run: the notebook
// stores it with Share, and every `methodic worker --study NAME` process
// reads it, runs Cells in a fresh interpreter, evaluates Objective, and
// calls Work.
type Shared struct {
	// Cells are the Go source of the notebook cells the objective needs
	// (imports, data, helper funcs, the objective itself), run in order
	// by each worker as a notebook runs cells. NotebookCells reads the
	// cells marked //tune:worker from a saved notebook.
	Cells []string
	// Objective is a Go expression, in the scope of the cells, whose
	// value is the objective: the name of a
	// func(ctx context.Context, t *tune.Trial) (float64, error), or a
	// call such as tune.Epochs(build, 27).
	Objective string
	// Trials is the study's budget: how many trials the workers run in
	// all, counting those the study has already (except interrupted
	// ones). Zero: 20. A Grid ignores it: its budget is its points.
	Trials int
	// Sampler is Grid, Random or TPE (nil: NewTPE(Seed, TPEOptions{})).
	// Each trial draws with a generator seeded from the sampler's seed
	// and the trial's number, so parallel workers do not draw the same
	// points and a study gives the same draws however its trials are
	// spread over workers; TPE reads the shared history, with the running
	// trials of every worker as constant liars.
	Sampler Sampler
	// Seed seeds the default sampler.
	Seed uint64
	// Pruner is nil, Median or Halving. Both read the shared history, so
	// they prune across workers; Halving is how Hyperband runs on many
	// machines (see the package documentation).
	Pruner Pruner
	// KeepGoing keeps a worker running trials after one fails; by default
	// a worker stops with the failure's error.
	KeepGoing bool
	// Digest is set by Study.Shared and ignored by Share: the SHA-256 of
	// the search's canonical encoding ("sha256:" and 64 hexadecimal
	// digits), which workers print before they run it and Watch shows,
	// so that the notebook's owner can see that they run her code.
	Digest string
}

// wireShared is Shared as stored in the study's AttrShared.
type wireShared struct {
	Cells     []string    `json:"cells"`
	Objective string      `json:"objective"`
	Trials    int         `json:"trials,omitempty"`
	Sampler   samplerSpec `json:"sampler"`
	Pruner    *prunerSpec `json:"pruner,omitempty"`
	KeepGoing bool        `json:"keep_going,omitempty"`
}

type samplerSpec struct {
	Kind string      `json:"kind"` // grid, random or tpe
	Seed uint64      `json:"seed,omitempty"`
	TPE  *TPEOptions `json:"tpe,omitempty"`
	Axes []Axis      `json:"axes,omitempty"`
}

type prunerSpec struct {
	Median  *Median  `json:"median,omitempty"`
	Halving *Halving `json:"halving,omitempty"`
}

func specOf(sm Sampler) (samplerSpec, error) {
	switch v := sm.(type) {
	case *Grid:
		return samplerSpec{Kind: "grid", Axes: v.Axes()}, nil
	case *Random:
		return samplerSpec{Kind: "random", Seed: v.seed}, nil
	case *TPE:
		o := v.o
		return samplerSpec{Kind: "tpe", Seed: v.seed, TPE: &o}, nil
	}
	return samplerSpec{}, fmt.Errorf("tune: sampler %T cannot be shared with workers: use a Grid, Random or TPE", sm)
}

func prunerSpecOf(p Pruner) (*prunerSpec, error) {
	switch v := p.(type) {
	case nil:
		return nil, nil
	case Median:
		return &prunerSpec{Median: &v}, nil
	case *Median:
		return &prunerSpec{Median: v}, nil
	case Halving:
		return &prunerSpec{Halving: &v}, nil
	case *Halving:
		return &prunerSpec{Halving: v}, nil
	}
	return nil, fmt.Errorf("tune: pruner %T cannot be shared with workers: use Median or Halving", p)
}

// grid returns the grid of a grid spec, nil otherwise.
func (sp samplerSpec) grid() *Grid {
	if sp.Kind != "grid" {
		return nil
	}
	return &Grid{axes: sp.Axes}
}

// admit checks the stored parameters of a trial a worker claimed against
// the signed search: the storage may hold anything (whoever can write to
// it can enqueue a trial or change a waiting one's parameters), the
// signature covers only the search. On a grid's axes, a value must be one
// of the axis's (so a grid trial runs one of the grid's points); the
// other parameters are held by the trial to the ranges the objective asks
// for (Trial.strict). It returns the names it vouched for.
func (sp samplerSpec) admit(params []store.Param) (map[string]bool, error) {
	if sp.Kind != "grid" {
		return nil, nil
	}
	ok := make(map[string]bool, len(sp.Axes))
	for _, a := range sp.Axes {
		var p *store.Param
		for i := range params {
			if params[i].Name == a.Name {
				p = &params[i]
			}
		}
		if p == nil {
			return nil, fmt.Errorf("tune: the stored trial has no value for %q, an axis of the signed grid: refused", a.Name)
		}
		if !a.has(*p) {
			return nil, fmt.Errorf("tune: the stored value %s of %q is not on the signed grid: refused", p.Label(), a.Name)
		}
		ok[a.Name] = true
	}
	return ok, nil
}

// has reports whether p is one of the axis's candidates.
func (a Axis) has(p store.Param) bool {
	if a.Labels != nil {
		if p.Dist.Kind != store.Choice || !p.Dist.Equal(a.dist()) || !p.Dist.Contains(p.Value) {
			return false
		}
		return true
	}
	if p.Dist.Kind == store.Choice {
		return false
	}
	for _, v := range a.Values {
		if v == p.Value {
			return true
		}
	}
	return false
}

// forTrial returns the sampler for trial number n: a grid as it is, a
// random or TPE sampler seeded from the spec's seed and n.
func (sp samplerSpec) forTrial(n int) (Sampler, error) {
	seed := mixSeed(sp.Seed, uint64(n))
	switch sp.Kind {
	case "grid":
		return sp.grid(), nil
	case "random":
		return NewRandom(seed), nil
	case "tpe":
		var o TPEOptions
		if sp.TPE != nil {
			o = *sp.TPE
		}
		return NewTPE(seed, o), nil
	}
	return nil, fmt.Errorf("tune: unknown shared sampler %q (written by a newer Methodic?)", sp.Kind)
}

func (ps *prunerSpec) pruner() Pruner {
	switch {
	case ps == nil:
		return nil
	case ps.Median != nil:
		return *ps.Median
	case ps.Halving != nil:
		return *ps.Halving
	}
	return nil
}

// mixSeed derives a trial's seed from a study's (splitmix64 of both).
func mixSeed(seed, n uint64) uint64 {
	z := seed ^ (n+1)*0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// Share stores a search with the study for workers to run, and opens the
// study to them: `methodic worker --study NAME --storage URL` on any
// machine then runs its trials, and Watch shows them arrive. Sharing
// again replaces the search (and reopens a stopped study).
//
// Share signs the search (cells, objective, sampler, pruner, budget: all
// that decides what runs, and the study's name) with the study's key:
// StudyOptions.Key, else DefaultKey. When there is no key at all, the
// first Share creates one in the file DefaultKeyPath names, readable by
// its owner alone, and says so on standard error; copy that file to each
// worker machine, or set KeyEnv there. Workers run a search only if its
// signature matches their key: whoever can write to the database, but
// does not hold the key, cannot make them run other code.
//
// The budget is laid out as waiting trials that workers claim one each:
// a grid's untried points, or for other samplers as many trials without
// parameters as Trials asks beyond those the study has, which take their
// parameters from the sampler when a worker runs them.
func (s *Study) Share(ctx context.Context, sh Shared) error {
	if strings.TrimSpace(sh.Objective) == "" {
		return errors.New("tune: Share needs the objective's name (Shared.Objective)")
	}
	if sh.Sampler == nil {
		sh.Sampler = NewTPE(sh.Seed, TPEOptions{})
	}
	sp, err := specOf(sh.Sampler)
	if err != nil {
		return err
	}
	pp, err := prunerSpecOf(sh.Pruner)
	if err != nil {
		return err
	}
	if sh.Trials < 0 {
		return fmt.Errorf("tune: Shared.Trials is %d", sh.Trials)
	}
	k, err := s.signingKey()
	if err != nil {
		return err
	}
	w := wireShared{Cells: sh.Cells, Objective: sh.Objective, Trials: sh.Trials, Sampler: sp, Pruner: pp, KeepGoing: sh.KeepGoing}
	b, err := seal(s.name, w, k)
	if err != nil {
		return err
	}
	if g := sp.grid(); g != nil {
		if _, err := s.st.Enqueue(ctx, s.id, g.Points()); err != nil {
			return fmt.Errorf("tune: %w", err)
		}
	} else {
		want := sh.Trials
		if want == 0 {
			want = 20
		}
		ts, err := s.Trials(ctx)
		if err != nil {
			return err
		}
		have := 0
		for _, t := range ts {
			if t.State != store.Interrupted {
				have++
			}
		}
		for ; have < want; have++ {
			if _, err := s.st.AddTrial(ctx, s.id, store.Trial{State: store.Waiting}); err != nil {
				return fmt.Errorf("tune: %w", err)
			}
		}
	}
	if err := s.SetAttr(ctx, AttrShared, string(b)); err != nil {
		return err
	}
	return s.SetAttr(ctx, AttrState, "open")
}

// Stop asks the study's workers to stop: each finishes the trial it is
// running and starts no other. Waiting trials stay waiting; Share opens
// the study again.
func (s *Study) Stop(ctx context.Context) error {
	return s.SetAttr(ctx, AttrState, "stopped")
}

// Stopped reports whether Stop was called since the study was last
// shared.
func (s *Study) Stopped(ctx context.Context) (bool, error) {
	a, err := s.Attrs(ctx)
	if err != nil {
		return false, err
	}
	return a[AttrState] == "stopped", nil
}

// Shared returns the search stored by Share, with the sampler and pruner
// rebuilt (the sampler seeded with the stored seed) and its Digest, after
// checking its signature with the study's key (StudyOptions.Key, else
// DefaultKey). A search that is not signed (ErrUnsigned), or whose
// signature does not match the key (ErrBadSignature: another key signed
// it, or it was changed since), is refused with an error naming the
// study.
func (s *Study) Shared(ctx context.Context) (Shared, error) {
	w, dg, err := s.verified(ctx)
	if err != nil {
		return Shared{}, err
	}
	sh := Shared{Cells: w.Cells, Objective: w.Objective, Trials: w.Trials, Pruner: w.Pruner.pruner(), KeepGoing: w.KeepGoing, Seed: w.Sampler.Seed, Digest: dg}
	switch w.Sampler.Kind {
	case "grid":
		sh.Sampler = w.Sampler.grid()
	case "random":
		sh.Sampler = NewRandom(w.Sampler.Seed)
	case "tpe":
		var o TPEOptions
		if w.Sampler.TPE != nil {
			o = *w.Sampler.TPE
		}
		sh.Sampler = NewTPE(w.Sampler.Seed, o)
	default:
		return Shared{}, fmt.Errorf("tune: unknown shared sampler %q (written by a newer Methodic?)", w.Sampler.Kind)
	}
	return sh, nil
}

// ErrNotShared is returned by Work and Shared for a study that Share
// never set up.
var ErrNotShared = errors.New("tune: the study has no shared search: call Share in the notebook first")

// verified reads the study's shared search and checks its signature
// with the study's key; it returns the search and its digest.
func (s *Study) verified(ctx context.Context) (wireShared, string, error) {
	k, err := s.checkingKey()
	if err != nil {
		return wireShared{}, "", err
	}
	a, err := s.Attrs(ctx)
	if err != nil {
		return wireShared{}, "", err
	}
	raw, ok := a[AttrShared]
	if !ok {
		return wireShared{}, "", fmt.Errorf("%w (study %q)", ErrNotShared, s.name)
	}
	return open(s.name, raw, k)
}

// LoadStudy opens an existing study by name, with the direction it was
// created with: what a worker or a second notebook watching the study
// uses. o.Direction is ignored. ErrNotFound (from package store) when
// there is no such study.
func LoadStudy(ctx context.Context, name string, o StudyOptions) (*Study, error) {
	s := &Study{name: name, st: o.Storage, key: o.Key}
	if s.st == nil {
		warnPassword(name, o.URL)
		st, err := store.Open(ctx, o.URL)
		if err != nil {
			return nil, fmt.Errorf("tune: %w", err)
		}
		s.st, s.owns = st, true
	}
	info, err := s.st.LoadStudy(ctx, name)
	if err != nil {
		if s.owns {
			s.st.Close()
		}
		return nil, fmt.Errorf("tune: %w", err)
	}
	s.id, s.dir = info.ID, info.Direction
	return s, nil
}

// WorkerMarker is the comment that marks a notebook cell for workers
// (NotebookCells); a Jupyter cell tag of the same text does too.
const WorkerMarker = "//tune:worker"

// NotebookCells returns the source of the code cells of a saved notebook
// (.ipynb) that workers need: those with a line that is exactly
// //tune:worker, or the Jupyter tag "tune:worker", in notebook order.
// Save the notebook first: it reads the file, not the cells in the
// kernel.
func NotebookCells(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("tune: %w", err)
	}
	var nb struct {
		Cells []struct {
			Type     string          `json:"cell_type"`
			Source   json.RawMessage `json:"source"`
			Metadata struct {
				Tags []string `json:"tags"`
			} `json:"metadata"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(b, &nb); err != nil {
		return nil, fmt.Errorf("tune: notebook %s: %w", path, err)
	}
	var out []string
	for _, c := range nb.Cells {
		if c.Type != "code" {
			continue
		}
		var src string
		if err := json.Unmarshal(c.Source, &src); err != nil {
			var lines []string
			if err := json.Unmarshal(c.Source, &lines); err != nil {
				return nil, fmt.Errorf("tune: notebook %s: cell source: %w", path, err)
			}
			src = strings.Join(lines, "")
		}
		marked := false
		for _, t := range c.Metadata.Tags {
			marked = marked || t == "tune:worker"
		}
		for _, l := range strings.Split(src, "\n") {
			marked = marked || strings.TrimSpace(l) == WorkerMarker
		}
		if marked {
			out = append(out, src)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("tune: notebook %s has no cell marked %s (is it saved?)", path, WorkerMarker)
	}
	return out, nil
}
