package kernel_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/methodic-go/methodic/kernel"
	"github.com/methodic-go/methodic/kernel/kerneltest"
)

// logLines is a slog handler that hands every record's message to a
// channel, dropping what the channel cannot hold.
type logLines chan string

func (l logLines) Enabled(context.Context, slog.Level) bool { return true }
func (l logLines) Handle(_ context.Context, r slog.Record) error {
	select {
	case l <- r.Message:
	default:
	}
	return nil
}
func (l logLines) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l logLines) WithGroup(string) slog.Handler      { return l }

// waitLog waits for a log message containing want.
func waitLog(t *testing.T, lines logLines, want string) {
	t.Helper()
	deadline := time.After(time.Minute)
	for {
		select {
		case m := <-lines:
			if m == want {
				return
			}
		case <-deadline:
			t.Fatalf("the kernel never logged %q", want)
		}
	}
}

// rawShell is a client with a shell socket and nothing else: no IOPub
// subscription.
func rawShell(t *testing.T, info kernel.ConnectionInfo) (zmq4.Socket, *kernel.Codec) {
	t.Helper()
	codec, err := kernel.NewCodec(info.SignatureScheme, info.Key)
	if err != nil {
		t.Fatal(err)
	}
	shell := zmq4.NewDealer(context.Background(), zmq4.WithID(zmq4.SocketIdentity("raw-shell")))
	t.Cleanup(func() { shell.Close() })
	if err := shell.Dial(info.ClientEndpoint(info.ShellPort)); err != nil {
		t.Fatal(err)
	}
	return shell, codec
}

func sendExecute(t *testing.T, shell zmq4.Socket, codec *kernel.Codec, id, code string) {
	t.Helper()
	content, _ := json.Marshal(map[string]any{"code": code, "silent": false, "store_history": true,
		"user_expressions": map[string]any{}, "allow_stdin": false, "stop_on_error": true})
	frames, err := codec.Encode(&kernel.Message{
		Header: kernel.Header{MsgID: id, Session: "raw-shell", Username: "test", MsgType: "execute_request",
			Version: "5.3", Date: time.Now().UTC().Format(time.RFC3339Nano)},
		Content: content,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := shell.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		t.Fatal(err)
	}
}

// A client that sends its first cell before its IOPub subscription has
// reached the kernel (jupyter console does: it checks only the shell
// before the first cell) still sees that cell's busy, output and idle:
// the kernel holds the first cell until someone subscribes.
func TestFirstCellWaitsForSubscriber(t *testing.T) {
	lines := make(logLines, 64)
	srv := kerneltest.StartWith(t, newFake(), kernel.Options{Logger: slog.New(lines)})
	shell, codec := rawShell(t, srv.Info)
	sendExecute(t, shell, codec, "first-cell", "print hello")
	// The kernel has the cell and nobody listens on IOPub yet.
	waitLog(t, lines, "the first cell waits for a client to subscribe to iopub")
	c, err := kerneltest.NewClient(srv.Info)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ms, err := c.IOPub("first-cell")
	if err != nil {
		t.Fatalf("the late subscriber missed the first cell: %v", err)
	}
	var kinds []string
	for _, m := range ms {
		kinds = append(kinds, m.Header.MsgType)
	}
	if len(ms) < 4 || kinds[0] != "status" || kinds[1] != "execute_input" || kinds[len(kinds)-1] != "status" {
		t.Fatalf("IOPub of the first cell = %v, want status busy, execute_input, stream, status idle", kinds)
	}
	found := false
	for _, m := range ms {
		var s struct{ Text string }
		if m.Header.MsgType == "stream" && m.DecodeContent(&s) == nil && s.Text == "hello\n" {
			found = true
		}
	}
	if !found {
		t.Errorf("no stream 'hello' in the first cell's IOPub: %v", kinds)
	}
	reply, err := shell.Recv()
	if err != nil {
		t.Fatal(err)
	}
	m, err := codec.Decode(reply.Frames)
	if err != nil || m.Header.MsgType != "execute_reply" {
		t.Fatalf("shell answered %v (%v), want the execute_reply", m, err)
	}
}

// A client that never subscribes to IOPub is answered all the same, once
// the kernel has given up waiting for a subscriber.
func TestFirstCellRunsWithoutSubscriber(t *testing.T) {
	lines := make(logLines, 64)
	srv := kerneltest.StartWith(t, newFake(), kernel.Options{Logger: slog.New(lines)})
	shell, codec := rawShell(t, srv.Info)
	sendExecute(t, shell, codec, "lonely-cell", "print hello")
	waitLog(t, lines, "no client subscribed to iopub; running the first cell anyway")
	for _, id := range []string{"lonely-cell", "second-cell"} {
		if id == "second-cell" {
			sendExecute(t, shell, codec, id, "print again")
		}
		reply, err := shell.Recv()
		if err != nil {
			t.Fatal(err)
		}
		m, err := codec.Decode(reply.Frames)
		if err != nil || m.Header.MsgType != "execute_reply" {
			t.Fatalf("shell answered %v (%v), want the execute_reply of %s", m, err, id)
		}
		var p kernel.Header
		if err := json.Unmarshal(m.ParentHeader, &p); err != nil || p.MsgID != id {
			t.Fatalf("reply to %q (%v), want %s", p.MsgID, err, id)
		}
	}
	// Only the first cell waits.
	for len(lines) > 0 {
		if m := <-lines; m == "the first cell waits for a client to subscribe to iopub" {
			t.Errorf("the second cell waited for a subscriber too")
		}
	}
}
