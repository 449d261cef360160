package kernel_test

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/methodic-go/methodic/kernel"
	"github.com/methodic-go/methodic/kernel/kerneltest"
)

func history(t *testing.T, c *kerneltest.Client, content map[string]any) [][]any {
	t.Helper()
	content["raw"] = true
	if _, ok := content["output"]; !ok {
		content["output"] = false
	}
	got := request(t, c, kerneltest.Shell, "history_request", content)
	if got["status"] != "ok" {
		t.Fatalf("history_reply %v", got)
	}
	var out [][]any
	for _, e := range got["history"].([]any) {
		out = append(out, e.([]any))
	}
	return out
}

func inputs(h [][]any) []string {
	var s []string
	for _, e := range h {
		s = append(s, e[2].(string))
	}
	return s
}

func TestHistory(t *testing.T) {
	_, _, c := start(t)
	cells := []string{"result 1", "print a", "result 2", "print a", "error x", "result 1"}
	for _, code := range cells {
		mustExecute(t, c, code)
	}
	// tail
	h := history(t, c, map[string]any{"hist_access_type": "tail", "n": 3})
	if got := inputs(h); !reflect.DeepEqual(got, cells[3:]) {
		t.Errorf("tail 3: %v", got)
	}
	if h[0][0] != 1.0 || h[0][1] != 4.0 || h[2][1] != 6.0 {
		t.Errorf("tail entries %v: want session 1, lines 4..6", h)
	}
	if got := history(t, c, map[string]any{"hist_access_type": "tail", "n": 100}); len(got) != len(cells) {
		t.Errorf("tail 100: %d entries", len(got))
	}
	// output: the text/plain result, or null.
	h = history(t, c, map[string]any{"hist_access_type": "tail", "n": 2, "output": true})
	if io := h[0][2].([]any); io[0] != "error x" || io[1] != nil {
		t.Errorf("output of a cell without result: %v", io)
	}
	if io := h[1][2].([]any); io[0] != "result 1" || io[1] != "1" {
		t.Errorf("output of a cell with result: %v", io)
	}
	// range: [start, stop) in session 1 (or 0, the current one).
	for _, session := range []int{0, 1} {
		h = history(t, c, map[string]any{"hist_access_type": "range", "session": session, "start": 2, "stop": 4})
		if got := inputs(h); !reflect.DeepEqual(got, cells[1:3]) {
			t.Errorf("range session %d: %v", session, got)
		}
	}
	if h = history(t, c, map[string]any{"hist_access_type": "range", "session": 1, "start": 5}); !reflect.DeepEqual(inputs(h), cells[4:]) {
		t.Errorf("open range: %v", inputs(h))
	}
	if h = history(t, c, map[string]any{"hist_access_type": "range", "session": 7, "start": 1}); len(h) != 0 {
		t.Errorf("another session: %v", h)
	}
	// search: glob over the whole input, unique, n.
	if got := inputs(history(t, c, map[string]any{"hist_access_type": "search", "pattern": "result*"})); !reflect.DeepEqual(got, []string{"result 1", "result 2", "result 1"}) {
		t.Errorf("search result*: %v", got)
	}
	if got := inputs(history(t, c, map[string]any{"hist_access_type": "search", "pattern": "result*", "unique": true})); !reflect.DeepEqual(got, []string{"result 2", "result 1"}) {
		t.Errorf("search unique: %v", got)
	}
	if got := inputs(history(t, c, map[string]any{"hist_access_type": "search", "pattern": "*", "n": 2})); !reflect.DeepEqual(got, cells[4:]) {
		t.Errorf("search n=2: %v", got)
	}
	if got := inputs(history(t, c, map[string]any{"hist_access_type": "search", "pattern": "print ?", "unique": true})); !reflect.DeepEqual(got, []string{"print a"}) {
		t.Errorf("search ?: %v", got)
	}
	if got := history(t, c, map[string]any{"hist_access_type": "search", "pattern": "result"}); len(got) != 0 {
		t.Errorf("a glob without * must match the whole input: %v", got)
	}
	got := request(t, c, kerneltest.Shell, "history_request", map[string]any{"hist_access_type": "sideways", "output": false, "raw": true})
	if got["status"] != "error" {
		t.Errorf("unknown access type: %v", got)
	}
}

