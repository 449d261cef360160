package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/methodic-go/methodic/notebooks"
)

func runCLI(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

func TestUsageAndVersion(t *testing.T) {
	if code, _, stderr := runCLI(); code != 2 || !strings.Contains(stderr, "methodic run NOTEBOOK") {
		t.Errorf("no arguments: %d %q", code, stderr)
	}
	if code, _, stderr := runCLI("frobnicate"); code != 2 || !strings.Contains(stderr, `unknown command "frobnicate"`) {
		t.Errorf("unknown command: %d %q", code, stderr)
	}
	if code, stdout, _ := runCLI("version"); code != 0 || !strings.HasPrefix(stdout, "methodic ") || !strings.Contains(stdout, "go1.") {
		t.Errorf("version: %d %q", code, stdout)
	}
	for _, cmd := range []string{"kernel", "install", "run", "version"} {
		code, _, stderr := runCLI(cmd, "-h")
		if code != 0 || !strings.Contains(stderr, "usage: methodic "+cmd) {
			t.Errorf("%s -h: %d %q", cmd, code, stderr)
		}
	}
	if code, _, _ := runCLI("kernel"); code != 2 {
		t.Errorf("kernel without a connection file exits %d", code)
	}
	if code, _, stderr := runCLI("kernel", filepath.Join(t.TempDir(), "missing.json")); code != 1 || stderr == "" {
		t.Errorf("kernel with a missing connection file: %d %q", code, stderr)
	}
}

func TestInstallCommand(t *testing.T) {
	prefix := t.TempDir()
	code, stdout, stderr := runCLI("install", "--prefix", prefix)
	if code != 0 {
		t.Fatalf("install: %d %s", code, stderr)
	}
	dir := filepath.Join(prefix, "share", "jupyter", "kernels", "methodic")
	if !strings.Contains(stdout, dir) {
		t.Errorf("install does not say where it wrote: %q", stdout)
	}
	if _, err := os.Stat(filepath.Join(dir, "kernel.json")); err != nil {
		t.Error(err)
	}
	if code, _, _ := runCLI("install", "--prefix", prefix, "--sys-prefix"); code != 2 {
		t.Errorf("conflicting scopes exit %d", code)
	}
	if code, _, _ := runCLI("install", "--prefix", prefix, "--uninstall"); code != 0 {
		t.Errorf("uninstall exits %d", code)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("kernelspec still there: %v", err)
	}
}

func writeNotebook(t *testing.T, cells ...string) string {
	t.Helper()
	nb := notebooks.New()
	for _, c := range cells {
		nb.AddCell(notebooks.Code, c)
	}
	path := filepath.Join(t.TempDir(), "n.ipynb")
	if err := nb.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestRunCommand(t *testing.T) {
	in := writeNotebook(t, "x := 6", "x * 7")
	out := filepath.Join(t.TempDir(), "out.ipynb")
	// Flags after the notebook work too.
	if code, _, stderr := runCLI("run", in, "-o", out); code != 0 {
		t.Fatalf("run: %d\n%s", code, stderr)
	}
	nb, err := notebooks.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if got := nb.Cells[1].Outputs; len(got) != 1 || got[0].Data["text/plain"] != "42" {
		t.Errorf("outputs %+v", got)
	}

	page := filepath.Join(t.TempDir(), "run.html")
	if code, _, stderr := runCLI("run", in, "-o", out, "--html", page); code != 0 {
		t.Fatalf("run --html: %d\n%s", code, stderr)
	}
	if b, err := os.ReadFile(page); err != nil || !strings.Contains(string(b), "<pre>42</pre>") {
		t.Errorf("the HTML page lacks the result: %v\n%s", err, b)
	}
	if code, _, _ := runCLI("run", in, "--inplace"); code != 0 {
		t.Fatal("run --inplace failed")
	}
	if nb, err := notebooks.ReadFile(in); err != nil || len(nb.Cells[1].Outputs) != 1 {
		t.Errorf("--inplace did not write the outputs: %v", err)
	}
	if code, _, _ := runCLI("run", in, "-o", out, "--inplace"); code != 2 {
		t.Errorf("-o with --inplace exits %d", code)
	}
}

func TestRunCommandFailingCell(t *testing.T) {
	in := writeNotebook(t, "panic(\"boom\")", "1")
	out := filepath.Join(t.TempDir(), "out.ipynb")
	code, _, stderr := runCLI("run", in, "-o", out)
	if code != 1 || !strings.Contains(stderr, "cell 1 failed") {
		t.Fatalf("run of a failing notebook: %d\n%s", code, stderr)
	}
	nb, err := notebooks.ReadFile(out)
	if err != nil {
		t.Fatalf("the failing run did not write its notebook: %v", err)
	}
	if o := nb.Cells[0].Outputs; len(o) != 1 || o[0].Type != notebooks.Error {
		t.Errorf("the error is not saved in the cell: %+v", o)
	}
	if code, _, _ := runCLI("run", in, "-o", out, "--allow-errors"); code != 0 {
		t.Errorf("--allow-errors exits %d", code)
	}
}

// TestRunCommandFailedDefine is issue 14's crash: a := that fails to
// compile after a variable exists killed methodic run with a Go stack
// trace, and no notebook was written. The run now stops at that cell,
// with Go's message saved in it.
func TestRunCommandFailedDefine(t *testing.T) {
	in := writeNotebook(t, "x := 1", "pr := display.Table(1)", "x")
	out := filepath.Join(t.TempDir(), "out.ipynb")
	code, _, stderr := runCLI("run", in, "-o", out, "--allow-errors")
	if code != 0 || strings.Contains(stderr, "goroutine ") {
		t.Fatalf("run: %d\n%s", code, stderr)
	}
	nb, err := notebooks.ReadFile(out)
	if err != nil {
		t.Fatalf("the run did not write its notebook: %v", err)
	}
	o := nb.Cells[1].Outputs
	if len(o) != 1 || o[0].Type != notebooks.Error || o[0].Ename != "CompileError" ||
		!strings.Contains(o[0].Evalue, "cannot convert 1 (untyped int constant) to type display.Table") {
		t.Errorf("the error is not saved in the cell: %+v", o)
	}
	if o := nb.Cells[2].Outputs; len(o) != 1 || o[0].Data["text/plain"] != "1" {
		t.Errorf("x after the failed cell: %+v", o)
	}
}

func TestRunCommandBadNotebook(t *testing.T) {
	in := filepath.Join(t.TempDir(), "bad.ipynb")
	if err := os.WriteFile(in, []byte(`{"cells": [`), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI("run", in, "--inplace")
	if code != 1 || !strings.Contains(stderr, "not a notebook") {
		t.Errorf("bad notebook: %d %q", code, stderr)
	}
	if b, _ := os.ReadFile(in); string(b) != `{"cells": [` {
		t.Errorf("the bad notebook was changed: %q", b)
	}
}

// TestRunCommandUsageErrors: a flag that does not parse is reported once,
// with the usage, and exits 2, as every usage error does; a negative
// timeout is one.
func TestRunCommandUsageErrors(t *testing.T) {
	in := writeNotebook(t, "1")
	code, _, stderr := runCLI("run", in, "--timeout", "banana")
	if code != 2 || strings.Count(stderr, "banana") != 1 || !strings.Contains(stderr, "usage: methodic run") {
		t.Errorf("--timeout banana: exit %d, want 2 and the error once:\n%s", code, stderr)
	}
	code, _, stderr = runCLI("run", in, "--timeout", "-1s")
	if code != 2 || !strings.Contains(stderr, "negative") {
		t.Errorf("--timeout -1s: exit %d, want 2 and a refusal:\n%s", code, stderr)
	}
	if _, err := os.Stat(strings.TrimSuffix(in, ".ipynb") + ".out.ipynb"); !os.IsNotExist(err) {
		t.Errorf("a refused command line ran the notebook: %v", err)
	}
	code, _, stderr = runCLI("worker", "--n-trials", "many")
	if code != 2 || strings.Count(stderr, "many") != 1 {
		t.Errorf("worker --n-trials many: exit %d, want 2 and the error once:\n%s", code, stderr)
	}
}

// TestRunInplaceKeepsOwner: root running --inplace on another user's
// notebook leaves it theirs (owner, group and mode), with the outputs.
func TestRunInplaceKeepsOwner(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to give the notebook to another user (the tests run as root here and in CI)")
	}
	const other = 1000
	in := writeNotebook(t, "1 + 1")
	if err := os.Chown(in, other, other); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(in, 0o640); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI("run", in, "--inplace"); code != 0 {
		t.Fatalf("run --inplace: %d\n%s", code, stderr)
	}
	st, err := os.Stat(in)
	if err != nil {
		t.Fatal(err)
	}
	sys := st.Sys().(*syscall.Stat_t)
	if sys.Uid != other || sys.Gid != other || st.Mode().Perm() != 0o640 {
		t.Errorf("after --inplace as root the notebook is %d:%d %v; want %d:%d -rw-r-----", sys.Uid, sys.Gid, st.Mode().Perm(), other, other)
	}
	nb, err := notebooks.ReadFile(in)
	if err != nil {
		t.Fatal(err)
	}
	if o := nb.Cells[0].Outputs; len(o) != 1 || o[0].Data["text/plain"] != "2" {
		t.Errorf("outputs %+v", o)
	}
}

// TestRunInplaceKeepsCellsNotRun: a failed --inplace run writes the
// notebook with the cells it did not reach as they were.
func TestRunInplaceKeepsCellsNotRun(t *testing.T) {
	in := writeNotebook(t, "x := 1", "panic(\"boom\")", "x + 1")
	if code, _, stderr := runCLI("run", in, "--inplace", "--allow-errors"); code != 0 {
		t.Fatalf("first run: %d\n%s", code, stderr)
	}
	before, err := notebooks.ReadFile(in)
	if err != nil {
		t.Fatal(err)
	}
	if c := before.Cells[2]; len(c.Outputs) != 1 || c.Outputs[0].Data["text/plain"] != "2" || *c.ExecutionCount != 3 {
		t.Fatalf("the first run left cell 3 as %+v", c)
	}
	code, _, stderr := runCLI("run", in, "--inplace")
	if code != 1 || !strings.Contains(stderr, "cell 2 failed") {
		t.Fatalf("second run: %d\n%s", code, stderr)
	}
	after, err := notebooks.ReadFile(in)
	if err != nil {
		t.Fatal(err)
	}
	if c := after.Cells[2]; len(c.Outputs) != 1 || c.Outputs[0].Data["text/plain"] != "2" || c.ExecutionCount == nil || *c.ExecutionCount != 3 {
		t.Errorf("the failed --inplace run changed cell 3, which it did not run: %+v", c)
	}
	if c := after.Cells[1]; len(c.Outputs) != 1 || c.Outputs[0].Type != notebooks.Error {
		t.Errorf("the failing cell holds %+v", c.Outputs)
	}
}

// TestRunCommandOtherLanguage: a notebook for another kernel is refused
// before anything runs, and left alone; --as-go runs it, and the written
// notebook then says it is Go.
func TestRunCommandOtherLanguage(t *testing.T) {
	in := filepath.Join(t.TempDir(), "py.ipynb")
	py := `{"cells": [{"cell_type": "code", "execution_count": 3, "id": "c1", "metadata": {},
  "outputs": [{"name": "stdout", "output_type": "stream", "text": ["2\n"]}], "source": ["x := 1 + 1\n", "x"]}],
 "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
  "language_info": {"name": "python", "version": "3.11.2"}},
 "nbformat": 4, "nbformat_minor": 5}`
	if err := os.WriteFile(in, []byte(py), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI("run", in, "--inplace")
	if code != 1 || !strings.Contains(stderr, "python") || !strings.Contains(stderr, "--as-go") || strings.Contains(stderr, "running") {
		t.Errorf("a python3 notebook: exit %d, want 1, a refusal naming python and --as-go, and no run:\n%s", code, stderr)
	}
	if b, _ := os.ReadFile(in); string(b) != py {
		t.Errorf("the refused notebook was changed:\n%s", b)
	}
	out := filepath.Join(t.TempDir(), "go.ipynb")
	if code, _, stderr := runCLI("run", in, "-o", out, "--as-go"); code != 0 {
		t.Fatalf("--as-go: %d\n%s", code, stderr)
	}
	nb, err := notebooks.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if l := nb.Language(); l != "go" {
		t.Errorf("the notebook run with --as-go says its language is %q", l)
	}
	if o := nb.Cells[0].Outputs; len(o) != 1 || o[0].Data["text/plain"] != "2" {
		t.Errorf("outputs %+v", o)
	}
}

// asUser makes cmd run as a user whom file modes bind. Root ignores
// them, so as root the command runs as nobody (uid and gid 65534), the
// paths given are handed to nobody, and the folders above them made
// passable; anyone else runs it as themselves.
func asUser(t *testing.T, cmd *exec.Cmd, paths ...string) {
	t.Helper()
	if os.Geteuid() != 0 {
		return
	}
	const nobody = 65534
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
	for _, p := range append(paths, cmd.Path) {
		if err := os.Lchown(p, nobody, nobody); err != nil {
			t.Fatal(err)
		}
		for d := filepath.Dir(p); d != "/" && d != "."; d = filepath.Dir(d) {
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

// TestRunCommandOutputProblems: an output that cannot be written is
// found before any cell runs (the cell here would leave a mark), and the
// message names the user's file, never a temporary one.
func TestRunCommandOutputProblems(t *testing.T) {
	dir := t.TempDir()
	mark := filepath.Join(dir, "ran")
	in := writeNotebook(t, fmt.Sprintf("os.WriteFile(%q, nil, 0o644)", mark))
	readOnly := filepath.Join(dir, "read-only.ipynb")
	if err := os.WriteFile(readOnly, []byte("keep me"), 0o444); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(readOnly, 0o444); err != nil {
		t.Fatal(err)
	}
	refused := func(t *testing.T, code int, stderr, out, want string) {
		t.Helper()
		if code != 1 || !strings.Contains(stderr, out) || !strings.Contains(stderr, want) || strings.Contains(stderr, ".tmp-") || strings.Contains(stderr, "running") {
			t.Errorf("-o %s: exit %d, want 1, a message naming it that says %q, and no run:\n%s", out, code, want, stderr)
		}
		if _, err := os.Stat(mark); err == nil {
			t.Errorf("-o %s: a cell ran before the output was found unwritable", out)
			os.Remove(mark)
		}
	}
	for _, tc := range []struct{ name, out, want string }{
		{"missing folder", filepath.Join(dir, "missing", "out.ipynb"), "does not exist"},
		{"folder in place of the file", dir, "is a folder"},
		{"read-only file", readOnly, "read-only"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runCLI("run", in, "-o", tc.out)
			refused(t, code, stderr, tc.out, tc.want)
		})
	}
	if b, _ := os.ReadFile(readOnly); string(b) != "keep me" {
		t.Errorf("the read-only file was replaced: %q", b)
	}
	code, _, stderr := runCLI("run", in, "--inplace", "--html", filepath.Join(dir, "missing", "run.html"))
	refused(t, code, stderr, filepath.Join(dir, "missing", "run.html"), "does not exist")

	// A real read-only folder: the binary runs as a user whom its mode
	// binds (see asUser).
	t.Run("read-only folder", func(t *testing.T) {
		ro := filepath.Join(t.TempDir(), "read-only")
		if err := os.Mkdir(ro, 0o755); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(methodicBinary(t), "run", in, "-o", filepath.Join(ro, "out.ipynb"))
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		cmd.Env = append(os.Environ(), "HOME="+dir)
		asUser(t, cmd, ro, in, dir)
		if err := os.Chmod(ro, 0o555); err != nil {
			t.Fatal(err)
		}
		err := cmd.Run()
		code := cmd.ProcessState.ExitCode()
		refused(t, code, stderr.String(), filepath.Join(ro, "out.ipynb"), "is not writable")
		if err == nil {
			t.Error("no error")
		}
	})
}

// TestRunCommandInplaceThroughLink: --inplace on a symbolic link writes
// the file it names, which keeps its mode; the link stays a link.
func TestRunCommandInplaceThroughLink(t *testing.T) {
	real := writeNotebook(t, "6 * 7")
	if err := os.Chmod(real, 0o640); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "link.ipynb")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI("run", link, "--inplace"); code != 0 {
		t.Fatalf("run --inplace on a link: %d\n%s", code, stderr)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced by a file: %v %v", st.Mode(), err)
	}
	st, _ := os.Stat(real)
	nb, err := notebooks.ReadFile(real)
	if err != nil || len(nb.Cells[0].Outputs) != 1 || st.Mode().Perm() != 0o640 {
		t.Errorf("the linked notebook: %v, mode %v, outputs %+v; want its outputs and mode 0640", err, st.Mode().Perm(), nb.Cells[0].Outputs)
	}
}
