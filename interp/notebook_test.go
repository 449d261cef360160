package interp

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// TestNotebook runs notebooks/go-cells.ipynb, the walk-through of this
// package's behaviours, and fails at the first cell that errs.
func TestNotebook(t *testing.T) {
	data, err := os.ReadFile("../notebooks/go-cells.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	var nb struct {
		Cells []struct {
			CellType string          `json:"cell_type"`
			Source   json.RawMessage `json:"source"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(data, &nb); err != nil {
		t.Fatal(err)
	}
	s := newSession(t)
	for i, c := range nb.Cells {
		if c.CellType != "code" {
			continue
		}
		var src string
		if err := json.Unmarshal(c.Source, &src); err != nil {
			var lines []string
			if err := json.Unmarshal(c.Source, &lines); err != nil {
				t.Fatal(err)
			}
			src = strings.Join(lines, "")
		}
		rec := &recorder{}
		res := s.Execute(context.Background(), src, rec, ExecOptions{})
		if res.Err != nil {
			t.Fatalf("cell %d:\n%s\n%s: %s\n%s", i, src, res.Err.Name, res.Err.Value, strings.Join(res.Err.Traceback, "\n"))
		}
	}
}
