package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/methodic-go/methodic/kernel"
	"github.com/methodic-go/methodic/kernel/kerneltest"
)

// startedSession starts a session as the kernel command does, waits for
// it, and closes it when the test ends.
func startedSession(t testing.TB) session {
	t.Helper()
	st := startSession(slog.New(slog.DiscardHandler))
	s, err := st.wait(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return session{st}
}

// TestKernelBeforeInterpreter: the kernel serves as soon as its sockets
// are bound; a request sent while the interpreter is still being created
// waits for it rather than failing.
func TestKernelBeforeInterpreter(t *testing.T) {
	st := startSession(slog.New(slog.DiscardHandler))
	t.Cleanup(func() {
		if s, err := st.wait(context.Background()); err == nil {
			s.Close()
		}
	})
	c := kerneltest.Start(t, session{st}).Client(t)
	e, err := c.Execute("1 + 1")
	if err != nil || e.Reply.Status != "ok" {
		t.Fatalf("%v %+v", err, e)
	}
}

// TestKernelInterpreterFailed: when the interpreter cannot start, cells
// get an error naming the cause and the kernel keeps answering.
func TestKernelInterpreterFailed(t *testing.T) {
	st := &starting{ready: make(chan struct{}), err: errors.New("no file descriptors left")}
	close(st.ready)
	c := kerneltest.Start(t, session{st}).Client(t)
	for range 2 {
		e, err := c.Execute("1 + 1")
		if err != nil {
			t.Fatal(err)
		}
		if e.Reply.Status != "error" || e.Reply.Ename != "KernelError" || !strings.Contains(e.Reply.Evalue, "no file descriptors left") {
			t.Errorf("reply %+v", e.Reply)
		}
	}
}

// TestKernelTracebackCounts checks that the adapter hands the interpreter
// Jupyter's execution count: executions Jupyter does not count (here one
// with store_history false) must not shift the cell a traceback names.
func TestKernelTracebackCounts(t *testing.T) {
	c := kerneltest.Start(t, startedSession(t)).Client(t)
	if e, err := c.ExecuteRequest(kerneltest.ExecuteRequest{Code: "x := 1"}); err != nil || e.Reply.Status != "ok" {
		t.Fatalf("%v %+v", err, e)
	}
	if e, err := c.Execute("func boom() {\n\tpanic(\"boom\")\n}"); err != nil || e.Reply.ExecutionCount != 1 {
		t.Fatalf("%v %+v", err, e)
	}
	e, err := c.Execute("boom()")
	if err != nil {
		t.Fatal(err)
	}
	if want := "boom (in boom, cell In[1])"; e.Reply.ExecutionCount != 2 || e.Reply.Evalue != want {
		t.Errorf("execution %d: evalue %q, want %q", e.Reply.ExecutionCount, e.Reply.Evalue, want)
	}
}

// TestKernelNetworkCells: a learner's LeNet and GRU, written in cells as
// options, train through the kernel: the live learning curves arrive as
// display data updated in place, and the models print their shape.
func TestKernelNetworkCells(t *testing.T) {
	if testing.Short() {
		t.Skip("trains two small networks")
	}
	c := kerneltest.Start(t, startedSession(t)).Client(t)
	cells := []struct{ code, want string }{
		{`sp, _ := data.TrainValTest(data.Digits().Scaled(1.0/16), data.SplitOptions{Seed: 1})
lenet := models.NewConvNet(models.ConvNetOptions{
	Conv:   []models.Conv{{Filters: 6, Padding: 1, Pool: 2}, {Filters: 16, Pool: 2}},
	Hidden: []int{32},
	Epochs: 3,
})
h, err := lenet.Fit(ctx, sp.Train, sp.Val)
fmt.Println(lenet)
fmt.Println(len(h.Epochs), "epochs", err)`, "ConvNet 8x8 → conv 6 3x3 pad 1, max pool 2 → conv 16 3x3, max pool 2 → 32 → 10 relu, adam lr=0.001, batch 64\n3 epochs <nil>\n"},
		{`flip := data.FlipFlop(300, 12, 1)
gru := models.NewGRU(models.GRUOptions{Units: 8, Epochs: 2, Quiet: true})
_, err = gru.Fit(ctx, flip, nil)
fmt.Println(gru, err, gru.Score(flip) > 0)`, "GRU 12 steps x 3 → gru 8 → 8, adam lr=0.001, batch 64 <nil> true\n"},
	}
	for i, cell := range cells {
		e, err := c.Execute(cell.code)
		if err != nil || e.Reply.Status != "ok" {
			t.Fatalf("cell %d: %v %+v", i+1, err, e.Reply)
		}
		if got := e.Stdout(); got != cell.want {
			t.Errorf("cell %d printed %q, want %q", i+1, got, cell.want)
		}
		if i == 0 {
			types := strings.Join(e.Types(), " ")
			if !strings.Contains(types, "display_data") || !strings.Contains(types, "update_display_data") {
				t.Errorf("the LeNet's live curves were not shown and updated: %s", types)
			}
		}
	}
}

// TestKernelExitsWithItsParent: a kernel started as jupyter_client starts
// one (JPY_PARENT_PID is the pid of the process that launched it) shuts
// down when that process dies, even in the middle of a cell that never
// ends, instead of living on as an orphan. The parent is a shell that
// starts the kernel and waits for it; the test kills the shell with
// SIGKILL, as a crashed Jupyter server dies, and reads the kernel's
// standard error to its end: the end comes when the kernel has exited,
// since nothing else holds the pipe then.
func TestKernelExitsWithItsParent(t *testing.T) {
	exe := methodicBinary(t)
	dir := t.TempDir()
	info := kernel.ConnectionInfo{Transport: "ipc", IP: filepath.Join(dir, "kernel"), ShellPort: 1, IOPubPort: 2,
		StdinPort: 3, ControlPort: 4, HBPort: 5, SignatureScheme: "hmac-sha256", Key: "parent-test"}
	conn := filepath.Join(dir, "kernel.json")
	if err := info.WriteFile(conn); err != nil {
		t.Fatal(err)
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer outR.Close()
	defer errR.Close()
	sh := exec.Command("sh", "-c", `JPY_PARENT_PID=$$ "$0" kernel "$1" & echo $!; wait`, exe, conn)
	sh.Stdout, sh.Stderr = outW, errW
	if err := sh.Start(); err != nil {
		t.Fatal(err)
	}
	outW.Close()
	errW.Close()
	line, err := bufio.NewReader(outR).ReadString('\n')
	pid, perr := strconv.Atoi(strings.TrimSpace(line))
	if err != nil || perr != nil {
		sh.Process.Kill()
		t.Fatalf("the shell did not say the kernel's pid: %q %v", line, err)
	}
	killed := false
	defer func() {
		if !killed {
			sh.Process.Kill()
			sh.Wait()
		}
		if p, err := os.FindProcess(pid); err == nil {
			p.Kill() // the kernel, if the test failed before it exited
		}
	}()

	c := kerneltest.Dial(t, info)
	id, err := c.Send(kerneltest.Shell, "execute_request", map[string]any{"code": "n := 0\nfor {\n\tn++\n}", "silent": false})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.WaitIOPub(func(m *kernel.Message) bool {
		p, _ := m.Parent()
		return p.MsgID == id && m.Header.MsgType == "execute_input"
	}); err != nil {
		t.Fatalf("the endless cell did not start: %v", err)
	}

	if err := sh.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	sh.Wait()
	killed = true
	errR.SetReadDeadline(time.Now().Add(2 * time.Minute))
	log, err := io.ReadAll(errR)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("the kernel still runs 2 minutes after the process that started it died; its log:\n%s", log)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("the kernel exited %s after its parent was killed", time.Since(start).Round(time.Millisecond))
	if !strings.Contains(string(log), "the process that started the kernel has exited") {
		t.Errorf("the kernel's log does not say why it stopped:\n%s", log)
	}
	if ended, err := waitEnded(pid, time.Minute); err != nil || !ended {
		t.Errorf("the kernel (pid %d) still runs (state %s) a minute after its standard error closed (%v)", pid, processState(pid), err)
	}
}

// processState returns the state letter of a process from /proc (R, S, Z
// ...), or "" when there is no such process or no /proc.
func processState(pid int) string {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return ""
	}
	s := string(b)
	if i := strings.LastIndexByte(s, ')'); i >= 0 && i+2 < len(s) {
		return s[i+2 : i+3]
	}
	return ""
}
