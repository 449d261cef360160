package e2e

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestConsole runs a scripted session of `jupyter console`.
func TestConsole(t *testing.T) {
	_, err := exec.LookPath("jupyter-console")
	require(t, err == nil, "jupyter console", "jupyter-console")
	requirePython(t, "python3-pexpect", "pexpect")
	env := jupyterEnv(t)
	script, _ := filepath.Abs(filepath.Join("testdata", "console.py"))
	out, err := runPython(t, env, 3*time.Minute, script)
	if err != nil || !strings.Contains(out, "CONSOLE OK") {
		t.Fatalf("console session failed: %v\n%s", err, out)
	}
}

// TestInterrupt stops an endless loop with interrupt_request and with
// SIGINT, once the cell has printed that it runs, and checks that a
// panic is an error and that the state survives all three.
func TestInterrupt(t *testing.T) {
	requirePython(t, "jupyter-client", "jupyter_client")
	env := jupyterEnv(t)
	script, _ := filepath.Abs(filepath.Join("testdata", "interrupt.py"))
	out, err := runPython(t, env, 3*time.Minute, script)
	if err != nil {
		t.Fatalf("interrupt script: %v\n%s", err, out)
	}
	i := strings.LastIndex(out, "RESULT ")
	if i < 0 {
		t.Fatalf("no result in:\n%s", out)
	}
	var r map[string]any
	line, _, _ := strings.Cut(out[i+7:], "\n")
	if err := json.Unmarshal([]byte(line), &r); err != nil {
		t.Fatal(err)
	}
	t.Logf("interrupt_request stopped the loop in %.3fs, SIGINT in %.3fs", r["interrupt_request_s"], r["sigint_s"])
	// The loop never ends by itself: its error reply (checked by the
	// script) is the interrupt's doing. The times are logged, not bounded.
	for _, k := range []string{"interrupt_request_s", "sigint_s"} {
		if v, ok := r[k].(float64); !ok || v <= 0 {
			t.Errorf("%s = %v", k, r[k])
		}
	}
}
