package parent

import (
	"context"
	"os"
	"strconv"
	"time"
)

// Env is the variable in which jupyter_client gives a kernel the process
// id of the server that launched it.
const Env = "JPY_PARENT_PID"

// FromEnv returns the process id in JPY_PARENT_PID, or 0 when there is
// none to watch: unset, not a number, 1 (init never exits), or not a
// process id on this system.
func FromEnv() int {
	pid, err := strconv.Atoi(os.Getenv(Env))
	if err != nil || pid <= 1 || !pids {
		return 0
	}
	return pid
}

// Watch returns a context that is cancelled when ctx is, or when the
// process pid has exited, and a function that stops watching (call it
// when done, as with context.WithCancel). Gone reports whether the
// process's exit is what cancelled it. A process that has already exited
// when Watch is called cancels the context at once.
func Watch(ctx context.Context, pid int) (wctx context.Context, gone func() bool, stop func()) {
	ctx, cancel := context.WithCancelCause(ctx)
	w := &watch{pid: pid, wasParent: os.Getppid() == pid}
	go func() {
		if w.wait(ctx) {
			cancel(errGone)
		}
	}()
	gone = func() bool { return context.Cause(ctx) == errGone }
	return ctx, gone, func() { cancel(context.Canceled) }
}

type goneError struct{}

func (goneError) Error() string { return "parent: the process that started this one has exited" }

var errGone error = goneError{}

// watch is the state of one Watch.
type watch struct {
	pid       int
	wasParent bool // pid was this process's parent when Watch began
}

// wait blocks until the process has exited (true) or ctx is done (false).
func (w *watch) wait(ctx context.Context) bool {
	if exited, ok := w.waitExit(ctx); ok {
		return exited
	}
	// No pidfd: look every second.
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		if w.exited() {
			return true
		}
		select {
		case <-ctx.Done():
			return false
		case <-t.C:
		}
	}
}

// exited reports whether the process has exited, without a pidfd: a
// parent that has exited leaves this process to another (init, or a
// subreaper), and another process signals ESRCH once it is gone.
func (w *watch) exited() bool {
	if w.wasParent {
		return os.Getppid() != w.pid
	}
	return !alive(w.pid)
}
