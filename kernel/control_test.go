package kernel_test

import (
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/methodic-go/methodic/kernel"
	"github.com/methodic-go/methodic/kernel/kerneltest"
)

// startCell sends code and waits until the interpreter has begun it.
func startCell(t *testing.T, f *fake, c *kerneltest.Client, req kerneltest.ExecuteRequest) string {
	t.Helper()
	started := make(chan string, 1)
	f.mu.Lock()
	f.started = started
	f.mu.Unlock()
	id, err := c.SendExecute(req)
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-started:
	case <-time.After(5 * time.Second):
		t.Fatal("cell did not start")
	}
	return id
}

func TestInterruptRequestStopsBlockedCell(t *testing.T) {
	f, _, c := start(t)
	mustExecute(t, c, "result kept")
	// "block" never ends by itself: its reply can only come from the
	// interrupt.
	id := startCell(t, f, c, kerneltest.ExecuteRequest{Code: "block", StoreHistory: true, StopOnError: true})
	rep := request(t, c, kerneltest.Control, "interrupt_request", map[string]any{})
	if rep["status"] != "ok" {
		t.Errorf("interrupt_reply %v", rep)
	}
	e, err := c.WaitExecute(id)
	if err != nil {
		t.Fatal(err)
	}
	if e.Reply.Status != "error" || e.Reply.Ename != "Interrupted" {
		t.Errorf("interrupted cell: %+v", e.Reply)
	}
	// The kernel goes on, count and history intact.
	if e := mustExecute(t, c, "result next"); e.Reply.Status != "ok" || e.Reply.ExecutionCount != 3 {
		t.Errorf("after interrupt: %+v", e.Reply)
	}
	// An interrupt with no cell running is harmless.
	request(t, c, kerneltest.Control, "interrupt_request", map[string]any{})
	if e := mustExecute(t, c, "result later"); e.Reply.Status != "ok" {
		t.Errorf("after idle interrupt: %+v", e.Reply)
	}
}

func TestInterruptMethodAndSIGINT(t *testing.T) {
	// A safety net: should the kernel not catch SIGINT, this test must not
	// kill the test binary.
	net := make(chan os.Signal, 1)
	signal.Notify(net, os.Interrupt)
	defer signal.Stop(net)

	f := newFake()
	srv := kerneltest.StartWith(t, f, kernel.Options{HandleSIGINT: true})
	c := srv.Client(t)

	id := startCell(t, f, c, kerneltest.ExecuteRequest{Code: "block", StoreHistory: true})
	srv.Kernel.Interrupt()
	if e, err := c.WaitExecute(id); err != nil || e.Reply.Ename != "Interrupted" {
		t.Fatalf("Interrupt(): %v %+v", err, e)
	}

	id = startCell(t, f, c, kerneltest.ExecuteRequest{Code: "block", StoreHistory: true})
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	e, err := c.WaitExecute(id)
	if err != nil {
		t.Fatal(err)
	}
	if e.Reply.Ename != "Interrupted" {
		t.Errorf("SIGINT: %+v", e.Reply)
	}
}

// Control, and the shell requests that need no cell, are answered while
// a cell runs: the cell waits at a gate the test opens only after the
// answers.
func TestAnsweredWhileCellRuns(t *testing.T) {
	f, _, c := start(t)
	id := startCell(t, f, c, kerneltest.ExecuteRequest{Code: "gate busy\nresult done", StoreHistory: true})
	for _, r := range []struct {
		ch      kerneltest.Channel
		msgType string
		content any
	}{
		{kerneltest.Control, "kernel_info_request", struct{}{}},
		{kerneltest.Shell, "kernel_info_request", struct{}{}},
		{kerneltest.Shell, "complete_request", map[string]any{"code": "pri", "cursor_pos": 3}},
		{kerneltest.Shell, "inspect_request", map[string]any{"code": "print", "cursor_pos": 1, "detail_level": 1}},
		{kerneltest.Shell, "is_complete_request", map[string]any{"code": "print \\"}},
		{kerneltest.Shell, "history_request", map[string]any{"hist_access_type": "tail", "n": 3, "output": false, "raw": true}},
	} {
		got := request(t, c, r.ch, r.msgType, r.content)
		if got["status"] == "error" {
			t.Errorf("%s: %v", r.msgType, got)
		}
	}
	if c.HasReply(id) {
		t.Fatal("the cell finished early: the test proves nothing")
	}
	f.open("busy")
	if e, err := c.WaitExecute(id); err != nil || e.Result()["text/plain"] != "done" {
		t.Errorf("cell: %v %+v", err, e)
	}
}

