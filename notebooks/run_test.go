package notebooks

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/methodic-go/methodic/interp"
)

// newSession is a real interpreter session, closed when the test ends.
func newSession(t *testing.T) *interp.Session {
	t.Helper()
	s, err := interp.New(interp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func notebookOf(cells ...string) *Notebook {
	nb := New()
	nb.AddCell(Markdown, "# a title")
	for _, src := range cells {
		nb.AddCell(Code, src)
	}
	return nb
}

func TestRunStoresEveryKindOfOutput(t *testing.T) {
	nb := notebookOf(
		"import \"fmt\"\nfmt.Println(\"one\")\nfmt.Print(\"two\\n\")\nx := 20",
		"x*2 + 2",
		"display.Show(display.HTML(\"<i>shown</i>\"))\nh := display.NewHandle(display.Markdown(\"old\"))\nh.Update(display.Markdown(\"new\"))",
		"display.Show(display.HTML(\"gone\"))\ndisplay.Clear(false)\ndisplay.Show(display.HTML(\"kept\"))",
		"display.Show(display.HTML(\"stays\"))\ndisplay.Clear(true)\ndisplay.Show(display.HTML(\"<b>replaces</b>\"))",
	)
	var progress strings.Builder
	sum, err := Run(context.Background(), nb, RunOptions{Session: newSession(t), Progress: &progress})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Cells != 5 || sum.Ran != 5 || sum.Failed != 0 {
		t.Errorf("summary %+v", sum)
	}
	if n := strings.Count(progress.String(), "\n"); n != 5 {
		t.Errorf("%d progress lines:\n%s", n, progress.String())
	}
	c := nb.Cells
	if c[0].Type != Markdown || c[0].ExecutionCount != nil {
		t.Errorf("the markdown cell was touched: %+v", c[0])
	}
	if len(c[1].Outputs) != 1 || c[1].Outputs[0].Text != "one\ntwo\n" {
		t.Errorf("consecutive writes to stdout are not one stream output: %+v", c[1].Outputs)
	}
	if got := c[2].Outputs; len(got) != 1 || got[0].Type != ExecuteResult || got[0].Data["text/plain"] != "42" || *got[0].ExecutionCount != 2 {
		t.Errorf("execute result %+v", got)
	}
	if got := c[3].MIMETypes(); strings.Join(got, " ") != "text/html text/markdown text/plain" {
		t.Errorf("display cell shows %v", got)
	}
	if md := c[3].Outputs[1].Data["text/markdown"]; md != "new" {
		t.Errorf("update_display_data did not replace the output: %v", md)
	}
	if got := c[4].Outputs; len(got) != 1 || got[0].Data["text/html"] != "kept" {
		t.Errorf("Clear(false) left %+v", got)
	}
	if got := c[5].Outputs; len(got) != 1 || got[0].Data["text/html"] != "<b>replaces</b>" {
		t.Errorf("Clear(true) left %+v", got)
	}
	for i, cell := range c[1:] {
		if cell.ExecutionCount == nil || *cell.ExecutionCount != i+1 {
			t.Errorf("cell %d has execution count %v", i+2, cell.ExecutionCount)
		}
	}
	if _, err := nb.Encode(); err != nil {
		t.Errorf("the run notebook does not encode: %v", err)
	}
}

func TestRunStopsAtFirstError(t *testing.T) {
	nb := notebookOf("x := 1", "panic(\"boom\")", "x = 2")
	nb.Cells[3].Outputs = []*Output{{Type: Stream, Name: "stdout", Text: "from an old run\n"}}
	sum, err := Run(context.Background(), nb, RunOptions{Session: newSession(t)})
	ce, ok := err.(*CellError)
	if !ok {
		t.Fatalf("err = %v, want a *CellError", err)
	}
	if ce.Cell != 3 || !strings.Contains(ce.Evalue, "boom") {
		t.Errorf("cell error %+v", ce)
	}
	if sum.Ran != 2 || sum.Failed != 1 {
		t.Errorf("summary %+v", sum)
	}
	out := nb.Cells[2].Outputs
	if len(out) != 1 || out[0].Type != Error || len(out[0].Traceback) == 0 {
		t.Errorf("the failing cell holds %+v", out)
	}
	if last := nb.Cells[3]; last.ExecutionCount != nil || len(last.Outputs) != 1 || last.Outputs[0].Text != "from an old run\n" {
		t.Errorf("a cell after the failure lost what it had: %+v", last)
	}
}

// TestRunKeepsCellsNotRun: the cells a failed or cancelled run did not
// reach keep their outputs and execution counts, as Jupyter's Run All
// leaves them.
func TestRunKeepsCellsNotRun(t *testing.T) {
	old := func(nb *Notebook) {
		for i, c := range nb.Cells {
			if c.Type != Code {
				continue
			}
			n := 40 + i
			c.ExecutionCount = &n
			c.Outputs = []*Output{{Type: Stream, Name: "stdout", Text: fmt.Sprintf("old output of cell %d\n", i+1)}}
		}
	}
	kept := func(t *testing.T, c *Cell, i int) {
		t.Helper()
		if c.ExecutionCount == nil || *c.ExecutionCount != 40+i || len(c.Outputs) != 1 || c.Outputs[0].Text != fmt.Sprintf("old output of cell %d\n", i+1) {
			t.Errorf("cell %d not run: count %v, outputs %+v; want what it had", i+1, c.ExecutionCount, c.Outputs)
		}
	}
	t.Run("failed", func(t *testing.T) {
		nb := notebookOf("x := 1", "panic(\"boom\")", "x + 1", "x + 2")
		old(nb)
		if _, err := Run(context.Background(), nb, RunOptions{Session: newSession(t)}); err == nil {
			t.Fatal("no error")
		}
		if c := nb.Cells[1]; *c.ExecutionCount != 1 || len(c.Outputs) != 0 {
			t.Errorf("cell 2 ran: %v %+v", *c.ExecutionCount, c.Outputs)
		}
		kept(t, nb.Cells[3], 3)
		kept(t, nb.Cells[4], 4)
	})
	t.Run("cancelled", func(t *testing.T) {
		// The cell says it has started by writing to a FIFO, which
		// blocks until the test reads it; the test then cancels.
		fifo := filepath.Join(t.TempDir(), "started")
		if err := syscall.Mkfifo(fifo, 0o600); err != nil {
			t.Fatal(err)
		}
		nb := notebookOf("x := 1", fmt.Sprintf("os.WriteFile(%q, []byte(\"go\"), 0)\n<-ctx.Done()", fifo), "x + 1")
		old(nb)
		ctx, cancel := context.WithCancel(context.Background())
		go func() {
			os.ReadFile(fifo)
			cancel()
		}()
		_, err := Run(ctx, nb, RunOptions{Session: newSession(t)})
		if err != context.Canceled {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if c := nb.Cells[2]; len(c.Outputs) != 1 || c.Outputs[0].Ename != "Interrupted" {
			t.Errorf("the interrupted cell holds %+v", c.Outputs)
		}
		kept(t, nb.Cells[3], 3)
	})
}

func TestRunAllowErrorsGoesOn(t *testing.T) {
	nb := notebookOf("x := 1", "undefined_name + 1", "x + 1")
	sum, err := Run(context.Background(), nb, RunOptions{Session: newSession(t), AllowErrors: true})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Ran != 3 || sum.Failed != 1 {
		t.Errorf("summary %+v", sum)
	}
	if got := nb.Cells[3].Outputs; len(got) != 1 || got[0].Data["text/plain"] != "2" {
		t.Errorf("the cell after the error: %+v", got)
	}
}

func TestRunTimeoutInterruptsACell(t *testing.T) {
	nb := notebookOf("n := 0", "for {\n\tn++\n}", "n > 0")
	start := time.Now()
	_, err := Run(context.Background(), nb, RunOptions{Session: newSession(t), Timeout: 300 * time.Millisecond, AllowErrors: true})
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the run took %s", d)
	}
	out := nb.Cells[2].Outputs
	if len(out) != 1 || out[0].Ename != "Timeout" {
		t.Fatalf("the endless cell holds %+v", out)
	}
	if got := nb.Cells[3].Outputs; len(got) != 1 || got[0].Data["text/plain"] != "true" {
		t.Errorf("the state after the timeout: %+v", got)
	}
}

func TestRunCancelled(t *testing.T) {
	nb := notebookOf("1", "2")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	sum, err := Run(ctx, nb, RunOptions{Session: newSession(t)})
	if err != context.Canceled || sum.Ran != 0 {
		t.Errorf("Run = %+v, %v", sum, err)
	}
}

// TestRunTracebackCounts checks that a traceback names an earlier cell by
// the execution count the notebook shows, even in a session that ran
// other cells before.
func TestRunTracebackCounts(t *testing.T) {
	s := newSession(t)
	if _, err := Run(context.Background(), notebookOf("a := 1", "b := 2", "c := 3"), RunOptions{Session: s}); err != nil {
		t.Fatal(err)
	}
	nb := notebookOf("func boom() {\n\tpanic(\"boom\")\n}", "boom()")
	if _, err := Run(context.Background(), nb, RunOptions{Session: s, AllowErrors: true}); err != nil {
		t.Fatal(err)
	}
	outs := nb.Cells[2].Outputs
	if len(outs) != 1 || outs[0].Type != Error {
		t.Fatalf("outputs %+v", outs)
	}
	if want := "boom (in boom, cell In[1])"; outs[0].Evalue != want {
		t.Errorf("evalue %q, want %q", outs[0].Evalue, want)
	}
}

// TestRunOutputOrder checks that text printed before display.Clear is
// cleared, and that prints and displays keep their order, as in IPython.
func TestRunOutputOrder(t *testing.T) {
	nb := notebookOf(
		"fmt.Println(\"gone\")\ndisplay.Clear(false)\nfmt.Println(\"kept\")",
		"fmt.Println(\"a\"); display.Show(display.HTML(\"b\")); fmt.Println(\"c\")",
	)
	if _, err := Run(context.Background(), nb, RunOptions{Session: newSession(t)}); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range nb.Cells[1:] {
		var parts []string
		for _, o := range c.Outputs {
			switch o.Type {
			case Stream:
				parts = append(parts, o.Name+":"+o.Text)
			case DisplayData:
				parts = append(parts, "display:"+o.Data["text/html"].(string))
			}
		}
		got = append(got, strings.Join(parts, "|"))
	}
	want := []string{"stdout:kept\n", "stdout:a\n|display:b|stdout:c\n"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("outputs\n%q\nwant\n%q", got, want)
	}
}
