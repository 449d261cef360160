package native

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
)

// Kernel describes how the running binary was built: what a plugin must
// be built with to load into it.
type Kernel struct {
	GoVersion string // runtime.Version(), e.g. go1.26.8
	Module    string // module path of the kernel, github.com/methodic-go/methodic
	Version   string // its version: (devel) for a checkout, v1.2.3 for go install
	Dir       string // where its sources are: the checkout, or the module cache

	// GoMod is the go directive of the kernel's go.mod.
	GoMod string
	// Deps are the modules linked into the kernel, with their versions.
	Deps []*debug.Module
	// Settings are the build settings that change what a package
	// compiles to (-trimpath, -tags, -gcflags, -race, GOAMD64, CGO_*...).
	Settings map[string]string
	// ModCache is the module cache the kernel's dependencies were
	// compiled from, as its binary records it; compiled cells are built
	// with it (see modcache.go). "" when the binary does not say (built
	// with -trimpath, where any module cache will do).
	ModCache string
}

// ToolchainError says why cells cannot be compiled, and how to fix it.
// Everything interpreted works without a toolchain.
type ToolchainError struct {
	Problem string // what is wrong
	Fix     string // what to do about it
}

func (e *ToolchainError) Error() string {
	return "native: " + e.Problem + "; " + e.Fix
}

// thisFile is the path of this source file as the compiler saw it: the
// checkout or the module cache directory the kernel was built from, or a
// module-relative path under -trimpath.
func thisFile() string {
	_, file, _, _ := runtime.Caller(0)
	return file
}

// ReadKernel reads the build information of the running binary and
// finds the kernel's sources. The kernel may have been built from a
// checkout (go build, go test) or installed with go install; under
// -trimpath the sources are looked for in the module cache, or in
// $METHODIC_SOURCE.
func ReadKernel() (*Kernel, error) {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return nil, &ToolchainError{Problem: "the kernel binary carries no build information",
			Fix: "build it with the go command (go build or go install)"}
	}
	k := &Kernel{GoVersion: runtime.Version(), Module: bi.Main.Path, Version: bi.Main.Version,
		Settings: map[string]string{}}
	for _, s := range bi.Settings {
		k.Settings[s.Key] = s.Value
	}
	for _, d := range bi.Deps {
		if d.Path != k.Module {
			k.Deps = append(k.Deps, d)
		}
	}
	if k.Settings["CGO_ENABLED"] != "1" {
		return k, &ToolchainError{Problem: "the kernel was built without cgo (CGO_ENABLED=0), and Go plugins need it",
			Fix: "install a C compiler (apt-get install gcc) and rebuild the kernel with CGO_ENABLED=1"}
	}
	dir, err := k.findSources()
	if err != nil {
		return k, err
	}
	k.Dir = dir
	mod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return k, &ToolchainError{Problem: fmt.Sprintf("the kernel's go.mod cannot be read: %v", err),
			Fix: "set METHODIC_SOURCE to the directory of the kernel's sources"}
	}
	k.GoMod = goDirective(mod)
	if len(k.Deps) == 0 {
		// A test binary's build information lists no modules; its build
		// list is the one of the kernel's go.mod, which names every
		// module that provides a package, at its selected version.
		k.Deps = requirements(mod)
	}
	// Not knowing it is no error: the go command's own module cache is
	// then used, which is the right one unless it moved.
	k.ModCache, _ = k.readModCache()
	return k, nil
}

// requirements reads the require directives of a go.mod.
func requirements(mod []byte) []*debug.Module {
	var ms []*debug.Module
	in := false
	for _, l := range strings.Split(string(mod), "\n") {
		l = strings.TrimSpace(l)
		if i := strings.Index(l, "//"); i >= 0 {
			l = strings.TrimSpace(l[:i])
		}
		switch {
		case l == "require (":
			in = true
			continue
		case in && l == ")":
			in = false
			continue
		case strings.HasPrefix(l, "require "):
			l = strings.TrimPrefix(l, "require ")
		case !in:
			continue
		}
		if f := strings.Fields(l); len(f) == 2 {
			ms = append(ms, &debug.Module{Path: f[0], Version: f[1]})
		}
	}
	return ms
}

// findSources returns the directory of the kernel module's sources.
func (k *Kernel) findSources() (string, error) {
	if d := os.Getenv("METHODIC_SOURCE"); d != "" {
		if moduleAt(d) != k.Module {
			return "", &ToolchainError{Problem: fmt.Sprintf("METHODIC_SOURCE=%s does not hold module %s", d, k.Module),
				Fix: "point it at the directory of the kernel's go.mod"}
		}
		return d, nil
	}
	// This file's directory is <module root>/native.
	if f := thisFile(); filepath.IsAbs(f) {
		d := filepath.Dir(filepath.Dir(f))
		if moduleAt(d) == k.Module {
			return d, nil
		}
	}
	if k.Version != "" && k.Version != "(devel)" {
		d := filepath.Join(goEnv("GOMODCACHE"), escapePath(k.Module)+"@"+k.Version)
		if moduleAt(d) == k.Module {
			return d, nil
		}
		return "", &ToolchainError{Problem: fmt.Sprintf("the kernel's sources (%s@%s) are not in the module cache", k.Module, k.Version),
			Fix: fmt.Sprintf("run go mod download %s@%s", k.Module, k.Version)}
	}
	return "", &ToolchainError{Problem: "the kernel's sources cannot be found (it was built with -trimpath, or they moved)",
		Fix: "rebuild the kernel without -trimpath from its checkout, or set METHODIC_SOURCE to the checkout"}
}

