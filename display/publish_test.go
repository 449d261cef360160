package display

import "sync"

// published is one call to a Publisher.
type published struct {
	Bundle Bundle
	ID     string
	Update bool
	Clear  bool
	Wait   bool
}

// recorder is a Publisher that keeps what it receives.
type recorder struct {
	mu    sync.Mutex
	calls []published
}

func (r *recorder) Display(b Bundle, id string, update bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, published{Bundle: b, ID: id, Update: update})
}

func (r *recorder) Clear(wait bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, published{Clear: true, Wait: wait})
}

func (r *recorder) all() []published {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]published(nil), r.calls...)
}
