package store_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/methodic-go/methodic/mlstd/tune/store"
	"github.com/methodic-go/methodic/mlstd/tune/store/storetest"
)

// TestMain lets the test binary play the child processes of
// TestPostgresSchemaRace.
func TestMain(m *testing.M) {
	if url := os.Getenv("METHODIC_STORE_SCHEMA_CHILD"); url != "" {
		if err := schemaChild(url); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// schemaChild says it is ready and waits for the parent to close its
// standard input, which the parent does for all children at once once
// all are ready, so that they hit the empty database together; then it
// opens the storage (creating the schema), creates the shared study and
// adds a trial to it.
func schemaChild(url string) error {
	fmt.Println("ready")
	if _, err := io.Copy(io.Discard, os.Stdin); err != nil {
		return err
	}
	ctx := context.Background()
	s, err := store.Open(ctx, url)
	if err != nil {
		return err
	}
	defer s.Close()
	st, err := s.CreateStudy(ctx, "together", store.Minimize)
	if err != nil {
		return err
	}
	_, err = s.AddTrial(ctx, st.ID, store.Trial{State: store.Waiting})
	return err
}

// TestPostgresSchemaRace starts many processes that open one empty
// database at the same instant (Optuna #1092: tables created by two
// processes at once): every one must succeed, and they must agree on one
// study holding one trial from each.
func TestPostgresSchemaRace(t *testing.T) {
	url := storetest.Postgres(t)
	const procs = 12
	cmds := make([]*exec.Cmd, procs)
	starts := make([]io.WriteCloser, procs)
	readers := make([]*bufio.Reader, procs)
	outs := make([]strings.Builder, procs) // standard error
	for i := range cmds {
		c := exec.Command(os.Args[0], "-test.run=^$")
		c.Env = append(os.Environ(), "METHODIC_STORE_SCHEMA_CHILD="+url)
		in, err := c.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		out, err := c.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		c.Stderr = &outs[i]
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		r := bufio.NewReader(out)
		if line, err := r.ReadString('\n'); line != "ready\n" {
			t.Fatalf("process %d: %q %v\n%s", i, line, err, outs[i].String())
		}
		cmds[i], starts[i], readers[i] = c, in, r
	}
	// Every child waits: start them together.
	for _, in := range starts {
		in.Close()
	}
	for i, c := range cmds {
		rest, _ := io.ReadAll(readers[i]) // all of its output before Wait
		if err := c.Wait(); err != nil {
			t.Errorf("process %d: %v\n%s%s", i, err, rest, outs[i].String())
		}
	}
	ctx := context.Background()
	s, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	list, err := s.Studies(ctx)
	if err != nil || len(list) != 1 {
		t.Fatalf("Studies = %+v, %v; want one", list, err)
	}
	ts, err := s.Trials(ctx, list[0].ID)
	if err != nil || len(ts) != procs {
		t.Fatalf("%d trials, %v; want %d", len(ts), err, procs)
	}
	for i, tr := range ts {
		if tr.Number != i {
			t.Errorf("trial %d has number %d", i, tr.Number)
		}
	}
	var version string
	db := storetest.OpenDB(t, url)
	if err := db.QueryRow(`SELECT value FROM meta WHERE key = 'schema'`).Scan(&version); err != nil || version != "1" {
		t.Errorf("schema version row = %q, %v", version, err)
	}
}

// TestPostgresNumbering: many goroutines add trials to one study at once
// through separate connections; numbers stay 0, 1, 2, ... without gaps
// or duplicates (AddTrial locks the study's row).
func TestPostgresNumbering(t *testing.T) {
	url := storetest.Postgres(t)
	ctx := context.Background()
	const handles, each = 4, 15
	ss := make([]store.Storage, handles)
	for i := range ss {
		s, err := store.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		ss[i] = s
	}
	st, err := ss[0].CreateStudy(ctx, "n", store.Minimize)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i, s := range ss {
		wg.Add(1)
		go func(i int, s store.Storage) {
			defer wg.Done()
			for k := 0; k < each; k++ {
				if _, err := s.AddTrial(ctx, st.ID, store.Trial{State: store.Running, Worker: fmt.Sprint("w", i)}); err != nil {
					t.Error(err)
					return
				}
			}
		}(i, s)
	}
	wg.Wait()
	ts, err := ss[0].Trials(ctx, st.ID)
	if err != nil || len(ts) != handles*each {
		t.Fatalf("%d trials, %v", len(ts), err)
	}
	for i, tr := range ts {
		if tr.Number != i {
			t.Fatalf("trial %d numbered %d", i, tr.Number)
		}
	}
}

// TestPostgresNewerSchema: a database written by a newer Methodic is
// refused, not silently used.
func TestPostgresNewerSchema(t *testing.T) {
	url := storetest.Postgres(t)
	ctx := context.Background()
	s, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.(*store.SQL).DB().Exec(`UPDATE meta SET value = '99' WHERE key = 'schema'`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := store.Open(ctx, url); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("opening a newer schema: err = %v, want a refusal", err)
	}
}

// TestPostgresServerClock: times are kept on the server's clock; a
// storage whose local clock is off still reads back local times, and
// FailStale compares heartbeats on one clock.
func TestPostgresServerClock(t *testing.T) {
	url := storetest.Postgres(t)
	ctx := context.Background()
	s, err := store.OpenPostgres(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, _ := s.CreateStudy(ctx, "clock", store.Minimize)
	before := time.Now()
	tr, err := s.AddTrial(ctx, st.ID, store.Trial{State: store.Running, Worker: "w"})
	if err != nil {
		t.Fatal(err)
	}
	if d := tr.Started.Sub(before); d < -time.Second || d > time.Second {
		t.Errorf("Started %v is %v away from the local clock", tr.Started, d)
	}
	var stored int64
	if err := s.DB().QueryRow(`SELECT started FROM trials WHERE id = $1`, tr.ID).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	var server int64
	if err := s.DB().QueryRow(`SELECT (EXTRACT(EPOCH FROM clock_timestamp()) * 1000000000)::BIGINT`).Scan(&server); err != nil {
		t.Fatal(err)
	}
	if d := time.Duration(server - stored); d < 0 || d > 5*time.Second {
		t.Errorf("stored start is %v before the server's clock", d)
	}
	if f, err := s.FailStale(ctx, st.ID, time.Now().Add(-time.Minute)); err != nil || len(f) != 0 {
		t.Errorf("FailStale of a fresh trial = %+v, %v", f, err)
	}
	if err := s.Finish(ctx, tr.ID, "w", store.Complete, 1, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Claim(ctx, st.ID, "w"); !errors.Is(err, store.ErrNoWaiting) {
		t.Errorf("Claim: %v", err)
	}
}
