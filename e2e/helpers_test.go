package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// python is Debian's Python, which has the Jupyter packages; the python3
// first on PATH may be another one.
const python = "/usr/bin/python3"

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
	buildDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// repoRoot is the module's top directory.
func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// methodic builds the methodic binary once per test run and returns its
// path.
func methodic(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		buildDir, buildErr = os.MkdirTemp("", "methodic-e2e-")
		if buildErr != nil {
			return
		}
		binPath = filepath.Join(buildDir, "methodic")
		cmd := exec.Command("go", "build", "-o", binPath, ".")
		cmd.Dir = repoRoot(t)
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// require skips the test, or fails it under METHODIC_REQUIRE_JUPYTER=1,
// when ok is false.
func require(t testing.TB, ok bool, what, debian string) {
	t.Helper()
	if ok {
		return
	}
	msg := fmt.Sprintf("needs %s (Debian package %s)", what, debian)
	if os.Getenv("METHODIC_REQUIRE_JUPYTER") == "1" {
		t.Fatal(msg + ", and METHODIC_REQUIRE_JUPYTER=1 is set")
	}
	t.Skip(msg)
}

// requirePython checks that Debian's Python has the modules.
func requirePython(t testing.TB, debian string, modules ...string) {
	t.Helper()
	err := exec.Command(python, "-c", "import "+strings.Join(modules, ", ")).Run()
	require(t, err == nil, python+" with "+strings.Join(modules, ", "), debian)
}

// jupyterEnv installs the kernelspec into a fresh Jupyter data directory
// and returns the environment in which Jupyter clients find it and only
// it, with private runtime and config directories.
func jupyterEnv(t testing.TB) []string {
	t.Helper()
	exe := methodic(t)
	base := t.TempDir()
	env := append(os.Environ(),
		"JUPYTER_DATA_DIR="+filepath.Join(base, "data"),
		"JUPYTER_RUNTIME_DIR="+filepath.Join(base, "runtime"),
		"JUPYTER_CONFIG_DIR="+filepath.Join(base, "config"),
		"IPYTHONDIR="+filepath.Join(base, "ipython"),
		"JUPYTER_PLATFORM_DIRS=0",
		"PYTHONDONTWRITEBYTECODE=1",
		"HOME="+base,
	)
	cmd := exec.Command(exe, "install")
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("methodic install: %v\n%s", err, out)
	}
	return env
}

// runPython runs a Python script file with the environment, within the
// timeout, and returns its combined output.
func runPython(t testing.TB, env []string, timeout time.Duration, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, python, args...)
	cmd.Env = env
	cmd.WaitDelay = 5 * time.Second
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if ctx.Err() != nil {
		err = fmt.Errorf("timed out after %s: %w", timeout, err)
	}
	return out.String(), err
}

// artifacts returns the directory for test artifacts, creating it.
func artifacts(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("METHODIC_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(repoRoot(t), ".artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}
