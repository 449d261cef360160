package kerneltest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"

	"github.com/methodic-go/methodic/kernel"
)

// Channel names a kernel socket a client sends on.
type Channel string

// The channels a client sends requests on.
const (
	Shell   Channel = "shell"
	Control Channel = "control"
	Stdin   Channel = "stdin"
)

// DefaultTimeout is how long a Client waits for a reply or for idle.
const DefaultTimeout = 10 * time.Second

// Client is a Jupyter client over real ZeroMQ sockets: DEALERs on shell,
// control and stdin (all with the session id as identity, as
// jupyter_client does), a SUB on IOPub and a REQ on heartbeat. Background
// goroutines collect every message, so a test can send several requests
// and then wait for each reply, and for each request's IOPub messages up
// to its status idle. A Client is safe for concurrent use.
type Client struct {
	// Info is the kernel's connection info.
	Info kernel.ConnectionInfo
	// Session is the client's session id, in every header it sends.
	Session string
	// Timeout bounds each wait; zero means DefaultTimeout.
	Timeout time.Duration

	codec *kernel.Codec
	socks map[Channel]zmq4.Socket
	iopub zmq4.Socket
	hb    zmq4.Socket
	hbMu  sync.Mutex
	seq   atomic.Uint64
	wg    sync.WaitGroup

	mu      sync.Mutex
	changed chan struct{}                // closed and replaced on every arrival
	replies map[string]*kernel.Message   // by parent msg_id
	pub     map[string][]*kernel.Message // IOPub by parent msg_id
	idle    map[string]bool              // parent msg_ids whose idle arrived
	all     []*kernel.Message            // every IOPub message, in order
	bad     []error                      // messages the client could not decode
	inputs  chan *kernel.Message
	closed  bool
}

// Dial connects a client to the kernel described by info, waits until the
// kernel answers kernel_info and its IOPub reaches the client (the way
// jupyter_client waits for a kernel to be ready), and closes the client
// when the test ends. It fails the test if the kernel is not ready within
// DefaultTimeout.
func Dial(t testing.TB, info kernel.ConnectionInfo) *Client {
	t.Helper()
	c, err := NewClient(info)
	if err != nil {
		t.Fatalf("kerneltest: %v", err)
	}
	t.Cleanup(c.Close)
	if err := c.WaitReady(); err != nil {
		t.Fatalf("kerneltest: %v", err)
	}
	return c
}

// NewClient connects a client to the kernel described by info. Call
// WaitReady before relying on IOPub, and Close when done.
func NewClient(info kernel.ConnectionInfo) (*Client, error) {
	codec, err := kernel.NewCodec(info.SignatureScheme, info.Key)
	if err != nil {
		return nil, err
	}
	c := &Client{
		Info:    info,
		Session: newID(),
		codec:   codec,
		socks:   map[Channel]zmq4.Socket{},
		changed: make(chan struct{}),
		replies: map[string]*kernel.Message{},
		pub:     map[string][]*kernel.Message{},
		idle:    map[string]bool{},
		inputs:  make(chan *kernel.Message, 16),
	}
	ctx := context.Background()
	id := zmq4.WithID(zmq4.SocketIdentity(c.Session))
	// A kernel process may still be starting: retry the dial for 10 s.
	retry := zmq4.WithDialerRetry(20 * time.Millisecond)
	retries := zmq4.WithDialerMaxRetries(500)
	dial := func(s zmq4.Socket, port int) error {
		if err := s.Dial(info.ClientEndpoint(port)); err != nil {
			c.Close()
			return fmt.Errorf("kerneltest: %w", err)
		}
		return nil
	}
	for _, ch := range []struct {
		name Channel
		port int
	}{{Shell, info.ShellPort}, {Control, info.ControlPort}, {Stdin, info.StdinPort}} {
		s := zmq4.NewDealer(ctx, id, retry, retries)
		c.socks[ch.name] = s
		if err := dial(s, ch.port); err != nil {
			return nil, err
		}
	}
	c.iopub = zmq4.NewSub(ctx, retry, retries)
	if err := c.iopub.SetOption(zmq4.OptionSubscribe, ""); err != nil {
		c.Close()
		return nil, fmt.Errorf("kerneltest: %w", err)
	}
	if err := dial(c.iopub, info.IOPubPort); err != nil {
		return nil, err
	}
	c.hb = zmq4.NewReq(ctx, retry, retries)
	if err := dial(c.hb, info.HBPort); err != nil {
		return nil, err
	}
	c.wg.Add(4)
	go c.readReplies(c.socks[Shell])
	go c.readReplies(c.socks[Control])
	go c.readStdin()
	go c.readIOPub()
	return c, nil
}

