//go:build linux

package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/methodic-go/methodic/notebooks"
)

// childCell is a cell that starts `sleep 1000` with exec.Command and
// waits for it. It first opens the FIFO for writing, which blocks until
// the test reads it; the sleep's standard output is the FIFO, and the
// cell writes the sleep's pid there before it waits. The test reads that
// line, then reads to EOF, which comes when the sleep ends.
func childCell(fifo string) string {
	return fmt.Sprintf(`import "os/exec"

f, err := os.OpenFile(%q, os.O_WRONLY, 0)
if err != nil {
	panic(err)
}
cmd := exec.Command("sleep", "1000")
cmd.Stdout = f
if err := cmd.Start(); err != nil {
	panic(err)
}
fmt.Fprintf(f, "%%d\n", cmd.Process.Pid)
f.Close()
cmd.Wait()`, fifo)
}

// running is a methodic run in progress.
type running struct {
	cmd    *exec.Cmd
	stderr *syncBuffer
	done   chan struct{} // closed when it has exited
	pid    int           // of the sleep its first cell started
	fifo   *bufio.Reader // the sleep's standard output
}

// startRun starts the methodic binary on a notebook whose first cell is
// childCell, and returns once the cell has started the sleep.
func startRun(t *testing.T, cells []string, args ...string) *running {
	t.Helper()
	fifo := filepath.Join(t.TempDir(), "child")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	in := writeNotebook(t, append([]string{childCell(fifo)}, cells...)...)
	r := &running{
		cmd:    exec.Command(methodicBinary(t), append([]string{"run", in}, args...)...),
		stderr: &syncBuffer{},
		done:   make(chan struct{}),
	}
	r.cmd.Stderr = r.stderr
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { r.cmd.Wait(); close(r.done) }()
	t.Cleanup(func() {
		r.cmd.Process.Kill()
		<-r.done
	})
	// Opening the FIFO blocks until the cell opens it; if the run ends
	// first, the test says why.
	opened := make(chan *os.File, 1)
	go func() {
		f, _ := os.Open(fifo)
		opened <- f
	}()
	var f *os.File
	select {
	case f = <-opened:
	case <-r.done:
		if w, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			w.Close() // lets the open above return
		}
		t.Fatalf("the run ended before its cell started the process:\n%s", r.stderr.String())
	}
	if f == nil {
		t.Fatal("the FIFO did not open")
	}
	t.Cleanup(func() { f.Close() })
	r.fifo = bufio.NewReader(f)
	line, err := r.fifo.ReadString('\n')
	if err != nil {
		t.Fatalf("reading the sleep's pid: %v\n%s", err, r.stderr.String())
	}
	if r.pid, err = strconv.Atoi(strings.TrimSpace(line)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Kill(r.pid, syscall.SIGKILL) })
	return r
}

// exited waits for the run to exit and returns its status; the timer is
// a guard against a hang, not a wait for an event.
func (r *running) exited(t *testing.T) int {
	t.Helper()
	select {
	case <-r.done:
	case <-time.After(60 * time.Second):
		t.Fatalf("methodic run did not exit:\n%s", r.stderr.String())
	}
	return r.cmd.ProcessState.ExitCode()
}

// sleepEnded fails unless the FIFO reaches EOF, which it does when the
// sleep, the last process holding it open, has ended.
func sleepEnded(t *testing.T, r io.Reader, pid int) {
	t.Helper()
	done := make(chan struct{})
	go func() { io.Copy(io.Discard, r); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Errorf("the sleep %d the cell started outlived it", pid)
	}
}

// TestRunSignals: SIGINT and SIGTERM sent to methodic run (to it alone,
// as kill does, not to its process group as a terminal's Ctrl-C does)
// interrupt the running cell, end the process it started, write the
// notebook with the interrupted cell marked and the cell not run as it
// was, and exit 128 + the signal's number.
func TestRunSignals(t *testing.T) {
	for _, tc := range []struct {
		sig  syscall.Signal
		code int
	}{
		{syscall.SIGINT, 130},
		{syscall.SIGTERM, 143},
	} {
		t.Run(tc.sig.String(), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out.ipynb")
			r := startRun(t, []string{"1 + 1"}, "-o", out)
			if err := r.cmd.Process.Signal(tc.sig); err != nil {
				t.Fatal(err)
			}
			if code := r.exited(t); code != tc.code {
				t.Errorf("exit status %d after %v, want %d\n%s", code, tc.sig, tc.code, r.stderr.String())
			}
			sleepEnded(t, r.fifo, r.pid)
			nb, err := notebooks.ReadFile(out)
			if err != nil {
				t.Fatalf("the notebook was not written: %v\n%s", err, r.stderr.String())
			}
			if o := nb.Cells[0].Outputs; len(o) != 1 || o[0].Ename != "Interrupted" {
				t.Errorf("the interrupted cell holds %+v", o)
			}
			if c := nb.Cells[1]; c.ExecutionCount != nil || len(c.Outputs) != 0 {
				t.Errorf("the cell not run was changed: %+v", c)
			}
		})
	}
}

// TestRunTimeoutEndsChild: a cell that runs out of time has the process
// it started ended, so that the run goes on to the next cell.
func TestRunTimeoutEndsChild(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out.ipynb")
	r := startRun(t, []string{"1 + 1"}, "-o", out, "--timeout", "1s", "--allow-errors")
	sleepEnded(t, r.fifo, r.pid)
	stderr := r.stderr
	if code := r.exited(t); code != 0 {
		t.Errorf("exit status %d, want 0 with --allow-errors\n%s", code, stderr.String())
	}
	nb, err := notebooks.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if o := nb.Cells[0].Outputs; len(o) != 1 || o[0].Ename != "Timeout" {
		t.Errorf("the cell that ran out of time holds %+v", o)
	}
	if o := nb.Cells[1].Outputs; len(o) != 1 || o[0].Data["text/plain"] != "2" {
		t.Errorf("the next cell holds %+v\n%s", o, stderr.String())
	}
	if !bytes.Contains([]byte(stderr.String()), []byte("ended 1 process")) {
		t.Errorf("the run does not say it ended the cell's process:\n%s", stderr.String())
	}
}
