package tune

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/methodic-go/methodic/mlstd/tune/store"
	"github.com/methodic-go/methodic/mlstd/tune/store/storetest"
)

// workStudy opens the same study through separate handles on one
// storage, as workers in separate processes would.
func workStudy(t *testing.T, url, name string, dir Direction) *Study {
	t.Helper()
	st, err := NewStudy(context.Background(), name, StudyOptions{URL: url, Direction: dir})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func quadObjective(delay time.Duration) Objective {
	return func(ctx context.Context, t *Trial) (float64, error) {
		x := t.Float("x", -3, 3)
		y := t.Float("y", -3, 3)
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(delay):
		}
		t.Report(1, (x-1)*(x-1)+(y+0.5)*(y+0.5)+1)
		return (x-1)*(x-1) + (y+0.5)*(y+0.5), nil
	}
}

func quadGrid() *Grid {
	return NewGrid().Values("x", -2, -1, 0, 1, 2).Values("y", -1, -0.5, 0, 0.5)
}

// TestWorkGrid: three workers on one study (SQLite, PostgreSQL) run each
// grid point exactly once, and find the best point a serial Optimize
// finds.
func TestWorkGrid(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testWorkGrid(t, filepath.Join(t.TempDir(), "work.db")) })
	t.Run("postgres", func(t *testing.T) { testWorkGrid(t, storetest.Postgres(t)) })
}

func testWorkGrid(t *testing.T, url string) {
	ctx := context.Background()
	nb := workStudy(t, url, "grid", Minimize)
	if err := nb.Share(ctx, Shared{Objective: "objective", Sampler: quadGrid()}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			st := workStudy(t, url, "grid", Minimize)
			if err := st.Work(ctx, quadObjective(2*time.Millisecond), WorkOptions{Worker: fmt.Sprint("w", i), Poll: 10 * time.Millisecond}); err != nil {
				t.Error(err)
			}
		}(i)
	}
	wg.Wait()
	ts, _ := nb.Trials(ctx)
	seen := map[string]int{}
	workers := map[string]bool{}
	for _, tr := range ts {
		if tr.State != store.Complete {
			t.Errorf("trial %d is %v", tr.Number, tr.State)
		}
		seen[paramText(tr)]++
		workers[tr.Worker] = true
	}
	if len(ts) != 20 || len(seen) != 20 {
		t.Errorf("%d trials, %d distinct points; want 20 each", len(ts), len(seen))
	}
	if len(workers) < 2 {
		t.Errorf("workers that ran trials: %v", workers)
	}
	serial := newStudy(t, "serial", StudyOptions{})
	if err := serial.Optimize(ctx, quadObjective(0), Options{Sampler: quadGrid(), Quiet: true}); err != nil {
		t.Fatal(err)
	}
	a, _ := nb.Best(ctx)
	b, _ := serial.Best(ctx)
	if a.Value != b.Value || a.Value != 0 {
		t.Errorf("best of the workers %v, serial %v; want both 0", a.Value, b.Value)
	}
}

