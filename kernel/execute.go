package kernel

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/go-zeromq/zmq4"
)

// execQueue holds execute requests in arrival order for the execution
// goroutine. It never blocks the reader that pushes.
type execQueue struct {
	mu     sync.Mutex
	items  []request
	notify chan struct{} // capacity 1: "there may be work"
}

func (q *execQueue) push(r request) {
	q.mu.Lock()
	q.items = append(q.items, r)
	q.mu.Unlock()
	q.wake()
}

func (q *execQueue) wake() {
	select {
	case q.notify <- struct{}{}:
	default:
	}
}

func (q *execQueue) pop() (request, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) == 0 {
		return request{}, false
	}
	r := q.items[0]
	q.items[0] = request{}
	q.items = q.items[1:]
	return r, true
}

func (q *execQueue) takeAll() []request {
	q.mu.Lock()
	defer q.mu.Unlock()
	all := q.items
	q.items = nil
	return all
}

// execLoop is the single goroutine on which cells run, one at a time.
func (k *Kernel) execLoop() {
	defer close(k.execDone)
	for {
		k.mu.Lock()
		stopping := k.stopping
		k.mu.Unlock()
		if stopping {
			k.abort(k.queue.takeAll())
			return
		}
		r, ok := k.queue.pop()
		if !ok {
			select {
			case <-k.queue.notify:
			case <-k.ctx.Done():
			}
			continue
		}
		k.awaitSubscriber()
		k.abort(k.executeSafely(r))
	}
}

// abort answers queued execute requests with status "aborted", as
// ipykernel does after an error when stop_on_error is set.
func (k *Kernel) abort(rs []request) {
	for _, r := range rs {
		k.publishStatus("busy", r.msg)
		k.send(r.sock, r.msg.Identities, r.msg, "execute_reply",
			map[string]any{"status": "aborted"},
			map[string]any{"status": "aborted", "started": now()})
		k.publishStatus("idle", r.msg)
	}
}

func now() string { return time.Now().UTC().Format("2006-01-02T15:04:05.000000Z") }

type executeContent struct {
	Code            string            `json:"code"`
	Silent          bool              `json:"silent"`
	StoreHistory    *bool             `json:"store_history"`
	UserExpressions map[string]string `json:"user_expressions"`
	AllowStdin      bool              `json:"allow_stdin"`
	StopOnError     *bool             `json:"stop_on_error"`
}

type executeInput struct {
	Code           string `json:"code"`
	ExecutionCount int    `json:"execution_count"`
}

type executeResult struct {
	ExecutionCount int            `json:"execution_count"`
	Data           map[string]any `json:"data"`
	Metadata       map[string]any `json:"metadata"`
}

type errorOutput struct {
	Ename     string   `json:"ename"`
	Evalue    string   `json:"evalue"`
	Traceback []string `json:"traceback"`
}

type executeReplyOK struct {
	Status          string           `json:"status"`
	ExecutionCount  int              `json:"execution_count"`
	Payload         []map[string]any `json:"payload"`
	UserExpressions map[string]any   `json:"user_expressions"`
}

type executeReplyError struct {
	Status          string         `json:"status"`
	ExecutionCount  int            `json:"execution_count"`
	Ename           string         `json:"ename"`
	Evalue          string         `json:"evalue"`
	Traceback       []string       `json:"traceback"`
	UserExpressions map[string]any `json:"user_expressions"`
	Payload         []any          `json:"payload"`
}

// executeSafely is execute with a last line of defence: whatever panics
// outside the interpreter is logged, and the execution goroutine goes on.
func (k *Kernel) executeSafely(r request) (toAbort []request) {
	defer func() {
		if p := recover(); p != nil {
			k.log.Error("panic while executing", "panic", p, "stack", string(debug.Stack()))
			toAbort = nil
		}
	}()
	return k.execute(r)
}

