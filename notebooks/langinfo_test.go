package notebooks

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/methodic-go/methodic/interp"
)

// TestRunWritesLanguageInfo: a run leaves the notebook with the
// language_info the kernel reports, whatever the file held before, so
// that the classic Notebook does not open a re-run notebook as modified.
func TestRunWritesLanguageInfo(t *testing.T) {
	nb := New()
	nb.Metadata["language_info"] = map[string]any{"name": "go", "version": "1.0", "mimetype": "text/x-go"}
	nb.AddCell(Code, "1 + 1")
	if _, err := Run(context.Background(), nb, RunOptions{}); err != nil {
		t.Fatal(err)
	}
	if got, want := nb.Metadata["language_info"], interp.Lang().Metadata(); !reflect.DeepEqual(got, want) {
		t.Errorf("language_info after a run = %v, want %v", got, want)
	}
	if got, want := New().Metadata["language_info"], interp.Lang().Metadata(); !reflect.DeepEqual(got, want) {
		t.Errorf("a new notebook's language_info = %v, want %v", got, want)
	}
}

// TestShippedLanguageInfo: every notebook under notebooks/ carries the
// kernelspec of the installed kernel and exactly the language_info the
// kernel reports (the classic Notebook compares them field by field and
// marks the notebook modified when they differ).
func TestShippedLanguageInfo(t *testing.T) {
	paths, err := filepath.Glob("*.ipynb")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no notebooks: %v", err)
	}
	want := interp.Lang().Metadata()
	for _, p := range paths {
		nb, err := ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := nb.Metadata["language_info"]; !reflect.DeepEqual(got, want) {
			t.Errorf("%s: language_info = %v, want %v (re-run it with methodic run --inplace)", p, got, want)
		}
		if got, want := nb.Metadata["kernelspec"], New().Metadata["kernelspec"]; !reflect.DeepEqual(got, want) {
			t.Errorf("%s: kernelspec = %v, want %v", p, got, want)
		}
	}
}
