package main

import (
	"errors"
	"time"

	"golang.org/x/sys/unix"
)

// waitEnded waits up to d for process pid (not necessarily a child of
// the test) to end, and reports whether it did. A process ends after it
// has closed its files: a reader that saw its output close may still
// find it exiting, so the test waits for the end itself, which Linux
// signals on a pidfd.
func waitEnded(pid int, d time.Duration) (bool, error) {
	fd, err := unix.PidfdOpen(pid, 0)
	if errors.Is(err, unix.ESRCH) {
		return true, nil // already reaped
	}
	if err != nil {
		return false, err
	}
	defer unix.Close(fd)
	deadline := time.Now().Add(d)
	for {
		fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
		n, err := unix.Poll(fds, int(time.Until(deadline).Milliseconds()))
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			return false, err
		}
		return n > 0, nil
	}
}