// execute runs one execute_request between busy and idle. When it fails
// in a way that aborts the queue, it returns the requests queued at that
// moment, taken from the queue before the error reply is sent: a request
// the client sends after seeing the error must run, not be aborted.
func (k *Kernel) execute(r request) (toAbort []request) {
	m := r.msg
	k.publishStatus("busy", m)
	defer k.publishStatus("idle", m)
	started := now()

	var c executeContent
	if err := m.DecodeContent(&c); err != nil {
		k.log.Warn("bad execute_request", "err", err)
		k.replyError(r, "BadRequest", err.Error(), nil)
		return nil
	}
	silent := c.Silent
	store := !silent
	if c.StoreHistory != nil && !silent {
		store = *c.StoreHistory
	}
	stopOnError := c.StopOnError == nil || *c.StopOnError

	ctx, cancel := context.WithCancel(k.ctx)
	defer cancel()
	k.mu.Lock()
	if store {
		k.count++
	}
	count := k.count
	k.cellStop = cancel
	k.mu.Unlock()
	defer func() {
		k.mu.Lock()
		k.cellStop = nil
		k.mu.Unlock()
	}()

	if !silent {
		k.publishContent("execute_input", m, executeInput{Code: c.Code, ExecutionCount: count})
	}
	out := &cellOutput{k: k, ctx: ctx, parent: m, silent: silent, allowStdin: c.AllowStdin}
	rep := k.callExecute(ctx, ExecuteRequest{
		Code:            c.Code,
		Count:           count,
		Silent:          silent,
		StoreHistory:    store,
		AllowStdin:      c.AllowStdin,
		UserExpressions: c.UserExpressions,
	}, out)
	cancel()

	if store {
		k.addHistory(count, c.Code, rep.Result)
	}
	metadata := map[string]any{"started": started, "dependencies_met": true, "engine": k.session}
	if rep.Err != nil {
		e := rep.Err
		tb := e.Traceback
		if tb == nil {
			tb = []string{}
		}
		if !silent {
			k.publishContent("error", m, errorOutput{Ename: e.Name, Evalue: e.Value, Traceback: tb})
		}
		metadata["status"] = "error"
		if stopOnError && !silent {
			toAbort = k.queue.takeAll()
		}
		k.send(r.sock, m.Identities, m, "execute_reply", executeReplyError{
			Status: "error", ExecutionCount: count,
			Ename: e.Name, Evalue: e.Value, Traceback: tb,
			UserExpressions: map[string]any{}, Payload: []any{},
		}, metadata)
		return toAbort
	}
	if !silent && rep.Result.Data != nil {
		md := rep.Result.Metadata
		if md == nil {
			md = map[string]any{}
		}
		k.publishContent("execute_result", m, executeResult{ExecutionCount: count, Data: rep.Result.Data, Metadata: md})
	}
	ue := rep.UserExpressions
	if ue == nil {
		ue = map[string]any{}
	}
	payload := rep.Payload
	if payload == nil {
		payload = []map[string]any{}
	}
	metadata["status"] = "ok"
	k.send(r.sock, m.Identities, m, "execute_reply", executeReplyOK{
		Status: "ok", ExecutionCount: count, Payload: payload, UserExpressions: ue,
	}, metadata)
	return nil
}

// callExecute calls the interpreter and turns a panic into an error.
func (k *Kernel) callExecute(ctx context.Context, req ExecuteRequest, out Output) (rep ExecuteReply) {
	defer func() {
		if p := recover(); p != nil {
			stack := string(debug.Stack())
			k.log.Error("panic in Interpreter.Execute", "panic", p, "stack", stack)
			rep = ExecuteReply{Err: &Error{
				Name:      "panic",
				Value:     fmt.Sprint(p),
				Traceback: append([]string{fmt.Sprintf("panic: %v", p), ""}, strings.Split(strings.TrimSpace(stack), "\n")...),
			}}
		}
	}()
	return k.interp.Execute(ctx, req, out)
}

// cellOutput is the Output of one execution.
type cellOutput struct {
	k          *Kernel
	ctx        context.Context
	parent     *Message
	silent     bool
	allowStdin bool
}

func (o *cellOutput) Stream(name, text string) {
	if o.silent || text == "" {
		return
	}
	if name != "stdout" && name != "stderr" {
		o.k.log.Warn("stream with unknown name sent as stdout", "name", name)
		name = "stdout"
	}
	o.k.publish(pubItem{msgType: "stream", parent: o.parent.RawHeader, stream: name, text: text})
}

