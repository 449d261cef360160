package tune

import (
	"fmt"
	"math"
	"strconv"
	"sync"

	"github.com/methodic-go/methodic/display"
	"github.com/methodic-go/methodic/mlstd/tune/store"
)

// live is the progress view of a running search: a progress bar (trials,
// or epochs for successive halving) whose status line holds the best value
// and the counts of pruned and failed trials, and a live chart of every
// finished trial's value and the best so far. In a notebook both update in
// place; elsewhere the bar is a line on standard error and the chart
// prints a summary when the search ends.
type live struct {
	p *display.Progress
	c *display.Chart

	mu                     sync.Mutex
	dir                    Direction
	best                   float64
	complete, pruned, fail int
}

func (s *Study) newLive(total int, unit string, quiet bool) *live {
	if quiet {
		return nil
	}
	return &live{
		p: display.NewProgress(total, display.ProgressOptions{Label: s.name, Unit: unit}),
		c: display.NewChart(display.ChartOptions{Title: "Search " + strconv.Quote(s.name), XLabel: "trial",
			YLabel: s.objectiveLabel(), Points: []string{"complete trials"}, Steps: []string{"best so far"}, AutoLogY: true}),
		dir:  s.dir,
		best: math.NaN(),
	}
}

// advance moves the bar by n units.
func (l *live) advance(n int) {
	if l == nil {
		return
	}
	l.p.Add(n)
}

// trialDone records a finished trial.
func (l *live) trialDone(number int, state store.State, value float64) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	switch state {
	case store.Complete:
		l.complete++
		if finite(value) {
			l.c.Add("complete trials", float64(number), value)
			if l.dir.Better(value, l.best) {
				l.best = value
			}
			l.c.Add("best so far", float64(number), l.best)
		}
	case store.Pruned:
		l.pruned++
	case store.Failed, store.Interrupted:
		l.fail++
	}
	status := fmt.Sprintf("%d complete", l.complete)
	if !math.IsNaN(l.best) {
		status = fmt.Sprintf("best %.5g · %s", l.best, status)
	}
	if l.pruned > 0 {
		status += fmt.Sprintf(" · %d pruned", l.pruned)
	}
	if l.fail > 0 {
		status += fmt.Sprintf(" · %d failed or interrupted", l.fail)
	}
	l.p.SetStatus(status)
}

func (l *live) done() {
	if l == nil {
		return
	}
	l.p.Done()
	l.c.Done()
}
