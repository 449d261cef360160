package native

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
)

// develVersion is the version a checkout of the kernel is required at;
// a replace directive points it at the checkout.
const develVersion = "v0.0.0-00010101000000-000000000000"

// writeModule writes the work module's go.mod and go.sum: the kernel's
// module, at its version or replaced by its checkout, and every module
// linked into the kernel at the version it was built with, so that the
// packages a plugin shares with the kernel are the same.
func writeModule(dir, modulePath string, k *Kernel) error {
	var b strings.Builder
	fmt.Fprintf(&b, "module %s\n\ngo %s\n\nrequire (\n", modulePath, k.GoMod)
	v := k.Version
	if v == "" || v == "(devel)" {
		v = develVersion
	}
	fmt.Fprintf(&b, "\t%s %s\n", k.Module, v)
	for _, d := range k.Deps {
		fmt.Fprintf(&b, "\t%s %s\n", d.Path, d.Version)
	}
	b.WriteString(")\n")
	if v == develVersion {
		fmt.Fprintf(&b, "\nreplace %s => %s\n", k.Module, k.Dir)
	}
	for _, d := range k.Deps {
		if r := d.Replace; r != nil {
			if r.Version == "" {
				fmt.Fprintf(&b, "replace %s %s => %s\n", d.Path, d.Version, r.Path)
			} else {
				fmt.Fprintf(&b, "replace %s %s => %s %s\n", d.Path, d.Version, r.Path, r.Version)
			}
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("native: %w", err)
	}
	sum, err := os.ReadFile(filepath.Join(k.Dir, "go.sum"))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("native: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644); err != nil {
		return fmt.Errorf("native: %w", err)
	}
	return nil
}

// buildFlags are the go build flags of the kernel's build that change
// what a package compiles to.
func (k *Kernel) buildFlags() []string {
	var fs []string
	for _, f := range []string{"-trimpath", "-race", "-msan", "-asan"} {
		if k.Settings[f] == "true" {
			fs = append(fs, f)
		}
	}
	for _, f := range []string{"-tags", "-gcflags", "-asmflags"} {
		if v := k.Settings[f]; v != "" {
			fs = append(fs, f+"="+v)
		}
	}
	return fs
}

// env is the environment of the go command: the kernel's target and cgo
// settings, the toolchain pinned, no workspace, and the work module free
// to record what go get adds.
func (k *Kernel) env() []string {
	skip := map[string]bool{"GOFLAGS": true, "GOWORK": true, "GOTOOLCHAIN": true, "CGO_ENABLED": true}
	set := []string{"GOFLAGS=-mod=mod", "GOWORK=off", "GOTOOLCHAIN=local", "CGO_ENABLED=1"}
	for _, key := range []string{"GOOS", "GOARCH", "GOAMD64", "GOARM", "GOARM64", "GO386", "GOEXPERIMENT",
		"CGO_CFLAGS", "CGO_CPPFLAGS", "CGO_CXXFLAGS", "CGO_LDFLAGS"} {
		if v, ok := k.Settings[key]; ok {
			skip[key] = true
			set = append(set, key+"="+v)
		}
	}
	// The kernel's own module is in the module cache, or replaced: no
	// checksum database knows a checkout.
	nosum := k.Module
	if v := os.Getenv("GONOSUMDB"); v != "" {
		nosum = v + "," + nosum
	}
	skip["GONOSUMDB"] = true
	set = append(set, "GONOSUMDB="+nosum)
	var env []string
	for _, e := range os.Environ() {
		if key, _, _ := strings.Cut(e, "="); !skip[key] {
			env = append(env, e)
		}
	}
	return append(env, set...)
}

// conflict is a module whose version go get changed from the kernel's.
type conflict struct{ path, kernel, wanted string }

type conflicts []conflict

func (cs conflicts) wanted() []string {
	var s []string
	for _, c := range cs {
		s = append(s, c.path+" "+c.wanted)
	}
	return s
}

func (cs conflicts) have() []string {
	var s []string
	for _, c := range cs {
		s = append(s, c.path+" "+c.kernel)
	}
	return s
}

// conflicts compares the requirements of a go.mod with the modules the
// kernel is built with.
func (k *Kernel) conflicts(mod []byte) conflicts {
	have := map[string]*debug.Module{}
	for _, d := range k.Deps {
		have[d.Path] = d
	}
	var cs conflicts
	for _, l := range strings.Split(string(mod), "\n") {
		f := strings.Fields(strings.TrimPrefix(strings.TrimSpace(l), "require "))
		if len(f) < 2 {
			continue
		}
		if d, ok := have[f[0]]; ok && f[1] != d.Version {
			cs = append(cs, conflict{path: f[0], kernel: d.Version, wanted: f[1]})
		}
	}
	return cs
}

// loadError explains a plugin that the runtime refused.
func (k *Kernel) loadError(err error) error {
	msg := err.Error()
	if i := strings.Index(msg, "plugin was built with a different version of package "); i >= 0 {
		pkg := strings.TrimSpace(msg[i+len("plugin was built with a different version of package "):])
		fix := "rebuild the kernel (go build, or go install) so that it matches its sources"
		if k.Version == "(devel)" || k.Version == "" {
			fix = fmt.Sprintf("the sources in %s changed since the kernel was built: rebuild it (go build) and restart the kernel, or put the sources back", k.Dir)
		}
		return &ToolchainError{Problem: fmt.Sprintf("the compiled cell does not match the kernel: package %s differs", pkg), Fix: fix}
	}
	return fmt.Errorf("native: loading the compiled cell: %w", err)
}
