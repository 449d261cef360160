package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestCompiledCells runs %%compile cells through jupyter_client: compile,
// call from an interpreted cell, a slice passed both ways, an interrupt of
// a compiled loop that never looks at ctx, a compile error.
func TestCompiledCells(t *testing.T) {
	requirePython(t, "jupyter-client", "jupyter_client")
	env := append(jupyterEnv(t), goCaches(t)...)
	script, _ := filepath.Abs(filepath.Join("testdata", "compiled.py"))
	out, err := runPython(t, env, 10*time.Minute, script)
	if err != nil {
		t.Fatalf("compiled-cell session: %v\n%s", err, out)
	}
	i := strings.LastIndex(out, "RESULT ")
	if i < 0 {
		t.Fatalf("no result in:\n%s", out)
	}
	var r map[string]float64
	line, _, _ := strings.Cut(out[i+7:], "\n")
	if err := json.Unmarshal([]byte(line), &r); err != nil {
		t.Fatal(err)
	}
	t.Logf("first compile %.2fs, second %.2fs, interrupt of a compiled loop %.3fs", r["first_compile_s"], r["second_compile_s"], r["interrupt_s"])
}

// TestCompiledCellsRun runs a notebook with a %%compile cell through
// `methodic run`, and checks the outputs it writes.
func TestCompiledCellsRun(t *testing.T) {
	exe := methodic(t)
	dir := t.TempDir()
	nb := `{"cells": [
 {"cell_type": "code", "id": "compile", "execution_count": null, "metadata": {}, "outputs": [], "source": ["%%compile\n", "func fib(n int) int {\n", "\tif n < 2 {\n", "\t\treturn n\n", "\t}\n", "\treturn fib(n-1) + fib(n-2)\n", "}\n"]},
 {"cell_type": "code", "id": "call", "execution_count": null, "metadata": {}, "outputs": [], "source": ["fib(30)"]}
], "metadata": {"kernelspec": {"name": "methodic", "display_name": "Go (Methodic)", "language": "go"}}, "nbformat": 4, "nbformat_minor": 5}`
	in := filepath.Join(dir, "compiled.ipynb")
	outPath := filepath.Join(dir, "out.ipynb")
	if err := os.WriteFile(in, []byte(nb), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "run", in, "-o", outPath, "--timeout", "10m")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("methodic run: %v\n%s", err, out)
	}
	b, err := os.ReadFile(outPath)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Cells []struct {
			Outputs []struct {
				OutputType string         `json:"output_type"`
				Data       map[string]any `json:"data"`
				Text       any            `json:"text"`
			} `json:"outputs"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	var got string
	for _, o := range doc.Cells[1].Outputs {
		if o.OutputType == "execute_result" {
			got = textOf(o.Data["text/plain"])
		}
	}
	if got != "832040" {
		t.Fatalf("fib(30) in the written notebook = %q, want 832040\n%s", got, b)
	}
	compiled := false
	for _, o := range doc.Cells[0].Outputs {
		if o.OutputType == "stream" && strings.Contains(textOf(o.Text), "compiled in") {
			compiled = true
		}
	}
	if !compiled {
		t.Errorf("the %%%%compile cell does not say it compiled:\n%s", b)
	}
}

// goCaches keeps the go command's build and module caches where they are
// for a kernel whose HOME is a test's temporary directory: a compiled
// cell then builds as it would for the user, not from empty caches.
func goCaches(t *testing.T) []string {
	out, err := exec.Command("go", "env", "GOCACHE", "GOMODCACHE").Output()
	if err != nil {
		t.Fatalf("go env: %v", err)
	}
	f := strings.Fields(string(out))
	if len(f) != 2 {
		t.Fatalf("go env GOCACHE GOMODCACHE: %q", out)
	}
	return []string{"GOCACHE=" + f[0], "GOMODCACHE=" + f[1]}
}

// textOf joins nbformat's multi-line text (a string or a list of them).
func textOf(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []any:
		var b strings.Builder
		for _, s := range v {
			b.WriteString(textOf(s))
		}
		return b.String()
	}
	return ""
}