func TestIsComplete(t *testing.T) {
	_, _, c := start(t)
	for code, want := range map[string]map[string]any{
		"print a":    {"status": "complete"},
		"print a \\": {"status": "incomplete", "indent": "  "},
		"??? what":   {"status": "invalid"},
		"weird":      {"status": "unknown"}, // the interpreter said "sideways"
	} {
		got := request(t, c, kerneltest.Shell, "is_complete_request", map[string]any{"code": code})
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: %v, want %v", code, got, want)
		}
	}
}

func TestCompleteAndInspect(t *testing.T) {
	_, _, c := start(t)
	got := request(t, c, kerneltest.Shell, "complete_request", map[string]any{"code": "é pr", "cursor_pos": 4})
	if !reflect.DeepEqual(got["matches"], []any{"print"}) || got["cursor_start"] != 2.0 || got["cursor_end"] != 4.0 || got["status"] != "ok" {
		t.Errorf("complete with a cursor in code points: %v", got)
	}
	got = request(t, c, kerneltest.Shell, "complete_request", map[string]any{"code": "zz"})
	if m, ok := got["matches"].([]any); !ok || len(m) != 0 || got["cursor_end"] != 2.0 {
		t.Errorf("no matches, cursor defaults to the end: %v", got)
	}
	got = request(t, c, kerneltest.Shell, "inspect_request", map[string]any{"code": "x clear y", "cursor_pos": 4, "detail_level": 1})
	if got["found"] != true || got["data"].(map[string]any)["text/plain"] != "clear: a fake command (detail 1)" {
		t.Errorf("inspect: %v", got)
	}
	got = request(t, c, kerneltest.Shell, "inspect_request", map[string]any{"code": "nothing", "cursor_pos": 2})
	if got["found"] != false || got["data"] == nil || got["metadata"] == nil || got["status"] != "ok" {
		t.Errorf("inspect not found: %v", got)
	}
}

func TestComms(t *testing.T) {
	_, _, c := start(t)
	got := request(t, c, kerneltest.Shell, "comm_info_request", map[string]any{"target_name": "jupyter.widget"})
	if got["status"] != "ok" || !reflect.DeepEqual(got["comms"], map[string]any{}) {
		t.Errorf("comm_info_reply %v", got)
	}
	id, _ := c.Send(kerneltest.Shell, "comm_open", map[string]any{"comm_id": "c-1", "target_name": "nobody", "data": map[string]any{}})
	msgs, err := c.IOPub(id)
	if err != nil {
		t.Fatal(err)
	}
	checkBusyIdle(t, id, msgs)
	if len(msgs) != 3 || msgs[1].Header.MsgType != "comm_close" {
		t.Fatalf("comm_open to an unknown target: iopub %v", msgs)
	}
	if cl := kerneltest.Content(msgs[1]); cl["comm_id"] != "c-1" {
		t.Errorf("comm_close %v", cl)
	}
	for _, typ := range []string{"comm_msg", "comm_close"} {
		id, _ := c.Send(kerneltest.Shell, typ, map[string]any{"comm_id": "c-1", "data": map[string]any{}})
		msgs, err := c.IOPub(id)
		if err != nil {
			t.Fatal(err)
		}
		checkBusyIdle(t, id, msgs)
		if len(msgs) != 2 || c.HasReply(id) {
			t.Errorf("%s to an unknown comm: iopub %d messages, reply %v", typ, len(msgs), c.HasReply(id))
		}
	}
}

func TestConnectAndHeartbeat(t *testing.T) {
	_, srv, c := start(t)
	got := request(t, c, kerneltest.Shell, "connect_request", map[string]any{})
	if got["shell_port"] != float64(srv.Info.ShellPort) || got["hb_port"] != float64(srv.Info.HBPort) {
		t.Errorf("connect_reply %v, info %+v", got, srv.Info)
	}
	for _, p := range []string{"ping", "", strings.Repeat("x", 1000)} {
		echo, err := c.Heartbeat([]byte(p))
		if err != nil || string(echo) != p {
			t.Errorf("heartbeat %q: %q %v", p, echo, err)
		}
	}
}

