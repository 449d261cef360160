package display

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestProgressThrottledUpdates(t *testing.T) {
	withPublisher(t, func(r *recorder) {
		c := newFakeClock()
		p := NewProgress(1000, ProgressOptions{Label: "epochs", Now: c.now})
		for range 1000 {
			c.advance(time.Millisecond) // a loop at 1,000 steps a second
			p.Add(1)
		}
		p.Done()
		p.Done() // a second Done does nothing
		calls := r.all()
		// one show, one update per 100 ms over 1 s, one final;
		// calls[5] is the update at 500 ms.
		if len(calls) != 1+10+1 {
			t.Fatalf("%d publications, want 12", len(calls))
		}
		id := calls[0].ID
		if id == "" || calls[0].Update {
			t.Errorf("first publication %+v", calls[0])
		}
		for i, c := range calls[1:] {
			if c.ID != id || !c.Update {
				t.Errorf("update %d: id %q update %v", i, c.ID, c.Update)
			}
		}
		mid := calls[5].Bundle
		if got, want := mid.Text(), "epochs  50%|██████████          | 500/1000 [00:00<00:00, 1000.00 it/s]"; got != want {
			t.Errorf("text %q\nwant %q", got, want)
		}
		if h := mid.Data[MIMEHTML].(string); !strings.Contains(h, `<progress value="500" max="1000"`) || !strings.Contains(h, "<span>epochs</span>") || strings.Contains(h, "<script") {
			t.Errorf("HTML %q", h)
		}
		last := calls[len(calls)-1].Bundle
		if got, want := last.Text(), "epochs 100%|████████████████████| 1000/1000 [00:01<00:00, 1000.00 it/s]"; got != want {
			t.Errorf("final text %q\nwant %q", got, want)
		}
		// Adds after Done publish nothing.
		p.Add(1)
		if len(r.all()) != 12 {
			t.Error("Add after Done published")
		}
	})
}

func TestProgressText(t *testing.T) {
	c := newFakeClock()
	var out bytes.Buffer
	p := NewProgress(0, ProgressOptions{Now: c.now, Writer: &out, Unit: "trial"})
	c.advance(2 * time.Second)
	p.Add(1)
	p.SetStatus("best=0.93")
	c.advance(2 * time.Second)
	p.Add(1)
	p.Done()
	want := "\r0 trial [00:00, ? trial/s]" +
		"\r1 trial [00:02, 2.00 s/trial]" +
		"\r2 trial [00:04, 2.00 s/trial] best=0.93" +
		"\r2 trial [00:04, 2.00 s/trial] best=0.93\n"
	if got := out.String(); got != want {
		t.Errorf("text output\n%q\nwant\n%q", got, want)
	}
}

func TestProgressTextPadsShorterLines(t *testing.T) {
	c := newFakeClock()
	var out bytes.Buffer
	p := NewProgress(10, ProgressOptions{Now: c.now, Writer: &out})
	p.SetStatus("a long status line")
	c.advance(time.Second)
	p.Add(1)
	p.SetStatus("")
	c.advance(time.Second)
	p.Add(1)
	lines := strings.Split(out.String(), "\r")
	if n1, n2 := len([]rune(lines[2])), len([]rune(lines[3])); n2 != n1 {
		t.Errorf("shorter line not padded: %d then %d runes", n1, n2)
	}
}

func TestProgressFigures(t *testing.T) {
	c := newFakeClock()
	p := NewProgress(7200, ProgressOptions{Now: c.now, Writer: &bytes.Buffer{}, Interval: time.Nanosecond})
	c.advance(time.Hour)
	p.Set(3600)
	if got, want := p.String(), " 50%|██████████          | 3600/7200 [1:00:00<1:00:00, 1.00 it/s]"; got != want {
		t.Errorf("%q\nwant %q", got, want)
	}
	c.advance(1999 * time.Millisecond) // elapsed is truncated to the second
	p.Set(100)
	if got := p.String(); !strings.Contains(got, "  1%|▎") || !strings.Contains(got, "[1:00:01<") {
		t.Errorf("partial block: %q", got)
	}
	p.SetTotal(50) // beyond the total: clamped bar, zero time left
	p.Set(60)
	if got := p.String(); !strings.HasPrefix(got, "100%|████████████████████| 60/50 [1:00:01<00:00") {
		t.Errorf("over total: %q", got)
	}
	if p.Count() != 60 {
		t.Errorf("count %d", p.Count())
	}
}

func TestProgressNil(t *testing.T) {
	var p *Progress
	p.Add(1)
	p.Set(2)
	p.SetTotal(3)
	p.SetStatus("x")
	p.Done()
	if p.Count() != 0 {
		t.Error("nil progress counts")
	}
}

func TestProgressConcurrent(t *testing.T) {
	p := NewProgress(4000, ProgressOptions{Writer: &bytes.Buffer{}})
	done := make(chan bool)
	for range 4 {
		go func() {
			for range 1000 {
				p.Add(1)
			}
			done <- true
		}()
	}
	for range 4 {
		<-done
	}
	if p.Count() != 4000 {
		t.Errorf("count %d", p.Count())
	}
}

// TestProgressTightLoopCost checks the throttling where it matters: a
// million Adds with the real clock must publish only a handful of times
// and cost well under a second.
func TestProgressTightLoopCost(t *testing.T) {
	withPublisher(t, func(r *recorder) {
		start := time.Now()
		p := NewProgress(1_000_000, ProgressOptions{})
		for range 1_000_000 {
			p.Add(1)
		}
		p.Done()
		elapsed := time.Since(start)
		limit := 2 + int(elapsed/DefaultInterval) + 1
		if n := len(r.all()); n > limit {
			t.Errorf("%d publications in %v, want at most %d", n, elapsed, limit)
		}
		if elapsed > 5*time.Second { // about 0.1 s on a quiet machine
			t.Errorf("a million Adds took %v", elapsed)
		}
	})
}