type displayContent struct {
	Data      map[string]any `json:"data"`
	Metadata  map[string]any `json:"metadata"`
	Transient map[string]any `json:"transient"`
}

func (o *cellOutput) Display(data, metadata, transient map[string]any, update bool) {
	if o.silent {
		return
	}
	t := "display_data"
	if update {
		t = "update_display_data"
		if id, _ := transient["display_id"].(string); id == "" {
			o.k.log.Warn("update_display_data without transient display_id dropped")
			return
		}
	}
	if data == nil {
		data = map[string]any{}
	}
	if metadata == nil {
		metadata = map[string]any{}
	}
	if transient == nil {
		transient = map[string]any{}
	}
	o.k.publishContent(t, o.parent, displayContent{Data: data, Metadata: metadata, Transient: transient})
}

func (o *cellOutput) Clear(wait bool) {
	if o.silent {
		return
	}
	o.k.publishContent("clear_output", o.parent, map[string]bool{"wait": wait})
}

// ErrStdinNotAllowed is returned by Output.Input when the execute_request
// did not allow stdin: the front end cannot answer an input_request.
var ErrStdinNotAllowed = errors.New("kernel: input requested, but the front end does not allow stdin for this execution")

type pendingInput struct {
	msgID string
	reply chan string
}

func (o *cellOutput) Input(prompt string, password bool) (string, error) {
	if !o.allowStdin {
		return "", ErrStdinNotAllowed
	}
	k := o.k
	// One input_request at a time.
	select {
	case k.inputLock <- struct{}{}:
	case <-o.ctx.Done():
		return "", fmt.Errorf("kernel: input: %w", o.ctx.Err())
	}
	defer func() { <-k.inputLock }()
	if err := o.ctx.Err(); err != nil {
		return "", fmt.Errorf("kernel: input: %w", err)
	}

	// What the cell printed before (its prompt, typically) goes out on
	// IOPub before the input_request goes out on stdin: a front end shows
	// the two in the order they arrive, and text arriving after the input
	// box moves the box under the user's pointer.
	if err := k.published(o.ctx); err != nil {
		return "", fmt.Errorf("kernel: input: %w", err)
	}
	hdr, id := k.header("input_request")
	p := &pendingInput{msgID: id, reply: make(chan string, 1)}
	k.mu.Lock()
	k.input = p
	k.mu.Unlock()
	defer func() {
		k.mu.Lock()
		if k.input == p {
			k.input = nil
		}
		k.mu.Unlock()
	}()

	content := k.marshal("input_request", map[string]any{"prompt": prompt, "password": password})
	frames := k.codec.encodeRaw(o.parent.Identities, hdr, o.parent.RawHeader, nil, content, nil)
	if err := k.stdin.Send(zmq4.NewMsgFrom(frames...)); err != nil {
		return "", fmt.Errorf("kernel: input_request: %w", err)
	}
	select {
	case v := <-p.reply:
		return v, nil
	case <-o.ctx.Done():
		return "", fmt.Errorf("kernel: input: %w", o.ctx.Err())
	}
}

// handleStdin takes input_reply messages to the waiting Input call.
func (k *Kernel) handleStdin(r request) {
	if r.msg.Header.MsgType != "input_reply" {
		k.log.Warn("unexpected message on stdin", "msg_type", r.msg.Header.MsgType)
		return
	}
	parent, err := r.msg.Parent()
	if err != nil {
		k.log.Warn("input_reply with bad parent_header", "err", err)
		return
	}
	var c struct {
		Value string `json:"value"`
	}
	if err := r.msg.DecodeContent(&c); err != nil {
		k.log.Warn("bad input_reply", "err", err)
		return
	}
	// jupyter_client's input() sends input_reply without a parent header,
	// so an empty parent answers the pending request; a reply to another
	// request is stale and dropped.
	k.mu.Lock()
	p := k.input
	if p != nil && (parent.MsgID == "" || p.msgID == parent.MsgID) {
		k.input = nil
	} else {
		p = nil
	}
	k.mu.Unlock()
	if p == nil {
		k.log.Warn("input_reply to no pending input_request dropped", "parent", parent.MsgID)
		return
	}
	p.reply <- c.Value
}
