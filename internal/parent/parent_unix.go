//go:build unix && !linux

package parent

import (
	"context"
	"syscall"
)

// pids: JPY_PARENT_PID is a process id here.
const pids = true

// waitExit has no pidfd to wait on here: the caller looks every second.
func (w *watch) waitExit(ctx context.Context) (exited, ok bool) { return false, false }

// alive reports whether a process of that id exists.
func alive(pid int) bool {
	return syscall.Kill(pid, 0) != syscall.ESRCH
}
