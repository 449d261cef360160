package atomicfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f")
	if err := Write(path, []byte("one"), 0o640); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o640 {
		t.Errorf("new file mode %v", st.Mode().Perm())
	}
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Write(path, []byte("two"), 0o644); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	st, _ := os.Stat(path)
	if string(b) != "two" || st.Mode().Perm() != 0o600 {
		t.Errorf("after replace: %q %v", b, st.Mode().Perm())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
	if err := Write(filepath.Join(dir, "missing", "f"), nil, 0o644); err == nil {
		t.Error("writing into a missing directory succeeded")
	}
}

// TestWriteThroughLink: a symbolic link is written through and stays a
// link; the file it names keeps its mode.
func TestWriteThroughLink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real", "f")
	if err := os.Mkdir(filepath.Dir(real), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(real, []byte("old"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(real, 0o640); err != nil { // whatever the umask
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink("real/f", link); err != nil {
		t.Fatal(err)
	}
	if err := Check(link); err != nil {
		t.Fatal(err)
	}
	if err := Write(link, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link is no longer a link: %v %v", st.Mode(), err)
	}
	b, _ := os.ReadFile(real)
	st, _ := os.Stat(real)
	if string(b) != "new" || st.Mode().Perm() != 0o640 {
		t.Errorf("the linked file holds %q with mode %v; want %q, 0640", b, st.Mode().Perm(), "new")
	}
	// A link to a file that does not exist yet creates it.
	dangling := filepath.Join(dir, "dangling")
	if err := os.Symlink("real/g", dangling); err != nil {
		t.Fatal(err)
	}
	if err := Write(dangling, []byte("g"), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "real", "g")); string(b) != "g" {
		t.Errorf("writing through a dangling link: %q", b)
	}
}

// TestCheck: what cannot be written is found before writing, and named
// as the caller named it, never as a temporary file.
func TestCheck(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	readOnly := filepath.Join(dir, "ro")
	if err := os.WriteFile(readOnly, []byte("keep"), 0o444); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(readOnly, 0o444); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path, want string
	}{
		{filepath.Join(dir, "missing", "out"), "does not exist"},
		{filepath.Join(file, "out"), "is not a folder"},
		{dir, "it is a folder"},
		{readOnly, "read-only (mode -r--r--r--)"},
	} {
		err := Check(tc.path)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), tc.path) || strings.Contains(err.Error(), ".tmp-") || strings.Contains(err.Error(), ".check-") {
			t.Errorf("Check(%s) = %v; want an error naming it that says %q", tc.path, err, tc.want)
		}
		err = Write(tc.path, []byte("new"), 0o644)
		if err == nil || !strings.Contains(err.Error(), tc.path) || strings.Contains(err.Error(), ".tmp-") {
			t.Errorf("Write(%s) = %v; want an error naming it", tc.path, err)
		}
	}
	if b, _ := os.ReadFile(readOnly); string(b) != "keep" {
		t.Errorf("the read-only file was replaced: %q", b)
	}
	if err := Check(filepath.Join(dir, "new")); err != nil {
		t.Errorf("Check of a new file in a writable folder: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("Check left files behind: %v", entries)
	}
}
