package tune

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/methodic-go/methodic/mlstd/tune/store"
	"github.com/methodic-go/methodic/mlstd/tune/store/storetest"
)

// lines sends each line written to it on a channel.
type lines struct {
	w  *io.PipeWriter
	ch chan string
}

func newLines(t *testing.T) *lines {
	r, w := io.Pipe()
	l := &lines{w: w, ch: make(chan string, 1000)}
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			t.Log(sc.Text())
			select {
			case l.ch <- sc.Text():
			default:
			}
		}
	}()
	t.Cleanup(func() { w.Close() })
	return l
}

func (l *lines) Write(p []byte) (int, error) { return l.w.Write(p) }

// await returns the first line containing all of words; the timer is a
// guard against a hang.
func (l *lines) await(t *testing.T, words ...string) string {
	t.Helper()
	guard := time.After(2 * time.Minute)
	for {
		select {
		case s := <-l.ch:
			ok := true
			for _, w := range words {
				ok = ok && strings.Contains(s, w)
			}
			if ok {
				return s
			}
		case <-guard:
			t.Fatalf("no log line with %q", words)
		}
	}
}

// TestWorkFinishSurvivesRestart: the PostgreSQL server of a shared study
// (a server of the test's own) is stopped while a trial runs, and started
// again once Work has said it cannot record the trial; twice, once as
// trial 1 returns, once as trial 2 reports. The outcome and the report
// are recorded once the server is back (Finish and Report retried,
// conditional on ownership), and no trial is run twice or handed back.
func TestWorkFinishSurvivesRestart(t *testing.T) {
	srv := storetest.NewServer(t)
	ctx := context.Background()
	st := workStudy(t, srv.URL, "blink", Minimize)
	if err := st.Share(ctx, Shared{Objective: "objective", Trials: 3, Sampler: NewRandom(1)}); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	runs := map[int]int{}       // objective calls per trial number
	values := map[int]float64{} // what each returned
	// Trial 1 returns, and trial 2 reports, while the server is down.
	reached := []chan struct{}{nil, make(chan struct{}), make(chan struct{})}
	proceed := []chan struct{}{nil, make(chan struct{}), make(chan struct{})}
	obj := func(ctx context.Context, tr *Trial) (float64, error) {
		n := tr.Number()
		x := tr.Float("x", 0, 1)
		tr.Report(1, x+1)
		mu.Lock()
		runs[n]++
		first := runs[n] == 1
		values[n] = x
		mu.Unlock()
		if (n == 1 || n == 2) && first {
			close(reached[n])
			<-proceed[n] // the server is down now
			if n == 2 {
				tr.Report(2, x+0.5)
			}
		}
		return x, nil
	}
	log := newLines(t)
	done := make(chan error, 1)
	go func() {
		done <- st.Work(ctx, obj, WorkOptions{Worker: "w", Poll: 20 * time.Millisecond, Log: log})
	}()
	for n := 1; n <= 2; n++ {
		<-reached[n]
		srv.Stop()
		close(proceed[n])
		// The trial's outcome (1) or report (2) cannot be recorded: Work
		// says so, and the server comes back.
		log.await(t, fmt.Sprintf("trial %d:", n))
		srv.Start()
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Work: %v", err)
		}
	case <-time.After(3 * time.Minute):
		t.Fatal("Work did not return after the server came back")
	}
	ts, err := st.Trials(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 3 {
		t.Errorf("%d trials, want the 3 of the budget (none re-enqueued)", len(ts))
	}
	for _, tr := range ts {
		reports := 1
		if tr.Number == 2 {
			reports = 2
		}
		if tr.State != store.Complete || tr.Value != values[tr.Number] || len(tr.Params) != 1 || len(tr.Intermediate) != reports {
			t.Errorf("trial %d is %v with value %v, %d params, %d reports; want complete with %v, 1 param, %d reports",
				tr.Number, tr.State, tr.Value, len(tr.Params), len(tr.Intermediate), values[tr.Number], reports)
		}
	}
	for n, k := range runs {
		if k != 1 {
			t.Errorf("trial %d was run %d times", n, k)
		}
	}
}
