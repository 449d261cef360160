// Package children finds the processes this process started, and the
// processes they started, however deep, and ends them: what `methodic
// run` does with the processes of a cell that was interrupted, and of a
// run that ends, so that a `sleep 1000` a cell started with exec.Command
// does not outlive it.
//
// It works on Linux, from /proc. Adopt makes the process a child
// subreaper, so that a descendant whose parent died is reparented to it
// rather than to init and is still found; the orphans it adopts are
// reaped when they exit, and only those (see Adopt). Elsewhere List
// finds nothing and End has nothing to do.
package children

import (
	"sort"
	"time"
)

// Set is a set of process ids.
type Set map[int]bool

// Sorted returns the ids in order.
func (s Set) Sorted() []int {
	out := make([]int, 0, len(s))
	for p := range s {
		out = append(out, p)
	}
	sort.Ints(out)
	return out
}

// Since returns the processes of List that are not in before: those
// started after before was taken.
func Since(before Set) Set {
	out := Set{}
	for p := range List() {
		if !before[p] {
			out[p] = true
		}
	}
	return out
}

// EndSince ends the descendants that are not in before (see End), and
// returns how many it ended.
func EndSince(before Set, grace time.Duration) int {
	n := 0
	// Ending a process may orphan its children, which a subreaper then
	// finds among its own; look again until none is left.
	for round := 0; round < 10; round++ {
		ps := Since(before)
		if len(ps) == 0 {
			break
		}
		if round > 0 {
			grace = 0
		}
		End(ps, grace)
		n += len(ps)
	}
	return n
}

// End asks the processes to stop with SIGTERM, waits up to grace for
// them to exit, and kills those still running with SIGKILL.
func End(ps Set, grace time.Duration) {
	if len(ps) == 0 {
		return
	}
	for p := range ps {
		stop(p, grace <= 0)
	}
	if grace <= 0 {
		return
	}
	deadline := time.Now().Add(grace)
	for {
		left := Set{}
		for p := range ps {
			if running(p) {
				left[p] = true
			}
		}
		if len(left) == 0 {
			return
		}
		if time.Now().After(deadline) {
			for p := range left {
				stop(p, true)
			}
			return
		}
		time.Sleep(10 * time.Millisecond) // processes give no event to wait on here
	}
}
