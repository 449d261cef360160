package tune

import (
	"context"
	"fmt"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/methodic-go/methodic/mlstd/tune/store"
	"github.com/methodic-go/methodic/mlstd/tune/store/storetest"
)

// blinking is a study's real storage with a hand on its server: the
// first Finish of each state and the first Resume of each trial ask the
// test to stop the server, try the write against the stopped server,
// and hand the failure back to the search, whose retry must carry it.
type blinking struct {
	store.Storage
	mu      sync.Mutex
	seen    map[string]bool
	down    chan string   // a write is about to fail: stop the server
	stopped chan struct{} // the server is down
	failed  chan error    // what the write got from the stopped server
}

// blink runs write with the server stopped the first time key is seen.
func (b *blinking) blink(key string, write func() error) error {
	b.mu.Lock()
	first := !b.seen[key]
	b.seen[key] = true
	b.mu.Unlock()
	if !first {
		return write()
	}
	b.down <- key
	<-b.stopped
	err := write()
	b.failed <- err
	return err
}

func (b *blinking) Finish(ctx context.Context, id int64, worker string, state store.State, value float64, note string) error {
	return b.blink(fmt.Sprintf("finish %v", state), func() error {
		return b.Storage.Finish(ctx, id, worker, state, value, note)
	})
}

func (b *blinking) Resume(ctx context.Context, id int64, worker string) error {
	return b.blink(fmt.Sprintf("resume %d", id), func() error {
		return b.Storage.Resume(ctx, id, worker)
	})
}

// TestHyperbandSurvivesRestart: Hyperband's writes of a trial's outcome
// (paused at a rung, pruned, complete) and of its resumption are retried
// as Optimize's and Work's are: the PostgreSQL server (a server of the
// test's own) is stopped just before the first of each, and started
// again once the write has failed. The search ends without error, with
// every trial in the state Hyperband gives it, each trial built once.
func TestHyperbandSurvivesRestart(t *testing.T) {
	srv := storetest.NewServer(t)
	ctx := context.Background()
	inner, err := store.Open(ctx, srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { inner.Close() })
	b := &blinking{Storage: inner, seen: map[string]bool{}, down: make(chan string), stopped: make(chan struct{}), failed: make(chan error)}
	st, err := NewStudy(ctx, "hyperband-blink", StudyOptions{Storage: b})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	built := map[int]int{}  // Trainable calls per trial number
	epochs := map[int]int{} // Step calls per trial number
	tr := func(ctx context.Context, trial *Trial) (Step, error) {
		n := trial.Number()
		x := trial.Float("x", 0, 1)
		mu.Lock()
		built[n]++
		mu.Unlock()
		return func(ctx context.Context) (float64, error) {
			mu.Lock()
			epochs[n]++
			e := epochs[n]
			mu.Unlock()
			return x + 1/float64(e), nil
		}, nil
	}
	// MaxEpochs 3, Eta 3: bracket 1 trains 3 trials 1 epoch, pauses
	// them, prunes 2 (resumed, then finished) and resumes the best for 2
	// more; bracket 0 trains 2 trials 3 epochs.
	done := make(chan error, 1)
	go func() {
		done <- st.Hyperband(ctx, tr, HalvingOptions{MaxEpochs: 3, Eta: 3, Workers: 1, Seed: 1, Quiet: true, Heartbeat: time.Hour})
	}()
	blinks := map[string]int{}
	guard := time.After(5 * time.Minute)
wait:
	for {
		select {
		case key := <-b.down:
			srv.Stop()
			b.stopped <- struct{}{}
			if err := <-b.failed; err == nil {
				t.Errorf("%s succeeded with the server stopped", key)
			} else {
				t.Logf("%s with the server stopped: %v", key, err)
			}
			srv.Start()
			if len(key) > 6 && key[:6] == "resume" {
				key = "resume"
			}
			blinks[key]++
		case err := <-done:
			if err != nil {
				t.Fatalf("Hyperband: %v", err)
			}
			break wait
		case <-guard:
			t.Fatal("Hyperband did not return")
		}
	}
	want := map[string]int{"finish paused": 1, "finish pruned": 1, "finish complete": 1, "resume": 3}
	for k, n := range want {
		if blinks[k] != n {
			t.Errorf("%d writes %q failed with the server stopped, want %d (all: %v)", blinks[k], k, n, blinks)
		}
	}
	ts, err := st.Trials(ctx)
	if err != nil {
		t.Fatal(err)
	}
	states := map[store.State]int{}
	for _, tr := range ts {
		states[tr.State]++
		if built[tr.Number] != 1 {
			t.Errorf("trial %d was built %d times", tr.Number, built[tr.Number])
		}
		if len(tr.Intermediate) != epochs[tr.Number] {
			t.Errorf("trial %d has %d reports for %d epochs", tr.Number, len(tr.Intermediate), epochs[tr.Number])
		}
		if tr.State == store.Complete && (epochs[tr.Number] != 3 || math.Abs(tr.Value-(tr.Params[0].Value+1.0/3)) > 1e-12) {
			t.Errorf("trial %d is complete after %d epochs with value %v", tr.Number, epochs[tr.Number], tr.Value)
		}
	}
	if len(ts) != 5 || states[store.Complete] != 3 || states[store.Pruned] != 2 {
		t.Errorf("%d trials, states %v; want 5: 3 complete, 2 pruned", len(ts), states)
	}
}
