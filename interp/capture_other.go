//go:build !unix

package interp

import "os"

func dupFile(fd int, name string) (*os.File, error) {
	if fd == 1 {
		return os.Stdout, nil
	}
	return os.Stderr, nil
}

// redirectFDs swaps the os.Stdout and os.Stderr variables where descriptors
// cannot be duplicated: writes through them are caught, writes to the
// descriptors themselves are not.
func redirectFDs(out, errw, realOut, realErr *os.File) (restore func() error, err error) {
	os.Stdout, os.Stderr = out, errw
	return func() error { os.Stdout, os.Stderr = realOut, realErr; return nil }, nil
}

func pending(f *os.File) (int, bool) { return 0, false }

// readPipe reads the pipe of ps. Without FIONREAD idle is never true, so
// busy needs no care here.
func readPipe(ps *pipeStream, buf []byte, hold bool) (int, error) {
	ps.busy.Store(true)
	return ps.r.Read(buf)
}

func growPipe(w *os.File) {}
