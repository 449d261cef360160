package notebooks

import (
	"context"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

// outputKinds summarises what a cell shows as kinds a reader would name:
// text, image, table, html, markdown, latex, json, error.
func outputKinds(c *Cell) []string {
	set := map[string]bool{}
	for _, o := range c.Outputs {
		set[outputKind(o)] = true
	}
	kinds := make([]string, 0, len(set))
	for k := range set {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	return kinds
}

func outputKind(o *Output) string {
	switch o.Type {
	case Stream:
		return "text"
	case Error:
		return "error"
	}
	for _, m := range []string{"image/png", "image/svg+xml", "image/jpeg"} {
		if _, ok := o.Data[m]; ok {
			return "image"
		}
	}
	if h, ok := o.Data["text/html"].(string); ok {
		if strings.Contains(h, "<table") {
			return "table"
		}
		return "html"
	}
	for m, kind := range map[string]string{"text/markdown": "markdown", "text/latex": "latex", "application/json": "json"} {
		if _, ok := o.Data[m]; ok {
			return kind
		}
	}
	return "text"
}

// TestShippedNotebooks re-runs every notebook under notebooks/ and
// compares, cell by cell, the kinds of output it shows with the outputs
// committed in the file: a cell that errors, or that now shows text where
// it showed an image (or the reverse), fails the test. Notebooks are
// committed with their outputs so that they show on GitHub.
func TestShippedNotebooks(t *testing.T) {
	paths, err := filepath.Glob("*.ipynb")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no notebooks: %v", err)
	}
	for _, path := range paths {
		t.Run(strings.TrimSuffix(path, ".ipynb"), func(t *testing.T) {
			committed, err := ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			nb, _ := ReadFile(path)
			start := time.Now()
			sum, err := Run(context.Background(), nb, RunOptions{Session: newSession(t), Timeout: 5 * time.Minute})
			if err != nil {
				t.Fatalf("the notebook does not run clean: %v", err)
			}
			t.Logf("%d cells in %s", sum.Ran, time.Since(start).Round(time.Millisecond))
			for i, c := range nb.Cells {
				if c.Type != Code {
					continue
				}
				was := committed.Cells[i]
				if len(was.Outputs) == 0 && was.ExecutionCount == nil {
					t.Errorf("cell %d is committed without having been run: commit notebooks with their outputs (methodic run --inplace)", i+1)
					continue
				}
				got, want := outputKinds(c), outputKinds(was)
				if !slices.Equal(got, want) {
					t.Errorf("cell %d shows %v, the committed notebook shows %v\n%s", i+1, got, want, firstLine(c.Source))
				}
			}
		})
	}
}