// Close closes the client's sockets. The kernel keeps running.
func (c *Client) Close() {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return
	}
	c.closed = true
	c.mu.Unlock()
	for _, s := range c.socks {
		s.Close()
	}
	if c.iopub != nil {
		c.iopub.Close()
	}
	if c.hb != nil {
		c.hb.Close()
	}
	c.wg.Wait()
}

func (c *Client) timeout() time.Duration {
	if c.Timeout > 0 {
		return c.Timeout
	}
	return DefaultTimeout
}

// WaitReady sends kernel_info_request until one is answered on shell and
// its status reaches the client on IOPub: from then on the client sees
// every IOPub message. (A SUB socket misses what is published before its
// subscription reaches the kernel.)
func (c *Client) WaitReady() error {
	deadline := time.Now().Add(c.timeout())
	wait := 5 * time.Millisecond
	for time.Now().Before(deadline) {
		id, err := c.Send(Shell, "kernel_info_request", struct{}{})
		if err != nil {
			return err
		}
		if err := c.waitFor(wait, func() bool { return len(c.pub[id]) > 0 && c.replies[id] != nil }); err == nil {
			return nil
		}
		wait = min(2*wait, 200*time.Millisecond)
	}
	return fmt.Errorf("kerneltest: kernel not ready after %v", c.timeout())
}

// NewMessage builds a request from this client's session.
func (c *Client) NewMessage(msgType string, content any) (*kernel.Message, error) {
	raw, err := json.Marshal(content)
	if err != nil {
		return nil, fmt.Errorf("kerneltest: content of %s: %w", msgType, err)
	}
	return &kernel.Message{
		Header: kernel.Header{
			MsgID:    c.Session + "_" + strconv.FormatUint(c.seq.Add(1), 10),
			Session:  c.Session,
			Username: "kerneltest",
			Date:     time.Now().UTC().Format(time.RFC3339Nano),
			MsgType:  msgType,
			Version:  kernel.ProtocolVersion,
		},
		Content: raw,
	}, nil
}

// Send sends a request on a channel and returns its msg_id.
func (c *Client) Send(ch Channel, msgType string, content any) (msgID string, err error) {
	m, err := c.NewMessage(msgType, content)
	if err != nil {
		return "", err
	}
	return m.Header.MsgID, c.SendMessage(ch, m)
}

// SendMessage signs and sends m on a channel.
func (c *Client) SendMessage(ch Channel, m *kernel.Message) error {
	frames, err := c.codec.Encode(m)
	if err != nil {
		return err
	}
	return c.SendFrames(ch, frames)
}

// Encode signs m with the kernel's key and returns its frames, for a test
// that wants to alter them before SendFrames.
func (c *Client) Encode(m *kernel.Message) ([][]byte, error) { return c.codec.Encode(m) }

// SendFrames sends raw frames on a channel, unchanged: for tests of
// malformed messages.
func (c *Client) SendFrames(ch Channel, frames [][]byte) error {
	s, ok := c.socks[ch]
	if !ok {
		return fmt.Errorf("kerneltest: no channel %q", ch)
	}
	if err := s.Send(zmq4.NewMsgFrom(frames...)); err != nil {
		return fmt.Errorf("kerneltest: send on %s: %w", ch, err)
	}
	return nil
}

// Request sends a request and waits for its reply.
func (c *Client) Request(ch Channel, msgType string, content any) (*kernel.Message, error) {
	id, err := c.Send(ch, msgType, content)
	if err != nil {
		return nil, err
	}
	return c.Reply(id)
}

// Reply waits for the reply to the request msgID, on shell or control.
func (c *Client) Reply(msgID string) (*kernel.Message, error) {
	var m *kernel.Message
	err := c.waitFor(c.timeout(), func() bool { m = c.replies[msgID]; return m != nil })
	if err != nil {
		return nil, fmt.Errorf("kerneltest: no reply to %s: %w", msgID, err)
	}
	return m, nil
}

// HasReply reports whether a reply to msgID has arrived, without waiting.
func (c *Client) HasReply(msgID string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.replies[msgID] != nil
}

// IOPub waits for the status idle whose parent is msgID and returns every
// IOPub message with that parent, in arrival order (status busy first,
// status idle last).
func (c *Client) IOPub(msgID string) ([]*kernel.Message, error) {
	var ms []*kernel.Message
	err := c.waitFor(c.timeout(), func() bool {
		ms = c.pub[msgID]
		return c.idle[msgID]
	})
	if err != nil {
		return ms, fmt.Errorf("kerneltest: no status idle for %s: %w", msgID, err)
	}
	return append([]*kernel.Message(nil), ms...), nil
}

// AllIOPub returns every IOPub message received so far, in order.
func (c *Client) AllIOPub() []*kernel.Message {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]*kernel.Message(nil), c.all...)
}

