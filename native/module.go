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
	// The packages a plugin shares with the kernel must be compiled from
	// the files the kernel was compiled from (modcache.go).
	if k.ModCache != "" && isDir(k.ModCache) {
		skip["GOMODCACHE"] = true
		set = append(set, "GOMODCACHE="+k.ModCache)
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

// loadError explains a plugin that the runtime refused. modCache is
// the module cache the go command built it with ("" if unknown).
func (k *Kernel) loadError(err error, modCache string) error {
	msg := err.Error()
	const differs = "plugin was built with a different version of package "
	i := strings.Index(msg, differs)
	if i < 0 {
		return fmt.Errorf("native: loading the compiled cell: %w", err)
	}
	pkg := strings.TrimSpace(msg[i+len(differs):])
	problem := fmt.Sprintf("the compiled cell does not match the kernel: package %s differs", pkg)
	devel := k.Version == "(devel)" || k.Version == ""
	switch mod := k.moduleOf(pkg); {
	case mod == k.Module && devel:
		return &ToolchainError{Problem: problem,
			Fix: fmt.Sprintf("the sources in %s changed since the kernel was built: rebuild it (go build) and restart the kernel, or put the sources back", k.Dir)}
	case mod == k.Module:
		return &ToolchainError{Problem: problem,
			Fix: "rebuild the kernel (go install) so that it matches its sources in " + k.Dir}
	case mod == "":
		return &ToolchainError{Problem: problem + " (of the standard library: the Go that built the cell is another installation than the one the kernel was built with, in " + runtimeGOROOT() + ")",
			Fix: "rebuild the kernel with the Go on this machine, and restart it"}
	}
	dep := k.dep(k.moduleOf(pkg))
	where := fmt.Sprintf("module %s %s", dep.Path, dep.Version)
	switch {
	case dep.Replace != nil && dep.Replace.Version == "":
		return &ToolchainError{Problem: fmt.Sprintf("%s (%s, replaced by %s)", problem, where, dep.Replace.Path),
			Fix: fmt.Sprintf("the sources in %s changed since the kernel was built: rebuild it and restart the kernel", dep.Replace.Path)}
	case k.ModCache != "" && modCache != "" && k.ModCache != modCache:
		// A compiled package records where its sources were.
		return &ToolchainError{
			Problem: fmt.Sprintf("%s: the kernel compiled %s from the module cache in %s, the cell from the one in %s", problem, where, k.ModCache, modCache),
			Fix:     fmt.Sprintf("let the kernel read %s, or rebuild the kernel with GOMODCACHE=%s, and restart it", k.ModCache, modCache)}
	case k.ModCache == "":
		return &ToolchainError{
			Problem: fmt.Sprintf("%s (%s): the kernel was built from another copy of it than the one in %s, or with other build settings", problem, where, modCache),
			Fix:     "start the kernel with GOMODCACHE set to the module cache it was built from, or rebuild it with this one, and restart it"}
	}
	return &ToolchainError{
		Problem: fmt.Sprintf("%s (%s): its files in %s are not those the kernel was built from", problem, where, modCache),
		Fix:     "rebuild the kernel (go build, or go install), and restart it"}
}

// moduleOf returns the module of the kernel's build that provides a
// package: the kernel's, one of its dependencies', or "" for the standard
// library.
func (k *Kernel) moduleOf(pkg string) string {
	best := ""
	for _, m := range append([]string{k.Module}, k.depPaths()...) {
		if (pkg == m || strings.HasPrefix(pkg, m+"/")) && len(m) > len(best) {
			best = m
		}
	}
	return best
}

func (k *Kernel) depPaths() []string {
	var ps []string
	for _, d := range k.Deps {
		ps = append(ps, d.Path)
	}
	return ps
}

// dep returns the dependency of the kernel with the module path.
func (k *Kernel) dep(path string) *debug.Module {
	for _, d := range k.Deps {
		if d.Path == path {
			return d
		}
	}
	return &debug.Module{Path: path}
}
