package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/methodic-go/methodic/mlstd/tune/store"
)

// Trials with fixed parameters are enqueued and claimed by workers, one
// worker each; a worker that lost its trial cannot finish it.
func ExampleNewMemory() {
	ctx := context.Background()
	s := store.NewMemory()
	st, _ := s.CreateStudy(ctx, "grid", store.Minimize)
	lr := store.Dist{Kind: store.Float, Lo: 1e-3, Hi: 1e-1, Log: true}
	for _, v := range []float64{1e-3, 1e-2, 1e-1} {
		s.AddTrial(ctx, st.ID, store.Trial{State: store.Waiting, Params: []store.Param{{Name: "lr", Dist: lr, Value: v}}})
	}
	a, _ := s.Claim(ctx, st.ID, "worker-a")
	b, _ := s.Claim(ctx, st.ID, "worker-b")
	fmt.Println(a.Number, a.Params[0].Label(), "to", a.Worker)
	fmt.Println(b.Number, b.Params[0].Label(), "to", b.Worker)
	err := s.Finish(ctx, a.ID, "worker-b", store.Complete, 0.1, "")
	fmt.Println(errors.Is(err, store.ErrNotOwner))
	// Output:
	// 0 0.001 to worker-a
	// 1 0.01 to worker-b
	// true
}

// A SQLite file keeps studies across processes; Open picks the storage
// from a URL.
func ExampleOpen() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "store")
	defer os.RemoveAll(dir)
	url := "sqlite:" + filepath.Join(dir, "studies.db")

	s, err := store.Open(ctx, url)
	if err != nil {
		fmt.Println(err)
		return
	}
	st, _ := s.CreateStudy(ctx, "digits", store.Maximize)
	t, _ := s.AddTrial(ctx, st.ID, store.Trial{State: store.Running, Worker: "w"})
	s.Report(ctx, t.ID, "w", 1, 0.91)
	s.Finish(ctx, t.ID, "w", store.Complete, 0.93, "")
	s.Close()

	s, _ = store.Open(ctx, url) // a restarted kernel
	defer s.Close()
	st, _ = s.LoadStudy(ctx, "digits")
	ts, _ := s.Trials(ctx, st.ID)
	fmt.Println(st.Name, st.Direction, ts[0].State, ts[0].Value, ts[0].Intermediate)
	// Output: digits maximize complete 0.93 [{1 0.91}]
}
