package notebooks

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/methodic-go/methodic/display"
	"github.com/methodic-go/methodic/internal/children"
	"github.com/methodic-go/methodic/interp"
)

// RunOptions sets how Run executes a notebook. The zero value runs every
// code cell in a new session with no time limit and stops at the first
// cell that fails.
type RunOptions struct {
	// AllowErrors goes on past failing cells, as nbclient's allow_errors.
	AllowErrors bool
	// Timeout limits each cell's run time; zero means no limit. A cell that
	// runs out of time is interrupted and fails.
	Timeout time.Duration
	// Progress receives one line per cell; nil means silence.
	Progress io.Writer
	// Session runs the cells; nil means a new session, closed at the end.
	Session *interp.Session
	// EndProcesses ends the processes a cell started (with exec.Command,
	// say) when the cell is interrupted or runs out of time, and those
	// the cells started that still run when the run ends, as a kernel's
	// processes end with it under Jupyter: SIGTERM, then SIGKILL after
	// two seconds. They are found as the descendants of this process
	// that appeared while the cell (or the run) went on, on Linux only
	// (package internal/children); a program that starts processes of
	// its own beside the run should leave it off. methodic run sets it.
	EndProcesses bool
	// AnyLanguage runs the cells as Go even when the notebook's metadata
	// names another language (see CheckLanguage); the notebook's
	// kernelspec and language_info then become Methodic's. Without it
	// such a notebook is refused with a *LanguageError before any cell
	// runs.
	AnyLanguage bool
}

// Summary says what a run did.
type Summary struct {
	Cells    int           // code cells in the notebook
	Ran      int           // code cells executed
	Failed   int           // code cells that ended in an error
	Duration time.Duration // wall time of the whole run
}

// CellError is the error Run returns when a cell fails: its position
// (1-based, counting all cells) and the error it raised.
type CellError struct {
	Cell   int
	Ename  string
	Evalue string
}

func (e *CellError) Error() string {
	return fmt.Sprintf("notebooks: cell %d failed: %s: %s", e.Cell, e.Ename, e.Evalue)
}

// Run executes the notebook's code cells in order and stores their
// outputs and execution counts in the cells, replacing what they held.
// Markdown and raw cells are left alone. A run that stops early (a cell
// failed and AllowErrors is not set, or ctx was cancelled) leaves the
// code cells it did not reach as they were, with their outputs and
// execution counts, as Jupyter's Run All does: a notebook saved after a
// failed or interrupted run loses nothing it held.
//
// The notebook's metadata.language_info becomes the one the kernel
// reports (interp.Lang), so that a front end does not mark the notebook
// modified when it opens it with the kernel.
//
// It returns a *LanguageError, having run nothing, for a notebook of
// another language unless AnyLanguage is set; a *CellError for the first
// failing cell unless AllowErrors is set; and ctx.Err() when ctx is
// cancelled. In the last two cases every output produced so far is in
// the notebook, and the cell that was running when ctx was cancelled
// holds an Interrupted error.
func Run(ctx context.Context, nb *Notebook, o RunOptions) (Summary, error) {
	start := time.Now()
	var sum Summary
	if err := nb.CheckLanguage(); err != nil {
		if !o.AnyLanguage {
			return sum, err
		}
		nb.makeGo()
	}
	if nb.Metadata == nil {
		nb.Metadata = map[string]any{}
	}
	nb.Metadata["language_info"] = interp.Lang().Metadata()
	for _, c := range nb.Cells {
		if c.Type == Code {
			sum.Cells++
		}
	}
	s := o.Session
	if s == nil {
		var err error
		if s, err = interp.New(interp.Options{}); err != nil {
			return sum, fmt.Errorf("notebooks: starting the interpreter: %w", err)
		}
		defer s.Close()
	}
	if o.EndProcesses {
		before := children.List()
		defer children.EndSince(before, processGrace)
	}
	col := &collector{ids: map[string][]*Output{}}
	var stop error
	count := 0
	for i, c := range nb.Cells {
		if c.Type != Code {
			continue
		}
		if stop != nil {
			continue
		}
		if err := ctx.Err(); err != nil {
			stop = err
			continue
		}
		count++
		n := count
		c.ExecutionCount = &n
		t0 := time.Now()
		failed := runCell(ctx, s, c, col, o)
		sum.Ran++
		status := "ok"
		if failed != nil {
			sum.Failed++
			status = "error: " + failed.Ename
			if failed.Evalue != "" {
				status += ": " + firstLine(failed.Evalue)
			}
		}
		if o.Progress != nil {
			fmt.Fprintf(o.Progress, "[%d/%d] cell %d %s (%s)\n", sum.Ran, sum.Cells, i+1, status, time.Since(t0).Round(time.Millisecond))
		}
		switch {
		case failed != nil && ctx.Err() != nil:
			stop = ctx.Err() // interrupted: the run ends, whatever AllowErrors says
		case failed != nil && !o.AllowErrors:
			failed.Cell = i + 1
			stop = failed
		}
	}
	sum.Duration = time.Since(start)
	if stop == nil {
		stop = ctx.Err()
	}
	return sum, stop
}

