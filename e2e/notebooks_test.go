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

// TestNbconvertExecute runs a notebook through `jupyter nbconvert
// --execute`, the command-line way of running one: a value, printed
// text and a plot come back as the notebook's outputs. nbconvert executes
// with nbclient, which TestNotebooksRunInNbclient runs every shipped
// notebook with; this test is about the command, so its notebook is
// small rather than the tour run a second time.
func TestNbconvertExecute(t *testing.T) {
	nbconvert, err := exec.LookPath("jupyter-nbconvert")
	require(t, err == nil, "jupyter nbconvert", "jupyter-nbconvert")
	env := jupyterEnv(t)
	dir := t.TempDir()
	nb := notebooks.New()
	for _, src := range []string{
		"x := 6",
		`fmt.Println("hello from", "nbconvert")`,
		"x * 7",
		"p := display.NewPlot(\"squares\", \"x\", \"x squared\")\nxy := plotter.XYs{}\nfor i := 0; i < 10; i++ {\n\txy = append(xy, plotter.XY{X: float64(i), Y: float64(i * i)})\n}\nl, _ := plotter.NewLine(xy)\np.Add(l)\np",
	} {
		nb.AddCell(notebooks.Code, src)
	}
	src := filepath.Join(dir, "in.ipynb")
	if err := nb.WriteFile(src); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(nbconvert, "--to", "notebook", "--execute", "--ExecutePreprocessor.kernel_name=methodic",
		"--ExecutePreprocessor.timeout=600", "--output-dir", dir, "--output", "out", src)
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nbconvert --execute: %v\n%s", err, out)
	}
	nb, err = notebooks.ReadFile(filepath.Join(dir, "out.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range nb.Cells {
		if c.ExecutionCount == nil {
			t.Errorf("cell %s did not run", c.ID)
		}
		for _, o := range c.Outputs {
			switch {
			case o.Type == notebooks.Error:
				t.Errorf("cell %s failed: %s: %s", c.ID, o.Ename, o.Evalue)
			case o.Text != "":
				got = append(got, "text "+o.Text)
			case o.Data["image/png"] != nil:
				got = append(got, "image")
			default:
				text, _ := o.Data["text/plain"].(string)
				got = append(got, "value "+text)
			}
		}
	}
	want := []string{"text hello from nbconvert\n", "value 42", "image"}
	if !slices.Equal(got, want) {
		t.Errorf("outputs %q, want %q", got, want)
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
