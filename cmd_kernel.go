package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os/signal"
	"syscall"

	"github.com/methodic-go/methodic/display"
	"github.com/methodic-go/methodic/interp"
	"github.com/methodic-go/methodic/kernel"
)

func kernelCmd(args []string, stderr io.Writer) error {
	fs := newFlags("kernel", "methodic kernel CONNECTION_FILE", stderr)
	logLevel := fs.String("log-level", "info", "log `level`: debug, info, warn or error (the log goes to standard error)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return usageError{"kernel takes the connection file Jupyter wrote"}
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		return usageError{fmt.Sprintf("bad --log-level: %v", err)}
	}
	info, err := kernel.ReadConnectionFile(fs.Arg(0))
	if err != nil {
		return err
	}
	s, err := interp.New(interp.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	// The session has taken over file descriptors 1 and 2 for cell output:
	// the kernel logs to the standard error the process started with.
	logger := slog.New(slog.NewTextHandler(interp.RealStderr(), &slog.HandlerOptions{Level: level}))
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	_, err = kernel.Run(ctx, info, session{s}, kernel.Options{
		Logger:       logger,
		Version:      versionString(),
		HandleSIGINT: true,
	})
	// A restart is the front end's business: it starts a new process.
	return err
}

// session joins an interp.Session to the kernel: the kernel speaks the
// protocol, the session speaks Go, and this is the only place that knows
// both.
type session struct{ s *interp.Session }

func (session) Info() kernel.LanguageInfo {
	return kernel.LanguageInfo{
		Name:           "go",
		Version:        goVersion(),
		Mimetype:       "text/x-go",
		FileExtension:  ".go",
		PygmentsLexer:  "go",
		CodemirrorMode: "go",
		Banner: fmt.Sprintf("Methodic %s: Go %s on yaegi, with mlstd for the practical methodology of machine learning.\n"+
			"Type ?name for help on a name, %%lsmagic for magics; interrupt stops a cell and cancels its ctx.", versionString(), goVersion()),
		HelpLinks: []kernel.HelpLink{
			{Text: "Go documentation", URL: "https://go.dev/doc/"},
			{Text: "Go standard library", URL: "https://pkg.go.dev/std"},
			{Text: "gonum", URL: "https://pkg.go.dev/gonum.org/v1/gonum"},
			{Text: "gonum/plot", URL: "https://pkg.go.dev/gonum.org/v1/plot"},
			{Text: "Methodic", URL: "https://github.com/methodic-go/methodic"},
		},
	}
}

func (k session) Execute(ctx context.Context, req kernel.ExecuteRequest, out kernel.Output) kernel.ExecuteReply {
	res := k.s.Execute(ctx, req.Code, output{out}, interp.ExecOptions{Count: req.Count})
	var rep kernel.ExecuteReply
	if res.Value != nil {
		rep.Result = kernel.MIMEData{Data: res.Value.Data, Metadata: res.Value.Metadata}
	}
	if res.Err != nil {
		rep.Err = &kernel.Error{Name: res.Err.Name, Value: res.Err.Value, Traceback: res.Err.Traceback}
	}
	for _, p := range res.Pages {
		rep.Payload = append(rep.Payload, map[string]any{"source": "page", "data": p.Data, "start": 0})
	}
	if len(req.UserExpressions) > 0 {
		rep.UserExpressions = map[string]any{}
		for name, expr := range req.UserExpressions {
			rep.UserExpressions[name] = k.userExpression(ctx, expr)
		}
	}
	return rep
}

// userExpression evaluates one user expression into the shape the
// protocol wants: {status, data, metadata} or an error.
func (k session) userExpression(ctx context.Context, expr string) map[string]any {
	b, err := k.s.Evaluate(ctx, expr)
	if err != nil {
		e := map[string]any{"status": "error", "ename": "error", "evalue": err.Error(), "traceback": []string{err.Error()}}
		if ie, ok := err.(*interp.Error); ok {
			e["ename"], e["evalue"], e["traceback"] = ie.Name, ie.Value, ie.Traceback
		}
		return e
	}
	md := b.Metadata
	if md == nil {
		md = map[string]any{}
	}
	return map[string]any{"status": "ok", "data": b.Data, "metadata": md}
}

func (k session) Complete(code string, cursor int) kernel.CompleteReply {
	c := k.s.Complete(code, cursor)
	rep := kernel.CompleteReply{Matches: []string{}, CursorStart: c.Start, CursorEnd: c.End}
	types := make([]map[string]any, 0, len(c.Matches))
	for _, m := range c.Matches {
		rep.Matches = append(rep.Matches, m.Text)
		types = append(types, map[string]any{"start": c.Start, "end": c.End, "text": m.Text, "type": m.Kind, "signature": m.Signature})
	}
	rep.Metadata = map[string]any{"_jupyter_types_experimental": types}
	return rep
}

func (k session) Inspect(code string, cursor, detail int) kernel.InspectReply {
	b, found := k.s.Inspect(code, cursor, detail)
	return kernel.InspectReply{Found: found, MIMEData: kernel.MIMEData{Data: b.Data, Metadata: b.Metadata}}
}

func (k session) IsComplete(code string) (status, indent string) { return k.s.IsComplete(code) }

// output hands what a cell shows to the kernel.
type output struct{ out kernel.Output }

func (o output) Stream(name, text string) { o.out.Stream(name, text) }

func (o output) Display(b display.Bundle, id string, update bool) {
	var transient map[string]any
	if id != "" {
		transient = map[string]any{"display_id": id}
	}
	o.out.Display(b.Data, b.Metadata, transient, update)
}

func (o output) Clear(wait bool) { o.out.Clear(wait) }

func (o output) Input(prompt string, password bool) (string, error) {
	return o.out.Input(prompt, password)
}
