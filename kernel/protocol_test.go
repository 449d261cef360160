package kernel_test

import (
	"reflect"
	"testing"

	"github.com/methodic-go/methodic/kernel"
	"github.com/methodic-go/methodic/kernel/kerneltest"
)

func start(t *testing.T) (*fake, *kerneltest.Server, *kerneltest.Client) {
	t.Helper()
	f := newFake()
	srv := kerneltest.Start(t, f)
	c := srv.Client(t)
	t.Cleanup(func() {
		if bad := c.Undecodable(); len(bad) > 0 {
			t.Errorf("client could not decode %d kernel messages: %v", len(bad), bad)
		}
	})
	return f, srv, c
}

func mustExecute(t *testing.T, c *kerneltest.Client, code string) *kerneltest.Execution {
	t.Helper()
	e, err := c.Execute(code)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func request(t *testing.T, c *kerneltest.Client, ch kerneltest.Channel, msgType string, content any) map[string]any {
	t.Helper()
	rep, err := c.Request(ch, msgType, content)
	if err != nil {
		t.Fatal(err)
	}
	if want := msgType[:len(msgType)-len("request")] + "reply"; rep.Header.MsgType != want {
		t.Fatalf("reply type %q, want %q", rep.Header.MsgType, want)
	}
	if rep.Header.Version != kernel.ProtocolVersion {
		t.Errorf("reply version %q", rep.Header.Version)
	}
	return kerneltest.Content(rep)
}

func TestKernelInfo(t *testing.T) {
	_, _, c := start(t)
	for _, ch := range []kerneltest.Channel{kerneltest.Shell, kerneltest.Control} {
		got := request(t, c, ch, "kernel_info_request", struct{}{})
		if got["status"] != "ok" || got["protocol_version"] != "5.4" || got["implementation"] != "methodic" || got["banner"] != "Fake 1.0" {
			t.Errorf("%s: kernel_info_reply %v", ch, got)
		}
		li, _ := got["language_info"].(map[string]any)
		want := map[string]any{"name": "fake", "version": "1.0", "mimetype": "text/x-fake", "file_extension": ".fake", "pygments_lexer": "text", "codemirror_mode": "text"}
		if !reflect.DeepEqual(li, want) {
			t.Errorf("%s: language_info %v, want %v", ch, li, want)
		}
		links, _ := got["help_links"].([]any)
		if len(links) != 1 || links[0].(map[string]any)["url"] != "https://example.org/fake" {
			t.Errorf("%s: help_links %v", ch, links)
		}
	}
}

func TestExecuteOK(t *testing.T) {
	_, _, c := start(t)
	e := mustExecute(t, c, "print hello\neprint oops\nresult 42")
	if e.Reply.Status != "ok" || e.Reply.ExecutionCount != 1 {
		t.Fatalf("reply %+v", e.Reply)
	}
	want := []string{"status", "execute_input", "stream", "stream", "execute_result", "status"}
	if got := e.Types(); !reflect.DeepEqual(got, want) {
		t.Fatalf("iopub %v, want %v", got, want)
	}
	if e.Stdout() != "hello\n" || e.Stderr() != "oops\n" {
		t.Errorf("stdout %q stderr %q", e.Stdout(), e.Stderr())
	}
	if r := e.Result(); r["text/plain"] != "42" {
		t.Errorf("result %v", r)
	}
	in := kerneltest.Content(e.IOPub[1])
	if in["code"] != "print hello\neprint oops\nresult 42" || in["execution_count"] != 1.0 {
		t.Errorf("execute_input %v", in)
	}
	res := kerneltest.Content(e.Messages("execute_result")[0])
	if res["execution_count"] != 1.0 {
		t.Errorf("execute_result %v", res)
	}
	if s := kerneltest.Content(e.IOPub[0]); s["execution_state"] != "busy" {
		t.Errorf("first status %v", s)
	}
	if s := kerneltest.Content(e.IOPub[len(e.IOPub)-1]); s["execution_state"] != "idle" {
		t.Errorf("last status %v", s)
	}
	e2 := mustExecute(t, c, "print again")
	if e2.Reply.ExecutionCount != 2 {
		t.Errorf("second count %d", e2.Reply.ExecutionCount)
	}
}

// parentID returns the msg_id of m's parent header.
func parentID(t *testing.T, m *kernel.Message) string {
	t.Helper()
	p, err := m.Parent()
	if err != nil {
		t.Fatal(err)
	}
	return p.MsgID
}

// checkBusyIdle checks that msgs, the IOPub messages of request id, start
// with status busy, end with status idle, and all have id as parent.
func checkBusyIdle(t *testing.T, id string, msgs []*kernel.Message) {
	t.Helper()
	if len(msgs) < 2 {
		t.Fatalf("%d iopub messages for %s, want busy and idle at least", len(msgs), id)
	}
	for i, m := range msgs {
		if p := parentID(t, m); p != id {
			t.Errorf("iopub %d (%s) has parent %q, want %q", i, m.Header.MsgType, p, id)
		}
	}
	first, last := msgs[0], msgs[len(msgs)-1]
	if first.Header.MsgType != "status" || kerneltest.Content(first)["execution_state"] != "busy" {
		t.Errorf("first iopub message for %s is %s %v, want status busy", id, first.Header.MsgType, kerneltest.Content(first))
	}
	if last.Header.MsgType != "status" || kerneltest.Content(last)["execution_state"] != "idle" {
		t.Errorf("last iopub message for %s is %s %v, want status idle", id, last.Header.MsgType, kerneltest.Content(last))
	}
	for _, m := range msgs[1 : len(msgs)-1] {
		if m.Header.MsgType == "status" {
			t.Errorf("extra status %v for %s", kerneltest.Content(m), id)
		}
	}
}

// Every kind of request is answered between busy and idle with the
// request as their parent.
func TestBusyIdleAroundEveryRequest(t *testing.T) {
	_, _, c := start(t)
	reqs := []struct {
		ch      kerneltest.Channel
		msgType string
		content any
	}{
		{kerneltest.Shell, "kernel_info_request", struct{}{}},
		{kerneltest.Control, "kernel_info_request", struct{}{}},
		{kerneltest.Shell, "execute_request", kerneltest.ExecuteRequest{Code: "print a", StoreHistory: true, UserExpressions: map[string]string{}}},
		{kerneltest.Shell, "complete_request", map[string]any{"code": "pr", "cursor_pos": 2}},
		{kerneltest.Shell, "inspect_request", map[string]any{"code": "print", "cursor_pos": 2, "detail_level": 0}},
		{kerneltest.Shell, "is_complete_request", map[string]any{"code": "print a"}},
		{kerneltest.Shell, "history_request", map[string]any{"hist_access_type": "tail", "n": 1, "output": false, "raw": true}},
		{kerneltest.Shell, "comm_info_request", map[string]any{}},
		{kerneltest.Shell, "connect_request", map[string]any{}},
		{kerneltest.Control, "interrupt_request", map[string]any{}},
		{kerneltest.Shell, "no_such_request", map[string]any{}},
	}
	for _, r := range reqs {
		id, err := c.Send(r.ch, r.msgType, r.content)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := c.Reply(id)
		if err != nil {
			t.Fatalf("%s: %v", r.msgType, err)
		}
		if rep.Header.MsgType != r.msgType[:len(r.msgType)-len("request")]+"reply" {
			t.Errorf("%s answered with %s", r.msgType, rep.Header.MsgType)
		}
		if rep.Header.Session == c.Session || rep.Header.Session == "" {
			t.Errorf("reply session %q", rep.Header.Session)
		}
		msgs, err := c.IOPub(id)
		if err != nil {
			t.Fatalf("%s: %v", r.msgType, err)
		}
		checkBusyIdle(t, id, msgs)
	}
	// The requests above were answered one after the other, so their
	// statuses alternate busy, idle on IOPub.
	var states []string
	for _, m := range c.AllIOPub() {
		if m.Header.MsgType == "status" && parentID(t, m) != "" {
			states = append(states, kerneltest.Content(m)["execution_state"].(string))
		}
	}
	for i := range states {
		want := "busy"
		if i%2 == 1 {
			want = "idle"
		}
		if states[i] != want && i >= len(states)-2*len(reqs) {
			t.Fatalf("status sequence %v", states)
		}
	}
}

func TestUnknownRequestAnsweredWithError(t *testing.T) {
	_, _, c := start(t)
	got := request(t, c, kerneltest.Shell, "frobnicate_request", map[string]any{})
	if got["status"] != "error" || got["ename"] != "UnknownMessageType" {
		t.Errorf("reply %v", got)
	}
	// An unknown message that is not a request gets no reply, only status.
	id, _ := c.Send(kerneltest.Shell, "frobnication", map[string]any{})
	if _, err := c.IOPub(id); err != nil {
		t.Fatal(err)
	}
	if c.HasReply(id) {
		t.Error("a non-request was answered")
	}
}

func TestExecuteError(t *testing.T) {
	_, _, c := start(t)
	e := mustExecute(t, c, "print before\nerror bad thing")
	if e.Reply.Status != "error" || e.Reply.Ename != "TestError" || e.Reply.Evalue != "bad thing" || e.Reply.ExecutionCount != 1 {
		t.Fatalf("reply %+v", e.Reply)
	}
	if !reflect.DeepEqual(e.Reply.Traceback, []string{"TestError: bad thing"}) {
		t.Errorf("traceback %q", e.Reply.Traceback)
	}
	want := []string{"status", "execute_input", "stream", "error", "status"}
	if got := e.Types(); !reflect.DeepEqual(got, want) {
		t.Fatalf("iopub %v, want %v", got, want)
	}
	errMsg := kerneltest.Content(e.Messages("error")[0])
	if errMsg["ename"] != "TestError" || errMsg["evalue"] != "bad thing" {
		t.Errorf("error message %v", errMsg)
	}
	// The count moved on: a failed cell is still a cell.
	if e := mustExecute(t, c, "result 1"); e.Reply.ExecutionCount != 2 {
		t.Errorf("count after error %d", e.Reply.ExecutionCount)
	}
}

func TestExecuteSilentAndStoreHistory(t *testing.T) {
	_, _, c := start(t)
	mustExecute(t, c, "result 1") // count 1
	e, err := c.ExecuteRequest(kerneltest.ExecuteRequest{Code: "print hidden\nresult 2", Silent: true, StoreHistory: true})
	if err != nil {
		t.Fatal(err)
	}
	if e.Reply.Status != "ok" || e.Reply.ExecutionCount != 1 {
		t.Errorf("silent reply %+v", e.Reply)
	}
	if got := e.Types(); !reflect.DeepEqual(got, []string{"status", "status"}) {
		t.Errorf("silent execution published %v", got)
	}
	e, err = c.ExecuteRequest(kerneltest.ExecuteRequest{Code: "print shown\nresult 3", StoreHistory: false})
	if err != nil {
		t.Fatal(err)
	}
	if e.Reply.ExecutionCount != 1 || e.Stdout() != "shown\n" || e.Result()["text/plain"] != "3" {
		t.Errorf("store_history=false: reply %+v, iopub %v", e.Reply, e.Types())
	}
	// Silent errors are not broadcast either, but the reply says error.
	e, err = c.ExecuteRequest(kerneltest.ExecuteRequest{Code: "error quiet", Silent: true})
	if err != nil {
		t.Fatal(err)
	}
	if e.Reply.Status != "error" || len(e.IOPub) != 2 {
		t.Errorf("silent error: reply %+v iopub %v", e.Reply, e.Types())
	}
	// Only the stored cell is in history, and the count goes on from 1.
	if e := mustExecute(t, c, "result 4"); e.Reply.ExecutionCount != 2 {
		t.Errorf("count %d, want 2", e.Reply.ExecutionCount)
	}
	h := request(t, c, kerneltest.Shell, "history_request", map[string]any{"hist_access_type": "tail", "n": 10, "output": false, "raw": true})
	hist := h["history"].([]any)
	if len(hist) != 2 || hist[0].([]any)[2] != "result 1" || hist[1].([]any)[2] != "result 4" {
		t.Errorf("history %v", hist)
	}
}

// A request that leaves out optional fields gets the spec's defaults.
func TestExecuteDefaults(t *testing.T) {
	_, _, c := start(t)
	id, err := c.Send(kerneltest.Shell, "execute_request", map[string]any{"code": "result 5"})
	if err != nil {
		t.Fatal(err)
	}
	e, err := c.WaitExecute(id)
	if err != nil {
		t.Fatal(err)
	}
	if e.Reply.Status != "ok" || e.Reply.ExecutionCount != 1 || e.Result()["text/plain"] != "5" {
		t.Errorf("reply %+v iopub %v", e.Reply, e.Types())
	}
	if e.Reply.Payload == nil || e.Reply.UserExpressions == nil {
		t.Errorf("payload %v user_expressions %v must be present", e.Reply.Payload, e.Reply.UserExpressions)
	}
	// A malformed execute_request is answered with an error; the kernel lives.
	id, _ = c.Send(kerneltest.Shell, "execute_request", map[string]any{"code": 42})
	rep, err := c.Reply(id)
	if err != nil {
		t.Fatal(err)
	}
	if got := kerneltest.Content(rep); got["status"] != "error" || got["ename"] != "BadRequest" {
		t.Errorf("bad execute_request: %v", got)
	}
	if e := mustExecute(t, c, "result 6"); e.Reply.Status != "ok" {
		t.Errorf("after bad request: %+v", e.Reply)
	}
}

func TestUserExpressionsAndPayload(t *testing.T) {
	_, _, c := start(t)
	e, err := c.ExecuteRequest(kerneltest.ExecuteRequest{Code: "page some help", StoreHistory: true, UserExpressions: map[string]string{"a": "x+1"}})
	if err != nil {
		t.Fatal(err)
	}
	ue, _ := e.Reply.UserExpressions["a"].(map[string]any)
	if ue["status"] != "ok" || ue["data"].(map[string]any)["text/plain"] != "x+1" {
		t.Errorf("user_expressions %v", e.Reply.UserExpressions)
	}
	if len(e.Reply.Payload) != 1 || e.Reply.Payload[0]["source"] != "page" ||
		e.Reply.Payload[0]["data"].(map[string]any)["text/plain"] != "some help" {
		t.Errorf("payload %v", e.Reply.Payload)
	}
}

func TestDisplayUpdateClear(t *testing.T) {
	_, _, c := start(t)
	e := mustExecute(t, c, "display plain\nshow d1 first\nupdate d1 second\nclear\nupdate - orphan")
	want := []string{"status", "execute_input", "display_data", "display_data", "update_display_data", "clear_output", "status"}
	if got := e.Types(); !reflect.DeepEqual(got, want) {
		t.Fatalf("iopub %v, want %v (an update without display_id is dropped)", got, want)
	}
	d := kerneltest.Content(e.IOPub[2])
	if d["data"].(map[string]any)["text/plain"] != "plain" || d["metadata"] == nil || d["transient"] == nil {
		t.Errorf("display_data %v", d)
	}
	s := kerneltest.Content(e.IOPub[3])
	if s["transient"].(map[string]any)["display_id"] != "d1" {
		t.Errorf("display with id %v", s)
	}
	u := kerneltest.Content(e.IOPub[4])
	if u["transient"].(map[string]any)["display_id"] != "d1" || u["data"].(map[string]any)["text/plain"] != "second" {
		t.Errorf("update_display_data %v", u)
	}
	if cl := kerneltest.Content(e.IOPub[5]); cl["wait"] != true {
		t.Errorf("clear_output %v", cl)
	}
}

// sync waits until the kernel has read everything sent on shell so far:
// the shell reader handles messages in order, so once a kernel_info sent
// after them is answered, earlier execute_requests are queued.
func syncShell(t *testing.T, c *kerneltest.Client) {
	t.Helper()
	if _, err := c.Request(kerneltest.Shell, "kernel_info_request", struct{}{}); err != nil {
		t.Fatal(err)
	}
}

func TestStopOnErrorAbortsQueue(t *testing.T) {
	f, _, c := start(t)
	send := func(code string, stop bool) string {
		id, err := c.SendExecute(kerneltest.ExecuteRequest{Code: code, StoreHistory: true, StopOnError: stop})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	a := send("gate g1\nerror first fails", true)
	b := send("print b", true)
	cc := send("print c", false)
	syncShell(t, c)
	f.open("g1")
	ea, err := c.WaitExecute(a)
	if err != nil {
		t.Fatal(err)
	}
	if ea.Reply.Status != "error" {
		t.Fatalf("a: %+v", ea.Reply)
	}
	for _, id := range []string{b, cc} {
		e, err := c.WaitExecute(id)
		if err != nil {
			t.Fatal(err)
		}
		if e.Reply.Status != "aborted" {
			t.Errorf("queued execute: reply %+v, want aborted", e.Reply)
		}
		checkBusyIdle(t, id, e.IOPub)
		if len(e.IOPub) != 2 {
			t.Errorf("aborted execute published %v", e.Types())
		}
	}
	// A request sent after the error runs.
	if e := mustExecute(t, c, "print d"); e.Reply.Status != "ok" || e.Stdout() != "d\n" || e.Reply.ExecutionCount != 2 {
		t.Errorf("after abort: %+v %q", e.Reply, e.Stdout())
	}

	// Without stop_on_error, the queue runs on.
	a = send("gate g2\nerror second fails", false)
	b = send("print runs", true)
	syncShell(t, c)
	f.open("g2")
	if e, err := c.WaitExecute(a); err != nil || e.Reply.Status != "error" {
		t.Fatalf("a: %v %+v", err, e)
	}
	if e, err := c.WaitExecute(b); err != nil || e.Reply.Status != "ok" || e.Stdout() != "runs\n" {
		t.Errorf("b after error without stop_on_error: %v %+v", err, e)
	}
}

// Cells run one at a time, in order, however fast they arrive.
func TestExecutionsAreSerial(t *testing.T) {
	f, _, c := start(t)
	var ids []string
	for i := 0; i < 20; i++ {
		id, err := c.SendExecute(kerneltest.ExecuteRequest{Code: "sleep 1ms\nresult " + string(rune('a'+i)), StoreHistory: true, StopOnError: true})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	for i, id := range ids {
		e, err := c.WaitExecute(id)
		if err != nil {
			t.Fatal(err)
		}
		if e.Reply.ExecutionCount != i+1 || e.Result()["text/plain"] != string(rune('a'+i)) {
			t.Errorf("cell %d: count %d result %v", i, e.Reply.ExecutionCount, e.Result())
		}
	}
	if n := f.overlaps.Load(); n != 0 {
		t.Errorf("%d executions overlapped", n)
	}
}

// TestRequestAfterErrorReplyRuns sends the next execute as soon as the
// error reply of the previous one arrives, as a front end running cells
// one by one does: only requests queued before the error are aborted,
// never one the client sent after seeing the error.
func TestRequestAfterErrorReplyRuns(t *testing.T) {
	_, _, c := start(t)
	for i := range 100 {
		id, err := c.SendExecute(kerneltest.ExecuteRequest{Code: "error fails", StoreHistory: true, StopOnError: true})
		if err != nil {
			t.Fatal(err)
		}
		if rep, err := c.Reply(id); err != nil || kerneltest.Content(rep)["status"] != "error" {
			t.Fatalf("round %d: %v %v", i, err, rep)
		}
		next, err := c.SendExecute(kerneltest.ExecuteRequest{Code: "print ok", StoreHistory: true, StopOnError: true})
		if err != nil {
			t.Fatal(err)
		}
		if rep, err := c.Reply(next); err != nil || kerneltest.Content(rep)["status"] != "ok" {
			t.Fatalf("round %d: the request sent after the error reply got %v %v", i, err, kerneltest.Content(rep))
		}
	}
}
