package kernel

import "context"

// Interpreter is the language side of a kernel: everything the protocol
// server needs from it, in the protocol's own terms. The kernel owns the
// execution count, busy/idle, parent headers, history and every reply; the
// Interpreter answers only "run this", "complete this", "inspect this" and
// "is this complete". cmd main joins interp.Session to it.
//
// Execute is called from one goroutine at a time. Its ctx is cancelled by
// interrupt_request, by SIGINT (see Options.HandleSIGINT) and by shutdown;
// Execute should then return promptly, usually with an Err. Complete,
// Inspect, IsComplete and Info may be called while Execute runs, from
// other goroutines, and must not wait for it. Cursor positions are counted
// in Unicode code points, as on the wire.
//
// A panic in any method is recovered by the kernel: a panicking Execute
// becomes an error reply (ename "panic"), a panicking Complete, Inspect or
// IsComplete an error reply to that request. The kernel keeps serving.
type Interpreter interface {
	Info() LanguageInfo
	Execute(ctx context.Context, req ExecuteRequest, out Output) ExecuteReply
	Complete(code string, cursorPos int) CompleteReply
	Inspect(code string, cursorPos, detailLevel int) InspectReply
	IsComplete(code string) (status, indent string)
}

// LanguageInfo is the language part of kernel_info_reply.
type LanguageInfo struct {
	Name           string // "go"
	Version        string // the Go version, "1.26.8"
	Mimetype       string // "text/x-go"
	FileExtension  string // ".go"
	PygmentsLexer  string // "go"
	CodemirrorMode string // "go"
	Banner         string
	HelpLinks      []HelpLink
}

// HelpLink is one entry of the help menu.
type HelpLink struct{ Text, URL string }

// ExecuteRequest is what the interpreter needs of an execute_request.
//
// The kernel owns the execution count: it is incremented for every
// execution that is not silent and stores history (as ipykernel does), and
// Count is the value the reply, execute_input and execute_result carry.
// For a silent execution the kernel publishes nothing on IOPub but status:
// whatever Output receives is dropped, and Result and Err are not
// broadcast (the reply still carries Err).
type ExecuteRequest struct {
	Code            string
	Count           int // the execution count the kernel assigned
	Silent          bool
	StoreHistory    bool
	AllowStdin      bool
	UserExpressions map[string]string
}

// Output is where a running cell's output goes. It is safe for concurrent
// use: a cell's goroutines may write while it runs, and after: what they
// write later is still published with the cell's execute_request as
// parent. The maps passed to Display must not be changed after the call.
type Output interface {
	// Stream publishes text on "stdout" or "stderr".
	Stream(name, text string)
	// Display publishes display_data, or update_display_data when update
	// is set (transient must then hold the display_id).
	Display(data, metadata, transient map[string]any, update bool)
	// Clear publishes clear_output.
	Clear(wait bool)
	// Input asks the front end for a line of input over the stdin channel
	// (input_request, with the execute_request as parent) and waits for
	// the input_reply. It fails at once with ErrStdinNotAllowed when the
	// request did not allow stdin, and with an error wrapping ctx.Err()
	// when the execution's ctx is cancelled (interrupt) or has ended.
	Input(prompt string, password bool) (string, error)
}

// ExecuteReply is the interpreter's answer to one execution.
type ExecuteReply struct {
	// Result holds the value of the cell's trailing expression as
	// execute_result data and metadata; nil Data means no result.
	Result MIMEData
	// Err is set when the cell failed.
	Err *Error
	// UserExpressions holds one entry per requested user expression, each
	// shaped as the spec says ({status, data, metadata} or an error).
	UserExpressions map[string]any
	// Payload holds execute_reply payloads, such as a pager page.
	Payload []map[string]any
}

// MIMEData is data and metadata keyed by MIME type.
type MIMEData struct {
	Data     map[string]any
	Metadata map[string]any
}

// Error is a failed execution: ename, evalue and a traceback whose lines
// may hold ANSI colour.
type Error struct {
	Name      string
	Value     string
	Traceback []string
}

// CompleteReply is the answer to complete_request.
type CompleteReply struct {
	Matches     []string
	CursorStart int
	CursorEnd   int
	Metadata    map[string]any // e.g. _jupyter_types_experimental
}

// InspectReply is the answer to inspect_request.
type InspectReply struct {
	Found bool
	MIMEData
}
