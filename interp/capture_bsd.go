//go:build unix && !linux

package interp

import "os"

// fionread asks how many bytes wait in a pipe: FIONREAD, _IOR('f', 127,
// int), on macOS and the BSDs.
const fionread = 0x4004667f

// growPipe leaves the pipe as it is: these systems have no F_SETPIPE_SZ.
func growPipe(w *os.File) {}
