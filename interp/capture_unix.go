//go:build unix

package interp

import (
	"io"
	"os"

	"golang.org/x/sys/unix"
)

func dupFile(fd int, name string) (*os.File, error) {
	nfd, err := unix.Dup(fd)
	if err != nil {
		return nil, err
	}
	unix.CloseOnExec(nfd)
	return os.NewFile(uintptr(nfd), name), nil
}

// redirectFDs points descriptors 1 and 2 at out and errw, and returns how
// to point them back at the originals.
func redirectFDs(out, errw, realOut, realErr *os.File) (restore func() error, err error) {
	if err := unix.Dup2(int(out.Fd()), 1); err != nil {
		return nil, err
	}
	if err := unix.Dup2(int(errw.Fd()), 2); err != nil {
		unix.Dup2(int(realOut.Fd()), 1)
		return nil, err
	}
	return func() error {
		if err := unix.Dup2(int(realOut.Fd()), 1); err != nil {
			return err
		}
		return unix.Dup2(int(realErr.Fd()), 2)
	}, nil
}

// pending returns how many bytes wait in a pipe; ok is false when it
// cannot tell.
func pending(f *os.File) (n int, ok bool) {
	c, err := f.SyscallConn()
	if err != nil {
		return 0, false
	}
	var ierr error
	if err := c.Control(func(fd uintptr) { n, ierr = unix.IoctlGetInt(int(fd), fionread) }); err != nil || ierr != nil {
		return 0, false
	}
	return n, true
}

// readPipe reads what waits in the pipe of ps, waiting for it when the
// pipe is empty. It sets ps.busy before each read system call, and sets it
// back to hold when the pipe turns out empty, so that idle never sees an
// empty pipe while bytes just read are on their way.
func readPipe(ps *pipeStream, buf []byte, hold bool) (int, error) {
	rc, err := ps.r.SyscallConn()
	if err != nil {
		ps.busy.Store(true)
		return ps.r.Read(buf)
	}
	var n int
	var rerr error
	err = rc.Read(func(fd uintptr) bool {
		ps.busy.Store(true)
		for {
			n, rerr = unix.Read(int(fd), buf)
			if rerr != unix.EINTR {
				break
			}
		}
		if rerr == unix.EAGAIN {
			ps.busy.Store(hold)
			return false
		}
		return true
	})
	switch {
	case err != nil:
		return 0, err
	case rerr != nil:
		return 0, rerr
	case n <= 0:
		return 0, io.EOF
	}
	return n, nil
}
