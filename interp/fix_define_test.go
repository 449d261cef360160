package interp

import (
	"context"
	"strings"
	"testing"
)

// TestHiddenImports: a top-level := whose type names a package the cells
// did not import (plot, for tune's [][]*plot.Plot) imports it under a
// name of the kernel's own (fix toplevel-index), which completion does
// not offer (complete.go, hiddenName), and which leaves the cells' own
// name plot free.
func TestHiddenImports(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, c := range []string{
		"sn := &tune.Snapshot{Name: \"x\"}\nps := sn.History().Plots()",
		"row := ps[0]",
		"plot := 3\n_ = plot",
	} {
		if res := s.Execute(context.Background(), c, &recorder{}, ExecOptions{}); res.Err != nil {
			t.Fatalf("%q: %s: %s", c, res.Err.Name, res.Err.Value)
		}
	}
	hidden := false
	for n := range s.store.imports {
		hidden = hidden || strings.HasPrefix(n, hiddenImportPrefix)
	}
	if !hidden {
		t.Fatalf("row := ps[0] imported nothing under a hidden name: %v", s.store.imports)
	}
	for _, m := range s.Complete("_", 1).Matches {
		if strings.HasPrefix(m.Text, hiddenImportPrefix) {
			t.Errorf("completion offers the kernel's import %s", m.Text)
		}
	}
}
