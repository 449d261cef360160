package e2e

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// The JupyterLab front end is built from the sources in jupyterlab/ with
// npm and webpack, once per change of those sources: the build is kept in
// a cache directory outside the repository, under a key that hashes them
// (and Node's major version), so that a clean clone on the same machine,
// as CI's is, finds it. The cache is $METHODIC_LAB_CACHE, or
// methodic/jupyterlab under the user's cache directory
// (~/.cache/methodic/jupyterlab on Linux); npm keeps its own cache of the
// downloaded packages in ~/.npm.
var labSources = []string{"package.json", "package-lock.json", "index.js", "webpack.config.js"}

var (
	labOnce  sync.Once
	labDir   string
	labErr   error
	labSkip  string
	labBuilt time.Duration // time spent building; zero when the cache had it
)

// labBuild returns the directory of the built front end (bundle.js,
// schemas/, themes/), building it first when the cache does not have it.
// It skips the test, or fails it under METHODIC_REQUIRE_JUPYTER=1, when
// Node.js or npm is missing.
func labBuild(t *testing.T) string {
	t.Helper()
	labOnce.Do(func() { labDir, labErr = buildLab(repoRoot(t)) })
	if labSkip != "" {
		require(t, false, labSkip, "nodejs npm")
	}
	if labErr != nil {
		t.Fatal(labErr)
	}
	if labBuilt > 0 {
		t.Logf("built JupyterLab's front end in %s into %s", labBuilt.Round(time.Second), labDir)
	} else {
		t.Logf("JupyterLab's front end from the cache: %s", labDir)
	}
	return labDir
}

func labCacheRoot() (string, error) {
	if d := os.Getenv("METHODIC_LAB_CACHE"); d != "" {
		return filepath.Abs(d)
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("e2e: no cache directory for the JupyterLab build (set METHODIC_LAB_CACHE): %w", err)
	}
	return filepath.Join(d, "methodic", "jupyterlab"), nil
}

func buildLab(root string) (string, error) {
	src := filepath.Join(root, "e2e", "jupyterlab")
	node, errNode := exec.LookPath("node")
	npm, errNpm := exec.LookPath("npm")
	if errNode != nil || errNpm != nil {
		labSkip = "Node.js and npm, to build JupyterLab's front end"
		return "", nil
	}
	nodeVersion, err := exec.Command(node, "--version").Output()
	if err != nil {
		return "", fmt.Errorf("e2e: node --version: %w", err)
	}
	major, _, _ := strings.Cut(strings.TrimSpace(string(nodeVersion)), ".")
	h := sha256.New()
	fmt.Fprintf(h, "node %s\n", major)
	for _, name := range labSources {
		b, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			return "", fmt.Errorf("e2e: JupyterLab sources: %w", err)
		}
		fmt.Fprintf(h, "%s %d\n", name, len(b))
		h.Write(b)
	}
	key := hex.EncodeToString(h.Sum(nil))[:16]
	cache, err := labCacheRoot()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(cache, key)
	if _, err := os.Stat(filepath.Join(dir, "build", "bundle.js")); err == nil {
		return filepath.Join(dir, "build"), nil
	}

	// Build in a directory of our own and rename it into place at the
	// end: a concurrent run that gets there first wins, and an interrupted
	// build leaves nothing that looks finished.
	start := time.Now()
	if err := os.MkdirAll(cache, 0o755); err != nil {
		return "", fmt.Errorf("e2e: %w", err)
	}
	tmp, err := os.MkdirTemp(cache, "building-")
	if err != nil {
		return "", fmt.Errorf("e2e: %w", err)
	}
	defer os.RemoveAll(tmp)
	for _, name := range labSources {
		b, err := os.ReadFile(filepath.Join(src, name))
		if err == nil {
			err = os.WriteFile(filepath.Join(tmp, name), b, 0o644)
		}
		if err != nil {
			return "", fmt.Errorf("e2e: %w", err)
		}
	}
	steps := [][]string{
		{npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"},
		{node, filepath.Join("node_modules", "webpack-cli", "bin", "cli.js")},
	}
	for _, args := range steps {
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Dir = tmp
		if out, err := cmd.CombinedOutput(); err != nil {
			return "", fmt.Errorf("e2e: building JupyterLab's front end: %s: %v\n%s", strings.Join(args, " "), err, lastLines(string(out), 40))
		}
	}
	// node_modules served the build and is 200 MB; npm's own cache makes
	// the next npm ci quick.
	if err := os.RemoveAll(filepath.Join(tmp, "node_modules")); err != nil {
		return "", fmt.Errorf("e2e: %w", err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		if _, statErr := os.Stat(filepath.Join(dir, "build", "bundle.js")); statErr != nil {
			return "", fmt.Errorf("e2e: %w", err)
		}
	}
	labBuilt = time.Since(start)
	// Builds of other sources are stale, and so is a build an interrupted
	// run left behind: keep the cache to this one. (A build under way in
	// another run is younger than an hour.)
	entries, _ := os.ReadDir(cache)
	for _, e := range entries {
		if !e.IsDir() || e.Name() == key {
			continue
		}
		if info, err := e.Info(); err == nil && strings.HasPrefix(e.Name(), "building-") && time.Since(info.ModTime()) < time.Hour {
			continue
		}
		os.RemoveAll(filepath.Join(cache, e.Name()))
	}
	return filepath.Join(dir, "build"), nil
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
