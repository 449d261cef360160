package tune

import (
	"bufio"
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/methodic-go/methodic/mlstd/tune/store"
)

// TestMain lets the test binary play the child process of TestKillMidSearch.
func TestMain(m *testing.M) {
	if path := os.Getenv("METHODIC_TUNE_KILL_CHILD"); path != "" {
		if err := killChild(path); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	if path := os.Getenv("METHODIC_TUNE_SHARE_CHILD"); path != "" {
		ctx := context.Background()
		st, err := NewStudy(ctx, "shared", StudyOptions{URL: path})
		if err == nil {
			err = st.Optimize(ctx, killObjective(2*time.Millisecond), Options{Sampler: killGrid(), Quiet: true})
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	// The tests sign shared searches with a key of their own, not with
	// the developer's.
	os.Setenv(KeyEnv, testKeyA)
	os.Exit(m.Run())
}

// killGrid is the search the child runs: 24 points, each trial 6 epochs.
func killGrid() *Grid {
	return NewGrid().Values("x", 0, 1, 2, 3, 4, 5).LogValues("lr", 1e-3, 1e-2, 1e-1, 1)
}

func killObjective(epochDelay time.Duration) Objective {
	return func(ctx context.Context, t *Trial) (float64, error) {
		x := t.Float("x", 0, 5)
		lr := t.LogFloat("lr", 1e-3, 1)
		v := math.Abs(x-2) + math.Abs(math.Log10(lr)+2)
		for e := 1; e <= 6; e++ {
			select {
			case <-ctx.Done():
				return 0, ctx.Err()
			case <-time.After(epochDelay):
			}
			t.Report(e, v+1/float64(e))
		}
		return v, nil
	}
}

// killChild runs the grid search on the SQLite file with two workers and
// prints "finished N VALUE" after each trial has been recorded. Trials
// after the seventh stop after two epochs, print "mid N" and wait to be
// killed: when the parent sees one, trials are surely running.
func killChild(path string) error {
	ctx := context.Background()
	st, err := NewStudy(ctx, "killed", StudyOptions{URL: path})
	if err != nil {
		return err
	}
	var mu sync.Mutex // out is written by the poller and the workers
	out := bufio.NewWriter(os.Stdout)
	say := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(out, format, args...)
		out.Flush()
	}
	base := killObjective(25 * time.Millisecond)
	obj := func(ctx context.Context, t *Trial) (float64, error) {
		if t.Number() < 7 {
			return base(ctx, t)
		}
		x := t.Float("x", 0, 5)
		lr := t.LogFloat("lr", 1e-3, 1)
		v := math.Abs(x-2) + math.Abs(math.Log10(lr)+2)
		t.Report(1, v+1)
		t.Report(2, v+0.5)
		say("mid %d\n", t.Number())
		<-ctx.Done() // the parent kills the process first
		return 0, ctx.Err()
	}
	// Print each finished trial from the storage's point of view: poll,
	// since the objective cannot know its own final record.
	done := map[int64]bool{}
	go func() {
		for {
			ts, err := st.Trials(ctx)
			if err == nil {
				for _, t := range ts {
					if t.State == store.Complete && !done[t.ID] {
						done[t.ID] = true
						say("finished %d %v\n", t.Number, t.Value)
					}
				}
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()
	return st.Optimize(ctx, obj, Options{Sampler: killGrid(), Workers: 2, Heartbeat: 50 * time.Millisecond, Quiet: true})
}

// A study in SQLite survives its process being killed with SIGKILL in the
// middle of a search: every trial the child saw finished is intact (value,
// parameters, every intermediate value), the trials that were running are
// marked interrupted once their heartbeat is stale, with what they
// reported kept, and resuming the search runs exactly the grid points that
// were not finished.
func TestKillMidSearch(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	path := t.TempDir() + "/killed.db"
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "METHODIC_TUNE_KILL_CHILD="+path)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill once 7 trials have finished and a later one is mid-search
	// (the child holds it there).
	seen := map[int]float64{}
	mid := false
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 3 && f[0] == "finished" {
			n, _ := strconv.Atoi(f[1])
			v, _ := strconv.ParseFloat(f[2], 64)
			seen[n] = v
		}
		if len(f) == 2 && f[0] == "mid" {
			mid = true
		}
		if len(seen) == 7 && mid {
			break
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	go func() {
		for sc.Scan() { // drain what the child wrote before it died
		}
	}()
	err = cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("child did not die of SIGKILL: %v", err)
	}
	if len(seen) < 7 {
		t.Fatalf("child reported %d finished trials before the kill", len(seen))
	}

	ctx := context.Background()
	st, err := NewStudy(ctx, "killed", StudyOptions{URL: path})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ts, err := st.Trials(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byNum := map[int]store.Trial{}
	running := 0
	for _, tr := range ts {
		byNum[tr.Number] = tr
		if tr.State == store.Running {
			running++
		}
	}
	for n, v := range seen {
		tr, ok := byNum[n]
		if !ok || tr.State != store.Complete || tr.Value != v || len(tr.Params) != 2 || len(tr.Intermediate) != 6 {
			t.Errorf("finished trial %d after the kill: %+v (child saw value %v)", n, tr, v)
		}
	}
	if running == 0 {
		t.Fatalf("no trial was running when the child was killed; states: %v", (&Snapshot{Trials: ts}).Counts())
	}
	// The dead worker's trials are marked once their heartbeat is stale.
	time.Sleep(300 * time.Millisecond)
	stale, err := st.FailStale(ctx, 250*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if len(stale) != running {
		t.Errorf("FailStale marked %d trials, %d were running", len(stale), running)
	}
	for _, tr := range stale {
		before := byNum[tr.Number]
		if tr.State != store.Interrupted || tr.Note != store.NoteStale || len(tr.Intermediate) != len(before.Intermediate) || len(tr.Params) != 2 {
			t.Errorf("stale trial %d: %+v (had %d intermediate values)", tr.Number, tr, len(before.Intermediate))
		}
	}
	// Resume: the rest of the grid runs, interrupted points again, each
	// point ends complete exactly once.
	calls := 0
	obj := killObjective(0)
	counted := func(ctx context.Context, t *Trial) (float64, error) { calls++; return obj(ctx, t) }
	if err := st.Optimize(ctx, counted, Options{Sampler: killGrid(), Quiet: true}); err != nil {
		t.Fatal(err)
	}
	ts, _ = st.Trials(ctx)
	completeAt := map[string]int{}
	for _, tr := range ts {
		if tr.State == store.Complete {
			x, _ := tr.Param("x")
			lr, _ := tr.Param("lr")
			completeAt[fmt.Sprint(x.Value, lr.Value)]++
		}
		if tr.State == store.Running || tr.State == store.Waiting {
			t.Errorf("trial %d still %v after resuming", tr.Number, tr.State)
		}
	}
	if len(completeAt) != 24 {
		t.Errorf("%d grid points complete after resuming, want 24", len(completeAt))
	}
	for p, n := range completeAt {
		if n != 1 {
			t.Errorf("grid point %s complete %d times", p, n)
		}
	}
	if calls+len(seen) > 24+running+2 {
		t.Errorf("resuming ran %d trials; %d had finished before the kill", calls, len(seen))
	}
}

// Two processes start the same grid search on one SQLite file at once:
// the grid is enqueued once, both processes work on it, and every point
// runs exactly once.
func TestTwoProcessesShareAStudy(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	path := t.TempDir() + "/shared.db"
	var cmds []*exec.Cmd
	for i := 0; i < 2; i++ {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "METHODIC_TUNE_SHARE_CHILD="+path)
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
	}
	for _, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("child: %v", err)
		}
	}
	ctx := context.Background()
	st, err := NewStudy(ctx, "shared", StudyOptions{URL: path})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ts, _ := st.Trials(ctx)
	points := map[string]int{}
	pids := map[string]bool{}
	for _, tr := range ts {
		if tr.State != store.Complete {
			t.Errorf("trial %d is %v", tr.Number, tr.State)
		}
		x, _ := tr.Param("x")
		lr, _ := tr.Param("lr")
		points[fmt.Sprint(x.Value, lr.Value)]++
		pids[strings.Split(tr.Worker, ":")[1]] = true
	}
	if len(ts) != 24 || len(points) != 24 {
		t.Errorf("%d trials for %d distinct points, want 24 and 24", len(ts), len(points))
	}
	if len(pids) != 2 {
		t.Logf("trials ran in %d process(es): %v (the other may have started after the grid was done)", len(pids), pids)
	}
}