// TestWorkRetryStale: a trial whose worker died (no heartbeat) is marked
// interrupted and run again with its parameters by a live worker, and the
// budget comes out exact.
func TestWorkRetryStale(t *testing.T) {
	ctx := context.Background()
	st := newStudy(t, "stale", StudyOptions{})
	if err := st.Share(ctx, Shared{Objective: "objective", Trials: 6, Sampler: NewRandom(1)}); err != nil {
		t.Fatal(err)
	}
	// A worker that claims a trial, suggests its parameters and dies.
	dead, err := st.st.Claim(ctx, st.id, "dead")
	if err != nil {
		t.Fatal(err)
	}
	p := store.Param{Name: "x", Dist: store.Dist{Kind: store.Float, Lo: -3, Hi: 3}, Value: 1}
	if err := st.st.SetParam(ctx, dead.ID, "dead", p); err != nil {
		t.Fatal(err)
	}
	var log strings.Builder
	var lmu sync.Mutex
	err = st.Work(ctx, quadObjective(time.Millisecond), WorkOptions{Worker: "live", Heartbeat: 20 * time.Millisecond,
		StaleAfter: 150 * time.Millisecond, Poll: 20 * time.Millisecond, Log: lockedWriter{&lmu, &log}})
	if err != nil {
		t.Fatal(err)
	}
	ts, _ := st.Trials(ctx)
	c := (&Snapshot{Trials: ts}).Counts()
	if len(ts) != 7 || c[store.Complete] != 6 || c[store.Interrupted] != 1 {
		t.Fatalf("states %v over %d trials; want 6 complete and the dead one interrupted", c, len(ts))
	}
	retry := ts[6]
	if retry.Attrs[store.AttrRetryOf] != fmt.Sprint(dead.Number) || retry.Params[0].Value != 1 || retry.Worker != "live" {
		t.Errorf("the re-run = %+v", retry)
	}
	if ts[dead.Number].State != store.Interrupted || ts[dead.Number].Note != store.NoteStale {
		t.Errorf("the dead trial = %+v", ts[dead.Number])
	}
	if !strings.Contains(log.String(), "lost its heartbeat") {
		t.Errorf("log:\n%s", log.String())
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	b  *strings.Builder
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

// TestWorkReleaseOnCancel: cancelling a worker hands its running trial
// back to waiting, parameters kept, reports dropped; a zero value
// returned by a stopped objective is not recorded as a result.
func TestWorkReleaseOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st := newStudy(t, "release", StudyOptions{})
	if err := st.Share(ctx, Shared{Objective: "objective", Sampler: quadGrid()}); err != nil {
		t.Fatal(err)
	}
	started := make(chan struct{})
	var once sync.Once
	obj := func(ctx context.Context, tr *Trial) (float64, error) {
		tr.Float("x", -3, 3)
		tr.Float("y", -3, 3)
		tr.Report(1, 5)
		once.Do(func() { close(started) })
		<-ctx.Done()
		return 0, nil // what yaegi returns for an interpreted objective it stopped
	}
	go func() { <-started; cancel() }()
	if err := st.Work(ctx, obj, WorkOptions{Worker: "w"}); !errors.Is(err, context.Canceled) {
		t.Fatalf("Work = %v, want context.Canceled", err)
	}
	ts, _ := st.Trials(context.Background())
	if c := (&Snapshot{Trials: ts}).Counts(); c[store.Waiting] != 20 {
		t.Fatalf("states %v; want all 20 waiting", c)
	}
	if tr := ts[0]; len(tr.Params) != 2 || len(tr.Intermediate) != 0 || tr.Worker != "" {
		t.Errorf("released trial = %+v", tr)
	}
}

// TestWorkStop: Stop lets the running trial finish and starts no other.
func TestWorkStop(t *testing.T) {
	ctx := context.Background()
	st := newStudy(t, "stop", StudyOptions{})
	if err := st.Share(ctx, Shared{Objective: "objective", Trials: 10, Sampler: NewRandom(3)}); err != nil {
		t.Fatal(err)
	}
	n := 0
	obj := func(ctx context.Context, tr *Trial) (float64, error) {
		n++
		if n == 3 {
			if err := st.Stop(ctx); err != nil {
				return 0, err
			}
		}
		return tr.Float("x", 0, 1), nil
	}
	if err := st.Work(ctx, obj, WorkOptions{Worker: "w"}); err != nil {
		t.Fatal(err)
	}
	sn, _ := st.Snapshot(ctx)
	if c := sn.Counts(); c[store.Complete] != 3 || c[store.Waiting] != 7 {
		t.Errorf("states after Stop: %v; want 3 complete, 7 waiting", c)
	}
	if err := st.Share(ctx, Shared{Objective: "objective", Trials: 10, Sampler: NewRandom(3)}); err != nil {
		t.Fatal(err)
	}
	if err := st.Work(ctx, obj, WorkOptions{Worker: "w"}); err != nil {
		t.Fatal(err)
	}
	sn, _ = st.Snapshot(ctx)
	if c := sn.Counts(); c[store.Complete] != 10 || len(sn.Trials) != 10 {
		t.Errorf("states after sharing again: %v over %d trials; want 10 complete", c, len(sn.Trials))
	}
}

// TestWorkTPESeeds: parallel TPE workers draw different startup points,
// and the draws depend on the trial's number, not on the worker.
func TestWorkTPESeeds(t *testing.T) {
	ctx := context.Background()
	url := filepath.Join(t.TempDir(), "tpe.db")
	nb := workStudy(t, url, "tpe", Minimize)
	if err := nb.Share(ctx, Shared{Objective: "objective", Trials: 12, Sampler: NewTPE(7, TPEOptions{}), Pruner: Median{}}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			st := workStudy(t, url, "tpe", Minimize)
			if err := st.Work(ctx, quadObjective(3*time.Millisecond), WorkOptions{Worker: fmt.Sprint("w", i), Poll: 10 * time.Millisecond}); err != nil {
				t.Error(err)
			}
		}(i)
	}
	wg.Wait()
	ts, _ := nb.Trials(ctx)
	seen := map[float64]bool{}
	for _, tr := range ts {
		x, _ := tr.Param("x")
		if seen[x.Value] {
			t.Errorf("x = %v drawn twice", x.Value)
		}
		seen[x.Value] = true
	}
	// Serially, with one worker, the startup draws (trials 0..9, random
	// phase) are the same values.
	serial := newStudy(t, "tpe-serial", StudyOptions{})
	serial.Share(ctx, Shared{Objective: "objective", Trials: 12, Sampler: NewTPE(7, TPEOptions{})})
	if err := serial.Work(ctx, quadObjective(0), WorkOptions{Worker: "one"}); err != nil {
		t.Fatal(err)
	}
	ss, _ := serial.Trials(ctx)
	for i := 0; i < 10; i++ {
		a, _ := ts[i].Param("x")
		b, _ := ss[i].Param("x")
		if a.Value != b.Value {
			t.Errorf("trial %d: x = %v with 3 workers, %v with one", i, a.Value, b.Value)
		}
	}
	sh, err := nb.Shared(ctx)
	if err != nil || sh.Trials != 12 || sh.Objective != "objective" {
		t.Errorf("Shared = %+v, %v", sh, err)
	}
	if _, ok := sh.Sampler.(*TPE); !ok {
		t.Errorf("shared sampler %T", sh.Sampler)
	}
	if _, ok := sh.Pruner.(Median); !ok {
		t.Errorf("shared pruner %T", sh.Pruner)
	}
}

