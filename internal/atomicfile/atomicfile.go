// Package atomicfile writes files so that readers see either the old
// content or the new, never a part: through a temporary file in the same
// directory, synced, then renamed over the target.
//
// A path that is a symbolic link is written through: the file it points
// to is replaced, and the link stays a link. An existing file keeps its
// permissions, and its owner and group when the caller may give them to
// the new file: root may (so `methodic run --inplace` as root leaves
// another user's notebook theirs). A caller who may not (an ordinary
// user replacing a file of someone else's that the mode lets it write)
// makes the file its own, keeping the group if it belongs to the group,
// as GNU sed -i does; writing in place instead would keep the owner but
// give up the all-or-nothing write this package exists for. Check tells, before any work is done, whether Write will
// be able to write a path, so that a long computation whose result
// cannot be saved fails at once rather than at the end.
//
// Errors name the path the caller gave (and the file a link points to),
// never the temporary file.
package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Write replaces path, or the file it links to, with data. An existing
// file keeps its permissions, and its owner and group as far as the
// caller may set them (see the package doc); a new one gets perm. A read-only file (see
// Check) is not replaced. On failure the temporary file is removed and
// the target is untouched.
func Write(path string, data []byte, perm os.FileMode) error {
	target, err := resolve(path)
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	st, err := os.Stat(target)
	if err == nil {
		if err := replaceable(path, target, st); err != nil {
			return err
		}
		perm = st.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".tmp-")
	if err != nil {
		return dirError(path, target, err)
	}
	if st != nil {
		keepOwner(tmp, st) // before the chmod: a chown may clear set-id bits
	}
	_, werr := tmp.Write(data)
	serr := tmp.Sync()
	cerr := tmp.Close()
	if err := errors.Join(werr, serr, cerr, os.Chmod(tmp.Name(), perm)); err != nil {
		os.Remove(tmp.Name())
		return &Error{Path: path, Target: target, Problem: "writing failed", Err: bare(err)}
	}
	if err := os.Rename(tmp.Name(), target); err != nil {
		os.Remove(tmp.Name())
		return &Error{Path: path, Target: target, Problem: "replacing it failed", Err: bare(err)}
	}
	return nil
}

// Check reports whether Write could write path now, without changing
// it: the folder exists and takes new files, path is not a folder, and an
// existing file is not read-only. A file is read-only when its mode has
// no write permission at all (r--r--r--), even for root, or when the
// caller may not write it.
//
// To learn whether the folder takes new files, Check creates an empty
// temporary file there and removes it: the one test that gives the same
// answer as the write will, whatever the permissions, ACLs or mount.
func Check(path string) error {
	target, err := resolve(path)
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	dir := filepath.Dir(target)
	ds, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &Error{Path: path, Target: target, Problem: fmt.Sprintf("the folder %s does not exist", dir)}
	case err != nil:
		return &Error{Path: path, Target: target, Problem: fmt.Sprintf("the folder %s cannot be read", dir), Err: bare(err)}
	case !ds.IsDir():
		return &Error{Path: path, Target: target, Problem: fmt.Sprintf("%s is not a folder", dir)}
	}
	if st, err := os.Stat(target); err == nil {
		if err := replaceable(path, target, st); err != nil {
			return err
		}
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(target)+".check-")
	if err != nil {
		return dirError(path, target, err)
	}
	tmp.Close()
	os.Remove(tmp.Name())
	return nil
}

// replaceable says why the existing file target (named path by the
// caller) must not be replaced, or returns nil.
func replaceable(path, target string, st fs.FileInfo) error {
	switch {
	case st.IsDir():
		return &Error{Path: path, Target: target, Problem: "it is a folder"}
	case !st.Mode().IsRegular():
		return &Error{Path: path, Target: target, Problem: "it is not a regular file"}
	case st.Mode().Perm()&0o222 == 0:
		return &Error{Path: path, Target: target, Problem: fmt.Sprintf("the file is read-only (mode %v)", st.Mode().Perm())}
	}
	if err := writable(target); err != nil {
		return &Error{Path: path, Target: target, Problem: "the file may not be written", Err: bare(err)}
	}
	return nil
}

// Error is a file that cannot be written, and why.
type Error struct {
	Path    string // as the caller named it
	Target  string // the file Path links to, or Path
	Problem string // what is wrong, for a person
	Err     error  // the system's error, if any
}

func (e *Error) Error() string {
	s := "cannot write " + e.Path
	if e.Target != e.Path {
		s += " (a link to " + e.Target + ")"
	}
	s += ": " + e.Problem
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// dirError explains why no file could be created beside target.
func dirError(path, target string, err error) error {
	dir := filepath.Dir(target)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &Error{Path: path, Target: target, Problem: fmt.Sprintf("the folder %s does not exist", dir)}
	case errors.Is(err, fs.ErrPermission):
		return &Error{Path: path, Target: target, Problem: fmt.Sprintf("the folder %s is not writable", dir), Err: bare(err)}
	}
	return &Error{Path: path, Target: target, Problem: fmt.Sprintf("no file can be created in the folder %s", dir), Err: bare(err)}
}

// bare strips the file name from a *PathError, which may name a
// temporary file, keeping the system's error.
func bare(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// resolve follows path through symbolic links to the file they name,
// which need not exist; it returns path itself when it is no link.
func resolve(path string) (string, error) {
	for i := 0; i < 40; i++ {
		st, err := os.Lstat(path)
		if err != nil || st.Mode()&fs.ModeSymlink == 0 {
			return path, nil
		}
		to, err := os.Readlink(path)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(to) {
			to = filepath.Join(filepath.Dir(path), to)
		}
		path = to
	}
	return "", errors.New("too many levels of symbolic links")
}
