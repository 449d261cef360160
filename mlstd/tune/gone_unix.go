//go:build unix

package tune

import (
	"errors"
	"syscall"
)

// processGone reports whether no process has the id pid (a process of
// another user still exists: kill answers EPERM).
func processGone(pid int) bool {
	return errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
}
