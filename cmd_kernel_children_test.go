//go:build linux

package main

import (
	"strconv"
	"strings"
	"testing"

	"github.com/methodic-go/methodic/kernel"
	"github.com/methodic-go/methodic/kernel/kerneltest"
)

// TestKernelInterruptEndsChildren: interrupt_request on a cell that waits
// in exec.Command(...).Run() for a long child ends the child, so that the
// call returns and the next cell runs at once; a process an earlier cell
// started stays. The order of events is the test's clock: the child says
// its pid on the cell's stdout before the interrupt is sent.
func TestKernelInterruptEndsChildren(t *testing.T) {
	c := kerneltest.Start(t, startedSession(t)).Client(t)
	e, err := c.Execute("import (\n\t\"fmt\"\n\t\"os\"\n\t\"os/exec\"\n)\nbg := exec.Command(\"sleep\", \"1000\")\n_ = bg.Start()\nfmt.Println(bg.Process.Pid)")
	if err != nil || e.Reply.Status != "ok" {
		t.Fatalf("the cell starting a background process: %v %+v", err, e.Reply)
	}
	bg, err := strconv.Atoi(strings.TrimSpace(e.Stdout()))
	if err != nil {
		t.Fatalf("the background process's pid: %q", e.Stdout())
	}
	defer func() {
		if _, err := c.Execute("bg.Process.Kill()\nbg.Wait()"); err != nil {
			t.Error(err)
		}
	}()

	id, err := c.SendExecute(kerneltest.ExecuteRequest{Code: "cmd := exec.Command(\"sh\", \"-c\", \"echo child $$; exec sleep 1000\")\ncmd.Stdout = os.Stdout\nerr := cmd.Run()\nfmt.Println(\"after Run:\", err)",
		StoreHistory: true, StopOnError: true})
	if err != nil {
		t.Fatal(err)
	}
	m, err := c.WaitIOPub(func(m *kernel.Message) bool {
		p, _ := m.Parent()
		return p.MsgID == id && m.Header.MsgType == "stream" && strings.Contains(string(m.Content), "child ")
	})
	if err != nil {
		t.Fatalf("the child did not start: %v", err)
	}
	var stream struct{ Text string }
	if err := m.DecodeContent(&stream); err != nil {
		t.Fatal(err)
	}
	child, err := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(stream.Text), "child")))
	if err != nil {
		t.Fatalf("the child's pid: %q", stream.Text)
	}
	if _, err := c.Request(kerneltest.Control, "interrupt_request", map[string]any{}); err != nil {
		t.Fatal(err)
	}
	e, err = c.WaitExecute(id)
	if err != nil {
		t.Fatal(err)
	}
	if e.Reply.Status != "error" || e.Reply.Ename != "Interrupted" {
		t.Errorf("the interrupted cell's reply: %+v", e.Reply)
	}
	if !strings.Contains(e.Stderr(), "ended 1 process(es) the interrupted cell started") {
		t.Errorf("the interrupted cell's stderr does not say a process ended: %q", e.Stderr())
	}
	if state := processState(child); state != "" && state != "Z" {
		t.Errorf("the child (pid %d) still runs after the interrupted cell's reply (state %s)", child, state)
	}
	if state := processState(bg); state == "" || state == "Z" {
		t.Errorf("the background process of an earlier cell (pid %d) was ended too", bg)
	}

	// The call that waited for the child has returned: the next cell
	// does not wait for the interrupted one.
	e, err = c.Execute("fmt.Println(\"next\")")
	if err != nil {
		t.Fatal(err)
	}
	if e.Stdout() != "next\n" || strings.Contains(e.Stderr(), "waiting for the interrupted cell") {
		t.Errorf("the next cell: stdout %q, stderr %q", e.Stdout(), e.Stderr())
	}
}
