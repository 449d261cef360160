package e2e

// The cell-sequence fuzzer (internal/cellseq) through the methodic
// binary: sequences written as notebooks and run by `methodic run`, and
// sequences sent to the kernel by jupyter_client. Smaller budgets than
// the in-process run of interp's TestCellSequences, which has the
// flags to run long.

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/methodic-go/methodic/internal/cellseq"
	"github.com/methodic-go/methodic/notebooks"
)

// seqEnforced are the invariants that fail these tests when broken; the
// others are counted and logged. The same policy as interp's ciChecks.
var seqEnforced = cellseq.Checks

// seqConfigs are the sequences these tests run: seeds far from the
// in-process run's, 20 steps each.
func seqConfigs(n int) []cellseq.Config {
	var cs []cellseq.Config
	for i := range n {
		cs = append(cs, cellseq.Config{Seed: 100000 + uint64(i), Steps: 20})
	}
	return cs
}

// TestCellSequencesRun writes each sequence as a notebook and runs it
// with `methodic run --allow-errors`: the process must write the
// notebook, whatever the cells do, with each cell's outcome in it.
func TestCellSequencesRun(t *testing.T) {
	exe := methodic(t)
	dir := t.TempDir()
	var reports []cellseq.Report
	cells := 0
	start := time.Now()
	for _, cfg := range seqConfigs(8) {
		seq := cellseq.Generate(cfg)
		cells += len(seq.Cells)
		got := runNotebook(t, exe, dir, seq)
		reports = append(reports, cellseq.Check(seq, got, nil))
	}
	summarizeSequences(t, "methodic run", reports, cells, time.Since(start))
}

// runNotebook runs a sequence as a notebook and reads what each cell did
// from the notebook written; it returns fewer results than cells when
// the process died before writing it.
func runNotebook(t *testing.T, exe, dir string, seq cellseq.Sequence) []cellseq.Got {
	nb := notebooks.New()
	for _, c := range seq.Cells {
		nb.AddCell(notebooks.Code, c.Code)
	}
	in := filepath.Join(dir, fmt.Sprintf("seq%d.ipynb", seq.Seed))
	out := filepath.Join(dir, fmt.Sprintf("seq%d.out.ipynb", seq.Seed))
	if err := nb.WriteFile(in); err != nil {
		t.Fatal(err)
	}
	// Interrupt cells wait for their timeout: 2 s keeps them short; no
	// other generated cell comes near it.
	cmd := exec.Command(exe, "run", in, "-o", out, "--allow-errors", "--timeout", "2s")
	text, err := cmd.CombinedOutput()
	res, rerr := notebooks.ReadFile(out)
	if rerr != nil {
		t.Logf("seed %d: methodic run wrote no notebook (%v): %v\n%s", seq.Seed, err, rerr, clipText(string(text)))
		return nil
	}
	var got []cellseq.Got
	for _, c := range res.Cells {
		if c.ExecutionCount == nil && len(c.Outputs) == 0 {
			break // not reached
		}
		var g cellseq.Got
		for _, o := range c.Outputs {
			switch o.Type {
			case notebooks.Stream:
				if o.Name == "stdout" {
					g.Stdout += o.Text
				} else {
					g.Stderr += o.Text
				}
			case notebooks.ExecuteResult:
				g.Result, _ = o.Data["text/plain"].(string)
			case notebooks.Error:
				g.Name, g.Value = o.Ename, o.Evalue
				g.Traceback = strings.Join(o.Traceback, "\n")
			}
		}
		got = append(got, g)
	}
	return got
}

// TestCellSequencesJupyter sends sequences to the kernel through
// jupyter_client, one kernel per sequence, interrupting the cells that
// never end with interrupt_request.
func TestCellSequencesJupyter(t *testing.T) {
	requirePython(t, "python3-jupyter-client", "jupyter_client")
	env := jupyterEnv(t)
	var seqs []cellseq.Sequence
	var input [][]map[string]any
	cells := 0
	for _, cfg := range seqConfigs(5) {
		seq := cellseq.Generate(cfg)
		seqs = append(seqs, seq)
		cells += len(seq.Cells)
		var cs []map[string]any
		for _, c := range seq.Cells {
			cs = append(cs, map[string]any{"code": c.Code, "timeout": c.Timeout.Seconds()})
		}
		input = append(input, cs)
	}
	b, err := json.Marshal(input)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "sequences.json")
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	script, _ := filepath.Abs(filepath.Join("testdata", "cellseq.py"))
	start := time.Now()
	text, err := runPython(t, env, 10*time.Minute, script, file)
	if err != nil {
		t.Fatalf("cellseq.py: %v\n%s", err, clipText(text))
	}
	i := strings.LastIndex(text, "RESULT ")
	if i < 0 {
		t.Fatalf("no result line in:\n%s", clipText(text))
	}
	var results [][]struct {
		Name, Value, Traceback, Stdout, Stderr, Result string
	}
	if err := json.Unmarshal([]byte(strings.TrimSpace(text[i+len("RESULT "):])), &results); err != nil {
		t.Fatal(err)
	}
	var reports []cellseq.Report
	for k, seq := range seqs {
		var got []cellseq.Got
		for _, r := range results[k] {
			got = append(got, cellseq.Got{Name: r.Name, Value: r.Value, Traceback: r.Traceback, Stdout: r.Stdout, Stderr: r.Stderr, Result: r.Result})
		}
		reports = append(reports, cellseq.Check(seq, got, nil))
	}
	summarizeSequences(t, "jupyter_client", reports, cells, time.Since(start))
}

// summarizeSequences logs the figures of a run, saves them as an
// artifact, and fails the test on a broken enforced invariant.
func summarizeSequences(t *testing.T, how string, reports []cellseq.Report, cells int, took time.Duration) {
	t.Helper()
	perCheck := map[string]int{}
	classes := map[string]int{}
	failed := 0
	var firsts []string
	for _, r := range reports {
		seen := map[string]bool{}
		for _, f := range r.Failures {
			if !seen[f.Check] {
				seen[f.Check] = true
				perCheck[f.Check]++
			}
			if !seen[f.Class()] {
				seen[f.Class()] = true
				if classes[f.Class()] == 0 {
					firsts = append(firsts, f.String())
				}
				classes[f.Class()]++
				if slices.Contains(seqEnforced, f.Check) {
					t.Errorf("%s: invariant %s broken:\n%s", how, f.Class(), f)
				}
			}
		}
		if len(r.Failures) > 0 {
			failed++
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "cell-sequence fuzzer, %s: %d sequences, %d cells, %v; sequences with a failure: %d\n", how, len(reports), cells, took.Round(time.Millisecond), failed)
	for _, c := range cellseq.Checks {
		fmt.Fprintf(&b, "  %-8s %d sequences failed\n", c, perCheck[c])
	}
	var names []string
	for c := range classes {
		names = append(names, c)
	}
	slices.Sort(names)
	b.WriteString("failures by invariant/kind of step (sequences):")
	for _, c := range names {
		fmt.Fprintf(&b, " %s %d;", c, classes[c])
	}
	b.WriteString("\n")
	t.Log("\n" + b.String())
	if testing.Verbose() {
		for _, f := range firsts {
			t.Log(f)
		}
	}
	name := "cellseq-" + strings.ReplaceAll(how, " ", "-") + ".txt"
	if err := os.WriteFile(filepath.Join(artifacts(t), name), []byte(b.String()), 0o644); err != nil {
		t.Log(err)
	}
}

func clipText(s string) string {
	if len(s) > 4000 {
		return s[:2000] + "\n...\n" + s[len(s)-2000:]
	}
	return s
}
