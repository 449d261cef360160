package native

import (
	"debug/elf"
	"debug/gosym"
	"debug/macho"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Where the kernel's dependencies were compiled from.
//
// The compiled form of a package records the paths of its source files
// (in its export data, which the runtime's check of a plugin hashes), so
// a plugin that shares gonum with the kernel must compile gonum from the
// same directory as the kernel did, not only from the same version. A
// kernel built with `go build` took its dependencies from the module
// cache of whoever built it; a kernel that Jupyter starts may see another
// one: with another HOME (nbclient's tests give each run a fresh one, a
// service may have none), `go env GOMODCACHE` names an empty cache, the go
// command downloads the same versions there, and the runtime refuses the
// plugin ("plugin was built with a different version of package
// gonum.org/v1/gonum/blas"). The running binary says where its
// dependencies were: the file names of its line table. Compiled cells are
// built with that module cache.

// readModCache returns the module cache the kernel's dependencies were
// compiled from, or "" when the binary records none (a kernel built with
// -trimpath records module-relative paths, and then any module cache
// compiles the same packages; or none of its functions comes from a
// module cache).
func (k *Kernel) readModCache() (string, error) {
	files, err := sourceFiles()
	if err != nil {
		return "", err
	}
	return modCacheOf(files, k.cached()), nil
}

// cached returns the module@version directory names of the modules the
// kernel took from a module cache: its dependencies that no replace
// directive points elsewhere, and the kernel's own module when it was
// installed with go install.
func (k *Kernel) cached() []string {
	var dirs []string
	if k.Version != "" && k.Version != "(devel)" {
		dirs = append(dirs, escapePath(k.Module)+"@"+escapePath(k.Version))
	}
	for _, d := range k.Deps {
		switch {
		case d.Replace == nil:
			dirs = append(dirs, escapePath(d.Path)+"@"+escapePath(d.Version))
		case d.Replace.Version != "":
			dirs = append(dirs, escapePath(d.Replace.Path)+"@"+escapePath(d.Replace.Version))
		}
	}
	return dirs
}

// modCacheOf returns the directory in which one of the module
// directories (module@version) holds one of the files, or "".
func modCacheOf(files []string, modules []string) string {
	for _, f := range files {
		if !filepath.IsAbs(f) {
			continue
		}
		for _, m := range modules {
			if i := strings.Index(f, "/"+m+"/"); i > 0 {
				return f[:i]
			}
		}
	}
	return ""
}

// sourceFiles returns the names of the source files in the running
// binary's line table. /proc/self/exe is the file the process was started
// from even when a rebuild has replaced it since.
func sourceFiles() ([]string, error) {
	exe := "/proc/self/exe"
	if _, err := os.Stat(exe); err != nil {
		if exe, err = os.Executable(); err != nil {
			return nil, fmt.Errorf("native: %w", err)
		}
	}
	pclntab, text, err := lineTable(exe)
	if err != nil {
		return nil, err
	}
	tab, err := gosym.NewTable(nil, gosym.NewLineTable(pclntab, text))
	if err != nil {
		return nil, fmt.Errorf("native: the line table of %s: %w", exe, err)
	}
	files := make([]string, 0, len(tab.Files))
	for f := range tab.Files {
		files = append(files, f)
	}
	return files, nil
}

// lineTable reads the Go line table of an executable (ELF or Mach-O, the
// formats of the systems that have Go plugins) and the address of its
// text.
func lineTable(exe string) ([]byte, uint64, error) {
	if f, err := elf.Open(exe); err == nil {
		defer f.Close()
		tab, text := f.Section(".gopclntab"), f.Section(".text")
		if tab == nil || text == nil {
			return nil, 0, fmt.Errorf("native: %s has no Go line table", exe)
		}
		data, err := tab.Data()
		if err != nil {
			return nil, 0, fmt.Errorf("native: %s: %w", exe, err)
		}
		return data, text.Addr, nil
	}
	if f, err := macho.Open(exe); err == nil {
		defer f.Close()
		tab, text := f.Section("__gopclntab"), f.Section("__text")
		if tab == nil || text == nil {
			return nil, 0, fmt.Errorf("native: %s has no Go line table", exe)
		}
		data, err := tab.Data()
		if err != nil {
			return nil, 0, fmt.Errorf("native: %s: %w", exe, err)
		}
		return data, text.Addr, nil
	}
	return nil, 0, errors.New("native: " + exe + " is neither an ELF nor a Mach-O executable")
}

// isDir reports whether dir is a directory that can be read.
func isDir(dir string) bool {
	f, err := os.Open(dir)
	if err != nil {
		return false
	}
	defer f.Close()
	fi, err := f.Stat()
	return err == nil && fi.IsDir()
}
