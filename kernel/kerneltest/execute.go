package kerneltest

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/methodic-go/methodic/kernel"
)

// ExecuteRequest is the content of an execute_request. Zero fields are
// sent as they are, except as noted on Execute.
type ExecuteRequest struct {
	Code            string            `json:"code"`
	Silent          bool              `json:"silent"`
	StoreHistory    bool              `json:"store_history"`
	UserExpressions map[string]string `json:"user_expressions"`
	AllowStdin      bool              `json:"allow_stdin"`
	StopOnError     bool              `json:"stop_on_error"`
}

// ExecuteReply is the content of an execute_reply.
type ExecuteReply struct {
	Status          string           `json:"status"` // "ok", "error" or "aborted"
	ExecutionCount  int              `json:"execution_count"`
	Ename           string           `json:"ename"`
	Evalue          string           `json:"evalue"`
	Traceback       []string         `json:"traceback"`
	Payload         []map[string]any `json:"payload"`
	UserExpressions map[string]any   `json:"user_expressions"`
}

// Execution is what one execute_request produced: its reply and the IOPub
// messages it is the parent of, from status busy to status idle.
type Execution struct {
	MsgID    string
	Reply    ExecuteReply
	ReplyMsg *kernel.Message
	IOPub    []*kernel.Message
}

// Execute runs code as a notebook does (store_history and stop_on_error
// set, stdin not allowed) and waits for the reply and for idle.
func (c *Client) Execute(code string) (*Execution, error) {
	return c.ExecuteRequest(ExecuteRequest{Code: code, StoreHistory: true, StopOnError: true})
}

// ExecuteRequest sends req and waits for its reply and for idle.
func (c *Client) ExecuteRequest(req ExecuteRequest) (*Execution, error) {
	id, err := c.SendExecute(req)
	if err != nil {
		return nil, err
	}
	return c.WaitExecute(id)
}

// SendExecute sends req on shell without waiting; finish with WaitExecute.
func (c *Client) SendExecute(req ExecuteRequest) (msgID string, err error) {
	if req.UserExpressions == nil {
		req.UserExpressions = map[string]string{}
	}
	return c.Send(Shell, "execute_request", req)
}

// WaitExecute waits for the reply to the execute_request msgID and for its
// status idle.
func (c *Client) WaitExecute(msgID string) (*Execution, error) {
	rep, err := c.Reply(msgID)
	if err != nil {
		return nil, err
	}
	e := &Execution{MsgID: msgID, ReplyMsg: rep}
	if err := rep.DecodeContent(&e.Reply); err != nil {
		return e, err
	}
	if e.IOPub, err = c.IOPub(msgID); err != nil {
		return e, err
	}
	return e, nil
}

// Types returns the msg_type of each IOPub message, in order.
func (e *Execution) Types() []string {
	ts := make([]string, len(e.IOPub))
	for i, m := range e.IOPub {
		ts[i] = m.Header.MsgType
	}
	return ts
}

// Stream returns the text of the execution's stream messages named name
// ("stdout" or "stderr"), joined.
func (e *Execution) Stream(name string) string {
	var b strings.Builder
	for _, m := range e.IOPub {
		if m.Header.MsgType != "stream" {
			continue
		}
		var s struct{ Name, Text string }
		if m.DecodeContent(&s) == nil && s.Name == name {
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

// Stdout returns everything the execution wrote to stdout.
func (e *Execution) Stdout() string { return e.Stream("stdout") }

// Stderr returns everything the execution wrote to stderr.
func (e *Execution) Stderr() string { return e.Stream("stderr") }

// Result returns the data of the execute_result message, or nil.
func (e *Execution) Result() map[string]any {
	for _, m := range e.IOPub {
		if m.Header.MsgType == "execute_result" {
			var r struct {
				Data map[string]any `json:"data"`
			}
			if m.DecodeContent(&r) == nil {
				return r.Data
			}
		}
	}
	return nil
}

// Messages returns the IOPub messages of a type, in order.
func (e *Execution) Messages(msgType string) []*kernel.Message {
	var ms []*kernel.Message
	for _, m := range e.IOPub {
		if m.Header.MsgType == msgType {
			ms = append(ms, m)
		}
	}
	return ms
}

// Content decodes the content of m into a map; it is a shorthand for
// tests.
func Content(m *kernel.Message) map[string]any {
	var v map[string]any
	if err := json.Unmarshal(m.Content, &v); err != nil {
		return map[string]any{"kerneltest_error": fmt.Sprint(err)}
	}
	return v
}
