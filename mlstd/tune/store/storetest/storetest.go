// Package storetest checks that a store.Storage keeps its promises: the
// same tests run against every implementation (memory, SQLite, and the
// PostgreSQL storage that follows), the way testing/fstest checks file
// systems.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/methodic-go/methodic/mlstd/tune/store"
)

// Run runs the conformance tests as subtests of t. open returns a fresh,
// empty storage for each subtest; Run closes it.
func Run(t *testing.T, open func(t *testing.T) store.Storage) {
	tests := []struct {
		name string
		f    func(*testing.T, store.Storage)
	}{
		{"Studies", testStudies},
		{"AddTrial", testAddTrial},
		{"Enqueue", testEnqueue},
		{"EnqueueConcurrent", testEnqueueConcurrent},
		{"Claim", testClaim},
		{"ClaimConcurrent", testClaimConcurrent},
		{"Ownership", testOwnership},
		{"FinishRace", testFinishRace},
		{"Report", testReport},
		{"Resume", testResume},
		{"Stale", testStale},
		{"RetryStale", testRetryStale},
		{"RetryStaleConcurrent", testRetryStaleConcurrent},
		{"Release", testRelease},
		{"Delete", testDelete},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			defer s.Close()
			tc.f(t, s)
		})
	}
}

var ctx = context.Background()

func mustStudy(t *testing.T, s store.Storage, name string) store.Study {
	t.Helper()
	st, err := s.CreateStudy(ctx, name, store.Minimize)
	if err != nil {
		t.Fatalf("CreateStudy(%q): %v", name, err)
	}
	return st
}

func testStudies(t *testing.T, s store.Storage) {
	a := mustStudy(t, s, "a")
	again, err := s.CreateStudy(ctx, "a", store.Minimize)
	if err != nil || again.ID != a.ID {
		t.Fatalf("CreateStudy of an existing name = %+v, %v; want the existing study %+v", again, err, a)
	}
	if _, err := s.CreateStudy(ctx, "a", store.Maximize); !errors.Is(err, store.ErrDirection) {
		t.Errorf("CreateStudy with the other direction: err = %v, want ErrDirection", err)
	}
	b, err := s.CreateStudy(ctx, "b", store.Maximize)
	if err != nil {
		t.Fatal(err)
	}
	if b.ID == a.ID || b.Direction != store.Maximize {
		t.Errorf("second study = %+v", b)
	}
	got, err := s.LoadStudy(ctx, "b")
	if err != nil || got.ID != b.ID || got.Name != "b" || got.Direction != store.Maximize {
		t.Errorf("LoadStudy(b) = %+v, %v", got, err)
	}
	if _, err := s.LoadStudy(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("LoadStudy(nope): err = %v, want ErrNotFound", err)
	}
	list, err := s.Studies(ctx)
	if err != nil || len(list) != 2 || list[0].Name != "a" || list[1].Name != "b" {
		t.Errorf("Studies = %+v, %v", list, err)
	}
	if _, err := s.CreateStudy(ctx, "", store.Minimize); err == nil {
		t.Error("CreateStudy with an empty name succeeded")
	}
	if err := s.SetStudyAttr(ctx, b.ID, "cells", "func f() {}"); err != nil {
		t.Fatal(err)
	}
	s.SetStudyAttr(ctx, b.ID, "n", "1")
	s.SetStudyAttr(ctx, b.ID, "n", "2")
	s.SetStudyAttr(ctx, b.ID, "gone", "x")
	s.SetStudyAttr(ctx, b.ID, "gone", "")
	got, err = s.LoadStudy(ctx, "b")
	if err != nil || len(got.Attrs) != 2 || got.Attrs["cells"] != "func f() {}" || got.Attrs["n"] != "2" {
		t.Errorf("study attrs = %v, %v", got.Attrs, err)
	}
	if err := s.SetStudyAttr(ctx, b.ID+1000, "k", "v"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("SetStudyAttr on a missing study: err = %v, want ErrNotFound", err)
	}
}

