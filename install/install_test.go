package install

import (
	"bytes"
	"encoding/json"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

func TestInstallUserHonoursJupyterDataDir(t *testing.T) {
	data := t.TempDir()
	t.Setenv("JUPYTER_DATA_DIR", data)
	exe := filepath.Join(t.TempDir(), "methodic")
	if err := os.WriteFile(exe, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	dir, err := Install(Options{Exe: exe})
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(data, "kernels", "methodic"); dir != want {
		t.Fatalf("installed into %s, want %s", dir, want)
	}
	var spec Spec
	b, err := os.ReadFile(filepath.Join(dir, "kernel.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &spec); err != nil {
		t.Fatalf("kernel.json: %v", err)
	}
	wantArgv := []string{exe, "kernel", "{connection_file}"}
	if len(spec.Argv) != 3 || spec.Argv[0] != wantArgv[0] || spec.Argv[1] != wantArgv[1] || spec.Argv[2] != wantArgv[2] {
		t.Errorf("argv = %q, want %q", spec.Argv, wantArgv)
	}
	if spec.DisplayName != "Go (Methodic)" || spec.Language != "go" || spec.InterruptMode != "message" {
		t.Errorf("spec = %+v", spec)
	}
	for name, size := range map[string]int{"logo-32x32.png": 32, "logo-64x64.png": 64} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if r := img.Bounds(); r.Dx() != size || r.Dy() != size {
			t.Errorf("%s is %v", name, r)
		}
	}

	// Idempotent: a second install rewrites the same files.
	if _, err := Install(Options{Exe: exe}); err != nil {
		t.Fatalf("second install: %v", err)
	}
	b2, _ := os.ReadFile(filepath.Join(dir, "kernel.json"))
	if !bytes.Equal(b, b2) {
		t.Errorf("second install changed kernel.json:\n%s\n%s", b, b2)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 5 {
		t.Errorf("kernelspec holds %d files, want 5 (no temporary files left)", len(entries))
	}

	gone, err := Uninstall(Options{})
	if err != nil || gone != dir {
		t.Fatalf("Uninstall = %q, %v", gone, err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("kernelspec still there after uninstall: %v", err)
	}
	if _, err := Uninstall(Options{}); err != nil {
		t.Errorf("uninstalling twice: %v", err)
	}
}

func TestInstallPrefix(t *testing.T) {
	prefix := t.TempDir()
	dir, err := Install(Options{Scope: Prefix, Prefix: prefix, Exe: "/bin/true"})
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(prefix, "share", "jupyter", "kernels", "methodic"); dir != want {
		t.Fatalf("dir = %s, want %s", dir, want)
	}
	if _, err := Install(Options{Scope: Prefix}); err == nil {
		t.Error("install with an empty prefix succeeded")
	}
}

// TestJupyterSeesKernelspec asks Jupyter itself, when it is installed.
func TestJupyterSeesKernelspec(t *testing.T) {
	jupyter, err := exec.LookPath("jupyter")
	if err != nil {
		if os.Getenv("METHODIC_REQUIRE_JUPYTER") == "1" {
			t.Fatal("jupyter is not on PATH, and METHODIC_REQUIRE_JUPYTER=1")
		}
		t.Skip("jupyter is not on PATH: install Debian's jupyter-client to run this test")
	}
	data := t.TempDir()
	t.Setenv("JUPYTER_DATA_DIR", data)
	dir, err := Install(Options{Exe: "/bin/true"})
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(jupyter, "kernelspec", "list", "--json").Output()
	if err != nil {
		t.Fatalf("jupyter kernelspec list: %v", err)
	}
	var list struct {
		Kernelspecs map[string]struct {
			ResourceDir string `json:"resource_dir"`
			Spec        Spec   `json:"spec"`
		} `json:"kernelspecs"`
	}
	if err := json.Unmarshal(out, &list); err != nil {
		t.Fatalf("decoding %s: %v", out, err)
	}
	ks, ok := list.Kernelspecs[Name]
	if !ok {
		t.Fatalf("jupyter kernelspec list does not show %q: %s", Name, out)
	}
	if ks.ResourceDir != dir || ks.Spec.DisplayName != "Go (Methodic)" {
		t.Errorf("jupyter sees %+v", ks)
	}
}