// processGrace is how long the processes of an interrupted cell have to
// end after SIGTERM, before SIGKILL.
const processGrace = 2 * time.Second

// runCell executes one cell into c's outputs and returns its error, if
// any.
func runCell(ctx context.Context, s *interp.Session, c *Cell, col *collector, o RunOptions) *CellError {
	timeout := o.Timeout
	cctx, cancel := ctx, context.CancelFunc(func() {})
	if timeout > 0 {
		cctx, cancel = context.WithTimeout(ctx, timeout)
	}
	defer cancel()
	var before children.Set
	if o.EndProcesses {
		before = children.List()
	}
	col.start(c)
	res := s.Execute(cctx, c.Source, col, interp.ExecOptions{Count: *c.ExecutionCount})
	col.finish()
	if o.EndProcesses && cctx.Err() != nil {
		// The cell was interrupted; what it started goes with it, which
		// also lets a call waiting for such a process return.
		if n := children.EndSince(before, processGrace); n > 0 && o.Progress != nil {
			fmt.Fprintf(o.Progress, "ended %d process(es) the interrupted cell started\n", n)
		}
	}
	if res.Value != nil {
		col.add(&Output{Type: ExecuteResult, Data: res.Value.Data, Metadata: res.Value.Metadata, ExecutionCount: c.ExecutionCount})
	}
	if res.Err == nil {
		return nil
	}
	e := &CellError{Ename: res.Err.Name, Evalue: res.Err.Value}
	tb := res.Err.Traceback
	if timeout > 0 && errors.Is(cctx.Err(), context.DeadlineExceeded) && ctx.Err() == nil {
		e.Ename = "Timeout"
		e.Evalue = fmt.Sprintf("the cell ran longer than %s and was interrupted", timeout)
		tb = append([]string{e.Evalue}, tb...)
	}
	col.add(&Output{Type: Error, Ename: e.Ename, Evalue: e.Evalue, Traceback: tb})
	return e
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// collector gathers one cell's outputs the way a notebook front end does.
// It implements interp.Output; the cell's goroutines may call it at once.
type collector struct {
	mu        sync.Mutex
	cell      *Cell
	clearNext bool
	// ids maps a display id to the outputs that show it, in any cell, so
	// that update_display_data reaches outputs of earlier cells too.
	ids map[string][]*Output
}

func (col *collector) start(c *Cell) {
	col.mu.Lock()
	defer col.mu.Unlock()
	col.cell, col.clearNext = c, false
	c.Outputs = nil
}

func (col *collector) finish() {
	col.mu.Lock()
	defer col.mu.Unlock()
	col.clearNext = false
}

// add appends an output, clearing first when a Clear(wait) is pending.
func (col *collector) add(out *Output) {
	col.mu.Lock()
	defer col.mu.Unlock()
	col.addLocked(out)
}

func (col *collector) addLocked(out *Output) {
	if col.clearNext {
		col.cell.Outputs, col.clearNext = nil, false
	}
	col.cell.Outputs = append(col.cell.Outputs, out)
}

// Stream appends text, merging it into the cell's last output when that
// is the same stream.
func (col *collector) Stream(name, text string) {
	col.mu.Lock()
	defer col.mu.Unlock()
	if col.cell == nil {
		return
	}
	if n := len(col.cell.Outputs); n > 0 && !col.clearNext {
		if last := col.cell.Outputs[n-1]; last.Type == Stream && last.Name == name {
			last.Text += text
			return
		}
	}
	col.addLocked(&Output{Type: Stream, Name: name, Text: text})
}

// Display appends display data, or with update set replaces the data of
// every output shown under id.
func (col *collector) Display(b display.Bundle, id string, update bool) {
	col.mu.Lock()
	defer col.mu.Unlock()
	if col.cell == nil {
		return
	}
	if update {
		for _, out := range col.ids[id] {
			out.Data, out.Metadata = b.Data, b.Metadata
		}
		return
	}
	out := &Output{Type: DisplayData, Data: b.Data, Metadata: b.Metadata}
	col.addLocked(out)
	if id != "" {
		col.ids[id] = append(col.ids[id], out)
	}
}

// Clear clears the cell's outputs now, or with wait set when the next
// output arrives.
func (col *collector) Clear(wait bool) {
	col.mu.Lock()
	defer col.mu.Unlock()
	if col.cell == nil {
		return
	}
	if wait {
		col.clearNext = true
		return
	}
	col.cell.Outputs = nil
}

// Input fails: a notebook run has nobody to ask.
func (col *collector) Input(prompt string, password bool) (string, error) {
	return "", errors.New("notebooks: no input available: the notebook is run without a front end (methodic run)")
}
