package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/methodic-go/methodic/display"
	"github.com/methodic-go/methodic/internal/children"
	"github.com/methodic-go/methodic/internal/parent"
	"github.com/methodic-go/methodic/interp"
	"github.com/methodic-go/methodic/kernel"
)

func kernelCmd(args []string, stderr io.Writer) error {
	fs := newFlags("kernel", "methodic kernel CONNECTION_FILE", stderr)
	defLevel := "info"
	if v := os.Getenv("METHODIC_LOG_LEVEL"); v != "" {
		defLevel = v
	}
	logLevel := fs.String("log-level", defLevel, "log `level`: debug, info, warn or error (the log goes to standard error; default from METHODIC_LOG_LEVEL, else info)")
	if err := parseFlags(fs, args); err != nil {
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
	// The session takes over file descriptors 1 and 2 for cell output:
	// the kernel logs to the standard error the process started with.
	logger := slog.New(slog.NewTextHandler(interp.RealStderr(), &slog.HandlerOptions{Level: level}))
	st := &starting{ready: make(chan struct{})}
	defer func() {
		if s, err := st.wait(context.Background()); err == nil {
			s.Close()
		}
	}()
	k, err := kernel.Listen(info, session{st}, kernel.Options{
		Logger:       logger,
		Version:      versionString(),
		HandleSIGINT: true,
	})
	if err != nil {
		st.fail(err)
		return err
	}
	st.start(logger)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	// A kernel does not outlive the Jupyter server that started it: when
	// that process exits (killed, crashed), the kernel shuts down as on
	// SIGTERM, its running cell interrupted, instead of running on as an
	// orphan holding its memory and ports.
	if pid := parent.FromEnv(); pid != 0 {
		var gone func() bool
		var unwatch func()
		ctx, gone, unwatch = parent.Watch(ctx, pid)
		defer unwatch()
		context.AfterFunc(ctx, func() {
			if gone() {
				logger.Warn("the process that started the kernel has exited: shutting down", "pid", pid)
			}
		})
	}
	_, err = k.Serve(ctx)
	// A restart is the front end's business: it starts a new process.
	return err
}

// starting is an interp.Session being created after the kernel's
// sockets are bound rather than before. The sockets are bound a few
// milliseconds after the process starts, so a front end's first attempt
// to connect succeeds (libzmq waits 100 ms before retrying a refused
// one, which jupyter_client's start-up paid), and kernel_info_reply
// needs no interpreter; requests that do wait for it.
type starting struct {
	ready chan struct{}
	s     *interp.Session
	err   error
}

func startSession(logger *slog.Logger) *starting {
	st := &starting{ready: make(chan struct{})}
	st.start(logger)
	return st
}

// start creates the session in the background.
func (st *starting) start(logger *slog.Logger) {
	go func() {
		defer close(st.ready)
		begin := time.Now()
		st.s, st.err = interp.New(interp.Options{})
		if st.err != nil {
			logger.Error("the Go interpreter did not start", "err", st.err)
			return
		}
		logger.Debug("the Go interpreter is ready", "after", time.Since(begin).Round(time.Millisecond))
	}()
}

// fail ends a start that will not happen.
func (st *starting) fail(err error) {
	st.err = err
	close(st.ready)
}

// wait returns the session once it is created, or ctx's error first.
func (st *starting) wait(ctx context.Context) (*interp.Session, error) {
	select {
	case <-st.ready:
		if st.err != nil {
			return nil, fmt.Errorf("the Go interpreter did not start: %w", st.err)
		}
		return st.s, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// session joins an interp.Session to the kernel: the kernel speaks the
// protocol, the session speaks Go, and this is the only place that knows
// both.
type session struct{ st *starting }

func (session) Info() kernel.LanguageInfo {
	l := interp.Lang()
	return kernel.LanguageInfo{
		Name:           l.Name,
		Version:        l.Version,
		Mimetype:       l.Mimetype,
		FileExtension:  l.FileExtension,
		PygmentsLexer:  l.PygmentsLexer,
		CodemirrorMode: l.CodemirrorMode,
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
	var rep kernel.ExecuteReply
	s, err := k.st.wait(ctx)
	if err != nil {
		name := "KernelError"
		if ctx.Err() != nil {
			name = "Interrupted"
		}
		rep.Err = &kernel.Error{Name: name, Value: err.Error(), Traceback: []string{name + ": " + err.Error()}}
		return rep
	}
	before := children.List()
	res := s.Execute(ctx, req.Code, output{out}, interp.ExecOptions{Count: req.Count})
	if ctx.Err() != nil {
		// The cell was interrupted: the processes it started end with it,
		// as under methodic run, which also lets the compiled call that
		// waits for them (exec.Command(...).Run()) return. (The kernel is
		// no subreaper, as methodic run is: a process whose parent has
		// exited is not found; reaping such orphans for a whole session
		// would race with os/exec's own waits.)
		if n := children.EndSince(before, childGrace); n > 0 {
			out.Stream("stderr", fmt.Sprintf("ended %d process(es) the interrupted cell started\n", n))
		}
	}
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
			rep.UserExpressions[name] = userExpression(ctx, s, expr)
		}
	}
	return rep
}

// childGrace is how long the processes of an interrupted cell have to
// exit after SIGTERM before they are killed.
const childGrace = 2 * time.Second

// userExpression evaluates one user expression into the shape the
// protocol wants: {status, data, metadata} or an error.
func userExpression(ctx context.Context, s *interp.Session, expr string) map[string]any {
	b, err := s.Evaluate(ctx, expr)
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
	rep := kernel.CompleteReply{Matches: []string{}, CursorStart: cursor, CursorEnd: cursor}
	s, err := k.st.wait(context.Background())
	if err != nil {
		return rep
	}
	c := s.Complete(code, cursor)
	rep.CursorStart, rep.CursorEnd = c.Start, c.End
	types := make([]map[string]any, 0, len(c.Matches))
	for _, m := range c.Matches {
		rep.Matches = append(rep.Matches, m.Text)
		types = append(types, map[string]any{"start": c.Start, "end": c.End, "text": m.Text, "type": m.Kind, "signature": m.Signature})
	}
	rep.Metadata = map[string]any{"_jupyter_types_experimental": types}
	return rep
}

func (k session) Inspect(code string, cursor, detail int) kernel.InspectReply {
	s, err := k.st.wait(context.Background())
	if err != nil {
		return kernel.InspectReply{}
	}
	b, found := s.Inspect(code, cursor, detail)
	return kernel.InspectReply{Found: found, MIMEData: kernel.MIMEData{Data: b.Data, Metadata: b.Metadata}}
}

func (k session) IsComplete(code string) (status, indent string) {
	s, err := k.st.wait(context.Background())
	if err != nil {
		return "unknown", ""
	}
	return s.IsComplete(code)
}

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