func TestShareErrors(t *testing.T) {
	ctx := context.Background()
	st := newStudy(t, "bad", StudyOptions{})
	if err := st.Work(ctx, quadObjective(0), WorkOptions{}); !errors.Is(err, ErrNotShared) {
		t.Errorf("Work on an unshared study: %v", err)
	}
	if err := st.Share(ctx, Shared{}); err == nil {
		t.Error("Share without an objective succeeded")
	}
	if err := st.Share(ctx, Shared{Objective: "f", Sampler: stubSampler{}}); err == nil || !strings.Contains(err.Error(), "cannot be shared") {
		t.Errorf("Share of a custom sampler: %v", err)
	}
	if _, err := LoadStudy(ctx, "nope", StudyOptions{Storage: st.Storage()}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("LoadStudy of a missing study: %v", err)
	}
	mx := newStudy(t, "max", StudyOptions{Direction: Maximize})
	ld, err := LoadStudy(ctx, "max", StudyOptions{Storage: mx.Storage()})
	if err != nil || ld.Direction() != Maximize {
		t.Errorf("LoadStudy = %v, %v; want the maximising study", ld, err)
	}
}

type stubSampler struct{}

func (stubSampler) Relative(History, int) map[string]store.Param    { return nil }
func (stubSampler) Sample(History, int, string, store.Dist) float64 { return 0 }

func TestNotebookCells(t *testing.T) {
	nb := `{"cells": [
	 {"cell_type": "markdown", "source": "//tune:worker in markdown", "metadata": {}},
	 {"cell_type": "code", "source": ["//tune:worker\n", "x := 1\n"], "metadata": {}},
	 {"cell_type": "code", "source": "y := 2", "metadata": {}},
	 {"cell_type": "code", "source": "func objective() {}", "metadata": {"tags": ["tune:worker"]}}
	], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`
	path := filepath.Join(t.TempDir(), "n.ipynb")
	os.WriteFile(path, []byte(nb), 0o644)
	cells, err := NotebookCells(path)
	if err != nil || len(cells) != 2 || cells[0] != "//tune:worker\nx := 1\n" || cells[1] != "func objective() {}" {
		t.Errorf("NotebookCells = %q, %v", cells, err)
	}
	os.WriteFile(path, []byte(`{"cells": []}`), 0o644)
	if _, err := NotebookCells(path); err == nil || !strings.Contains(err.Error(), "saved") {
		t.Errorf("a notebook without marked cells: %v", err)
	}
}

