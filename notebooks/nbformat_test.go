package notebooks

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const sample = `{
 "cells": [
  {"cell_type": "markdown", "id": "intro", "metadata": {}, "source": ["# Title\n", "text"]},
  {"cell_type": "code", "execution_count": 3, "id": "c1", "metadata": {"tags": ["x"]},
   "outputs": [
    {"name": "stdout", "output_type": "stream", "text": ["a\n", "b\n"]},
    {"data": {"text/plain": ["1\n", "2"], "application/json": {"k": [1, 2]}, "image/png": "iVBOR"},
     "execution_count": 3, "metadata": {"image/png": {"width": 10}}, "output_type": "execute_result"},
    {"ename": "panic", "evalue": "boom", "output_type": "error", "traceback": ["line 1"]}
   ],
   "source": "x := 1\nx"},
  {"cell_type": "raw", "id": "r", "metadata": {}, "source": ""}
 ],
 "metadata": {"kernelspec": {"name": "methodic", "display_name": "Go (Methodic)", "language": "go"}, "custom": {"keep": true}},
 "nbformat": 4,
 "nbformat_minor": 5
}`

func TestDecodeJoinsMultilineAndKeepsJSON(t *testing.T) {
	nb, err := Decode([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	if len(nb.Cells) != 3 {
		t.Fatalf("%d cells", len(nb.Cells))
	}
	if got := nb.Cells[0].Source; got != "# Title\ntext" {
		t.Errorf("markdown source = %q", got)
	}
	c := nb.Cells[1]
	if c.ExecutionCount == nil || *c.ExecutionCount != 3 {
		t.Errorf("execution count = %v", c.ExecutionCount)
	}
	if c.Outputs[0].Text != "a\nb\n" {
		t.Errorf("stream text = %q", c.Outputs[0].Text)
	}
	r := c.Outputs[1]
	if r.Data["text/plain"] != "1\n2" {
		t.Errorf("text/plain = %q", r.Data["text/plain"])
	}
	if !reflect.DeepEqual(r.Data["application/json"], map[string]any{"k": []any{1.0, 2.0}}) {
		t.Errorf("application/json = %#v", r.Data["application/json"])
	}
	if c.Outputs[2].Ename != "panic" || c.Outputs[2].Evalue != "boom" {
		t.Errorf("error output = %+v", c.Outputs[2])
	}
	want := []string{"application/json", "error", "image/png", "stream:stdout", "text/plain"}
	if got := c.MIMETypes(); !reflect.DeepEqual(got, want) {
		t.Errorf("MIMETypes = %v, want %v", got, want)
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	nb, err := Decode([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	b, err := nb.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "\"source\": [\n    \"x := 1\\n\",\n    \"x\"\n   ]") {
		t.Errorf("source not stored as a list of lines:\n%s", b)
	}
	again, err := Decode(b)
	if err != nil {
		t.Fatalf("re-decoding: %v\n%s", err, b)
	}
	if !reflect.DeepEqual(nb, again) {
		t.Errorf("round trip changed the notebook")
	}
	b2, _ := again.Encode()
	if string(b) != string(b2) {
		t.Errorf("encoding is not stable")
	}
	if !reflect.DeepEqual(again.Metadata["custom"], map[string]any{"keep": true}) {
		t.Errorf("notebook metadata lost: %v", again.Metadata)
	}
}

func TestDecodeRejectsBadNotebooks(t *testing.T) {
	cases := map[string]struct{ json, want string }{
		"not json":      {`{"cells": [`, "not a notebook"},
		"nbformat 3":    {`{"cells": [], "metadata": {}, "nbformat": 3, "nbformat_minor": 0}`, "nbformat 3"},
		"no cells":      {`{"metadata": {}, "nbformat": 4, "nbformat_minor": 5}`, "no cells"},
		"unknown cell":  {`{"cells": [{"cell_type": "sql", "id": "a", "metadata": {}, "source": ""}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`, `cell 1: unknown cell_type "sql"`},
		"code no count": {`{"cells": [{"cell_type": "code", "id": "a", "metadata": {}, "source": "", "outputs": []}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`, "execution_count"},
		"duplicate id":  {`{"cells": [{"cell_type": "raw", "id": "a", "metadata": {}, "source": ""}, {"cell_type": "raw", "id": "a", "metadata": {}, "source": ""}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`, "also the id of cell 1"},
		"bad id":        {`{"cells": [{"cell_type": "raw", "id": "a b", "metadata": {}, "source": ""}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`, "cell id"},
		"bad stream":    {`{"cells": [{"cell_type": "code", "id": "a", "execution_count": null, "metadata": {}, "source": "", "outputs": [{"output_type": "stream", "name": "stdlog", "text": ""}]}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`, "output 1"},
		"unknown field": {`{"cells": [{"cell_type": "raw", "id": "a", "metadata": {}, "source": "", "bogus": 1}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`, "bogus"},
		"bad source":    {`{"cells": [{"cell_type": "raw", "id": "a", "metadata": {}, "source": 7}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`, "cell 1"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Decode([]byte(tc.json))
			if err == nil {
				t.Fatal("decoded without error")
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "notebooks: ") {
				t.Errorf("error %q does not say %q", err, tc.want)
			}
		})
	}
}

func TestWriteFileReplacesAtomically(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "n.ipynb")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	nb := New()
	nb.AddCell(Code, "1 + 1")
	if err := nb.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("permissions changed to %v", st.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	back, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if back.Cells[0].Source != "1 + 1" || back.Cells[0].ID == "" {
		t.Errorf("read back %+v", back.Cells[0])
	}
	// A notebook that does not validate is not written, and the file on
	// disk is untouched.
	back.Cells[0].Type = "sql"
	if err := back.WriteFile(path); err == nil {
		t.Error("wrote an invalid notebook")
	}
	if _, err := ReadFile(path); err != nil {
		t.Errorf("file damaged by a refused write: %v", err)
	}
}

// TestPythonNbformatValidates checks what we write against the real
// nbformat schema, with Jupyter's own validator.
func TestPythonNbformatValidates(t *testing.T) {
	python := requirePython(t, "nbformat")
	nb, err := Decode([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	nb.AddCell(Markdown, "added")
	path := filepath.Join(t.TempDir(), "v.ipynb")
	if err := nb.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(python, "-c", `import sys, nbformat
nb = nbformat.read(sys.argv[1], as_version=4)
nbformat.validate(nb)
print(len(nb.cells))`, path).CombinedOutput()
	if err != nil {
		t.Fatalf("nbformat.validate: %v\n%s", err, out)
	}
	if strings.TrimSpace(string(out)) != "4" {
		t.Errorf("python read %s cells", out)
	}
}

// requirePython returns Debian's python3 when it has the given modules,
// and skips the test otherwise (fails it under METHODIC_REQUIRE_JUPYTER=1).
func requirePython(t *testing.T, modules ...string) string {
	t.Helper()
	const python = "/usr/bin/python3"
	args := []string{"-c", "import " + strings.Join(modules, ", ")}
	if err := exec.Command(python, args...).Run(); err != nil {
		msg := "needs " + python + " with " + strings.Join(modules, ", ") + " (Debian: python3-nbformat jupyter-client python3-nbclient)"
		if os.Getenv("METHODIC_REQUIRE_JUPYTER") == "1" {
			t.Fatal(msg + ", and METHODIC_REQUIRE_JUPYTER=1")
		}
		t.Skip(msg)
	}
	return python
}
