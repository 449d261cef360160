package install

//go:generate go run genlogo.go

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/methodic-go/methodic/internal/atomicfile"
)

// Name is the kernelspec's directory name: `jupyter console --kernel
// methodic` and notebooks' kernelspec metadata refer to it.
const Name = "methodic"

//go:embed logo-32x32.png
var logo32 []byte

//go:embed logo-64x64.png
var logo64 []byte

// kernel.js and kernel.css are the classic Notebook's per-kernel editor
// settings and style, which it loads from the kernelspec: Go indented
// with tabs, and tabs shown as space rather than arrows.
//
//go:embed kernel.js
var kernelJS []byte

//go:embed kernel.css
var kernelCSS []byte

// Spec is the content of kernel.json.
type Spec struct {
	Argv          []string          `json:"argv"`
	DisplayName   string            `json:"display_name"`
	Language      string            `json:"language"`
	InterruptMode string            `json:"interrupt_mode"`
	Env           map[string]string `json:"env,omitempty"`
	Metadata      map[string]any    `json:"metadata,omitempty"`
}

// NewSpec returns the kernelspec that runs the binary at exe (an absolute
// path). Interrupts are sent as interrupt_request messages on the control
// channel; the kernel also honours SIGINT.
func NewSpec(exe string) Spec {
	return Spec{
		Argv:          []string{exe, "kernel", "{connection_file}"},
		DisplayName:   "Go (Methodic)",
		Language:      "go",
		InterruptMode: "message",
		Metadata:      map[string]any{"debugger": false},
	}
}

// Scope says which Jupyter data directory a kernelspec goes to.
type Scope int

// The scopes, as `jupyter kernelspec install` has them.
const (
	User      Scope = iota // the per-user data directory (default)
	SysPrefix              // sys.prefix of the Python that runs jupyter
	Prefix                 // an explicit prefix
)

// Options says where to install. The zero value installs for the user.
type Options struct {
	Scope  Scope
	Prefix string // with Scope Prefix: the prefix, e.g. /usr/local
	// Exe is the binary the kernelspec runs; empty means the running
	// executable.
	Exe string
}

// Dir returns the kernelspec directory that o designates: a
// kernels/methodic directory under a Jupyter data directory.
func Dir(o Options) (string, error) {
	data, err := dataDir(o)
	if err != nil {
		return "", err
	}
	return filepath.Join(data, "kernels", Name), nil
}

func dataDir(o Options) (string, error) {
	switch o.Scope {
	case User:
		return userDataDir()
	case Prefix:
		if o.Prefix == "" {
			return "", errors.New("install: --prefix needs a directory")
		}
		p, err := filepath.Abs(o.Prefix)
		if err != nil {
			return "", fmt.Errorf("install: %w", err)
		}
		return filepath.Join(p, "share", "jupyter"), nil
	case SysPrefix:
		p, err := pythonPrefix()
		if err != nil {
			return "", err
		}
		return filepath.Join(p, "share", "jupyter"), nil
	}
	return "", fmt.Errorf("install: unknown scope %d", o.Scope)
}

// userDataDir follows jupyter_core.paths.jupyter_data_dir.
func userDataDir() (string, error) {
	if d := os.Getenv("JUPYTER_DATA_DIR"); d != "" {
		return filepath.Abs(d)
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("install: no home directory: %w", err)
	}
	switch runtime.GOOS {
	case "darwin":
		return filepath.Join(home, "Library", "Jupyter"), nil
	case "windows":
		if a := os.Getenv("APPDATA"); a != "" {
			return filepath.Join(a, "jupyter"), nil
		}
		return filepath.Join(home, "AppData", "Roaming", "jupyter"), nil
	}
	if x := os.Getenv("XDG_DATA_HOME"); x != "" {
		return filepath.Join(x, "jupyter"), nil
	}
	return filepath.Join(home, ".local", "share", "jupyter"), nil
}

// pythonPrefix asks the Python behind the `jupyter` command for its
// sys.prefix.
func pythonPrefix() (string, error) {
	jup, err := exec.LookPath("jupyter")
	if err != nil {
		return "", errors.New("install: --sys-prefix needs the jupyter command on PATH")
	}
	python := "python3"
	if b, err := os.ReadFile(jup); err == nil && strings.HasPrefix(string(b), "#!") {
		line, _, _ := strings.Cut(string(b[2:]), "\n")
		if f := strings.Fields(line); len(f) > 0 {
			python = f[0]
			if filepath.Base(python) == "env" && len(f) > 1 {
				python = f[1]
			}
		}
	}
	out, err := exec.Command(python, "-c", "import sys; print(sys.prefix)").Output()
	if err != nil {
		return "", fmt.Errorf("install: asking %s for sys.prefix: %w", python, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// Install writes the kernelspec and returns the directory it wrote.
func Install(o Options) (string, error) {
	dir, err := Dir(o)
	if err != nil {
		return "", err
	}
	exe := o.Exe
	if exe == "" {
		if exe, err = os.Executable(); err != nil {
			return "", fmt.Errorf("install: finding the methodic binary: %w", err)
		}
	}
	if exe, err = filepath.Abs(exe); err != nil {
		return "", fmt.Errorf("install: %w", err)
	}
	if resolved, err := filepath.EvalSymlinks(exe); err == nil {
		exe = resolved
	}
	spec, err := json.MarshalIndent(NewSpec(exe), "", " ")
	if err != nil {
		return "", fmt.Errorf("install: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("install: %w", err)
	}
	files := map[string][]byte{
		"kernel.json":    append(spec, '\n'),
		"logo-32x32.png": logo32,
		"logo-64x64.png": logo64,
		"kernel.js":      kernelJS,
		"kernel.css":     kernelCSS,
	}
	for name, data := range files {
		if err := atomicfile.Write(filepath.Join(dir, name), data, 0o644); err != nil {
			return "", fmt.Errorf("install: %w", err)
		}
	}
	return dir, nil
}

// Uninstall removes the kernelspec directory that o designates and
// returns it. Removing a kernelspec that is not there is not an error.
func Uninstall(o Options) (string, error) {
	dir, err := Dir(o)
	if err != nil {
		return "", err
	}
	if err := os.RemoveAll(dir); err != nil {
		return "", fmt.Errorf("install: %w", err)
	}
	return dir, nil
}
