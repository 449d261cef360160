//go:build unix

package tune

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/methodic-go/methodic/mlstd/tune/store"
)

// goneGrid is the search of TestPhantomRunningTrials: six points.
func goneGrid() *Grid { return NewGrid().Values("x", 0, 1, 2, 3, 4, 5) }

// TestGoneChild is the child process of TestPhantomRunningTrials and
// TestResumeCompletesBudget; run any other way it does nothing. On a
// SQLite file, with the default heartbeat and StaleAfter, it searches
// goneGrid with two workers (mode grid), or 10 random trials with one
// (mode budget), whose first 4 trials finish. The other trials report,
// say "running N" on standard output, and wait to be killed.
func TestGoneChild(t *testing.T) {
	path := os.Getenv("METHODIC_TUNE_GONE_CHILD")
	if path == "" {
		t.Skip("the child process of TestPhantomRunningTrials and TestResumeCompletesBudget")
	}
	ctx := context.Background()
	st, err := NewStudy(ctx, "gone", StudyOptions{URL: path})
	if err != nil {
		t.Fatal(err)
	}
	budget := os.Getenv("METHODIC_TUNE_GONE_MODE") == "budget"
	obj := func(ctx context.Context, tr *Trial) (float64, error) {
		x := tr.Float("x", 0, 5)
		if budget && tr.Number() < 4 {
			return x + 1, nil
		}
		tr.Report(1, x)
		fmt.Printf("running %d\n", tr.Number())
		<-ctx.Done()
		return 0, ctx.Err()
	}
	if budget {
		st.Optimize(ctx, obj, Options{Trials: 10, Sampler: NewRandom(1), Quiet: true})
		return
	}
	st.Optimize(ctx, obj, Options{Sampler: goneGrid(), Workers: 2, Quiet: true})
}

// killGoneChild runs TestGoneChild in mode on the SQLite file path, and
// kills it with SIGKILL once running trials have said so.
func killGoneChild(t *testing.T, path, mode string, running int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestGoneChild$")
	cmd.Env = append(os.Environ(), "METHODIC_TUNE_GONE_CHILD="+path, "METHODIC_TUNE_GONE_MODE="+mode)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	for n := 0; n < running && sc.Scan(); {
		if strings.HasPrefix(sc.Text(), "running ") {
			n++
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatalf("the child was not killed: %v", cmd.ProcessState)
	}
}

// TestResumeCompletesBudget: a search with a budget of 10 is killed after
// 4 trials finished and one started; run again at once with the same
// budget, it runs 6 trials, not 10: the study ends with 10 complete
// trials and the killed one interrupted.
func TestResumeCompletesBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	path := t.TempDir() + "/budget.db"
	killGoneChild(t, path, "budget", 1)
	ctx := context.Background()
	st, err := NewStudy(ctx, "gone", StudyOptions{URL: path})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ran := 0
	obj := func(ctx context.Context, tr *Trial) (float64, error) { ran++; return tr.Float("x", 0, 5) + 1, nil }
	if err := st.Optimize(ctx, obj, Options{Trials: 10, Sampler: NewRandom(1), Quiet: true}); err != nil {
		t.Fatal(err)
	}
	sn, _ := st.Snapshot(ctx)
	c := sn.Counts()
	if ran != 6 || c[store.Complete] != 10 || c[store.Interrupted] != 1 || len(sn.Trials) != 11 {
		t.Errorf("resuming a budget of 10 after 4 finished ran %d trials; states %v over %d trials; want 6 run, 10 complete, 1 interrupted", ran, c, len(sn.Trials))
	}
	// Asking again changes nothing; asking for more runs more.
	if err := st.Optimize(ctx, obj, Options{Trials: 10, Sampler: NewRandom(1), Quiet: true}); err != nil || ran != 6 {
		t.Errorf("a third run with the budget spent ran %d trials in all, %v", ran, err)
	}
	if err := st.Optimize(ctx, obj, Options{Trials: 12, Sampler: NewRandom(1), Quiet: true}); err != nil || ran != 8 {
		t.Errorf("raising the budget to 12 ran %d trials in all, %v; want 8", ran, err)
	}
}

// TestPhantomRunningTrials: a process searching a SQLite study is killed
// with SIGKILL while two trials run, and the search is run again at once,
// long before their heartbeat would count as stale. The dead process's
// trials are marked interrupted when the search starts (their process is
// gone), their grid points run again, and no trial is left running.
func TestPhantomRunningTrials(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	path := t.TempDir() + "/gone.db"
	killGoneChild(t, path, "grid", 2)

	ctx := context.Background()
	st, err := NewStudy(ctx, "gone", StudyOptions{URL: path})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	before, _ := st.Trials(ctx)
	if c := (&Snapshot{Trials: before}).Counts(); c[store.Running] != 2 {
		t.Fatalf("states after the kill: %v; want 2 running", c)
	}
	quick := func(ctx context.Context, tr *Trial) (float64, error) { return tr.Float("x", 0, 5) + 1, nil }
	if err := st.Optimize(ctx, quick, Options{Sampler: goneGrid(), Quiet: true}); err != nil {
		t.Fatal(err)
	}
	ts, _ := st.Trials(ctx)
	complete := map[float64]int{}
	for _, tr := range ts {
		switch tr.State {
		case store.Complete:
			x, _ := tr.Param("x")
			complete[x.Value]++
		case store.Interrupted:
			if tr.Note != store.NoteGone {
				t.Errorf("trial %d interrupted with note %q, want %q", tr.Number, tr.Note, store.NoteGone)
			}
		default:
			t.Errorf("trial %d is %v under %s after the search ran again", tr.Number, tr.State, tr.Worker)
		}
	}
	if len(complete) != 6 {
		t.Errorf("%d of the 6 grid points complete: %v", len(complete), complete)
	}
	for x, n := range complete {
		if n != 1 {
			t.Errorf("x = %v complete %d times", x, n)
		}
	}
}

