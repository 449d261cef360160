package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/methodic-go/methodic/display"
	"github.com/methodic-go/methodic/interp"
	"github.com/methodic-go/methodic/mlstd/tune"
	"github.com/methodic-go/methodic/mlstd/tune/store"
	"github.com/methodic-go/methodic/mlstd/tune/store/storetest"
)

var (
	workerBinOnce sync.Once
	workerBin     string
	workerBinErr  error
)

// TestMain removes the methodic binary that the worker tests built.
func TestMain(m *testing.M) {
	// The tests and the workers they start sign and check shared searches
	// with a key of their own, not with the developer's.
	os.Setenv(tune.KeyEnv, testKeyEnv)
	code := m.Run()
	if workerBin != "" {
		os.RemoveAll(filepath.Dir(workerBin))
	}
	os.Exit(code)
}

// methodicBinary builds the methodic command once per test binary.
func methodicBinary(t testing.TB) string {
	t.Helper()
	workerBinOnce.Do(func() {
		dir, err := os.MkdirTemp("", "methodic-worker-test-")
		if err != nil {
			workerBinErr = err
			return
		}
		workerBin = filepath.Join(dir, "methodic")
		if out, err := exec.Command("go", "build", "-o", workerBin, ".").CombinedOutput(); err != nil {
			workerBinErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if workerBinErr != nil {
		t.Fatal(workerBinErr)
	}
	return workerBin
}

// objectiveCell is the notebook cell the test studies share: a grid
// objective whose trials report `epochs` epochs of `ms` milliseconds each.
func objectiveCell(epochs, ms int) string {
	return fmt.Sprintf(`//tune:worker
import (
	"math"
	"time"

	"github.com/methodic-go/methodic/mlstd/tune"
)

func objective(ctx context.Context, t *tune.Trial) (float64, error) {
	x := t.Float("x", -3, 3)
	y := t.Float("y", -3, 3)
	v := (x-1)*(x-1) + math.Abs(y+0.5)
	for e := 1; e <= %d; e++ {
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(%d * time.Millisecond):
		}
		t.Report(e, v+1/float64(e))
	}
	return v, nil
}
`, epochs, ms)
}

// grid30 is the 30-point grid of the kill test: its best point is
// x = 1, y = -0.5, with value 0.
func grid30() *tune.Grid {
	return tune.NewGrid().Values("x", -2, -1, 0, 1, 2, 3).Values("y", -1.5, -1, -0.5, 0, 0.5)
}

// shareStudy creates a study on url and shares the objective cell with
// sampler, returning it open.
func shareStudy(t *testing.T, url, name string, sh tune.Shared) *tune.Study {
	t.Helper()
	ctx := context.Background()
	st, err := tune.NewStudy(ctx, name, tune.StudyOptions{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if sh.Objective == "" {
		sh.Objective = "objective"
	}
	if err := st.Share(ctx, sh); err != nil {
		t.Fatal(err)
	}
	return st
}

// proc is a running methodic worker.
type proc struct {
	cmd  *exec.Cmd
	out  *syncBuffer
	done chan error
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func startWorker(t *testing.T, url, study string, args ...string) *proc {
	t.Helper()
	args = append([]string{"worker", "--study", study, "--storage", url}, args...)
	cmd := exec.Command(methodicBinary(t), args...)
	p := &proc{cmd: cmd, out: &syncBuffer{}, done: make(chan error, 1)}
	cmd.Stdout, cmd.Stderr = p.out, p.out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- cmd.Wait() }()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			<-p.done
		}
	})
	return p
}

// wait waits for the worker to exit and returns its error.
func (p *proc) wait(t *testing.T, d time.Duration) error {
	t.Helper()
	select {
	case err := <-p.done:
		p.done <- err
		return err
	case <-time.After(d):
		p.cmd.Process.Kill()
		t.Fatalf("worker %d did not exit within %v; its output:\n%s", p.cmd.Process.Pid, d, p.out.String())
		return nil
	}
}

// ownedBy reports whether a trial's worker name is that of process pid
// (names are host:pid:random).
func ownedBy(tr store.Trial, pid int) bool {
	parts := strings.Split(tr.Worker, ":")
	return len(parts) >= 3 && parts[len(parts)-2] == strconv.Itoa(pid)
}

// waitFor polls the study until cond holds of its trials.
func waitFor(t *testing.T, st *tune.Study, d time.Duration, what string, cond func([]store.Trial) bool) []store.Trial {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		ts, err := st.Trials(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if cond(ts) {
			return ts
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s", d, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestWorkerKill is the test the PostgreSQL issue asks for: three worker
// processes run one 30-trial grid study; one is killed with SIGKILL in
// the middle of a trial. Every grid point must end complete exactly once,
// the killed trial re-run (by a copy) after its heartbeat expired, no
// trial finished before the kill lost, and the best value the same as a
// serial run of the same study by one worker.
func TestWorkerKill(t *testing.T) {
	url := storetest.Postgres(t)
	ctx := context.Background()
	const epochs, ms = 3, 70
	cell := objectiveCell(epochs, ms)
	st := shareStudy(t, url, "kill", tune.Shared{Cells: []string{cell}, Sampler: grid30()})
	flags := []string{"--heartbeat", "100ms", "--stale-after", "1s", "--poll", "50ms"}
	// The victim starts first, so that a slow start of its process on a
	// busy machine cannot leave it no trial to die in.
	victim := startWorker(t, url, "kill", flags...)
	vpid := victim.cmd.Process.Pid
	waitFor(t, st, 60*time.Second, "the victim's first trial", func(ts []store.Trial) bool {
		for _, tr := range ts {
			if ownedBy(tr, vpid) {
				return true
			}
		}
		return false
	})
	ps := []*proc{startWorker(t, url, "kill", flags...), victim, startWorker(t, url, "kill", flags...)}
	// Kill the victim once it has finished a trial and is part way
	// through another.
	before := waitFor(t, st, 60*time.Second, "the victim to be part way through its second trial", func(ts []store.Trial) bool {
		finished, mid := 0, false
		for _, tr := range ts {
			if ownedBy(tr, vpid) {
				if tr.State == store.Complete {
					finished++
				}
				if tr.State == store.Running && len(tr.Intermediate) >= 1 && len(tr.Intermediate) < epochs {
					mid = true
				}
			}
		}
		return finished >= 1 && mid
	})
	if err := victim.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	victim.wait(t, 10*time.Second)
	killedAt := time.Now()
	for _, p := range []*proc{ps[0], ps[2]} {
		if err := p.wait(t, 90*time.Second); err != nil {
			t.Fatalf("worker %d: %v\n%s", p.cmd.Process.Pid, err, p.out.String())
		}
	}
	doneAfter := time.Since(killedAt)
	ts, err := st.Trials(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The trials the victim had finished before it died are intact.
	byID := map[int64]store.Trial{}
	for _, tr := range ts {
		byID[tr.ID] = tr
	}
	killedTrials := 0
	for _, b := range before {
		now := byID[b.ID]
		if b.State == store.Complete && (now.State != store.Complete || now.Value != b.Value || len(now.Intermediate) != epochs) {
			t.Errorf("trial %d was complete with %v before the kill, is now %+v", b.Number, b.Value, now)
		}
		if b.State == store.Running && ownedBy(b, vpid) {
			killedTrials++
			if now.State != store.Interrupted || now.Note != store.NoteStale {
				t.Errorf("the killed trial %d is %v (%q), want interrupted: heartbeat lost", now.Number, now.State, now.Note)
			}
			if now.Finished.Before(killedAt.Add(900 * time.Millisecond)) {
				t.Errorf("the killed trial %d was failed %v after the kill, before its heartbeat could expire", now.Number, now.Finished.Sub(killedAt))
			}
		}
	}
	if killedTrials != 1 {
		t.Errorf("the victim ran %d trials at its death, want 1", killedTrials)
	}
	// Every grid point complete exactly once; every other trial is a
	// stale one of the victim, re-run by a copy that completed.
	points := map[string]int{}
	retried := map[string]bool{}
	for _, tr := range ts {
		switch tr.State {
		case store.Complete:
			points[fmt.Sprint(tr.Params)]++
			if n, ok := tr.Attrs[store.AttrRetryOf]; ok {
				retried[n] = true
			}
		case store.Interrupted:
			if !ownedBy(tr, vpid) || tr.Note != store.NoteStale {
				t.Errorf("trial %d interrupted under %s (%q)", tr.Number, tr.Worker, tr.Note)
			}
		default:
			t.Errorf("trial %d ended %v", tr.Number, tr.State)
		}
	}
	for _, tr := range ts {
		if tr.State == store.Interrupted && !retried[strconv.Itoa(tr.Number)] {
			t.Errorf("interrupted trial %d was not re-run", tr.Number)
		}
	}
	if len(points) != 30 {
		t.Errorf("%d distinct grid points complete, want 30", len(points))
	}
	for p, n := range points {
		if n != 1 {
			t.Errorf("point %s complete %d times", p, n)
		}
	}
	// The same study run serially by one worker finds the same best.
	serial := shareStudy(t, url, "kill-serial", tune.Shared{Cells: []string{cell}, Sampler: grid30()})
	if err := startWorker(t, url, "kill-serial", "--quiet").wait(t, 90*time.Second); err != nil {
		t.Fatal(err)
	}
	a, errA := st.Best(ctx)
	b, errB := serial.Best(ctx)
	if errA != nil || errB != nil || a.Value != b.Value || a.Value != 0 {
		t.Errorf("best of the three workers %v (%v), serial %v (%v); want both 0", a.Value, errA, b.Value, errB)
	}
	t.Logf("%d trials for 30 points; the study was done %v after the kill", len(ts), doneAfter.Round(time.Millisecond))
}

// TestWorkerSIGTERM: a worker told to stop with SIGTERM hands its trial
// back (no grace) or finishes it (with --grace), and exits 0.
func TestWorkerSIGTERM(t *testing.T) {
	url := storetest.Postgres(t)
	for _, tc := range []struct {
		name  string
		grace string
		want  store.State
	}{
		{"release", "0s", store.Waiting},
		{"finish", "30s", store.Complete},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := shareStudy(t, url, "term-"+tc.name, tune.Shared{Cells: []string{objectiveCell(5, 100)}, Sampler: grid30()})
			p := startWorker(t, url, "term-"+tc.name, "--grace", tc.grace, "--heartbeat", "100ms")
			pid := p.cmd.Process.Pid
			ts := waitFor(t, st, 60*time.Second, "a trial part way", func(ts []store.Trial) bool {
				for _, tr := range ts {
					if ownedBy(tr, pid) && tr.State == store.Running && len(tr.Intermediate) >= 1 {
						return true
					}
				}
				return false
			})
			var mid store.Trial
			for _, tr := range ts {
				if tr.State == store.Running {
					mid = tr
				}
			}
			if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			if err := p.wait(t, 30*time.Second); err != nil {
				t.Fatalf("exit after SIGTERM: %v\n%s", err, p.out.String())
			}
			now, err := st.Storage().Trial(context.Background(), mid.ID)
			if err != nil {
				t.Fatal(err)
			}
			if now.State != tc.want {
				t.Errorf("trial %d is %v after SIGTERM, want %v\n%s", now.Number, now.State, tc.want, p.out.String())
			}
			if tc.want == store.Waiting && (len(now.Intermediate) != 0 || len(now.Params) != 2 || now.Worker != "") {
				t.Errorf("released trial = %+v", now)
			}
			all, _ := st.Trials(context.Background())
			for _, tr := range all {
				if tr.State == store.Running {
					t.Errorf("trial %d still running under %s", tr.Number, tr.Worker)
				}
			}
		})
	}
}

// TestWorkerErrors: the worker command explains what is wrong.
func TestWorkerErrors(t *testing.T) {
	if code, _, stderr := runCLI("worker", "--storage", "memory:"); code != 2 || !strings.Contains(stderr, "--study is required") {
		t.Errorf("no --study: %d %q", code, stderr)
	}
	if code, _, stderr := runCLI("worker", "--study", "x"); code != 2 || !strings.Contains(stderr, "--storage is required") {
		t.Errorf("no --storage: %d %q", code, stderr)
	}
	if code, _, stderr := runCLI("worker", "-h"); code != 0 || !strings.Contains(stderr, "usage: methodic worker") {
		t.Errorf("worker -h: %d %q", code, stderr)
	}
	db := filepath.Join(t.TempDir(), "s.db")
	if code, _, stderr := runCLI("worker", "--study", "missing", "--storage", db); code != 1 || !strings.Contains(stderr, "not found") {
		t.Errorf("missing study: %d %q", code, stderr)
	}
	ctx := context.Background()
	st, err := tune.NewStudy(ctx, "plain", tune.StudyOptions{URL: db})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	if code, _, stderr := runCLI("worker", "--study", "plain", "--storage", db); code != 1 || !strings.Contains(stderr, "Share") {
		t.Errorf("unshared study: %d %q", code, stderr)
	}
}

// TestWorkerSQLite runs the worker command in process on a SQLite study
// (no server needed): the cells run, the objective is found, and a
// broken cell is reported with its number.
func TestWorkerSQLite(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.db")
	st := shareStudy(t, db, "local", tune.Shared{Cells: []string{objectiveCell(2, 1)}, Sampler: tune.NewRandom(4), Trials: 5})
	code, _, stderr := runCLI("worker", "--study", "local", "--storage", db, "--n-trials", "3")
	if code != 0 {
		t.Fatalf("worker: %d\n%s", code, stderr)
	}
	sn, _ := st.Snapshot(context.Background())
	if c := sn.Counts(); c[store.Complete] != 3 || c[store.Waiting] != 2 {
		t.Errorf("states after --n-trials 3: %v\n%s", c, stderr)
	}
	shareStudy(t, db, "broken", tune.Shared{Cells: []string{"x := 1", "y := undefinedThing"}, Sampler: tune.NewRandom(4), Trials: 1})
	code, _, stderr = runCLI("worker", "--study", "broken", "--storage", db)
	if code != 1 || !strings.Contains(stderr, "cell 2") || !strings.Contains(stderr, "undefinedThing") {
		t.Errorf("broken cell: %d %q", code, stderr)
	}
	shareStudy(t, db, "noobj", tune.Shared{Cells: []string{"x := 1"}, Objective: "objectiv", Sampler: tune.NewRandom(4), Trials: 1})
	code, _, stderr = runCLI("worker", "--study", "noobj", "--storage", db)
	if code != 1 || !strings.Contains(stderr, "objectiv") {
		t.Errorf("undefined objective: %d %q", code, stderr)
	}
}

// sleepCell is the objective of the throughput runs: one 100 ms sleep
// per trial, reported once, as a stand-in for a trial whose work is not
// on this machine's cores (a GPU, a remote service).
const sleepCell = `import (
	"time"

	"github.com/methodic-go/methodic/mlstd/tune"
)

func objective(ctx context.Context, t *tune.Trial) (float64, error) {
	x := t.Float("x", 0, 1)
	select {
	case <-ctx.Done():
		return 0, ctx.Err()
	case <-time.After(100 * time.Millisecond):
	}
	t.Report(1, x)
	return x, nil
}
`

var runs int // numbers the throughput studies

// throughput runs perWorker·workers trials of 100 ms on workers worker
// processes and returns the trials completed per second, from the first
// trial's start to the last one's finish (worker start-up not counted,
// the ramp up and the tail are), and the largest number of trials that
// ran at the same moment.
func throughput(t testing.TB, url string, workers, perWorker int) (rate float64, peak int) {
	t.Helper()
	ctx := context.Background()
	runs++
	name := fmt.Sprintf("throughput-%d-%d", workers, runs)
	st, err := tune.NewStudy(ctx, name, tune.StudyOptions{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Share(ctx, tune.Shared{Cells: []string{sleepCell}, Objective: "objective", Trials: workers * perWorker, Sampler: tune.NewRandom(1)}); err != nil {
		t.Fatal(err)
	}
	var ps []*exec.Cmd
	var outs []*syncBuffer
	for i := 0; i < workers; i++ {
		c := exec.Command(methodicBinary(t), "worker", "--study", name, "--storage", url, "--quiet", "--poll", "50ms")
		out := &syncBuffer{}
		c.Stdout, c.Stderr = out, out
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		ps, outs = append(ps, c), append(outs, out)
	}
	for i, c := range ps {
		if err := c.Wait(); err != nil {
			t.Fatalf("worker %d: %v\n%s", i, err, outs[i].String())
		}
	}
	ts, err := st.Trials(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var first, last time.Time
	done := 0
	for _, tr := range ts {
		if tr.State != store.Complete {
			t.Fatalf("trial %d is %v", tr.Number, tr.State)
		}
		done++
		if first.IsZero() || tr.Started.Before(first) {
			first = tr.Started
		}
		if tr.Finished.After(last) {
			last = tr.Finished
		}
	}
	if done != workers*perWorker {
		t.Fatalf("%d trials complete, want %d", done, workers*perWorker)
	}
	for _, a := range ts {
		n := 0
		for _, b := range ts {
			if !b.Started.After(a.Started) && b.Finished.After(a.Started) {
				n++ // b was running when a started
			}
		}
		peak = max(peak, n)
	}
	return float64(done) / last.Sub(first).Seconds(), peak
}

// TestWorkerThroughput: four worker processes on one study run their
// trials side by side (four at once at some moment), and one worker runs
// one at a time, so claims do not serialise the workers. The speed-up
// itself is a figure of the machine's load, not a pass mark:
// BenchmarkWorkerThroughput reports it at 1, 2, 4 and 8 workers.
func TestWorkerThroughput(t *testing.T) {
	url := storetest.Postgres(t)
	one, peak1 := throughput(t, url, 1, 20)
	four, peak4 := throughput(t, url, 4, 20)
	t.Logf("trials per second: 1 worker %.1f, 4 workers %.1f (%.2fx)", one, four, four/one)
	if peak1 != 1 {
		t.Errorf("one worker ran %d trials at once; want 1", peak1)
	}
	if peak4 != 4 {
		t.Errorf("four workers ran at most %d trials at once; want 4", peak4)
	}
}

// BenchmarkWorkerThroughput reports trials per second of 100 ms trials at
// 1, 2, 4 and 8 worker processes on one PostgreSQL study:
//
//	METHODIC_TEST_POSTGRES=postgres://... go test -run '^$' -bench WorkerThroughput -benchtime 1x .
func BenchmarkWorkerThroughput(b *testing.B) {
	url := storetest.Postgres(b)
	var one float64
	for _, w := range []int{1, 2, 4, 8} {
		b.Run(fmt.Sprintf("workers=%d", w), func(b *testing.B) {
			var sum float64
			for i := 0; i < b.N; i++ {
				rate, _ := throughput(b, url, w, 25)
				sum += rate
			}
			rate := sum / float64(b.N)
			if w == 1 {
				one = rate
			}
			b.ReportMetric(rate, "trials/s")
			if one > 0 {
				b.ReportMetric(rate/one, "x_1_worker")
			}
		})
	}
}

// notebookOutput records what a cell displays.
type notebookOutput struct {
	mu       sync.Mutex
	text     strings.Builder
	displays []display.Bundle
	updates  int
}

func (o *notebookOutput) Stream(name, text string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.text.WriteString(text)
}

func (o *notebookOutput) Display(b display.Bundle, id string, update bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.displays = append(o.displays, b)
	if update {
		o.updates++
	}
}

func (o *notebookOutput) Clear(bool) {}

func (o *notebookOutput) Input(string, bool) (string, error) { return "", fmt.Errorf("no input") }

// TestNotebookDrivesWorkers plays the notebook side in an interpreter
// session, as the kernel runs cells: it creates a study on PostgreSQL,
// shares the cells marked //tune:worker of a saved notebook, watches two
// worker processes fill it (a progress bar and the history plot updated
// in place), and stops it; the workers then exit cleanly. The budget, 600
// trials of 0.1 s on two workers (30 s), is ten times the watch's 3 s, so
// that Stop comes while trials still wait even on a loaded machine (with
// 60 trials, all were done before Stop once, at a load of 30).
func TestNotebookDrivesWorkers(t *testing.T) {
	url := storetest.Postgres(t)
	dir := t.TempDir()
	nbPath := filepath.Join(dir, "search.ipynb")
	nb := map[string]any{"nbformat": 4, "nbformat_minor": 5, "metadata": map[string]any{},
		"cells": []any{
			map[string]any{"cell_type": "code", "metadata": map[string]any{}, "outputs": []any{}, "execution_count": nil, "source": objectiveCell(2, 50)},
			map[string]any{"cell_type": "code", "metadata": map[string]any{}, "outputs": []any{}, "execution_count": nil, "source": "st.Watch(ctx, tune.WatchOptions{})"},
		}}
	b, _ := json.Marshal(nb)
	if err := os.WriteFile(nbPath, b, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := interp.New(interp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cell := func(code string) *notebookOutput {
		t.Helper()
		out := &notebookOutput{}
		if res := s.Execute(context.Background(), code, out, interp.ExecOptions{}); res.Err != nil {
			t.Fatalf("cell %q: %s: %s\n%s", code, res.Err.Name, res.Err.Value, out.text.String())
		}
		return out
	}
	cell(fmt.Sprintf(`st, err := tune.NewStudy(ctx, "from-notebook", tune.StudyOptions{URL: %q})
if err != nil { panic(err) }
cells, err := tune.NotebookCells(%q)
if err != nil { panic(err) }
err = st.Share(ctx, tune.Shared{Cells: cells, Objective: "objective", Trials: 600, Sampler: tune.NewTPE(3, tune.TPEOptions{}), Pruner: tune.Halving{Brackets: 2}})
if err != nil { panic(err) }`, url, nbPath))
	var ps []*proc
	for i := 0; i < 2; i++ {
		ps = append(ps, startWorker(t, url, "from-notebook", "--quiet", "--poll", "50ms"))
	}
	watch := cell(`err = st.Watch(ctx, tune.WatchOptions{Every: 200 * time.Millisecond, Timeout: 3 * time.Second})
if err != nil { panic(err) }`)
	watch.mu.Lock()
	var progress, png bool
	for _, d := range watch.displays {
		if h, ok := d.Data["text/html"].(string); ok && strings.Contains(h, "from-notebook") {
			progress = true
		}
		if _, ok := d.Data["image/png"]; ok {
			png = true
		}
	}
	if !progress || !png || watch.updates < 2 {
		t.Errorf("Watch showed progress %v, a plot %v, %d updates in place; want all", progress, png, watch.updates)
	}
	watch.mu.Unlock()
	cell(`if err := st.Stop(ctx); err != nil { panic(err) }`)
	for _, p := range ps {
		if err := p.wait(t, 30*time.Second); err != nil {
			t.Fatalf("worker after Stop: %v\n%s", err, p.out.String())
		}
	}
	sum := cell(`sn, _ := st.Snapshot(ctx)
c := sn.Counts()
fmt.Println(c[tune.Complete]+c[tune.Pruned], c[tune.Running], c[tune.Waiting])`)
	var finished, running, waiting int
	if _, err := fmt.Sscan(sum.text.String(), &finished, &running, &waiting); err != nil {
		t.Fatalf("summary %q: %v", sum.text.String(), err)
	}
	if finished < 4 || running != 0 || waiting == 0 || finished+waiting != 600 {
		t.Errorf("after Stop: %d finished, %d running, %d waiting; want some of each but none running", finished, running, waiting)
	}
}
