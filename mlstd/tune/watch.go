package tune

import (
	"context"
	"errors"
	"fmt"
	"html"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/methodic-go/methodic/display"
	"github.com/methodic-go/methodic/mlstd/tune/store"
	"gonum.org/v1/plot"
)

// WatchOptions sets Watch. The zero value reads the study every two
// seconds, shows the history and intermediate values, and returns when
// the study is done.
type WatchOptions struct {
	// Every is how often the study is read. Zero: 2 seconds.
	Every time.Duration
	// NoPlots shows only the progress bar.
	NoPlots bool
	// Timeout returns after this long even if the study is not done.
	// Zero: no limit.
	Timeout time.Duration
}

// Watch shows a study's progress while workers fill it, from a notebook
// or any process that can read its storage: for a shared study, a line
// with the digest of the code its workers run and the key that signed it
// (checked with the study's key: the line says so if workers would
// refuse the search), the same digest each worker prints before it
// starts; a progress bar of finished
// trials whose status line holds the best value and how many trials run,
// wait and were retried, and a figure of the optimisation history beside
// the intermediate values, both redrawn in place every o.Every. It returns
// nil when no trial waits or runs (the study is done, or stopped and
// drained), and ctx.Err() when the cell is interrupted: interrupting a
// Watch stops watching, not the workers (Stop does that).
func (s *Study) Watch(ctx context.Context, o WatchOptions) error {
	if o.Every <= 0 {
		o.Every = 2 * time.Second
	}
	if o.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, o.Timeout)
		defer cancel()
	}
	sn, err := s.Snapshot(ctx)
	if err != nil {
		return err
	}
	var seal *display.Handle
	var sealText string
	showSeal := func() {
		l, ok := s.sealLine(ctx)
		if !ok || l.String() == sealText {
			return
		}
		sealText = l.String()
		if seal == nil {
			seal = display.NewHandle(l)
		} else {
			seal.Update(l)
		}
	}
	showSeal()
	p := display.NewProgress(len(sn.Trials), display.ProgressOptions{Label: s.name, Unit: "trial"})
	defer p.Done()
	var fig *display.Handle
	update := func(sn *Snapshot) {
		finished, total := sn.progress()
		p.SetTotal(total)
		p.Set(finished)
		p.SetStatus(sn.status())
		if o.NoPlots {
			return
		}
		if c := sn.watchChart(); c != nil {
			if fig == nil {
				fig = display.NewHandle(c)
			} else {
				fig.Update(c)
			}
		}
	}
	t := time.NewTicker(o.Every)
	defer t.Stop()
	for {
		update(sn)
		if sn.settled() {
			return nil
		}
		select {
		case <-ctx.Done():
			if o.Timeout > 0 && ctx.Err() == context.DeadlineExceeded {
				return nil
			}
			return ctx.Err()
		case <-t.C:
		}
		next, err := s.Snapshot(ctx)
		if err != nil {
			if ctx.Err() != nil {
				continue
			}
			return err
		}
		sn = next
		showSeal()
	}
}

// sealLine is what Watch shows of a shared study's search: its digest and
// key, or why workers would refuse it. False when the study is not shared
// (a study that Optimize fills).
func (s *Study) sealLine(ctx context.Context) (sealLine, bool) {
	_, dg, err := s.verified(ctx)
	if errors.Is(err, ErrNotShared) || ctx.Err() != nil {
		return sealLine{}, false
	}
	l := sealLine{study: s.name, digest: dg, err: err}
	if err == nil {
		l.key, _ = s.checkingKey()
	}
	return l, true
}

// sealLine renders as one line in a notebook: what a shared study's
// workers run.
type sealLine struct {
	study, digest string
	key           *Key
	err           error
}

func (l sealLine) String() string {
	var r *refusal
	switch {
	case errors.As(l.err, &r):
		return r.Error() // "tune: study "x": refused: why", as workers say
	case l.err != nil:
		return fmt.Sprintf("%s: cannot check what workers run: %v", l.study, l.err)
	}
	return fmt.Sprintf("%s: workers run code %s, signed with %v", l.study, l.digest, l.key)
}

// HTML implements display's HTML form: the line in monospace, red when
// workers would refuse the search.
func (l sealLine) HTML() string {
	style := ""
	if l.err != nil {
		style = ` style="color:#b00"`
	}
	return fmt.Sprintf(`<div class="methodic-tune-seal"%s><code>%s</code></div>`, style, html.EscapeString(l.String()))
}

// progress counts the finished trials (complete, pruned, failed) against
// the budget (every trial that is not interrupted: an interrupted one was
// either retried by a copy or abandoned).
func (sn *Snapshot) progress() (finished, total int) {
	for _, t := range sn.Trials {
		switch t.State {
		case store.Interrupted:
			continue
		case store.Complete, store.Pruned, store.Failed:
			finished++
		}
		total++
	}
	return finished, total
}

// settled reports whether no trial waits or runs.
func (sn *Snapshot) settled() bool {
	for _, t := range sn.Trials {
		if t.State == store.Waiting || t.State == store.Running || t.State == store.Paused {
			return false
		}
	}
	return true
}

// status is the progress bar's status line: best value, counts by state,
// and the workers running trials now.
func (sn *Snapshot) status() string {
	c := sn.Counts()
	var parts []string
	if b, err := best(sn.Direction, sn.Trials); err == nil {
		parts = append(parts, "best "+fmtValue(b.Value)+" (trial "+fmt.Sprint(b.Number)+")")
	}
	for _, st := range []store.State{store.Running, store.Waiting, store.Pruned, store.Failed, store.Interrupted} {
		if c[st] > 0 {
			parts = append(parts, fmt.Sprintf("%d %v", c[st], st))
		}
	}
	workers := map[string]bool{}
	for _, t := range sn.Trials {
		if t.State == store.Running {
			workers[t.Worker] = true
		}
	}
	if len(workers) > 0 {
		parts = append(parts, fmt.Sprintf("%d workers", len(workers)))
	}
	return strings.Join(parts, " · ")
}

// watchChart is the optimisation history, beside the intermediate values
// when trials report them; nil before any trial finished.
func (sn *Snapshot) watchChart() *Chart {
	any, steps := false, false
	for _, t := range sn.Trials {
		if t.State == store.Complete && !math.IsNaN(t.Value) {
			any = true
		}
		steps = steps || len(t.Intermediate) > 0
	}
	if !any && !steps {
		return nil
	}
	h := sn.History()
	if h.err != nil || !steps {
		return h
	}
	in := sn.Intermediate()
	if in.err != nil {
		return h
	}
	row := append(append([]*plot.Plot(nil), h.plots[0]...), in.plots[0]...)
	c := &Chart{Title: sn.Name + ": history and intermediate values", plots: [][]*plot.Plot{row}}
	c.Width, c.Height = h.Width+in.Width, max(h.Height, in.Height)
	return c
}

// Workers lists the workers that ran trials of the study, with how many
// each finished, busiest first.
func (sn *Snapshot) Workers() []WorkerCount {
	m := map[string]int{}
	for _, t := range sn.Trials {
		if t.Worker != "" && t.State.Finished() {
			m[t.Worker]++
		}
	}
	out := make([]WorkerCount, 0, len(m))
	for w, n := range m {
		out = append(out, WorkerCount{Worker: w, Finished: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Finished != out[j].Finished {
			return out[i].Finished > out[j].Finished
		}
		return out[i].Worker < out[j].Worker
	})
	return out
}

// WorkerCount is how many trials one worker finished.
type WorkerCount struct {
	Worker   string
	Finished int
}
