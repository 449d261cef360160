package store_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/methodic-go/methodic/mlstd/tune/store"
	"github.com/methodic-go/methodic/mlstd/tune/store/storetest"
)

func TestMemory(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Storage { return store.NewMemory() })
}

func TestSQLite(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Storage {
		s, err := store.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "study.db"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

// TestSQLiteShared opens one file through several handles at once, as
// several processes would: the schema is created once, and trials are
// claimed by exactly one handle each.
func TestSQLiteShared(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "shared.db")
	const handles = 4
	ss := make([]*store.SQL, handles)
	errs := make(chan error, handles)
	var wg sync.WaitGroup
	for i := range ss {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			s, err := store.OpenSQLite(ctx, path)
			if err != nil {
				errs <- err
				return
			}
			ss[i] = s
			if _, err := s.CreateStudy(ctx, "shared", store.Minimize); err != nil {
				errs <- err
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	defer func() {
		for _, s := range ss {
			s.Close()
		}
	}()
	st, err := ss[0].LoadStudy(ctx, "shared")
	if err != nil {
		t.Fatal(err)
	}
	const n = 30
	for i := 0; i < n; i++ {
		if _, err := ss[0].AddTrial(ctx, st.ID, store.Trial{State: store.Waiting}); err != nil {
			t.Fatal(err)
		}
	}
	var mu sync.Mutex
	claimed := map[int64]int{}
	for i, s := range ss {
		wg.Add(1)
		go func(i int, s *store.SQL) {
			defer wg.Done()
			worker := fmt.Sprint("h", i)
			for {
				c, err := s.Claim(ctx, st.ID, worker)
				if errors.Is(err, store.ErrNoWaiting) {
					return
				}
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				claimed[c.ID]++
				mu.Unlock()
				if err := s.Finish(ctx, c.ID, worker, store.Complete, float64(i), ""); err != nil {
					t.Error(err)
					return
				}
			}
		}(i, s)
	}
	wg.Wait()
	if len(claimed) != n {
		t.Errorf("%d distinct trials claimed, want %d", len(claimed), n)
	}
	for id, k := range claimed {
		if k != 1 {
			t.Errorf("trial id %d claimed %d times", id, k)
		}
	}
}

// TestSQLiteReopen: what was committed is there after closing and
// reopening the file, and a file from a newer schema is refused.
func TestSQLiteReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "s.db")
	s, err := store.Open(ctx, "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := s.CreateStudy(ctx, "keep", store.Maximize)
	r, _ := s.AddTrial(ctx, st.ID, store.Trial{State: store.Running, Worker: "w", Params: []store.Param{{Name: "lr", Dist: store.Dist{Kind: store.Float, Lo: 1e-5, Hi: 1, Log: true}, Value: 3e-3}}})
	s.Report(ctx, r.ID, "w", 1, 0.7)
	s.Finish(ctx, r.ID, "w", store.Complete, 0.9, "")
	s.Close()

	s2, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	st2, err := s2.LoadStudy(ctx, "keep")
	if err != nil || st2.Direction != store.Maximize {
		t.Fatalf("LoadStudy after reopen = %+v, %v", st2, err)
	}
	ts, err := s2.Trials(ctx, st2.ID)
	if err != nil || len(ts) != 1 || ts[0].Value != 0.9 || ts[0].Params[0].Value != 3e-3 || !ts[0].Params[0].Dist.Log || ts[0].Intermediate[0].Value != 0.7 {
		t.Fatalf("trials after reopen = %+v, %v", ts, err)
	}
	if _, err := s2.(*store.SQL).DB().Exec(`UPDATE meta SET value = '99' WHERE key = 'schema'`); err != nil {
		t.Fatal(err)
	}
	s2.Close()
	if _, err := store.OpenSQLite(ctx, path); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("opening a newer schema: err = %v, want a refusal", err)
	}
}

func TestOpenURL(t *testing.T) {
	ctx := context.Background()
	for _, u := range []string{"", "memory:"} {
		s, err := store.Open(ctx, u)
		if _, ok := s.(*store.Memory); err != nil || !ok {
			t.Errorf("Open(%q) = %T, %v; want *Memory", u, s, err)
		}
	}
	for _, u := range []string{"postgres://localhost:1/x?connect_timeout=1", "redis://x", "sqlite:"} {
		if _, err := store.Open(ctx, u); err == nil {
			t.Errorf("Open(%q) succeeded", u)
		}
	}
	s, err := store.Open(ctx, "sqlite://"+filepath.Join(t.TempDir(), "u.db"))
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
}

func TestPostgres(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Storage {
		s, err := store.Open(context.Background(), storetest.Postgres(t))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

// TestSamePointFloats: float values that round to the same integer are
// different points (-0.5 is not -1); an int parameter matches its rounded
// value.
func TestSamePointFloats(t *testing.T) {
	f := store.Dist{Kind: store.Float, Lo: -3, Hi: 3}
	i := store.Dist{Kind: store.Int, Lo: -3, Hi: 3}
	tr := &store.Trial{Params: []store.Param{{Name: "y", Dist: f, Value: -1}, {Name: "k", Dist: i, Value: 2}}}
	if store.SamePoint([]store.Param{{Name: "y", Dist: f, Value: -0.5}}, tr) {
		t.Error("y = -0.5 taken for y = -1")
	}
	if !store.SamePoint([]store.Param{{Name: "y", Dist: f, Value: -1}, {Name: "k", Dist: f, Value: 2.2}}, tr) {
		t.Error("k = 2.2 is k = 2 for an int parameter")
	}
}