// WaitIOPub waits until an IOPub message satisfies match and returns it.
func (c *Client) WaitIOPub(match func(*kernel.Message) bool) (*kernel.Message, error) {
	var found *kernel.Message
	seen := 0
	err := c.waitFor(c.timeout(), func() bool {
		for ; seen < len(c.all); seen++ {
			if match(c.all[seen]) {
				found = c.all[seen]
				return true
			}
		}
		return false
	})
	return found, err
}

// Undecodable returns the errors of messages from the kernel that the
// client could not decode or verify. A correct kernel causes none.
func (c *Client) Undecodable() []error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]error(nil), c.bad...)
}

// InputRequests delivers the input_request messages the kernel sends on
// stdin. Answer each with SendInputReply.
func (c *Client) InputRequests() <-chan *kernel.Message { return c.inputs }

// SendInputReply answers an input_request with value.
func (c *Client) SendInputReply(req *kernel.Message, value string) error {
	m, err := c.NewMessage("input_reply", map[string]string{"value": value})
	if err != nil {
		return err
	}
	m.ParentHeader = req.RawHeader
	return c.SendMessage(Stdin, m)
}

// Heartbeat sends payload on the heartbeat socket and returns the echo.
func (c *Client) Heartbeat(payload []byte) ([]byte, error) {
	c.hbMu.Lock()
	defer c.hbMu.Unlock()
	if err := c.hb.Send(zmq4.NewMsg(payload)); err != nil {
		return nil, fmt.Errorf("kerneltest: heartbeat: %w", err)
	}
	type result struct {
		m   zmq4.Msg
		err error
	}
	done := make(chan result, 1)
	go func() {
		m, err := c.hb.Recv()
		done <- result{m, err}
	}()
	select {
	case r := <-done:
		if r.err != nil {
			return nil, fmt.Errorf("kerneltest: heartbeat: %w", r.err)
		}
		return r.m.Bytes(), nil
	case <-time.After(c.timeout()):
		return nil, errors.New("kerneltest: heartbeat: no echo")
	}
}

// waitFor waits until cond, evaluated with c.mu held, is true.
func (c *Client) waitFor(d time.Duration, cond func() bool) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	for {
		c.mu.Lock()
		ok := cond()
		ch := c.changed
		closed := c.closed
		c.mu.Unlock()
		if ok {
			return nil
		}
		if closed {
			return errors.New("client closed")
		}
		select {
		case <-ch:
		case <-timer.C:
			return fmt.Errorf("timed out after %v", d)
		}
	}
}

func (c *Client) notifyLocked() {
	close(c.changed)
	c.changed = make(chan struct{})
}

func (c *Client) recv(s zmq4.Socket) (*kernel.Message, bool) {
	for {
		zm, err := s.Recv()
		if err != nil {
			c.mu.Lock()
			closed := c.closed
			c.mu.Unlock()
			if closed {
				return nil, false
			}
			time.Sleep(time.Millisecond)
			continue
		}
		m, err := c.codec.Decode(zm.Frames)
		if err != nil {
			c.mu.Lock()
			c.bad = append(c.bad, err)
			c.mu.Unlock()
			continue
		}
		return m, true
	}
}

func (c *Client) readReplies(s zmq4.Socket) {
	defer c.wg.Done()
	for {
		m, ok := c.recv(s)
		if !ok {
			return
		}
		p, err := m.Parent()
		c.mu.Lock()
		if err != nil {
			c.bad = append(c.bad, err)
		} else {
			c.replies[p.MsgID] = m
			c.notifyLocked()
		}
		c.mu.Unlock()
	}
}

func (c *Client) readStdin() {
	defer c.wg.Done()
	for {
		m, ok := c.recv(c.socks[Stdin])
		if !ok {
			return
		}
		select {
		case c.inputs <- m:
		default:
			c.mu.Lock()
			c.bad = append(c.bad, errors.New("kerneltest: input_request dropped: nobody reads InputRequests"))
			c.mu.Unlock()
		}
	}
}

func (c *Client) readIOPub() {
	defer c.wg.Done()
	for {
		m, ok := c.recv(c.iopub)
		if !ok {
			return
		}
		p, err := m.Parent()
		c.mu.Lock()
		if err != nil {
			c.bad = append(c.bad, err)
		}
		c.all = append(c.all, m)
		c.pub[p.MsgID] = append(c.pub[p.MsgID], m)
		if m.Header.MsgType == "status" && p.MsgID != "" {
			var s struct {
				State string `json:"execution_state"`
			}
			if json.Unmarshal(m.Content, &s) == nil && s.State == "idle" {
				c.idle[p.MsgID] = true
			}
		}
		c.notifyLocked()
		c.mu.Unlock()
	}
}

func newID() string {
	k, _ := randomKey()
	return k[:8] + "-" + k[8:12] + "-" + k[12:16] + "-" + k[16:20] + "-" + k[20:32]
}
