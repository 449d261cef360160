//go:build unix

package atomicfile

import "golang.org/x/sys/unix"

// writable asks the system whether the caller may write an existing
// file (for root it always may).
func writable(path string) error { return unix.Access(path, unix.W_OK) }
