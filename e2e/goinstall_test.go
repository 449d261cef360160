package e2e

import (
	"archive/zip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestCompiledCellsGoInstall installs the kernel as a user would, with
// go install MODULE@VERSION, from a module proxy on disk that serves this
// working tree as a version of github.com/methodic-go/methodic (and every
// other module from the module cache), and runs a notebook whose compiled
// cell imports one of the kernel's own packages: the plugin must be built
// from the module cache's copy of the sources, matching the installed
// binary package by package.
func TestCompiledCellsGoInstall(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the whole kernel from a module proxy on disk (minutes)")
	}
	root := repoRoot(t)
	out, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	realCache := strings.TrimSpace(string(out))
	base := t.TempDir()
	version := "v0.0.0-20260101000000-e2e000000000"
	proxy := filepath.Join(base, "proxy")
	writeModuleProxy(t, root, proxy, version)

	env := append(os.Environ(),
		"GOPROXY=file://"+proxy+",file://"+filepath.Join(realCache, "cache", "download"),
		"GONOSUMDB=github.com/methodic-go/methodic",
		"GOFLAGS=-modcacherw",
		"GOMODCACHE="+filepath.Join(base, "modcache"),
		"GOBIN="+filepath.Join(base, "bin"),
		"GOSUMDB=off",
	)
	install := exec.Command("go", "install", "github.com/methodic-go/methodic@"+version)
	install.Dir = base
	install.Env = env
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("go install: %v\n%s", err, out)
	}
	exe := filepath.Join(base, "bin", "methodic")

	check := exec.Command(exe, "install", "--prefix", filepath.Join(base, "jupyter"))
	check.Env = env
	out, err = check.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "%%compile cells: ready") || !strings.Contains(string(out), "methodic@"+version) {
		t.Fatalf("methodic install does not find the module cache's sources: %v\n%s", err, out)
	}

	nb := `{"cells": [
 {"cell_type": "code", "id": "compile", "execution_count": null, "metadata": {}, "outputs": [], "source": ["%%compile\n", "func acc(y, p []int) float64 {\n", "\ta, _ := metrics.Accuracy(y, p, nil)\n", "\treturn a\n", "}\n"]},
 {"cell_type": "code", "id": "call", "execution_count": null, "metadata": {}, "outputs": [], "source": ["acc([]int{1, 0, 1, 1}, []int{1, 1, 1, 1})"]}
], "metadata": {"kernelspec": {"name": "methodic", "display_name": "Go (Methodic)", "language": "go"}}, "nbformat": 4, "nbformat_minor": 5}`
	in := filepath.Join(base, "in.ipynb")
	if err := os.WriteFile(in, []byte(nb), 0o644); err != nil {
		t.Fatal(err)
	}
	outNB := filepath.Join(base, "out.ipynb")
	run := exec.Command(exe, "run", in, "-o", outNB, "--timeout", "15m")
	run.Env = env
	start := time.Now()
	if out, err := run.CombinedOutput(); err != nil {
		b, _ := os.ReadFile(outNB)
		t.Fatalf("methodic run: %v\n%s\n%s", err, out, b)
	}
	t.Logf("the notebook ran in %s (the first compile builds the kernel's packages for plugins)", time.Since(start).Round(time.Second))
	b, err := os.ReadFile(outNB)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"0.75"`) {
		t.Fatalf("acc did not give 0.75:\n%s", b)
	}
}

// writeModuleProxy writes a GOPROXY directory serving the files git
// tracks in root, as they are on disk, as version of the kernel's module.
func writeModuleProxy(t *testing.T, root, proxy, version string) {
	t.Helper()
	dir := filepath.Join(proxy, "github.com", "methodic-go", "methodic", "@v")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	ls := exec.Command("git", "ls-files", "-z")
	ls.Dir = root
	files, err := ls.Output()
	if err != nil {
		t.Skipf("git ls-files: %v (the test needs a git checkout)", err)
	}
	zf, err := os.Create(filepath.Join(dir, version+".zip"))
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(zf)
	prefix := "github.com/methodic-go/methodic@" + version + "/"
	for _, name := range strings.Split(strings.TrimRight(string(files), "\x00"), "\x00") {
		data, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			continue // deleted in the working tree
		}
		w, err := zw.Create(prefix + name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	zf.Close()
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{
		version + ".mod":  string(mod),
		version + ".info": `{"Version":"` + version + `","Time":"2026-01-01T00:00:00Z"}`,
		"list":            version + "\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
