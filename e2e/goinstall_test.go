package e2e

import (
	"archive/zip"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestCompiledCellsGoInstall installs the kernel as a user would, with
// go install MODULE@VERSION, from a module proxy on disk that serves this
// working tree as a version of github.com/methodic-go/methodic, and runs a
// notebook whose compiled cell imports one of the kernel's own packages:
// the plugin must be built from the module cache's copy of the sources,
// matching the installed binary package by package.
//
// What it costs, and why it is cheap now: a compiled package records the
// paths of its sources, so the go command's build cache only serves a
// package compiled from the same directory. The test used to install
// into an empty module cache of its own, which made the go command
// compile every dependency of the kernel again (modernc's SQLite alone
// takes minutes) and then again for plugins: 16 min at a load of 27, 6.5
// at 10. It now installs into the real module cache, where every
// dependency is the copy all other builds compiled, so only the kernel's
// own packages are compiled, as they must be (they are new sources at a
// new version). The version is made up for this run (a pseudo-version of
// the current time, with "e2e" in its hash), so that two runs never share
// it; the test removes its copy of the kernel from the module cache
// afterwards, and copies older than a day that a killed run left behind.
//
// The cell imports mlstd/tune/functions, a package of the kernel module
// that the kernel links (its symbol tables hold it) and that needs nothing
// but the standard library: the plugin's copy must match the binary's,
// which is what a kernel installed with go install must get right, and
// building it for a plugin takes seconds, where mlstd/metrics drew in
// display, gonum and plot (their own matching is proven by the compiled
// cells of TestNotebooksRunInNbclient, whose kernel sees another module
// cache).
func TestCompiledCellsGoInstall(t *testing.T) {
	if testing.Short() {
		t.Skip("installs the kernel with go install from a module proxy on disk")
	}
	root := repoRoot(t)
	out, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	modCache := strings.TrimSpace(string(out))
	sweepInstalledKernels(t, modCache, 24*time.Hour)
	base := t.TempDir()
	now := time.Now().UTC()
	version := fmt.Sprintf("v0.0.0-%s-e2e%09x", now.Format("20060102150405"), rand.Uint64()&(1<<36-1))
	t.Cleanup(func() { removeInstalledKernel(t, modCache, version) })
	proxy := filepath.Join(base, "proxy")
	writeModuleProxy(t, root, proxy, version)

	env := append(os.Environ(),
		"GOPROXY=file://"+proxy+",file://"+filepath.Join(modCache, "cache", "download"),
		"GONOSUMDB=github.com/methodic-go/methodic",
		"GOFLAGS=-modcacherw",
		"GOMODCACHE="+modCache,
		"GOBIN="+filepath.Join(base, "bin"),
		"GOSUMDB=off",
	)
	install := exec.Command("go", "install", "github.com/methodic-go/methodic@"+version)
	install.Dir = base
	install.Env = env
	start := time.Now()
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("go install: %v\n%s", err, out)
	}
	t.Logf("go install took %s", time.Since(start).Round(time.Second))
	exe := filepath.Join(base, "bin", "methodic")

	check := exec.Command(exe, "install", "--prefix", filepath.Join(base, "jupyter"))
	check.Env = env
	out, err = check.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "%%compile cells: ready") || !strings.Contains(string(out), "methodic@"+version) {
		t.Fatalf("methodic install does not find the module cache's sources: %v\n%s", err, out)
	}

	nb := `{"cells": [
 {"cell_type": "code", "id": "compile", "execution_count": null, "metadata": {}, "outputs": [], "source": ["%%compile\n", "import \"github.com/methodic-go/methodic/mlstd/tune/functions\"\n", "\n", "func gap(x1, x2 float64) float64 {\n", "\treturn functions.Branin(x1, x2) - functions.BraninMin\n", "}\n"]},
 {"cell_type": "code", "id": "call", "execution_count": null, "metadata": {}, "outputs": [], "source": ["gap(math.Pi, 2.275) < 1e-5"]}
], "metadata": {"kernelspec": {"name": "methodic", "display_name": "Go (Methodic)", "language": "go"}}, "nbformat": 4, "nbformat_minor": 5}`
	in := filepath.Join(base, "in.ipynb")
	if err := os.WriteFile(in, []byte(nb), 0o644); err != nil {
		t.Fatal(err)
	}
	outNB := filepath.Join(base, "out.ipynb")
	run := exec.Command(exe, "run", in, "-o", outNB, "--timeout", "15m")
	run.Env = env
	start = time.Now()
	if out, err := run.CombinedOutput(); err != nil {
		b, _ := os.ReadFile(outNB)
		t.Fatalf("methodic run: %v\n%s\n%s", err, out, b)
	}
	t.Logf("the notebook ran in %s", time.Since(start).Round(time.Second))
	b, err := os.ReadFile(outNB)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"true"`) {
		t.Fatalf("gap at Branin's minimum (pi, 2.275) is not below 1e-5:\n%s", b)
	}
}

// removeInstalledKernel removes a made-up version of the kernel module
// from the module cache: its sources and its download files.
func removeInstalledKernel(t *testing.T, modCache, version string) {
	dir := filepath.Join(modCache, "github.com", "methodic-go", "methodic@"+version)
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			os.Chmod(p, 0o755) // the go command leaves them read-only without -modcacherw
		}
		return nil
	})
	if err := os.RemoveAll(dir); err != nil {
		t.Errorf("removing the installed kernel's sources: %v", err)
	}
	at := filepath.Join(modCache, "cache", "download", "github.com", "methodic-go", "methodic", "@v")
	dl, _ := filepath.Glob(filepath.Join(at, version+".*"))
	for _, f := range dl {
		os.Remove(f)
	}
	// The go command adds each version it downloads to the list of
	// versions it knows; the version is gone, so is its line.
	list := filepath.Join(at, "list")
	if b, err := os.ReadFile(list); err == nil {
		var keep []string
		for _, v := range strings.Fields(string(b)) {
			if v != version {
				keep = append(keep, v)
			}
		}
		if len(keep) == 0 {
			os.Remove(list)
		} else {
			os.WriteFile(list, []byte(strings.Join(keep, "\n")+"\n"), 0o644)
		}
	}
}

// e2eVersion matches the made-up versions of TestCompiledCellsGoInstall,
// with the time in them.
var e2eVersion = regexp.MustCompile(`^methodic@v0\.0\.0-(\d{14})-e2e[0-9a-f]{9}$`)

// sweepInstalledKernels removes the made-up versions of the kernel that
// runs killed before their cleanup left in the module cache, older than
// age.
func sweepInstalledKernels(t *testing.T, modCache string, age time.Duration) {
	ents, _ := os.ReadDir(filepath.Join(modCache, "github.com", "methodic-go"))
	for _, e := range ents {
		m := e2eVersion.FindStringSubmatch(e.Name())
		if m == nil {
			continue
		}
		if at, err := time.Parse("20060102150405", m[1]); err == nil && time.Since(at) > age {
			removeInstalledKernel(t, modCache, strings.TrimPrefix(e.Name(), "methodic@"))
		}
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
