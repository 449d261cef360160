//go:build !unix

package children

import "os"

// stop ends process p; there is no gentle way here.
func stop(p int, hard bool) {
	if proc, err := os.FindProcess(p); err == nil {
		proc.Kill()
	}
}
