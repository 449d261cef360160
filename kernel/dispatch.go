package kernel

import (
	"bytes"
	"encoding/json"
	"fmt"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/go-zeromq/zmq4"
)

// request is a decoded message and the socket its reply goes to.
type request struct {
	channel string
	sock    zmq4.Socket
	msg     *Message
}

// readLoop is the one goroutine that reads a ROUTER socket. It decodes and
// verifies every message, drops (and logs) what is malformed, and hands
// the rest to handle. It returns when the socket is closed.
func (k *Kernel) readLoop(channel string, sock zmq4.Socket, handle func(request)) {
	defer k.readers.Done()
	for {
		zm, err := sock.Recv()
		if err != nil {
			if k.ctx.Err() != nil || isClosed(err) {
				return
			}
			k.log.Debug("recv failed", "channel", channel, "err", err)
			time.Sleep(time.Millisecond)
			continue
		}
		m, err := k.decode(zm.Frames)
		if err != nil {
			k.log.Warn("dropped malformed message", "channel", channel, "frames", len(zm.Frames), "err", err)
			continue
		}
		// At debug level every request is logged as it arrives, so a
		// front end that waits for a reply shows in the log whether its
		// request ever reached the kernel.
		k.log.Debug("received", "channel", channel, "msg_type", m.Header.MsgType, "msg_id", m.Header.MsgID, "session", m.Header.Session)
		handle(request{channel: channel, sock: sock, msg: m})
	}
}

// decode verifies frames and rejects replayed signatures.
func (k *Kernel) decode(frames [][]byte) (m *Message, err error) {
	defer func() {
		if r := recover(); r != nil {
			m, err = nil, fmt.Errorf("kernel: panic decoding message: %v", r)
		}
	}()
	m, err = k.codec.Decode(frames)
	if err != nil {
		return nil, err
	}
	if k.codec.Signed() {
		if err := k.replay.Check(Signature(frames)); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// handlers answer requests on the reader's goroutine; they must not wait
// for a running cell. execute_request is queued instead.
var handlers map[string]func(*Kernel, request)

func init() {
	handlers = map[string]func(*Kernel, request){
		"kernel_info_request": (*Kernel).kernelInfo,
		"complete_request":    (*Kernel).complete,
		"inspect_request":     (*Kernel).inspect,
		"is_complete_request": (*Kernel).isComplete,
		"history_request":     (*Kernel).historyRequest,
		"comm_info_request":   (*Kernel).commInfo,
		"comm_open":           (*Kernel).commOpen,
		"comm_msg":            (*Kernel).commMsg,
		"comm_close":          (*Kernel).commClose,
		"shutdown_request":    (*Kernel).shutdownRequest,
		"interrupt_request":   (*Kernel).interruptRequest,
		"connect_request":     (*Kernel).connect,
	}
}

func (k *Kernel) handleShell(r request)   { k.handle(r) }
func (k *Kernel) handleControl(r request) { k.handle(r) }

// handle runs one request between status busy and status idle, with the
// request as their parent. A panic in a handler is logged and answered
// with an error reply; the kernel lives on.
func (k *Kernel) handle(r request) {
	t := r.msg.Header.MsgType
	if t == "execute_request" {
		k.queue.push(r)
		return
	}
	k.publishStatus("busy", r.msg)
	defer func() {
		k.publishStatus("idle", r.msg)
		k.mu.Lock()
		asked, restart := k.shutdownAsked, k.restart
		k.mu.Unlock()
		if asked {
			k.requestShutdown(restart)
		}
	}()
	defer func() {
		if p := recover(); p != nil {
			k.log.Error("panic in handler", "msg_type", t, "panic", p, "stack", string(debug.Stack()))
			if strings.HasSuffix(t, "_request") {
				k.replyError(r, "InternalError", fmt.Sprint(p), nil)
			}
		}
	}()
	h, ok := handlers[t]
	if !ok {
		k.log.Warn("unknown message type", "channel", r.channel, "msg_type", t)
		if strings.HasSuffix(t, "_request") {
			k.replyError(r, "UnknownMessageType", "the kernel does not handle "+t, nil)
		}
		return
	}
	if t == "interrupt_request" && r.channel != "control" {
		k.log.Warn("interrupt_request on shell; answering it anyway", "channel", r.channel)
	}
	h(k, r)
}

// replyType turns "x_request" into "x_reply".
func replyType(t string) string {
	return strings.TrimSuffix(t, "_request") + "_reply"
}

// reply sends the reply to r on the socket r came in on.
func (k *Kernel) reply(r request, content any) {
	k.send(r.sock, r.msg.Identities, r.msg, replyType(r.msg.Header.MsgType), content, nil)
}

// replyError sends an error reply (status "error") to r.
func (k *Kernel) replyError(r request, ename, evalue string, traceback []string) {
	if traceback == nil {
		traceback = []string{}
	}
	k.reply(r, errorContent{Status: "error", Ename: ename, Evalue: evalue, Traceback: traceback})
}

type errorContent struct {
	Status    string   `json:"status"`
	Ename     string   `json:"ename"`
	Evalue    string   `json:"evalue"`
	Traceback []string `json:"traceback"`
}

// header returns a new header of the given type, as JSON, and its msg_id.
func (k *Kernel) header(msgType string) (json.RawMessage, string) {
	h := Header{
		MsgID:    k.idPrefix + strconv.FormatUint(k.seq.Add(1), 10),
		Session:  k.session,
		Username: k.username,
		Date:     time.Now().UTC().Format("2006-01-02T15:04:05.000000Z"),
		MsgType:  msgType,
		Version:  ProtocolVersion,
	}
	b, err := json.Marshal(&h)
	if err != nil {
		panic("kernel: header: " + err.Error()) // strings only: cannot happen
	}
	return b, h.MsgID
}

// encodeJSON encodes v without escaping <, > and & (HTML and SVG outputs
// would grow by half), and without encoding/json's trailing newline.
// A MarshalJSON method that panics (a user's type in a cell's output) is
// an error, not a crash.
func encodeJSON(v any) (_ json.RawMessage, err error) {
	if raw, ok := v.(json.RawMessage); ok {
		return raw, nil
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("kernel: panic encoding JSON: %v", p)
		}
	}()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// marshal encodes the content of a reply; what cannot be encoded becomes
// an error reply, logged, so that the client still gets an answer.
func (k *Kernel) marshal(msgType string, v any) json.RawMessage {
	b, err := encodeJSON(v)
	if err != nil {
		k.log.Error("cannot encode message content", "msg_type", msgType, "err", err)
		b, _ = json.Marshal(map[string]any{"status": "error", "ename": "EncodingError", "evalue": err.Error(), "traceback": []string{}})
	}
	return b
}

// send writes a message on a ROUTER socket to the peer named by ids.
func (k *Kernel) send(sock zmq4.Socket, ids [][]byte, parent *Message, msgType string, content, metadata any) {
	var parentRaw json.RawMessage
	if parent != nil {
		parentRaw = parent.RawHeader
	}
	var md json.RawMessage
	if metadata != nil {
		md = k.marshal(msgType, metadata)
	}
	hdr, _ := k.header(msgType)
	frames := k.codec.encodeRaw(ids, hdr, parentRaw, md, k.marshal(msgType, content), nil)
	if err := sock.Send(zmq4.NewMsgFrom(frames...)); err != nil {
		k.log.Warn("send failed", "msg_type", msgType, "err", err)
	}
}