// TestWatch: Watch returns when workers have finished the study, and its
// status line tells the counts.
func TestWatch(t *testing.T) {
	ctx := context.Background()
	st := newStudy(t, "watch", StudyOptions{})
	if err := st.Share(ctx, Shared{Objective: "objective", Trials: 8, Sampler: NewRandom(2)}); err != nil {
		t.Fatal(err)
	}
	go st.Work(ctx, quadObjective(5*time.Millisecond), WorkOptions{Worker: "w"})
	start := time.Now()
	if err := st.Watch(ctx, WatchOptions{Every: 10 * time.Millisecond, NoPlots: true}); err != nil {
		t.Fatal(err)
	}
	sn, _ := st.Snapshot(ctx)
	if c := sn.Counts(); c[store.Complete] != 8 {
		t.Errorf("Watch returned with states %v after %v", c, time.Since(start))
	}
	if s := sn.status(); !strings.HasPrefix(s, "best ") {
		t.Errorf("status = %q", s)
	}
	if f, n := sn.progress(); f != 8 || n != 8 {
		t.Errorf("progress = %d of %d", f, n)
	}
	if c := sn.watchChart(); c == nil || len(c.plots[0]) != 2 {
		t.Errorf("watch chart = %+v", c)
	}
	if w := sn.Workers(); len(w) != 1 || w[0].Finished != 8 {
		t.Errorf("Workers = %+v", w)
	}
	// A timeout returns without an error while the study still waits.
	idle := newStudy(t, "idle", StudyOptions{})
	idle.Share(ctx, Shared{Objective: "objective", Trials: 2, Sampler: NewRandom(2)})
	if err := idle.Watch(ctx, WatchOptions{Every: 10 * time.Millisecond, Timeout: 50 * time.Millisecond, NoPlots: true}); err != nil {
		t.Errorf("Watch with a timeout: %v", err)
	}
}

// flakyFinish is a storage whose first Finish fails, as a database that
// went away for a moment.
type flakyFinish struct {
	*store.Memory
	failed bool
}

func (f *flakyFinish) Finish(ctx context.Context, id int64, worker string, state store.State, value float64, note string) error {
	if !f.failed {
		f.failed = true
		return errors.New("connection reset")
	}
	return f.Memory.Finish(ctx, id, worker, state, value, note)
}

// TestWorkStorageError: a trial whose outcome could not be recorded at
// first is recorded by a retry, not run again; the worker goes on.
func TestWorkStorageError(t *testing.T) {
	ctx := context.Background()
	st := newStudy(t, "flaky", StudyOptions{Storage: &flakyFinish{Memory: store.NewMemory()}})
	if err := st.Share(ctx, Shared{Objective: "objective", Sampler: quadGrid()}); err != nil {
		t.Fatal(err)
	}
	if err := st.Work(ctx, quadObjective(0), WorkOptions{Worker: "w", Poll: time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	sn, _ := st.Snapshot(ctx)
	if c := sn.Counts(); c[store.Complete] != 20 || len(sn.Trials) != 20 {
		t.Errorf("states %v over %d trials; want the 20 points complete", c, len(sn.Trials))
	}
}

// TestHistoryBeforeSelf: a trial's sampler knows only the trials numbered
// before it, so a trial that a slow worker samples late (after trials
// numbered after it have finished) still draws as it would serially.
func TestHistoryBeforeSelf(t *testing.T) {
	ctx := context.Background()
	s := newStudy(t, "history", StudyOptions{})
	var recs []store.Trial
	for i := 0; i < 5; i++ {
		rec, err := s.st.AddTrial(ctx, s.id, store.Trial{State: store.Running, Worker: "w"})
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rec)
	}
	h, err := s.history(ctx, recs[2])
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, tr := range h.Trials {
		got = append(got, tr.Number)
	}
	if fmt.Sprint(got) != "[0 1]" {
		t.Errorf("history of trial 2 holds trials %v; want [0 1]", got)
	}
}
