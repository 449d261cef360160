package native_test

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
)

// TestOtherModuleCache: a kernel started with another module cache than
// the one it was built from (Jupyter starting it with another HOME, as
// nbclient's e2e test does) compiles a cell that imports a package the
// kernel links too. The compiled form of a package records where its
// sources were, so the cell must be built from the kernel's copy of
// gonum, not from a fresh download of the same version (the runtime
// refused that: "package gonum.org/v1/gonum/... differs").
//
// This test binary is the kernel: it links gonum's floats by calling it.
func TestOtherModuleCache(t *testing.T) {
	out, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Skipf("go env: %v", err)
	}
	built := strings.TrimSpace(string(out))
	// The environment of a kernel with a fresh HOME: an empty module
	// cache, filled (if the go command downloads anything) from the real
	// one's downloads, with no network.
	t.Setenv("GOMODCACHE", t.TempDir())
	t.Setenv("GOPROXY", "file://"+filepath.Join(built, "cache", "download"))
	t.Setenv("GOSUMDB", "off")
	c := newCompiler(t)
	if got := c.Kernel().ModCache; got != built {
		t.Errorf("Kernel().ModCache = %q, want the module cache this test was built from, %q", got, built)
	}
	cell, err := c.Compile(context.Background(), "import \"gonum.org/v1/gonum/floats\"\n\nfunc total(xs []float64) float64 { return floats.Sum(xs) }\n", 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	xs := []float64{1, 2, 3.5}
	total, ok := cell.Symbols["total"].Interface().(func([]float64) float64)
	if !ok {
		t.Fatalf("total is %v", cell.Symbols["total"].Type())
	}
	if got, want := total(xs), floats.Sum(xs); got != want {
		t.Errorf("total = %v, want %v", got, want)
	}
}
