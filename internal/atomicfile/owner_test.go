//go:build unix

package atomicfile

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
)

// Users of this machine's tests: root runs them (here and in CI); the
// files belong to other, who is nobody's fellow in no group but its own.
const (
	other  = 1000
	nobody = 65534
)

func owner(t *testing.T, path string) (uid, gid int) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	sys := st.Sys().(*syscall.Stat_t)
	return int(sys.Uid), int(sys.Gid)
}

// fileOf writes a file in a fresh folder that anyone may write, owned by
// uid:gid with mode perm.
func fileOf(t *testing.T, uid, gid int, perm os.FileMode) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "shared")
	if err := os.Mkdir(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o777); err != nil { // whatever the umask; not sticky
		t.Fatal(err)
	}
	path := filepath.Join(dir, "nb.ipynb")
	if err := os.WriteFile(path, []byte("old"), perm); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, perm); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(path, uid, gid); err != nil {
		t.Fatal(err)
	}
	return path
}

func needRoot(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root to make files owned by another user (the tests run as root here and in CI)")
	}
}

// TestWriteKeepsOwner: root replacing another user's file leaves it
// theirs, owner and group, with its mode.
func TestWriteKeepsOwner(t *testing.T) {
	needRoot(t)
	path := fileOf(t, other, other, 0o640)
	if err := Write(path, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	if uid, gid := owner(t, path); uid != other || gid != other {
		t.Errorf("after root's Write the file belongs to %d:%d, want %d:%d", uid, gid, other, other)
	}
	st, _ := os.Stat(path)
	if b, _ := os.ReadFile(path); string(b) != "new" || st.Mode().Perm() != 0o640 {
		t.Errorf("after root's Write: %q, mode %v; want %q, 0640", b, st.Mode().Perm(), "new")
	}
}

// TestWriteOwnerNotAllowed: a user who may write another user's file but
// not give a file away makes the replaced file its own, keeping the
// group when it belongs to the group (the package doc's promise). The
// Write runs in a child process of this test binary as nobody.
func TestWriteOwnerNotAllowed(t *testing.T) {
	needRoot(t)
	bin := filepath.Join(t.TempDir(), "atomicfile.test")
	copyExecutable(t, bin)
	for _, tc := range []struct {
		name     string
		groups   []uint32
		wantGid  int
		fileMode os.FileMode
	}{
		{"not in the file's group", nil, nobody, 0o666},
		{"in the file's group", []uint32{other}, other, 0o664},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := fileOf(t, other, other, tc.fileMode)
			passable(t, path, bin)
			cmd := exec.Command(bin, "-test.run=^TestWriteChild$")
			cmd.Env = append(os.Environ(), "ATOMICFILE_WRITE="+path)
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody, Groups: tc.groups}}
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("the Write as nobody: %v\n%s", err, out)
			}
			if b, _ := os.ReadFile(path); string(b) != "new" {
				t.Fatalf("the file holds %q after the Write as nobody", b)
			}
			if uid, gid := owner(t, path); uid != nobody || gid != tc.wantGid {
				t.Errorf("the file belongs to %d:%d, want %d:%d", uid, gid, nobody, tc.wantGid)
			}
			if st, _ := os.Stat(path); st.Mode().Perm() != tc.fileMode {
				t.Errorf("mode %v, want %v", st.Mode().Perm(), tc.fileMode)
			}
		})
	}
}

// TestWriteChild is the child of TestWriteOwnerNotAllowed.
func TestWriteChild(t *testing.T) {
	path := os.Getenv("ATOMICFILE_WRITE")
	if path == "" {
		t.Skip("run by TestWriteOwnerNotAllowed")
	}
	if err := Write(path, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
}

func copyExecutable(t *testing.T, to string) {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	in, err := os.Open(self)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// passable lets anyone through the folders above each path, up to the
// temporary folder (t.TempDir makes them 0700); it changes nothing above
// that, and skips the test when nobody cannot get through those.
func passable(t *testing.T, paths ...string) {
	t.Helper()
	top := filepath.Clean(os.TempDir())
	for d := top; ; d = filepath.Dir(d) {
		st, err := os.Stat(d)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm()&0o001 == 0 {
			t.Skipf("nobody cannot pass %s, above the temporary folder", d)
		}
		if d == filepath.Dir(d) {
			break
		}
	}
	for _, p := range paths {
		for d := filepath.Dir(p); d != top && d != filepath.Dir(d); d = filepath.Dir(d) {
			st, err := os.Stat(d)
			if err != nil {
				t.Fatal(err)
			}
			if st.Mode().Perm()&0o001 == 0 {
				if err := os.Chmod(d, st.Mode().Perm()|0o011); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}
