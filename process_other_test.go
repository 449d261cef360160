//go:build !linux

package main

import "time"

// waitEnded reports whether process pid has ended, from /proc where there
// is one; without pidfds it cannot wait.
func waitEnded(pid int, d time.Duration) (bool, error) {
	state := processState(pid)
	return state == "" || state == "Z", nil
}
