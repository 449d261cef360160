package display

import (
	"encoding/json"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNotebookParses checks notebooks/display.ipynb, the notebook that
// uses every kind of output: it is nbformat 4, each code cell has a tag
// naming the output it shows, and each code cell is Go that parses. Cells
// are split at blank lines into declarations and statements, as a cell
// may mix them. Running it is the end-to-end tests' job.
func TestNotebookParses(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "notebooks", "display.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	var nb struct {
		NBFormat int `json:"nbformat"`
		Cells    []struct {
			Type     string   `json:"cell_type"`
			Source   []string `json:"source"`
			Metadata struct {
				Tags []string `json:"tags"`
			} `json:"metadata"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(data, &nb); err != nil {
		t.Fatal(err)
	}
	if nb.NBFormat != 4 {
		t.Errorf("nbformat %d", nb.NBFormat)
	}
	tags := map[string]bool{}
	for i, c := range nb.Cells {
		if c.Type != "code" {
			continue
		}
		if len(c.Metadata.Tags) != 1 || tags[c.Metadata.Tags[0]] {
			t.Errorf("cell %d: tags %v, want one tag of its own", i, c.Metadata.Tags)
		} else {
			tags[c.Metadata.Tags[0]] = true
		}
		src := strings.Join(c.Source, "")
		chunks := strings.Split(src, "\n\n")
		if strings.HasPrefix(src, "import") {
			chunks = []string{src}
		}
		for _, ch := range chunks {
			fset := token.NewFileSet()
			if _, err := parser.ParseFile(fset, "", "package p\n"+ch, 0); err == nil {
				continue
			}
			if _, err := parser.ParseFile(fset, "", "package p\nfunc _() {\n"+ch+"\n}", 0); err != nil {
				t.Errorf("cell %d (%v) does not parse: %v\n%s", i, c.Metadata.Tags, err, ch)
			}
		}
	}
	for _, want := range []string{"html", "markdown", "latex", "json", "svg", "png", "plot", "image",
		"matrix", "error", "table", "grid", "handle", "progress", "chart", "clear"} {
		if !tags[want] {
			t.Errorf("no cell tagged %q", want)
		}
	}
}