// escapePath escapes a module path as the module cache spells it: an
// upper-case letter becomes ! and the letter in lower case.
func escapePath(p string) string {
	var b strings.Builder
	for _, r := range p {
		if 'A' <= r && r <= 'Z' {
			b.WriteByte('!')
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// moduleAt returns the module path declared by dir/go.mod, or "".
func moduleAt(dir string) string {
	b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return ""
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "module" {
			return strings.Trim(f[1], `"`)
		}
	}
	return ""
}

// goDirective returns the version of the go directive of a go.mod.
func goDirective(mod []byte) string {
	for _, l := range strings.Split(string(mod), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "go" {
			return f[1]
		}
	}
	return ""
}

// goEnv reads one variable of `go env`, "" when go cannot be run.
func goEnv(name string) string {
	out, err := exec.Command("go", "env", name).Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// Toolchain is the go command that builds compiled cells.
type Toolchain struct {
	Go      string // path of the go command
	Version string // its version, e.g. go1.26.8
}

// FindToolchain finds a go command of the kernel's Go version: the one in
// the GOROOT the kernel was built with, then the one on PATH. A kernel
// started by Jupyter often has a PATH without Go, and the build GOROOT
// is where `go build` found it.
func FindToolchain(ctx context.Context, k *Kernel) (*Toolchain, error) {
	var cands []string
	if r := buildGOROOT(); r != "" {
		cands = append(cands, filepath.Join(r, "bin", "go"))
	}
	if p, err := exec.LookPath("go"); err == nil {
		cands = append(cands, p)
	}
	var found []string
	for _, c := range cands {
		v, err := goVersion(ctx, c)
		if err != nil {
			continue
		}
		if v == k.GoVersion {
			return &Toolchain{Go: c, Version: v}, nil
		}
		found = append(found, fmt.Sprintf("%s at %s", v, c))
	}
	if len(found) == 0 {
		return nil, &ToolchainError{Problem: "no Go toolchain found (none on PATH, none in " + runtimeGOROOT() + ")",
			Fix: fmt.Sprintf("install Go %s from go.dev/dl and put its bin directory on the kernel's PATH", strings.TrimPrefix(k.GoVersion, "go"))}
	}
	return nil, &ToolchainError{
		Problem: fmt.Sprintf("the kernel was built with %s, and a plugin must be built with exactly that Go; found %s", k.GoVersion, strings.Join(found, ", ")),
		Fix: fmt.Sprintf("rebuild the kernel with the Go you have (go install %s@latest, or go build in its checkout), or install %s",
			k.Module, k.GoVersion)}
}

// checkCC checks that the C compiler the go command would use is there:
// a plugin is linked by it, and runtime/cgo is compiled by it.
func (tc *Toolchain) checkCC(ctx context.Context, k *Kernel) error {
	cmd := exec.CommandContext(ctx, tc.Go, "env", "CC")
	cmd.Env = k.env()
	cmd.Dir = os.TempDir()
	out, err := cmd.Output()
	cc := strings.Fields(strings.TrimSpace(string(out)))
	if err != nil || len(cc) == 0 {
		return &ToolchainError{Problem: "go env CC names no C compiler", Fix: "install gcc (apt-get install gcc), which links Go plugins"}
	}
	if _, err := exec.LookPath(cc[0]); err != nil {
		return &ToolchainError{Problem: fmt.Sprintf("the C compiler %s is not installed, and Go plugins are linked by it", cc[0]),
			Fix: "install gcc (apt-get install gcc), or set CC to a C compiler"}
	}
	return nil
}

// Ready checks, without building anything, that cells can be compiled
// here: the kernel's build information and sources, a go command of the
// kernel's version, a C compiler. It returns a line to show the user.
func Ready(ctx context.Context) (string, error) {
	k, err := ReadKernel()
	if err != nil {
		return "", err
	}
	tc, err := FindToolchain(ctx, k)
	if err != nil {
		return "", err
	}
	if err := tc.checkCC(ctx, k); err != nil {
		return "", err
	}
	return fmt.Sprintf("%s at %s, kernel sources in %s", tc.Version, tc.Go, k.Dir), nil
}

func runtimeGOROOT() string {
	r := buildGOROOT()
	if r == "" {
		return "the build's GOROOT"
	}
	return r
}

// buildGOROOT is the GOROOT the kernel was built with ($GOROOT when set):
// on the machine that built it, exactly where its go command is, which
// is why the deprecated runtime.GOROOT is the right call here; a copied
// binary falls back on PATH.
func buildGOROOT() string {
	//lint:ignore SA1019 the build's GOROOT is what is wanted (see above)
	return runtime.GOROOT()
}

// goVersion runs `go env GOVERSION` with the toolchain pinned, so that a
// go.mod elsewhere cannot make it switch.
func goVersion(ctx context.Context, gocmd string) (string, error) {
	cmd := exec.CommandContext(ctx, gocmd, "env", "GOVERSION")
	cmd.Env = append(os.Environ(), "GOTOOLCHAIN=local")
	cmd.Dir = os.TempDir()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("native: %s env GOVERSION: %w: %s", gocmd, err, stderr.String())
	}
	v := strings.TrimSpace(string(out))
	if v == "" {
		return "", errors.New("native: " + gocmd + " reports no version")
	}
	return v, nil
}