// inputRequest waits for the kernel's next input_request.
func inputRequest(t *testing.T, c *kerneltest.Client) *kernel.Message {
	t.Helper()
	select {
	case req := <-c.InputRequests():
		return req
	case <-time.After(5 * time.Second):
		t.Fatal("no input_request")
		return nil
	}
}

func TestStdinRoundTrip(t *testing.T) {
	_, _, c := start(t)
	id, err := c.SendExecute(kerneltest.ExecuteRequest{Code: "input your name: ", StoreHistory: true, AllowStdin: true})
	if err != nil {
		t.Fatal(err)
	}
	req := inputRequest(t, c)
	if req.Header.MsgType != "input_request" {
		t.Fatalf("stdin message %s", req.Header.MsgType)
	}
	if p := parentID(t, req); p != id {
		t.Errorf("input_request parent %q, want the execute_request %q", p, id)
	}
	got := kerneltest.Content(req)
	if got["prompt"] != "your name:" && got["prompt"] != "your name: " || got["password"] != false {
		t.Errorf("input_request %v", got)
	}
	if err := c.SendInputReply(req, "Ada"); err != nil {
		t.Fatal(err)
	}
	e, err := c.WaitExecute(id)
	if err != nil {
		t.Fatal(err)
	}
	if e.Reply.Status != "ok" || e.Stdout() != "got Ada\n" {
		t.Errorf("reply %+v stdout %q", e.Reply, e.Stdout())
	}
}

// The prompt a cell prints before it reads a line goes out before the
// input_request: JupyterLab shows the two in the order they arrive, and
// a prompt arriving after the input box moved the box away from the
// user's click. The kernel numbers its messages in the order it sends
// them, across sockets, so the numbers tell the order.
func TestStdinAfterPrompt(t *testing.T) {
	_, _, c := start(t)
	// A backlog of output before the prompt, so that a kernel that does
	// not wait for it sends the input_request first.
	id, err := c.SendExecute(kerneltest.ExecuteRequest{Code: "spam 500\nprint name?\ninput ", AllowStdin: true})
	if err != nil {
		t.Fatal(err)
	}
	req := inputRequest(t, c)
	if err := c.SendInputReply(req, "Ada"); err != nil {
		t.Fatal(err)
	}
	e, err := c.WaitExecute(id)
	if err != nil {
		t.Fatal(err)
	}
	seq := func(m *kernel.Message) int {
		i := strings.LastIndex(m.Header.MsgID, "_")
		n, err := strconv.Atoi(m.Header.MsgID[i+1:])
		if err != nil {
			t.Fatalf("msg_id %q does not end in a number", m.Header.MsgID)
		}
		return n
	}
	found := false
	for _, m := range e.IOPub {
		if m.Header.MsgType != "stream" {
			continue
		}
		text, _ := kerneltest.Content(m)["text"].(string)
		if !strings.Contains(text, "name?") {
			continue
		}
		found = true
		if seq(m) > seq(req) {
			t.Errorf("the prompt went out as message %s, after the input_request %s", m.Header.MsgID, req.Header.MsgID)
		}
	}
	if !found || !strings.Contains(e.Stdout(), "got Ada") {
		t.Errorf("stdout %q: want the prompt and the answer", e.Stdout())
	}
}

// jupyter_client's input() sends input_reply without a parent header.
func TestStdinReplyWithoutParent(t *testing.T) {
	_, _, c := start(t)
	id, _ := c.SendExecute(kerneltest.ExecuteRequest{Code: "input ?", AllowStdin: true})
	inputRequest(t, c)
	m, _ := c.NewMessage("input_reply", map[string]string{"value": "orphan"})
	if err := c.SendMessage(kerneltest.Stdin, m); err != nil {
		t.Fatal(err)
	}
	if e, err := c.WaitExecute(id); err != nil || e.Stdout() != "got orphan\n" {
		t.Errorf("%v %+v", err, e)
	}
}

