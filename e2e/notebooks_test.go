package e2e

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/methodic-go/methodic/notebooks"
)

// notebookPaths lists the notebooks shipped under notebooks/.
func notebookPaths(t *testing.T) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(repoRoot(t), "notebooks", "*.ipynb"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no notebooks under notebooks/: %v", err)
	}
	return paths
}

// TestNotebooksRunInNbclient executes every notebook with nbclient, as
// JupyterLab's "run all" would, and checks that no cell fails and that
// each cell shows the output kinds its metadata expects
// ("methodic": {"expect": ["image/png", ...]}).
func TestNotebooksRunInNbclient(t *testing.T) {
	requirePython(t, "python3-nbclient", "nbclient", "nbformat")
	env := jupyterEnv(t)
	script, _ := filepath.Abs(filepath.Join("testdata", "nbclient_run.py"))
	for _, path := range notebookPaths(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out.ipynb")
			text, err := runPython(t, env, 15*time.Minute, script, path, out)
			if err != nil {
				t.Fatalf("nbclient: %v\n%s", err, text)
			}
			checkExpectations(t, text)
			if _, err := notebooks.ReadFile(out); err != nil {
				t.Errorf("the notebook nbclient wrote does not read back: %v", err)
			}
		})
	}
}

func checkExpectations(t *testing.T, text string) {
	t.Helper()
	i := strings.LastIndex(text, "RESULT ")
	if i < 0 {
		t.Fatalf("no result line in:\n%s", text)
	}
	var cells []struct {
		Index  int      `json:"index"`
		Kinds  []string `json:"kinds"`
		Expect []string `json:"expect"`
	}
	line, _, _ := strings.Cut(text[i+len("RESULT "):], "\n")
	if err := json.Unmarshal([]byte(line), &cells); err != nil {
		t.Fatalf("bad result line: %v", err)
	}
	for _, c := range cells {
		if slices.Contains(c.Kinds, "error") {
			t.Errorf("cell %d shows an error", c.Index+1)
		}
		for _, want := range c.Expect {
			if !slices.Contains(c.Kinds, want) {
				t.Errorf("cell %d shows %v, want %s among them", c.Index+1, c.Kinds, want)
			}
		}
	}
}

// TestNbconvertExecute runs the tour through `jupyter nbconvert --execute`,
// the command-line way of running a notebook, and its HTML export.
func TestNbconvertExecute(t *testing.T) {
	nbconvert, err := exec.LookPath("jupyter-nbconvert")
	require(t, err == nil, "jupyter nbconvert", "jupyter-nbconvert")
	env := jupyterEnv(t)
	dir := t.TempDir()
	src := filepath.Join(repoRoot(t), "notebooks", "00-tour.ipynb")
	cmd := exec.Command(nbconvert, "--to", "notebook", "--execute", "--ExecutePreprocessor.kernel_name=methodic",
		"--ExecutePreprocessor.timeout=600", "--output-dir", dir, "--output", "tour", src)
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nbconvert --execute: %v\n%s", err, out)
	}
	nb, err := notebooks.ReadFile(filepath.Join(dir, "tour.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	ran := 0
	for _, c := range nb.Cells {
		if c.Type == notebooks.Code && c.ExecutionCount != nil {
			ran++
		}
		for _, o := range c.Outputs {
			if o.Type == notebooks.Error {
				t.Errorf("cell %s failed: %s: %s", c.ID, o.Ename, o.Evalue)
			}
		}
	}
	if ran == 0 {
		t.Error("nbconvert ran no cell")
	}
}

// TestNbconvertHTMLShowsImages exports every committed notebook to HTML
// with nbconvert, the usual way of sharing a notebook without Jupyter, and
// checks that every image output of the notebook is in the page as an
// image (nbconvert prefers text/html, so outputs that also carry HTML are
// shown by their HTML instead).
func TestNbconvertHTMLShowsImages(t *testing.T) {
	nbconvert, err := exec.LookPath("jupyter-nbconvert")
	require(t, err == nil, "jupyter nbconvert", "jupyter-nbconvert")
	env := jupyterEnv(t)
	for _, path := range notebookPaths(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			nb, err := notebooks.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			cmd := exec.Command(nbconvert, "--to", "html", "--output-dir", dir, "--output", "page", path)
			cmd.Env = env
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("nbconvert --to html: %v\n%s", err, out)
			}
			page, err := os.ReadFile(filepath.Join(dir, "page.html"))
			if err != nil {
				t.Fatal(err)
			}
			images := 0
			for i, c := range nb.Cells {
				for _, o := range c.Outputs {
					png, ok := o.Data["image/png"].(string)
					if _, html := o.Data["text/html"]; !ok || html {
						continue
					}
					images++
					png = strings.TrimSpace(png)
					if !bytes.Contains(page, []byte(`<img src="data:image/png;base64,`+png[:min(len(png), 200)])) {
						t.Errorf("cell %d: its PNG image is not in nbconvert's HTML", i+1)
					}
				}
			}
			t.Logf("%d images in the page", images)
		})
	}
}
