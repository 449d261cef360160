//go:build unix

package children

import "syscall"

// stop sends SIGTERM to process p, or SIGKILL when hard.
func stop(p int, hard bool) {
	if hard {
		syscall.Kill(p, syscall.SIGKILL)
		return
	}
	syscall.Kill(p, syscall.SIGTERM)
}
