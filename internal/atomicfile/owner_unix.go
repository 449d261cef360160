//go:build unix

package atomicfile

import (
	"io/fs"
	"os"
	"syscall"
)

// keepOwner gives f the owner and group of the file st describes, as far
// as the caller may: root (or a holder of CAP_CHOWN) keeps both; a caller
// who may not give the file away keeps the group if it belongs to it
// (chown to one's own group is allowed), else the file stays the
// caller's. GNU sed -i does the same.
func keepOwner(f *os.File, st fs.FileInfo) {
	sys, ok := st.Sys().(*syscall.Stat_t)
	if !ok {
		return
	}
	uid, gid := int(sys.Uid), int(sys.Gid)
	if uid == os.Geteuid() && gid == os.Getegid() {
		return // the temporary file has them already
	}
	if f.Chown(uid, gid) == nil {
		return
	}
	f.Chown(-1, gid)
}
