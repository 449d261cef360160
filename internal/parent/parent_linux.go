package parent

import (
	"context"
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// pids: JPY_PARENT_PID is a process id here.
const pids = true

// waitExit waits on a pidfd of the process: true when it has exited,
// false when ctx is done first. ok is false when no pidfd can be had, and
// the caller must look by other means.
func (w *watch) waitExit(ctx context.Context) (exited, ok bool) {
	fd, err := unix.PidfdOpen(w.pid, 0)
	if errors.Is(err, unix.ESRCH) {
		return true, true
	}
	if err != nil {
		return false, false
	}
	defer unix.Close(fd)
	// The pid might have been another process's before the pidfd was
	// opened: if the parent had exited by then, this process has
	// another parent now.
	if w.wasParent && os.Getppid() != w.pid {
		return true, true
	}
	// An eventfd wakes the poll when ctx is done.
	wake, err := unix.Eventfd(0, unix.EFD_CLOEXEC)
	if err != nil {
		return false, false
	}
	defer unix.Close(wake)
	stop := context.AfterFunc(ctx, func() {
		unix.Write(wake, []byte{1, 0, 0, 0, 0, 0, 0, 0})
	})
	defer stop()
	fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}, {Fd: int32(wake), Events: unix.POLLIN}}
	for {
		_, err := unix.Poll(fds, -1)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			return false, false
		}
		if fds[0].Revents != 0 {
			return true, true
		}
		return false, true
	}
}

// alive reports whether a process of that id exists.
func alive(pid int) bool {
	return unix.Kill(pid, 0) != unix.ESRCH
}
