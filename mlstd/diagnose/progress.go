package diagnose

import (
	"sync"

	"github.com/methodic-go/methodic/display"
)

// progress is a display.Progress that may be off, safe for concurrent add.
type progress struct {
	mu sync.Mutex
	p  *display.Progress
}

func newProgress(total int, label string, off bool) *progress {
	if off {
		return &progress{}
	}
	return &progress{p: display.NewProgress(total, display.ProgressOptions{Label: label, Unit: label})}
}

func (p *progress) add() {
	if p.p == nil {
		return
	}
	p.mu.Lock()
	p.p.Add(1)
	p.mu.Unlock()
}

func (p *progress) done() {
	if p.p == nil {
		return
	}
	p.mu.Lock()
	p.p.Done()
	p.mu.Unlock()
}
