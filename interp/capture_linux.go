package interp

import (
	"os"

	"golang.org/x/sys/unix"
)

// fionread asks how many bytes wait in a pipe.
const fionread = unix.TIOCINQ

// growPipe makes the pipe of w, descriptor 2's, hold 256 KiB. When Go reports a fatal error
// (which ends the process: a stack overflow that the watch of watch.go
// missed, concurrent map writes) it writes its report to descriptor 2
// with every goroutine stopped, the pipe's reader too: a report larger
// than the pipe then blocked the dying process for good. The report also
// goes to the original standard error (debug.SetCrashOutput in
// capture.go).
func growPipe(w *os.File) {
	if c, err := w.SyscallConn(); err == nil {
		c.Control(func(fd uintptr) { unix.FcntlInt(fd, unix.F_SETPIPE_SZ, 256<<10) })
	}
}
