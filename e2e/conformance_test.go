package e2e

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestConformance runs Jupyter's kernel conformance suite,
// jupyter_kernel_test, against the installed kernel. All 12 of its
// standard tests must pass and none may be skipped: Methodic gives a Go
// sample for each.
func TestConformance(t *testing.T) {
	requirePython(t, "python3-jupyter-kernel-test", "jupyter_kernel_test", "jupyter_client")
	env := jupyterEnv(t)
	script, _ := filepath.Abs(filepath.Join("testdata", "conformance.py"))
	out, err := runPython(t, env, 5*time.Minute, script)
	t.Logf("jupyter_kernel_test:\n%s", out)
	if err != nil {
		t.Fatalf("the suite failed: %v", err)
	}
	m := regexp.MustCompile(`Ran (\d+) tests?`).FindStringSubmatch(out)
	if m == nil || m[1] != "12" {
		t.Fatalf("want 12 tests run, got %v", m)
	}
	if strings.Contains(out, "skipped") {
		t.Errorf("some tests or subtests were skipped")
	}
	if !regexp.MustCompile(`(?m)^OK$`).MatchString(out) {
		t.Errorf("the suite did not end with OK")
	}
}
