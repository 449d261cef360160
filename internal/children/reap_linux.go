package children

import (
	"bytes"
	"os"
	"os/signal"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"

	"golang.org/x/sys/unix"
)

// The orphans a subreaper adopts are its children: when they exit they
// stay zombies until it waits for them. A blanket wait4(-1) would also
// take the exit status of a child that exec.Cmd.Wait (or the interpreter,
// or a cell) is about to wait for, and that Wait would fail with ECHILD.
// So the reaper takes only zombies that nobody else can wait for: Go's os
// package holds a pidfd for every process it starts (or finds) until its
// Wait or Release, and a zombie child that no pidfd of this process
// names was started by no one here: an adopted orphan.
//
// When the os package does not use pidfds (a kernel before 5.4, a
// sandbox that forbids them), a child it started has no such mark, and
// the reaper stays off: orphans then stay zombies until this process
// exits, as without a reaper.

// reaping starts the reaper once.
var reaping sync.Once

// reaped, when set (by tests), is told each reap pass: the zombie
// children it reaped and those it left to their waiters.
var reaped atomic.Pointer[func(took, left []int)]

// reapOrphans runs a reap pass now and after each SIGCHLD, for the life
// of the process.
func reapOrphans() {
	reaping.Do(func() {
		if !osUsesPidfds() {
			return
		}
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, syscall.SIGCHLD)
		go func() {
			for {
				reapPass()
				<-sig
			}
		}()
	})
}

// reapPass waits for every zombie child that no pidfd names. SIGCHLDs
// coalesce, so each pass looks at all the children.
func reapPass() {
	zombies := zombieChildren()
	if len(zombies) == 0 {
		return
	}
	held := pidfdPids()
	var took, left []int
	for _, p := range zombies {
		if held[p] {
			left = append(left, p)
			continue
		}
		var ws unix.WaitStatus
		// WNOHANG: never block; the pid cannot be reused while it is a
		// zombie, and nobody else knows it to wait for it.
		if q, err := unix.Wait4(p, &ws, unix.WNOHANG, nil); err == nil && q == p {
			took = append(took, p)
		}
	}
	if f := reaped.Load(); f != nil {
		(*f)(took, left)
	}
}

// zombieChildren returns the children of this process that have exited
// and not been waited for.
func zombieChildren() []int {
	kids, ok := taskChildren(os.Getpid())
	if !ok { // no children files: find them by their parent
		kids = nil
		ents, _ := os.ReadDir("/proc")
		for _, e := range ents {
			if p, err := strconv.Atoi(e.Name()); err == nil {
				if ppid, _, ok := stat(p); ok && ppid == os.Getpid() {
					kids = append(kids, p)
				}
			}
		}
	}
	var out []int
	for _, p := range kids {
		if _, state, ok := stat(p); ok && state == 'Z' {
			out = append(out, p)
		}
	}
	return out
}

// pidfdPids returns the processes that the pidfds open in this process
// name (from /proc/self/fdinfo).
func pidfdPids() map[int]bool {
	out := map[int]bool{}
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return out
	}
	for _, e := range ents {
		if to, err := os.Readlink("/proc/self/fd/" + e.Name()); err != nil || to != "anon_inode:[pidfd]" {
			continue
		}
		info, err := os.ReadFile("/proc/self/fdinfo/" + e.Name())
		if err != nil {
			continue
		}
		for _, line := range bytes.Split(info, []byte("\n")) {
			if v, ok := bytes.CutPrefix(line, []byte("Pid:")); ok {
				if p, err := strconv.Atoi(string(bytes.TrimSpace(v))); err == nil && p > 0 {
					out[p] = true
				}
			}
		}
	}
	return out
}

// osUsesPidfds reports whether the os package holds a pidfd for the
// processes it starts: os.FindProcess takes one exactly when it does.
func osUsesPidfds() bool {
	p, err := os.FindProcess(os.Getpid())
	if err != nil {
		return false
	}
	defer p.Release()
	return pidfdPids()[os.Getpid()]
}
