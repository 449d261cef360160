package kernel_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/methodic-go/methodic/kernel"
)

// fake is a language-free Interpreter for protocol tests. A cell is a list
// of commands, one per line:
//
//	print TEXT      stdout TEXT\n            eprint TEXT   stderr TEXT\n
//	result TEXT     execute_result TEXT      error TEXT    fails with TestError
//	sleep DURATION  waits, or fails when interrupted
//	block           waits until interrupted  panic TEXT    panics
//	input PROMPT    reads a line and prints "got LINE"
//	display TEXT    display_data             update ID TEXT update_display_data
//	show ID TEXT    display_data with display_id (ID - for none)
//	clear           clear_output(wait)       page TEXT     a pager payload
//	gate NAME       waits until the test opens gate NAME (or interrupt)
//	spam N          N stdout writes of "x"
//	baddisplay      display_data that cannot be encoded as JSON
//
// User expressions evaluate to their own text.
type fake struct {
	running  atomic.Int32 // executions in progress
	overlaps atomic.Int32 // times two executions overlapped

	mu      sync.Mutex
	gates   map[string]chan struct{}
	started chan string // receives each cell's code as it starts, if set
}

func newFake() *fake { return &fake{gates: map[string]chan struct{}{}} }

func (f *fake) gate(name string) chan struct{} {
	f.mu.Lock()
	defer f.mu.Unlock()
	g, ok := f.gates[name]
	if !ok {
		g = make(chan struct{})
		f.gates[name] = g
	}
	return g
}

func (f *fake) open(name string) { close(f.gate(name)) }

func (f *fake) Info() kernel.LanguageInfo {
	return kernel.LanguageInfo{
		Name: "fake", Version: "1.0", Mimetype: "text/x-fake", FileExtension: ".fake",
		PygmentsLexer: "text", CodemirrorMode: "text", Banner: "Fake 1.0",
		HelpLinks: []kernel.HelpLink{{Text: "Fake", URL: "https://example.org/fake"}},
	}
}

func interrupted(ctx context.Context) kernel.ExecuteReply {
	return kernel.ExecuteReply{Err: &kernel.Error{Name: "Interrupted", Value: ctx.Err().Error(), Traceback: []string{"interrupted"}}}
}

func (f *fake) Execute(ctx context.Context, req kernel.ExecuteRequest, out kernel.Output) kernel.ExecuteReply {
	if f.running.Add(1) > 1 {
		f.overlaps.Add(1)
	}
	defer f.running.Add(-1)
	f.mu.Lock()
	started := f.started
	f.mu.Unlock()
	if started != nil {
		select {
		case started <- req.Code:
		default:
		}
	}
	var rep kernel.ExecuteReply
	for _, line := range strings.Split(req.Code, "\n") {
		cmd, arg, _ := strings.Cut(strings.TrimSpace(line), " ")
		switch cmd {
		case "":
		case "print":
			out.Stream("stdout", arg+"\n")
		case "eprint":
			out.Stream("stderr", arg+"\n")
		case "result":
			rep.Result = kernel.MIMEData{Data: map[string]any{"text/plain": arg}}
		case "error":
			return kernel.ExecuteReply{Err: &kernel.Error{Name: "TestError", Value: arg, Traceback: []string{"TestError: " + arg}}}
		case "sleep":
			d, _ := time.ParseDuration(arg)
			select {
			case <-time.After(d):
			case <-ctx.Done():
				return interrupted(ctx)
			}
		case "block":
			<-ctx.Done()
			return interrupted(ctx)
		case "gate":
			select {
			case <-f.gate(arg):
			case <-ctx.Done():
				return interrupted(ctx)
			}
		case "panic":
			panic(arg)
		case "input":
			v, err := out.Input(arg, false)
			if err != nil {
				return kernel.ExecuteReply{Err: &kernel.Error{Name: "InputError", Value: err.Error()}}
			}
			out.Stream("stdout", "got "+v+"\n")
		case "display":
			out.Display(map[string]any{"text/plain": arg}, nil, nil, false)
		case "show", "update":
			id, text, _ := strings.Cut(arg, " ")
			transient := map[string]any{"display_id": id}
			if id == "-" {
				transient = nil
			}
			out.Display(map[string]any{"text/plain": text}, nil, transient, cmd == "update")
		case "panicresult":
			rep.Result = kernel.MIMEData{Data: map[string]any{"text/plain": "x", "application/json": panicky{}}}
		case "panicdisplay":
			out.Display(map[string]any{"application/json": panicky{}}, nil, nil, false)
		case "baddisplay":
			out.Display(map[string]any{"text/plain": make(chan int)}, nil, nil, false)
		case "clear":
			out.Clear(true)
		case "page":
			rep.Payload = append(rep.Payload, map[string]any{"source": "page", "data": map[string]any{"text/plain": arg}, "start": 0})
		case "spam":
			var n int
			fmt.Sscan(arg, &n)
			for i := 0; i < n; i++ {
				out.Stream("stdout", "x")
			}
		default:
			return kernel.ExecuteReply{Err: &kernel.Error{Name: "SyntaxError", Value: "unknown command " + cmd}}
		}
	}
	if len(req.UserExpressions) > 0 {
		rep.UserExpressions = map[string]any{}
		for name, expr := range req.UserExpressions {
			rep.UserExpressions[name] = map[string]any{"status": "ok", "data": map[string]any{"text/plain": expr}, "metadata": map[string]any{}}
		}
	}
	return rep
}

var words = []string{"print", "eprint", "result", "error", "sleep", "block", "panic", "input", "display", "update", "clear", "page"}

// word returns the word around cursor (in code points) and its bounds.
func word(code string, cursor int) (string, int, int) {
	r := []rune(code)
	if cursor > len(r) {
		cursor = len(r)
	}
	start, end := cursor, cursor
	for start > 0 && r[start-1] != ' ' && r[start-1] != '\n' {
		start--
	}
	for end < len(r) && r[end] != ' ' && r[end] != '\n' {
		end++
	}
	return string(r[start:end]), start, end
}

func (f *fake) Complete(code string, cursor int) kernel.CompleteReply {
	if strings.Contains(code, "boom") {
		panic("complete went boom")
	}
	w, start, _ := word(code, cursor)
	prefix := string([]rune(w)[:cursor-start])
	var m []string
	for _, c := range words {
		if strings.HasPrefix(c, prefix) {
			m = append(m, c)
		}
	}
	return kernel.CompleteReply{Matches: m, CursorStart: start, CursorEnd: cursor}
}

func (f *fake) Inspect(code string, cursor, detail int) kernel.InspectReply {
	w, _, _ := word(code, cursor)
	for _, c := range words {
		if c == w {
			return kernel.InspectReply{Found: true, MIMEData: kernel.MIMEData{Data: map[string]any{"text/plain": fmt.Sprintf("%s: a fake command (detail %d)", w, detail)}}}
		}
	}
	return kernel.InspectReply{}
}

func (f *fake) IsComplete(code string) (string, string) {
	switch {
	case strings.HasSuffix(code, "\\"):
		return "incomplete", "  "
	case utf8.RuneCountInString(code) > 0 && strings.HasPrefix(code, "???"):
		return "invalid", ""
	case strings.HasPrefix(code, "weird"):
		return "sideways", ""
	}
	return "complete", ""
}

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// panicky is a value whose JSON encoding panics, like a user's type with a
// broken MarshalJSON.
type panicky struct{}

func (panicky) MarshalJSON() ([]byte, error) { panic("MarshalJSON broke") }
