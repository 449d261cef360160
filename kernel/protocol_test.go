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
