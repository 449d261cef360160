package native

import (
	"errors"
	"runtime/debug"
	"strings"
	"testing"
)

// TestLoadError: a plugin the runtime refuses is explained by where the
// package that differs comes from; only the kernel's own packages blame
// its sources.
func TestLoadError(t *testing.T) {
	k := &Kernel{Module: "example.com/kernel", Version: "(devel)", Dir: "/src/kernel", ModCache: "/home/a/go/pkg/mod",
		Deps: []*debug.Module{
			{Path: "gonum.org/v1/gonum", Version: "v0.17.0"},
			{Path: "example.com/local", Version: "v1.0.0", Replace: &debug.Module{Path: "/src/local"}},
		}}
	refused := func(pkg string) error {
		return errors.New("plugin.Open(\"/tmp/p1\"): plugin was built with a different version of package " + pkg)
	}
	for _, c := range []struct {
		pkg, modCache string
		want          []string
	}{
		{"example.com/kernel/mlstd/metrics", "/home/a/go/pkg/mod", []string{"sources in /src/kernel changed"}},
		{"gonum.org/v1/gonum/blas", "/tmp/home/go/pkg/mod", []string{"module gonum.org/v1/gonum v0.17.0", "/home/a/go/pkg/mod", "/tmp/home/go/pkg/mod"}},
		{"gonum.org/v1/gonum/blas", "/home/a/go/pkg/mod", []string{"module gonum.org/v1/gonum v0.17.0", "not those the kernel was built from"}},
		{"example.com/local/x", "/home/a/go/pkg/mod", []string{"replaced by /src/local", "sources in /src/local changed"}},
		{"internal/abi", "/home/a/go/pkg/mod", []string{"standard library"}},
	} {
		err := k.loadError(refused(c.pkg), c.modCache)
		var te *ToolchainError
		if !errors.As(err, &te) {
			t.Errorf("%s: %v, want a ToolchainError", c.pkg, err)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q does not say %q", c.pkg, err, w)
			}
		}
		if k.moduleOf(c.pkg) != k.Module && strings.Contains(err.Error(), "/src/kernel") {
			t.Errorf("%s: %q blames the kernel's sources", c.pkg, err)
		}
	}
	other := errors.New("plugin.Open: realpath failed")
	if err := k.loadError(other, ""); !errors.Is(err, other) {
		t.Errorf("another error is not wrapped: %v", err)
	}
}
