package kernel

import (
	"context"
	"encoding/json"
	"log/slog"
	"time"

	"github.com/go-zeromq/zmq4"
)

// pubItem is one IOPub message handed to the IOPub goroutine. Content is
// already JSON, except for streams, whose name and text stay apart so
// that consecutive writes can be merged.
type pubItem struct {
	msgType string
	parent  json.RawMessage // the request's raw header; nil for none
	content json.RawMessage
	stream  string // stream name, for msgType "stream"
	text    string
	// sent, when set, makes the item a fence: nothing is published, and
	// sent is closed once every item queued before it has been sent.
	sent chan struct{}
}

var (
	statusStarting = json.RawMessage(`{"execution_state":"starting"}`)
	statusBusy     = json.RawMessage(`{"execution_state":"busy"}`)
	statusIdle     = json.RawMessage(`{"execution_state":"idle"}`)
)

// publish hands a message to the IOPub goroutine, in order with every
// other message published from the same goroutine. After teardown has
// begun the message is dropped.
func (k *Kernel) publish(it pubItem) {
	select {
	case k.pub <- it:
	case <-k.ctx.Done():
	}
}

// published waits until every message published before the call has
// been handed to the IOPub socket, or until ctx ends. A message that
// must follow them on another socket (an input_request after the prompt
// the cell printed) waits for it first.
func (k *Kernel) published(ctx context.Context) error {
	it := pubItem{sent: make(chan struct{})}
	select {
	case k.pub <- it:
	case <-k.ctx.Done():
		return k.ctx.Err()
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case <-it.sent:
		return nil
	case <-k.ctx.Done():
		return k.ctx.Err()
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (k *Kernel) publishStatus(state string, parent *Message) {
	c := statusIdle
	if state == "busy" {
		c = statusBusy
	}
	k.publish(pubItem{msgType: "status", parent: parent.RawHeader, content: c})
}

// publishContent encodes content and publishes it with parent. Content
// that cannot be encoded as JSON is logged and dropped.
func (k *Kernel) publishContent(msgType string, parent *Message, content any) {
	var p json.RawMessage
	if parent != nil {
		p = parent.RawHeader
	}
	b, err := encodeJSON(content)
	if err != nil {
		// An output that cannot be encoded is dropped, not mangled.
		k.log.Error("cannot encode output; dropped", "msg_type", msgType, "err", err)
		return
	}
	k.publish(pubItem{msgType: msgType, parent: p, content: b})
}

// pubLoop is the only goroutine that writes to the IOPub socket. Streams
// that queue up behind each other (same parent and name) are merged into
// one message, so a cell that prints in a loop sends few large messages
// rather than many small ones, without delaying any of them.
func (k *Kernel) pubLoop() {
	defer close(k.pubDone)
	batch := make([]pubItem, 0, 64)
	for {
		select {
		case it := <-k.pub:
			batch = append(batch[:0], it)
		case <-k.ctx.Done():
			// Send what is already queued, then stop.
			for {
				select {
				case it := <-k.pub:
					if it.sent != nil {
						close(it.sent)
						continue
					}
					k.pubSend(it)
				default:
					return
				}
			}
		}
	more:
		for len(batch) < cap(batch) {
			select {
			case it := <-k.pub:
				batch = append(batch, it)
			default:
				break more
			}
		}
		for i := 0; i < len(batch); i++ {
			it := batch[i]
			if it.sent != nil {
				close(it.sent)
				continue
			}
			if it.msgType == "stream" {
				for i+1 < len(batch) && batch[i+1].msgType == "stream" &&
					batch[i+1].stream == it.stream && string(batch[i+1].parent) == string(it.parent) {
					it.text += batch[i+1].text
					i++
				}
			}
			k.pubSend(it)
		}
	}
}

type streamContent struct {
	Name string `json:"name"`
	Text string `json:"text"`
}

func (k *Kernel) pubSend(it pubItem) {
	defer func() {
		if p := recover(); p != nil {
			k.log.Error("panic publishing on iopub", "msg_type", it.msgType, "panic", p)
		}
	}()
	content := it.content
	topic := it.msgType
	switch it.msgType {
	case "stream":
		content = k.marshal("stream", streamContent{Name: it.stream, Text: it.text})
		topic = "stream." + it.stream
	case "status", "execute_input":
		topic = "kernel." + k.session + "." + it.msgType
	}
	hdr, _ := k.header(it.msgType)
	frames := k.codec.encodeRaw([][]byte{[]byte(topic)}, hdr, it.parent, nil, content, nil)
	if err := k.iopub.Send(zmq4.NewMsgFrom(frames...)); err != nil {
		k.log.Warn("iopub send failed", "msg_type", it.msgType, "err", err)
		return
	}
	if it.msgType == "status" && k.log.Enabled(context.Background(), slog.LevelDebug) {
		k.log.Debug("published status", "state", statusState(it.content), "parent", parentMsgID(it.parent))
	}
}

// statusState is the execution_state of a status message's content, for
// the debug log.
func statusState(content json.RawMessage) string {
	var c struct {
		State string `json:"execution_state"`
	}
	_ = json.Unmarshal(content, &c)
	return c.State
}

// parentMsgID is the msg_id of a raw parent header, for the debug log;
// "" for none.
func parentMsgID(parent json.RawMessage) string {
	var h struct {
		MsgID string `json:"msg_id"`
	}
	_ = json.Unmarshal(parent, &h)
	return h.MsgID
}

// subscriberGrace bounds how long the first cell waits for a client to
// subscribe to IOPub.
const subscriberGrace = 3 * time.Second

// awaitSubscriber holds the kernel's first cell until some client has
// subscribed to IOPub, for at most subscriberGrace.
//
// A SUB socket's subscription reaches the kernel some time after it
// connects, and what is published before that is lost to it. The kernel
// starts in milliseconds, so a client that sends a cell as soon as its
// kernel_info_request is answered (jupyter console 6.4 does) can have its
// cell's busy and idle published before its subscription arrives; it then
// waits for that idle for ever. jupyter_client's wait_for_ready checks that
// IOPub is live, but not every client does. Only the first cell waits, and
// only while nobody has subscribed: a client with no IOPub at all loses
// subscriberGrace once.
func (k *Kernel) awaitSubscriber() {
	if k.firstCellSeen {
		return
	}
	k.firstCellSeen = true
	t, ok := k.iopub.(zmq4.Topics)
	if !ok || len(t.Topics()) > 0 {
		return
	}
	k.log.Debug("the first cell waits for a client to subscribe to iopub", "at_most", subscriberGrace)
	// zmq4 tells of subscriptions only through Topics: look every 2 ms.
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	grace := time.NewTimer(subscriberGrace)
	defer grace.Stop()
	for len(t.Topics()) == 0 {
		select {
		case <-tick.C:
		case <-grace.C:
			k.log.Info("no client subscribed to iopub; running the first cell anyway", "waited", subscriberGrace)
			return
		case <-k.ctx.Done():
			return
		}
	}
}
