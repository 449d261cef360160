package notebooks

import (
	"context"
	"errors"
	"testing"
)

func TestLanguage(t *testing.T) {
	for _, tc := range []struct {
		meta map[string]any
		want string
		ok   bool
	}{
		{New().Metadata, "go", true},
		{map[string]any{}, "", true},
		{map[string]any{"kernelspec": map[string]any{"name": "python3", "display_name": "Python 3", "language": "python"}}, "python", false},
		{map[string]any{"language_info": map[string]any{"name": "R"}}, "r", false},
		{map[string]any{"kernelspec": map[string]any{"name": "gophernotes", "display_name": "Go"}}, "go", true},
		{map[string]any{"kernelspec": map[string]any{"name": "ir", "display_name": "R"}}, "ir", false},
		{map[string]any{"kernelspec": map[string]any{"name": "methodic", "display_name": "Go (Methodic)", "language": "Go"}}, "go", true},
	} {
		nb := &Notebook{NBFormat: 4, NBFormatMinor: 5, Metadata: tc.meta}
		if got := nb.Language(); got != tc.want {
			t.Errorf("Language of %v = %q, want %q", tc.meta, got, tc.want)
		}
		err := nb.CheckLanguage()
		var le *LanguageError
		if tc.ok != (err == nil) || (!tc.ok && !errors.As(err, &le)) {
			t.Errorf("CheckLanguage of %v = %v", tc.meta, err)
		}
	}
}

// TestRunRefusesAnotherLanguage: Run runs nothing of a python3 notebook
// unless told to, and then records that the notebook is Go.
func TestRunRefusesAnotherLanguage(t *testing.T) {
	nb := notebookOf("1 + 1")
	nb.Metadata = map[string]any{"kernelspec": map[string]any{"name": "python3", "display_name": "Python 3", "language": "python"}, "authors": "kept"}
	sum, err := Run(context.Background(), nb, RunOptions{Session: newSession(t)})
	var le *LanguageError
	if !errors.As(err, &le) || le.Language != "python" || le.Kernel != "python3" || sum.Ran != 0 || nb.Cells[1].ExecutionCount != nil {
		t.Fatalf("Run of a python3 notebook = %+v, %v", sum, err)
	}
	if _, err := Run(context.Background(), nb, RunOptions{Session: newSession(t), AnyLanguage: true}); err != nil {
		t.Fatal(err)
	}
	if nb.Language() != "go" || nb.Metadata["authors"] != "kept" || len(nb.Cells[1].Outputs) != 1 {
		t.Errorf("after AnyLanguage: metadata %v, outputs %+v", nb.Metadata, nb.Cells[1].Outputs)
	}
}