func TestWorkerProcess(t *testing.T) {
	for _, tc := range []struct {
		name string
		host string
		pid  int
		ok   bool
	}{
		{"box:123:0a1b2c3d", "box", 123, true},
		{"box:123:0a1b2c3d/1", "box", 123, true},
		{"gpu-worker", "", 0, false},
		{"box:0:0a1b2c3d", "", 0, false},
		{"box:12:xyz", "", 0, false},
		{"a:b:1:0a1b2c3d", "", 0, false},
	} {
		h, pid, ok := workerProcess(tc.name)
		if h != tc.host || pid != tc.pid || ok != tc.ok {
			t.Errorf("workerProcess(%q) = %q, %d, %v", tc.name, h, pid, ok)
		}
	}
	if processGone(os.Getpid()) {
		t.Error("this process counts as gone")
	}
}

// TestWorkGoneChild is the child process of TestWorkReleasesGone; run
// any other way it does nothing. It works on the shared study "work" of
// the SQLite file it is given, with the default heartbeat and
// StaleAfter: each trial says "running N" on standard output and waits
// to be killed.
func TestWorkGoneChild(t *testing.T) {
	path := os.Getenv("METHODIC_TUNE_WORK_CHILD")
	if path == "" {
		t.Skip("the child process of TestWorkReleasesGone")
	}
	ctx := context.Background()
	st, err := NewStudy(ctx, "work", StudyOptions{URL: path})
	if err != nil {
		t.Fatal(err)
	}
	obj := func(ctx context.Context, tr *Trial) (float64, error) {
		tr.Float("x", 0, 5)
		tr.Report(1, 1)
		fmt.Printf("running %d\n", tr.Number())
		<-ctx.Done()
		return 0, ctx.Err()
	}
	st.Work(ctx, obj, WorkOptions{})
}

// TestWorkReleasesGone: a worker process on a shared SQLite study is
// killed with SIGKILL while its trial runs, and another worker starts at
// once, with a StaleAfter of an hour: the dead process's trial is handed
// back without waiting for its heartbeat to age, runs again with its
// parameters, and the study's budget of 4 is spent exactly, with no
// trial left running. (Before, the worker waited StaleAfter; here the
// guard on its ctx would stop it.)
func TestWorkReleasesGone(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	ctx := context.Background()
	path := t.TempDir() + "/work.db"
	st, err := NewStudy(ctx, "work", StudyOptions{URL: path})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Share(ctx, Shared{Objective: "objective", Trials: 4, Sampler: NewRandom(1)}); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(os.Args[0], "-test.run=^TestWorkGoneChild$")
	cmd.Env = append(os.Environ(), "METHODIC_TUNE_WORK_CHILD="+path)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	for sc.Scan() && !strings.HasPrefix(sc.Text(), "running ") {
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	before, _ := st.Trials(ctx)
	var dead store.Trial
	for _, tr := range before {
		if tr.State == store.Running {
			dead = tr
		}
	}
	if dead.Worker == "" || len(dead.Params) != 1 {
		t.Fatalf("after the kill no trial with its parameter runs: %+v", before)
	}

	guard, cancel := context.WithTimeout(ctx, 2*time.Minute) // a guard, not a wait
	defer cancel()
	var log strings.Builder
	ran := map[int]float64{}
	var mu sync.Mutex
	quick := func(ctx context.Context, tr *Trial) (float64, error) {
		x := tr.Float("x", 0, 5)
		mu.Lock()
		ran[tr.Number()] = x
		mu.Unlock()
		return x + 1, nil
	}
	err = st.Work(guard, quick, WorkOptions{StaleAfter: time.Hour, Poll: 10 * time.Millisecond, Log: lockedWriter{&mu, &log}})
	if err != nil {
		t.Fatalf("the second worker: %v (did it wait for the dead worker's heartbeat?)\n%s", err, log.String())
	}
	ts, _ := st.Trials(ctx)
	c := (&Snapshot{Trials: ts}).Counts()
	if len(ts) != 4 || c[store.Complete] != 4 {
		t.Errorf("states %v over %d trials; want the budget of 4, all complete\n%s", c, len(ts), log.String())
	}
	if x, ok := ran[dead.Number]; !ok || x != dead.Params[0].Value {
		t.Errorf("the killed trial %d (x = %v) ran again with x = %v (ran: %v)", dead.Number, dead.Params[0].Value, x, ok)
	}
	if !strings.Contains(log.String(), fmt.Sprintf("trial %d of %s: its process is gone", dead.Number, dead.Worker)) {
		t.Errorf("the log does not say the killed trial was released:\n%s", log.String())
	}
}