// send frames that the kernel must drop, then check it still serves.
func TestMalformedMessagesAreDropped(t *testing.T) {
	_, _, c := start(t)
	good, _ := c.NewMessage("kernel_info_request", struct{}{})
	frames, err := c.Encode(good)
	if err != nil {
		t.Fatal(err)
	}
	badSig := append([][]byte(nil), frames...)
	badSig[1] = []byte(strings.Repeat("0", 64))
	badJSON, _ := c.NewMessage("kernel_info_request", struct{}{})
	badJSON.Content = []byte(`{"unterminated": `)
	badJSONFrames, _ := c.Encode(badJSON)
	for name, f := range map[string][][]byte{
		"no delimiter":      {[]byte("hello")},
		"empty":             {{}},
		"missing frames":    frames[:4],
		"bad signature":     badSig,
		"bad json":          badJSONFrames,
		"binary garbage":    {{0xff, 0xfe}, []byte("<IDS|MSG>"), {0}, {1}, {2}, {3}, {4}},
		"huge frame count":  make([][]byte, 500),
		"signature, no msg": {[]byte("<IDS|MSG>"), frames[1]},
	} {
		if err := c.SendFrames(kerneltest.Shell, f); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := c.SendFrames(kerneltest.Control, f); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	// None of them was answered, and the kernel still serves.
	syncShell(t, c)
	if c.HasReply(good.Header.MsgID) || c.HasReply(badJSON.Header.MsgID) {
		t.Error("a malformed message was answered")
	}
	if e := mustExecute(t, c, "result alive"); e.Result()["text/plain"] != "alive" {
		t.Errorf("after malformed messages: %+v", e.Reply)
	}
}

func TestReplayedMessageIsDropped(t *testing.T) {
	_, _, c := start(t)
	m, _ := c.NewMessage("execute_request", kerneltest.ExecuteRequest{Code: "print once", StoreHistory: true, UserExpressions: map[string]string{}})
	frames, _ := c.Encode(m)
	for i := 0; i < 3; i++ {
		if err := c.SendFrames(kerneltest.Shell, frames); err != nil {
			t.Fatal(err)
		}
	}
	e, err := c.WaitExecute(m.Header.MsgID)
	if err != nil {
		t.Fatal(err)
	}
	syncShell(t, c)
	if e2 := mustExecute(t, c, "result after"); e2.Reply.ExecutionCount != 2 {
		t.Errorf("the replayed execute ran: count %d, want 2", e2.Reply.ExecutionCount)
	}
	if len(e.IOPub) != 4 {
		t.Errorf("iopub for the replayed msg_id: %v", e.Types())
	}
	// A replay on another channel is caught too.
	c.SendFrames(kerneltest.Control, frames)
	syncShell(t, c)
	if e3 := mustExecute(t, c, "result last"); e3.Reply.ExecutionCount != 3 {
		t.Errorf("replay on control ran: count %d", e3.Reply.ExecutionCount)
	}
}

func TestPanicsAreContained(t *testing.T) {
	_, _, c := start(t)
	e := mustExecute(t, c, "print before\npanic the interpreter broke")
	if e.Reply.Status != "error" || e.Reply.Ename != "panic" || e.Reply.Evalue != "the interpreter broke" {
		t.Errorf("panicking Execute: %+v", e.Reply)
	}
	if len(e.Messages("error")) != 1 {
		t.Errorf("no error message on iopub: %v", e.Types())
	}
	got := request(t, c, kerneltest.Shell, "complete_request", map[string]any{"code": "boom", "cursor_pos": 4})
	if got["status"] != "error" || got["ename"] != "InternalError" || got["evalue"] != "complete went boom" {
		t.Errorf("panicking Complete: %v", got)
	}
	if e := mustExecute(t, c, "result fine"); e.Reply.Status != "ok" || e.Reply.ExecutionCount != 2 {
		t.Errorf("after panics: %+v", e.Reply)
	}
}

// Consecutive writes that queue up are merged; none is lost or reordered.
func TestStreamsAreMergedNotLost(t *testing.T) {
	_, _, c := start(t)
	const n = 5000
	e := mustExecute(t, c, fmt.Sprintf("spam %d\nprint end", n))
	out := e.Stdout()
	if out != strings.Repeat("x", n)+"end\n" {
		t.Fatalf("stdout has %d bytes, want %d", len(out), n+4)
	}
	streams := len(e.Messages("stream"))
	t.Logf("%d writes arrived in %d stream messages", n+1, streams)
	if streams > n+1 {
		t.Errorf("%d stream messages for %d writes", streams, n+1)
	}
}

func TestUnsignedAndIPC(t *testing.T) {
	for _, info := range []kernel.ConnectionInfo{
		{Transport: "tcp", IP: "127.0.0.1", SignatureScheme: "hmac-sha256", Key: ""},
		{Transport: "ipc", IP: filepath.Join(t.TempDir(), "kernel"), ShellPort: 1, IOPubPort: 2, StdinPort: 3, ControlPort: 4, HBPort: 5, Key: "k"},
	} {
		srv, err := kerneltest.NewServerInfo(info, newFake(), kernel.Options{Logger: quietLogger()})
		if err != nil {
			t.Fatalf("%+v: %v", info, err)
		}
		c := kerneltest.Dial(t, srv.Info)
		if e, err := c.Execute("result ok"); err != nil || e.Result()["text/plain"] != "ok" {
			t.Errorf("%s key %q: %v %+v", info.Transport, info.Key, err, e)
		}
		c.Close()
		if err := srv.Close(); err != nil {
			t.Error(err)
		}
	}
}

func TestRunStopsWhenContextIsCancelled(t *testing.T) {
	info, err := kerneltest.NewConnectionInfo()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	type result struct {
		restart bool
		err     error
	}
	done := make(chan result, 1)
	go func() {
		r, err := kernel.Run(ctx, info, newFake(), kernel.Options{Logger: quietLogger()})
		done <- result{r, err}
	}()
	c := kerneltest.Dial(t, info)
	if e, err := c.Execute("result 1"); err != nil || e.Reply.Status != "ok" {
		t.Fatalf("%v %+v", err, e)
	}
	cancel()
	select {
	case r := <-done:
		if r.restart || r.err != nil {
			t.Errorf("Run returned %+v", r)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
}

func TestOutputEncoding(t *testing.T) {
	_, _, c := start(t)
	e := mustExecute(t, c, "display <svg width=\"1\">&</svg>\nbaddisplay\nprint after")
	if got := e.Types(); !reflect.DeepEqual(got, []string{"status", "execute_input", "display_data", "stream", "status"}) {
		t.Fatalf("iopub %v: the unencodable display must be dropped, the rest kept", got)
	}
	// HTML and SVG go out as they are, not as \u003c escapes.
	if raw := string(e.IOPub[2].Content); !strings.Contains(raw, `<svg width=\"1\">&</svg>`) {
		t.Errorf("display_data content %s", raw)
	}
	if e.Stdout() != "after\n" || e.Reply.Status != "ok" {
		t.Errorf("after a bad display: %+v %q", e.Reply, e.Stdout())
	}
}

// A value whose MarshalJSON panics, in a result or a display, is dropped
// with a log line; the kernel lives.
func TestPanickingMarshalJSON(t *testing.T) {
	_, _, c := start(t)
	e := mustExecute(t, c, "panicdisplay\nprint mid\npanicresult")
	if got := e.Types(); !reflect.DeepEqual(got, []string{"status", "execute_input", "stream", "status"}) {
		t.Errorf("iopub %v", got)
	}
	if e.Reply.Status != "ok" {
		t.Errorf("reply %+v", e.Reply)
	}
	if e := mustExecute(t, c, "result fine"); e.Result()["text/plain"] != "fine" {
		t.Errorf("after: %+v", e.Reply)
	}
}