var (
	lr    = store.Dist{Kind: store.Float, Lo: 1e-4, Hi: 1, Log: true}
	units = store.Dist{Kind: store.Int, Lo: 8, Hi: 256, Log: true}
	act   = store.Dist{Kind: store.Choice, Choices: []string{"relu", "tanh"}}
)

func testAddTrial(t *testing.T, s store.Storage) {
	st := mustStudy(t, s, "s")
	params := []store.Param{{Name: "lr", Dist: lr, Value: 0.01}, {Name: "units", Dist: units, Value: 64}, {Name: "act", Dist: act, Value: 1}}
	w, err := s.AddTrial(ctx, st.ID, store.Trial{State: store.Waiting, Params: params, Attrs: map[string]string{"bracket": "2"}})
	if err != nil {
		t.Fatal(err)
	}
	if w.Number != 0 || w.State != store.Waiting || w.Study != st.ID || !math.IsNaN(w.Value) {
		t.Errorf("waiting trial = %+v", w)
	}
	if len(w.Params) != 3 || w.Params[0].Name != "lr" || w.Params[2].Label() != "tanh" || !w.Params[1].Dist.Equal(units) {
		t.Errorf("params = %+v", w.Params)
	}
	if w.Attrs["bracket"] != "2" {
		t.Errorf("attrs = %v", w.Attrs)
	}
	r, err := s.AddTrial(ctx, st.ID, store.Trial{State: store.Running, Worker: "w1"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Number != 1 || r.State != store.Running || r.Worker != "w1" || r.Started.IsZero() || r.Heartbeat.IsZero() {
		t.Errorf("running trial = %+v", r)
	}
	if _, err := s.AddTrial(ctx, st.ID, store.Trial{State: store.Running}); err == nil {
		t.Error("a running trial without a worker was added")
	}
	if _, err := s.AddTrial(ctx, st.ID, store.Trial{State: store.Complete}); !errors.Is(err, store.ErrState) {
		t.Errorf("adding a complete trial: err = %v, want ErrState", err)
	}
	if _, err := s.AddTrial(ctx, st.ID, store.Trial{State: store.Waiting, Params: []store.Param{{Name: "x", Dist: store.Dist{Kind: store.Float, Lo: 0, Hi: 1, Log: true}}}}); err == nil {
		t.Error("a log distribution with a zero bound was accepted")
	}
	if _, err := s.AddTrial(ctx, st.ID+1000, store.Trial{State: store.Waiting}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("adding to a missing study: err = %v, want ErrNotFound", err)
	}
	other := mustStudy(t, s, "other")
	o, err := s.AddTrial(ctx, other.ID, store.Trial{State: store.Waiting})
	if err != nil || o.Number != 0 {
		t.Errorf("numbers are per study: got %+v, %v", o, err)
	}
	ts, err := s.Trials(ctx, st.ID)
	if err != nil || len(ts) != 2 || ts[0].ID != w.ID || ts[1].ID != r.ID {
		t.Fatalf("Trials = %+v, %v", ts, err)
	}
	if _, err := s.Trial(ctx, 99999); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Trial(99999): err = %v, want ErrNotFound", err)
	}
}

func testClaim(t *testing.T, s store.Storage) {
	st := mustStudy(t, s, "s")
	if _, err := s.Claim(ctx, st.ID, "w"); !errors.Is(err, store.ErrNoWaiting) {
		t.Fatalf("Claim on an empty study: err = %v, want ErrNoWaiting", err)
	}
	for i := 0; i < 3; i++ {
		if _, err := s.AddTrial(ctx, st.ID, store.Trial{State: store.Waiting, Params: []store.Param{{Name: "x", Dist: units, Value: float64(10 + i)}}}); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 3; i++ {
		c, err := s.Claim(ctx, st.ID, "w")
		if err != nil {
			t.Fatal(err)
		}
		if c.Number != i || c.State != store.Running || c.Worker != "w" || c.Params[0].Value != float64(10+i) || c.Heartbeat.IsZero() {
			t.Errorf("claim %d = %+v", i, c)
		}
	}
	if _, err := s.Claim(ctx, st.ID, "w"); !errors.Is(err, store.ErrNoWaiting) {
		t.Errorf("Claim after all were claimed: err = %v, want ErrNoWaiting", err)
	}
}

// testClaimConcurrent: many workers claim at once; every trial goes to
// exactly one of them.
func testClaimConcurrent(t *testing.T, s store.Storage) {
	st := mustStudy(t, s, "s")
	const n, workers = 40, 8
	for i := 0; i < n; i++ {
		if _, err := s.AddTrial(ctx, st.ID, store.Trial{State: store.Waiting}); err != nil {
			t.Fatal(err)
		}
	}
	var mu sync.Mutex
	got := map[int64]string{}
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(name string) {
			defer wg.Done()
			for {
				c, err := s.Claim(ctx, st.ID, name)
				if errors.Is(err, store.ErrNoWaiting) {
					return
				}
				if err != nil {
					errs <- err
					return
				}
				mu.Lock()
				if prev, dup := got[c.ID]; dup {
					errs <- fmt.Errorf("trial %d claimed by %s and %s", c.Number, prev, name)
				}
				got[c.ID] = name
				mu.Unlock()
				if err := s.Finish(ctx, c.ID, name, store.Complete, 1, ""); err != nil {
					errs <- err
					return
				}
			}
		}(fmt.Sprintf("w%d", w))
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if len(got) != n {
		t.Errorf("%d trials claimed, want %d", len(got), n)
	}
}

func testOwnership(t *testing.T, s store.Storage) {
	st := mustStudy(t, s, "s")
	r, err := s.AddTrial(ctx, st.ID, store.Trial{State: store.Running, Worker: "a"})
	if err != nil {
		t.Fatal(err)
	}
	p := store.Param{Name: "lr", Dist: lr, Value: 0.1}
	if err := s.SetParam(ctx, r.ID, "b", p); !errors.Is(err, store.ErrNotOwner) {
		t.Errorf("SetParam by another worker: err = %v, want ErrNotOwner", err)
	}
	if err := s.Report(ctx, r.ID, "b", 1, 0.5); !errors.Is(err, store.ErrNotOwner) {
		t.Errorf("Report by another worker: err = %v, want ErrNotOwner", err)
	}
	if err := s.Finish(ctx, r.ID, "b", store.Complete, 0.5, ""); !errors.Is(err, store.ErrNotOwner) {
		t.Errorf("Finish by another worker: err = %v, want ErrNotOwner", err)
	}
	if err := s.SetParam(ctx, r.ID, "a", p); err != nil {
		t.Fatal(err)
	}
	p.Value = 0.2 // a second suggestion of the same name replaces the first
	if err := s.SetParam(ctx, r.ID, "a", p); err != nil {
		t.Fatal(err)
	}
	if err := s.SetParam(ctx, r.ID, "a", store.Param{Name: "act", Dist: act, Value: 0}); err != nil {
		t.Fatal(err)
	}
	if err := s.Finish(ctx, r.ID, "a", store.Running, 0, ""); !errors.Is(err, store.ErrState) {
		t.Errorf("Finish to Running: err = %v, want ErrState", err)
	}
	if err := s.Finish(ctx, r.ID, "a", store.Complete, 0.25, "done"); err != nil {
		t.Fatal(err)
	}
	if err := s.Finish(ctx, r.ID, "a", store.Complete, 0.3, ""); !errors.Is(err, store.ErrNotOwner) {
		t.Errorf("second Finish: err = %v, want ErrNotOwner", err)
	}
	if err := s.Report(ctx, r.ID, "a", 2, 0.5); !errors.Is(err, store.ErrNotOwner) {
		t.Errorf("Report after Finish: err = %v, want ErrNotOwner", err)
	}
	got, err := s.Trial(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != store.Complete || got.Value != 0.25 || got.Note != "done" || got.Finished.IsZero() || got.Duration() < 0 {
		t.Errorf("finished trial = %+v", got)
	}
	if len(got.Params) != 2 || got.Params[0].Name != "lr" || got.Params[0].Value != 0.2 || got.Params[1].Label() != "relu" {
		t.Errorf("params = %+v", got.Params)
	}
}

// testFinishRace: two workers that both believe they own a trial (the
// stale-heartbeat case) finish it at once; exactly one succeeds.
func testFinishRace(t *testing.T, s store.Storage) {
	st := mustStudy(t, s, "s")
	for round := 0; round < 20; round++ {
		r, err := s.AddTrial(ctx, st.ID, store.Trial{State: store.Running, Worker: "w"})
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var ok, lost int
		var mu sync.Mutex
		for i := 0; i < 2; i++ {
			wg.Add(1)
			go func(v float64) {
				defer wg.Done()
				err := s.Finish(ctx, r.ID, "w", store.Complete, v, "")
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					ok++
				case errors.Is(err, store.ErrNotOwner):
					lost++
				default:
					t.Error(err)
				}
			}(float64(i))
		}
		wg.Wait()
		if ok != 1 || lost != 1 {
			t.Fatalf("round %d: %d finishes succeeded and %d lost, want 1 and 1", round, ok, lost)
		}
	}
}

func testReport(t *testing.T, s store.Storage) {
	st := mustStudy(t, s, "s")
	r, err := s.AddTrial(ctx, st.ID, store.Trial{State: store.Running, Worker: "w"})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []store.Point{{Step: 3, Value: 0.3}, {Step: 1, Value: 0.9}, {Step: 2, Value: math.NaN()}, {Step: 1, Value: 0.8}} {
		if err := s.Report(ctx, r.ID, "w", p.Step, p.Value); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Trial(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	in := got.Intermediate
	if len(in) != 3 || in[0] != (store.Point{Step: 1, Value: 0.8}) || in[1].Step != 2 || !math.IsNaN(in[1].Value) || in[2] != (store.Point{Step: 3, Value: 0.3}) {
		t.Errorf("intermediate = %+v, want steps 1, 2, 3 = 0.8, NaN, 0.3", in)
	}
	if last, ok := got.Last(); !ok || last.Step != 3 {
		t.Errorf("Last = %v, %v", last, ok)
	}
	if err := s.Finish(ctx, r.ID, "w", store.Failed, math.NaN(), "boom"); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Trial(ctx, r.ID)
	if got.State != store.Failed || !math.IsNaN(got.Value) || got.Note != "boom" {
		t.Errorf("failed trial = %+v", got)
	}
}

func testResume(t *testing.T, s store.Storage) {
	st := mustStudy(t, s, "s")
	r, err := s.AddTrial(ctx, st.ID, store.Trial{State: store.Running, Worker: "a"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Resume(ctx, r.ID, "b"); !errors.Is(err, store.ErrState) {
		t.Errorf("Resume of a running trial: err = %v, want ErrState", err)
	}
	if err := s.Report(ctx, r.ID, "a", 1, 0.5); err != nil {
		t.Fatal(err)
	}
	if err := s.Finish(ctx, r.ID, "a", store.Paused, 0.5, ""); err != nil {
		t.Fatal(err)
	}
	if err := s.Resume(ctx, r.ID, "b"); err != nil {
		t.Fatal(err)
	}
	if err := s.Resume(ctx, r.ID, "c"); !errors.Is(err, store.ErrState) {
		t.Errorf("second Resume: err = %v, want ErrState", err)
	}
	if err := s.Report(ctx, r.ID, "b", 2, 0.4); err != nil {
		t.Fatal(err)
	}
	if err := s.Finish(ctx, r.ID, "b", store.Complete, 0.4, ""); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Trial(ctx, r.ID)
	if got.State != store.Complete || got.Worker != "b" || len(got.Intermediate) != 2 {
		t.Errorf("resumed trial = %+v", got)
	}
}

func testStale(t *testing.T, s store.Storage) {
	st := mustStudy(t, s, "s")
	old, err := s.AddTrial(ctx, st.ID, store.Trial{State: store.Running, Worker: "dead"})
	if err != nil {
		t.Fatal(err)
	}
	done, err := s.AddTrial(ctx, st.ID, store.Trial{State: store.Running, Worker: "dead"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Finish(ctx, done.ID, "dead", store.Complete, 1, ""); err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond)
	cut := time.Now()
	time.Sleep(20 * time.Millisecond)
	live, err := s.AddTrial(ctx, st.ID, store.Trial{State: store.Running, Worker: "alive"})
	if err != nil {
		t.Fatal(err)
	}
	beat, err := s.AddTrial(ctx, st.ID, store.Trial{State: store.Running, Worker: "beating"})
	if err != nil {
		t.Fatal(err)
	}
	_ = beat
	failed, err := s.FailStale(ctx, st.ID, cut)
	if err != nil {
		t.Fatal(err)
	}
	if len(failed) != 1 || failed[0].ID != old.ID || failed[0].State != store.Interrupted || failed[0].Note != store.NoteStale {
		t.Fatalf("FailStale = %+v, want trial %d interrupted", failed, old.Number)
	}
	if err := s.Finish(ctx, old.ID, "dead", store.Complete, 1, ""); !errors.Is(err, store.ErrNotOwner) {
		t.Errorf("the stale worker finishing late: err = %v, want ErrNotOwner", err)
	}
	time.Sleep(20 * time.Millisecond)
	cut = time.Now()
	time.Sleep(20 * time.Millisecond)
	if err := s.Heartbeat(ctx, "beating"); err != nil {
		t.Fatal(err)
	}
	failed, err = s.FailStale(ctx, st.ID, cut)
	if err != nil {
		t.Fatal(err)
	}
	if len(failed) != 1 || failed[0].ID != live.ID {
		t.Errorf("second FailStale = %+v, want only trial %d (the other beat)", failed, live.Number)
	}
	got, _ := s.Trial(ctx, done.ID)
	if got.State != store.Complete {
		t.Errorf("a complete trial changed state to %v", got.State)
	}
}

func testDelete(t *testing.T, s store.Storage) {
	a := mustStudy(t, s, "a")
	b := mustStudy(t, s, "b")
	for _, st := range []store.Study{a, b} {
		r, err := s.AddTrial(ctx, st.ID, store.Trial{State: store.Running, Worker: "w", Params: []store.Param{{Name: "lr", Dist: lr, Value: 0.1}}})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Report(ctx, r.ID, "w", 1, 1); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.DeleteStudy(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.LoadStudy(ctx, "a"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleted study still loads: %v", err)
	}
	if err := s.DeleteStudy(ctx, "a"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleting twice: err = %v, want ErrNotFound", err)
	}
	ts, err := s.Trials(ctx, b.ID)
	if err != nil || len(ts) != 1 || len(ts[0].Params) != 1 || len(ts[0].Intermediate) != 1 {
		t.Errorf("the other study's trials = %+v, %v", ts, err)
	}
	if _, err := s.Trials(ctx, a.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Trials of a deleted study: err = %v, want ErrNotFound", err)
	}
}

func points(vals ...float64) [][]store.Param {
	var out [][]store.Param
	for _, v := range vals {
		out = append(out, []store.Param{{Name: "units", Dist: units, Value: v}, {Name: "act", Dist: act, Value: 0}})
	}
	return out
}

func testEnqueue(t *testing.T, s store.Storage) {
	st := mustStudy(t, s, "s")
	n, err := s.Enqueue(ctx, st.ID, points(8, 16, 32))
	if err != nil || n != 3 {
		t.Fatalf("Enqueue = %d, %v; want 3 waiting", n, err)
	}
	n, err = s.Enqueue(ctx, st.ID, points(16, 32, 64))
	if err != nil || n != 4 {
		t.Fatalf("second Enqueue = %d, %v; want 4 waiting (only 64 is new)", n, err)
	}
	// A point whose trial failed is enqueued again; a complete one is not.
	a, _ := s.Claim(ctx, st.ID, "w")
	b, _ := s.Claim(ctx, st.ID, "w")
	s.Finish(ctx, a.ID, "w", store.Failed, math.NaN(), "boom")
	s.Finish(ctx, b.ID, "w", store.Complete, 1, "")
	n, err = s.Enqueue(ctx, st.ID, points(8, 16, 32, 64))
	if err != nil || n != 3 {
		t.Fatalf("Enqueue after a failure = %d, %v; want 3 waiting (8 again, 32, 64)", n, err)
	}
	ts, _ := s.Trials(ctx, st.ID)
	if len(ts) != 5 || ts[4].State != store.Waiting || ts[4].Params[0].Value != 8 || ts[4].Number != 4 {
		t.Errorf("trials = %+v", ts)
	}
	if _, err := s.Enqueue(ctx, st.ID+1000, points(8)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Enqueue to a missing study: err = %v", err)
	}
	bad := [][]store.Param{{{Name: "x", Dist: store.Dist{Kind: store.Choice}}}}
	if _, err := s.Enqueue(ctx, st.ID, bad); err == nil {
		t.Error("Enqueue of an invalid distribution succeeded")
	}
}

// testEnqueueConcurrent: several workers enqueue one grid at once (as
// several processes starting one search do); each point is enqueued once.
func testEnqueueConcurrent(t *testing.T, s store.Storage) {
	st := mustStudy(t, s, "s")
	grid := points(8, 16, 32, 64, 128, 256)
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := s.Enqueue(ctx, st.ID, grid); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	ts, _ := s.Trials(ctx, st.ID)
	if len(ts) != len(grid) {
		t.Errorf("%d trials after 4 concurrent enqueues of %d points", len(ts), len(grid))
	}
}

// testRetryStale: a stale trial is interrupted and a waiting copy with its
// parameters and attributes is enqueued; live and finished trials are
// left alone.
func testRetryStale(t *testing.T, s store.Storage) {
	st := mustStudy(t, s, "s")
	params := []store.Param{{Name: "lr", Dist: lr, Value: 0.01}, {Name: "act", Dist: act, Value: 1}}
	dead, err := s.AddTrial(ctx, st.ID, store.Trial{State: store.Running, Worker: "dead", Params: params, Attrs: map[string]string{"bracket": "1"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Report(ctx, dead.ID, "dead", 1, 0.5); err != nil {
		t.Fatal(err)
	}
	done, _ := s.AddTrial(ctx, st.ID, store.Trial{State: store.Running, Worker: "dead"})
	if err := s.Finish(ctx, done.ID, "dead", store.Complete, 1, ""); err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond)
	cut := time.Now()
	time.Sleep(20 * time.Millisecond)
	live, _ := s.AddTrial(ctx, st.ID, store.Trial{State: store.Running, Worker: "alive"})
	failed, err := s.RetryStale(ctx, st.ID, cut)
	if err != nil {
		t.Fatal(err)
	}
	if len(failed) != 1 || failed[0].ID != dead.ID || failed[0].State != store.Interrupted || failed[0].Note != store.NoteStale {
		t.Fatalf("RetryStale = %+v, want trial %d interrupted", failed, dead.Number)
	}
	ts, err := s.Trials(ctx, st.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 4 {
		t.Fatalf("%d trials after RetryStale, want 4 (the copy added)", len(ts))
	}
	c := ts[3]
	if c.State != store.Waiting || c.Number != 3 || c.Worker != "" || len(c.Intermediate) != 0 ||
		len(c.Params) != 2 || c.Params[0].Value != 0.01 || !c.Params[0].Dist.Equal(lr) || c.Params[1].Label() != "tanh" ||
		c.Attrs["bracket"] != "1" || c.Attrs[store.AttrRetryOf] != fmt.Sprint(dead.Number) {
		t.Errorf("retry copy = %+v", c)
	}
	if ts[live.Number].State != store.Running || ts[done.Number].State != store.Complete || len(ts[dead.Number].Intermediate) != 1 {
		t.Errorf("other trials changed: %+v", ts)
	}
	if err := s.Finish(ctx, dead.ID, "dead", store.Complete, 1, ""); !errors.Is(err, store.ErrNotOwner) {
		t.Errorf("the stale worker finishing late: err = %v, want ErrNotOwner", err)
	}
	again, err := s.RetryStale(ctx, st.ID, cut)
	if err != nil || len(again) != 0 {
		t.Errorf("second RetryStale = %+v, %v; want nothing", again, err)
	}
	if _, err := s.RetryStale(ctx, st.ID+1000, cut); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("RetryStale of a missing study: err = %v, want ErrNotFound", err)
	}
}

// testRetryStaleConcurrent: several workers retry one study's stale trials
// at once; each stale trial gets exactly one copy.
func testRetryStaleConcurrent(t *testing.T, s store.Storage) {
	st := mustStudy(t, s, "s")
	const n = 6
	for i := 0; i < n; i++ {
		if _, err := s.AddTrial(ctx, st.ID, store.Trial{State: store.Running, Worker: fmt.Sprint("dead", i),
			Params: []store.Param{{Name: "units", Dist: units, Value: float64(8 + i)}}}); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(20 * time.Millisecond)
	cut := time.Now()
	var wg sync.WaitGroup
	var mu sync.Mutex
	got := 0
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f, err := s.RetryStale(ctx, st.ID, cut)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			got += len(f)
			mu.Unlock()
		}()
	}
	wg.Wait()
	ts, _ := s.Trials(ctx, st.ID)
	copies := map[string]int{}
	for _, tr := range ts {
		if tr.State == store.Waiting {
			copies[tr.Attrs[store.AttrRetryOf]]++
		}
	}
	if got != n || len(ts) != 2*n || len(copies) != n {
		t.Errorf("%d trials interrupted, %d trials in all, copies %v; want %d, %d, one copy each", got, len(ts), copies, n, 2*n)
	}
	for k, c := range copies {
		if c != 1 {
			t.Errorf("trial %s copied %d times", k, c)
		}
	}
}

// testRelease: a released trial waits again with its parameters and no
// intermediate values, and the next Claim runs it.
func testRelease(t *testing.T, s store.Storage) {
	st := mustStudy(t, s, "s")
	if _, err := s.Enqueue(ctx, st.ID, points(8)); err != nil {
		t.Fatal(err)
	}
	c, err := s.Claim(ctx, st.ID, "a")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetParam(ctx, c.ID, "a", store.Param{Name: "lr", Dist: lr, Value: 0.1}); err != nil {
		t.Fatal(err)
	}
	if err := s.Report(ctx, c.ID, "a", 1, 0.5); err != nil {
		t.Fatal(err)
	}
	if err := s.Release(ctx, c.ID, "b"); !errors.Is(err, store.ErrNotOwner) {
		t.Errorf("Release by another worker: err = %v, want ErrNotOwner", err)
	}
	if err := s.Release(ctx, c.ID, "a"); err != nil {
		t.Fatal(err)
	}
	if err := s.Release(ctx, c.ID, "a"); !errors.Is(err, store.ErrNotOwner) {
		t.Errorf("second Release: err = %v, want ErrNotOwner", err)
	}
	if err := s.Report(ctx, c.ID, "a", 2, 0.4); !errors.Is(err, store.ErrNotOwner) {
		t.Errorf("Report after Release: err = %v, want ErrNotOwner", err)
	}
	got, _ := s.Trial(ctx, c.ID)
	if got.State != store.Waiting || got.Worker != "" || len(got.Intermediate) != 0 || !got.Started.IsZero() || !got.Heartbeat.IsZero() || len(got.Params) != 3 {
		t.Errorf("released trial = %+v", got)
	}
	again, err := s.Claim(ctx, st.ID, "b")
	if err != nil || again.ID != c.ID || again.Worker != "b" || again.Params[0].Value != 8 {
		t.Errorf("Claim after Release = %+v, %v; want the released trial under b", again, err)
	}
}