func TestStdinNotAllowed(t *testing.T) {
	// Without stdin the request fails: waiting for input that cannot
	// come would never end (the client gives up after its timeout).
	_, _, c := start(t)
	e, err := c.ExecuteRequest(kerneltest.ExecuteRequest{Code: "input never", StoreHistory: true, AllowStdin: false})
	if err != nil {
		t.Fatal(err)
	}
	if e.Reply.Status != "error" || e.Reply.Ename != "InputError" || !strings.Contains(e.Reply.Evalue, "does not allow stdin") {
		t.Errorf("reply %+v", e.Reply)
	}
	select {
	case m := <-c.InputRequests():
		t.Errorf("input_request sent although stdin is not allowed: %v", kerneltest.Content(m))
	default:
	}
}

func TestStdinInterrupted(t *testing.T) {
	_, _, c := start(t)
	id, _ := c.SendExecute(kerneltest.ExecuteRequest{Code: "input waiting", AllowStdin: true, StoreHistory: true})
	req := inputRequest(t, c)
	request(t, c, kerneltest.Control, "interrupt_request", map[string]any{})
	e, err := c.WaitExecute(id)
	if err != nil {
		t.Fatal(err)
	}
	if e.Reply.Ename != "InputError" || !strings.Contains(e.Reply.Evalue, "context canceled") {
		t.Errorf("reply %+v", e.Reply)
	}
	// A late answer to the abandoned request is dropped; the next input works.
	c.SendInputReply(req, "too late")
	id, _ = c.SendExecute(kerneltest.ExecuteRequest{Code: "input again", AllowStdin: true})
	req = inputRequest(t, c)
	c.SendInputReply(req, "fresh")
	if e, err := c.WaitExecute(id); err != nil || e.Stdout() != "got fresh\n" {
		t.Errorf("%v %+v", err, e)
	}
}

func TestShutdown(t *testing.T) {
	for _, tc := range []struct {
		ch      kerneltest.Channel
		restart bool
	}{{kerneltest.Control, true}, {kerneltest.Control, false}, {kerneltest.Shell, true}} {
		f := newFake()
		srv := kerneltest.Start(t, f)
		c := srv.Client(t)
		id, err := c.Send(tc.ch, "shutdown_request", map[string]any{"restart": tc.restart})
		if err != nil {
			t.Fatal(err)
		}
		rep, err := c.Reply(id)
		if err != nil {
			t.Fatal(err)
		}
		if got := kerneltest.Content(rep); got["status"] != "ok" || got["restart"] != tc.restart {
			t.Errorf("%s: shutdown_reply %v", tc.ch, got)
		}
		if msgs, err := c.IOPub(id); err != nil {
			t.Errorf("%s: no idle after shutdown: %v", tc.ch, err)
		} else {
			checkBusyIdle(t, id, msgs)
		}
		restart, err := srv.Wait(5 * time.Second)
		if err != nil || restart != tc.restart {
			t.Errorf("%s: Serve returned (%v, %v), want (%v, nil)", tc.ch, restart, err, tc.restart)
		}
	}
}

// Shutdown while a cell runs cancels it and answers queued cells.
func TestShutdownDuringCell(t *testing.T) {
	f := newFake()
	srv := kerneltest.Start(t, f)
	c := srv.Client(t)
	running := startCell(t, f, c, kerneltest.ExecuteRequest{Code: "block", StoreHistory: true, StopOnError: false})
	queued, _ := c.SendExecute(kerneltest.ExecuteRequest{Code: "print never", StoreHistory: true})
	syncShell(t, c)
	if _, err := c.Request(kerneltest.Control, "shutdown_request", map[string]any{"restart": false}); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Wait(5 * time.Second); err != nil {
		t.Fatal(err)
	}
	if rep, err := c.Reply(running); err != nil || kerneltest.Content(rep)["ename"] != "Interrupted" {
		t.Errorf("running cell: %v %v", err, rep)
	}
	if rep, err := c.Reply(queued); err != nil || kerneltest.Content(rep)["status"] != "aborted" {
		t.Errorf("queued cell: %v %v", err, rep)
	}
}
