package kernel

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-zeromq/zmq4"
)

// Options configures a kernel. The zero value is a good default.
type Options struct {
	// Logger receives what the kernel logs: dropped messages, recovered
	// panics, shutdown. Nil means a text logger on standard error at
	// level Info.
	Logger *slog.Logger

	// Version is implementation_version in kernel_info_reply.
	Version string

	// HandleSIGINT makes Serve catch SIGINT for its lifetime and turn each
	// one into Interrupt, instead of letting it end the process (Jupyter's
	// interrupt_mode "signal"). Without it, a program that wants SIGINT to
	// interrupt cells calls Kernel.Interrupt from its own handler.
	HandleSIGINT bool

	// HistorySession is the session number of the history this kernel
	// keeps (the first field of history_reply entries). Zero means 1.
	HistorySession int

	// ShutdownTimeout bounds how long shutdown waits for a cancelled cell
	// to return before Serve returns anyway. Zero means 2 s.
	ShutdownTimeout time.Duration
}

// Kernel is a Jupyter kernel bound to its five sockets. Create one with
// Listen, run it with Serve.
type Kernel struct {
	info   ConnectionInfo
	interp Interpreter
	opts   Options
	log    *slog.Logger
	codec  *Codec
	replay ReplayGuard

	session  string // the kernel's session id, in every header it writes
	username string
	idPrefix string
	seq      atomic.Uint64

	ctx    context.Context // lives until teardown; parent of every cell ctx
	cancel context.CancelFunc

	shell, control, stdin, hb, iopub zmq4.Socket

	pub     chan pubItem
	pubDone chan struct{} // closed when the IOPub goroutine has exited

	queue execQueue

	mu            sync.Mutex
	count         int                // execution count
	cellStop      context.CancelFunc // cancels the running cell, nil when idle
	history       []historyEntry
	input         *pendingInput // the input_request waiting for its reply
	stopping      bool
	restart       bool
	shutdownAsked bool
	served        bool
	shutdown      chan struct{} // closed by the first shutdown_request
	shutOnce      sync.Once
	readers       sync.WaitGroup
	execDone      chan struct{}
	inputLock     chan struct{} // one input_request at a time

	// firstCellSeen is set by the first cell execLoop takes (see
	// awaitSubscriber); only execLoop reads or writes it.
	firstCellSeen bool
}

// Listen binds the kernel's five sockets as info says and returns a
// kernel ready to Serve. Zero tcp ports are replaced by free ones; read
// them back with Connection.
func Listen(info ConnectionInfo, interp Interpreter, opts Options) (*Kernel, error) {
	if interp == nil {
		panic("kernel: nil Interpreter")
	}
	if err := info.check(); err != nil {
		return nil, fmt.Errorf("kernel: %w", err)
	}
	codec, err := NewCodec(info.SignatureScheme, info.Key)
	if err != nil {
		return nil, err
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	if opts.HistorySession == 0 {
		opts.HistorySession = 1
	}
	if opts.ShutdownTimeout <= 0 {
		opts.ShutdownTimeout = 2 * time.Second
	}
	ctx, cancel := context.WithCancel(context.Background())
	k := &Kernel{
		info:      info,
		interp:    interp,
		opts:      opts,
		log:       logger,
		codec:     codec,
		session:   newUUID(),
		username:  username(),
		ctx:       ctx,
		cancel:    cancel,
		pub:       make(chan pubItem, 256),
		pubDone:   make(chan struct{}),
		shutdown:  make(chan struct{}),
		execDone:  make(chan struct{}),
		inputLock: make(chan struct{}, 1),
	}
	k.idPrefix = k.session + "_" + strconv.Itoa(os.Getpid()) + "_"
	k.queue.notify = make(chan struct{}, 1)

	// The sockets live on their own context: teardown closes them only
	// after the last messages are out.
	sctx := context.Background()
	zlog := zmq4.WithLogger(slog.NewLogLogger(logger.With("from", "zmq4").Handler(), slog.LevelWarn))
	k.shell = zmq4.NewRouter(sctx, zlog)
	k.control = zmq4.NewRouter(sctx, zlog)
	k.stdin = zmq4.NewRouter(sctx, zlog)
	k.hb = zmq4.NewRouter(sctx, zlog)
	k.iopub = zmq4.NewPub(sctx, zlog)
	binds := []struct {
		name string
		sock zmq4.Socket
		port *int
	}{
		{"shell", k.shell, &k.info.ShellPort},
		{"control", k.control, &k.info.ControlPort},
		{"stdin", k.stdin, &k.info.StdinPort},
		{"hb", k.hb, &k.info.HBPort},
		{"iopub", k.iopub, &k.info.IOPubPort},
	}
	registerTransports()
	for _, b := range binds {
		ep := k.info.Endpoint(*b.port)
		if k.info.Transport == "ipc" {
			removeStaleSocket(strings.TrimPrefix(ep, "ipc://"))
		}
		if err := b.sock.Listen(guardedEndpoint(ep)); err != nil {
			k.closeSockets()
			cancel()
			return nil, fmt.Errorf("kernel: %s socket: %w", b.name, err)
		}
		if a, ok := b.sock.Addr().(*net.TCPAddr); ok {
			*b.port = a.Port
		}
	}
	return k, nil
}

// Connection returns the connection info with the ports actually bound.
func (k *Kernel) Connection() ConnectionInfo { return k.info }

// Run listens as info says and serves until a shutdown_request or until
// ctx is cancelled. It reports whether the shutdown_request asked for a
// restart (the process should exit and let the front end start a new
// one). A cancelled ctx is a clean stop, not an error.
func Run(ctx context.Context, info ConnectionInfo, interp Interpreter, opts Options) (restart bool, err error) {
	k, err := Listen(info, interp, opts)
	if err != nil {
		return false, err
	}
	return k.Serve(ctx)
}

// Serve answers requests until a shutdown_request arrives or ctx is
// cancelled, then shuts the kernel down: it cancels the running cell,
// answers queued executions as aborted, flushes IOPub and closes the
// sockets. It reports whether the shutdown_request asked for a restart.
// Serve may be called once.
func (k *Kernel) Serve(ctx context.Context) (restart bool, err error) {
	k.mu.Lock()
	if k.served {
		k.mu.Unlock()
		return false, errors.New("kernel: Serve called twice")
	}
	k.served = true
	k.mu.Unlock()

	if k.opts.HandleSIGINT {
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, os.Interrupt)
		defer signal.Stop(sig)
		go func() {
			for {
				select {
				case <-sig:
					k.log.Info("SIGINT: interrupting the running cell")
					k.Interrupt()
				case <-k.ctx.Done():
					return
				}
			}
		}()
	}

	// SIGINT is caught before the first request can be answered.
	go k.pubLoop()
	go k.execLoop()
	k.readers.Add(4)
	go k.heartbeat()
	go k.readLoop("shell", k.shell, k.handleShell)
	go k.readLoop("control", k.control, k.handleControl)
	go k.readLoop("stdin", k.stdin, k.handleStdin)

	k.publish(pubItem{msgType: "status", content: statusStarting})
	k.log.Debug("kernel serving", "shell", k.info.Endpoint(k.info.ShellPort))

	select {
	case <-k.shutdown:
	case <-ctx.Done():
	}
	k.teardown()
	k.mu.Lock()
	restart = k.restart
	k.mu.Unlock()
	return restart, nil
}

// Interrupt cancels the context of the running cell, if any. It is what
// interrupt_request does, and what SIGINT does with Options.HandleSIGINT.
// It is safe to call from any goroutine, at any time.
func (k *Kernel) Interrupt() {
	k.mu.Lock()
	stop := k.cellStop
	k.mu.Unlock()
	if stop != nil {
		stop()
	}
}

// requestShutdown makes Serve return.
func (k *Kernel) requestShutdown(restart bool) {
	k.shutOnce.Do(func() {
		k.mu.Lock()
		k.restart = restart
		k.mu.Unlock()
		close(k.shutdown)
	})
}

// pubLinger is how long teardown lets zmq4's PUB queue drain after the
// IOPub goroutine handed it the last message (zmq4 offers no flush).
const pubLinger = 20 * time.Millisecond

func (k *Kernel) teardown() {
	k.mu.Lock()
	k.stopping = true
	stop := k.cellStop
	k.mu.Unlock()
	if stop != nil {
		stop()
	}
	k.queue.wake()
	select {
	case <-k.execDone:
	case <-time.After(k.opts.ShutdownTimeout):
		k.log.Warn("shutdown: the running cell did not return in time; leaving it behind", "timeout", k.opts.ShutdownTimeout)
	}
	// Stop the IOPub goroutine after it has sent everything queued.
	k.cancel()
	<-k.pubDone
	time.Sleep(pubLinger)
	k.closeSockets()
	waitTimeout(&k.readers, time.Second)
	k.log.Debug("kernel stopped")
}

func (k *Kernel) closeSockets() {
	for _, s := range []zmq4.Socket{k.shell, k.control, k.stdin, k.hb, k.iopub} {
		if s != nil {
			s.Close()
		}
	}
	if k.info.Transport == "ipc" {
		for _, p := range []int{k.info.ShellPort, k.info.ControlPort, k.info.StdinPort, k.info.HBPort, k.info.IOPubPort} {
			os.Remove(strings.TrimPrefix(k.info.Endpoint(p), "ipc://"))
		}
	}
}

// removeStaleSocket removes a unix socket file left by a kernel that
// died, as libzmq does before it binds; it leaves any other file alone.
func removeStaleSocket(path string) {
	if fi, err := os.Lstat(path); err == nil && fi.Mode()&os.ModeSocket != 0 {
		os.Remove(path)
	}
}

func waitTimeout(wg *sync.WaitGroup, d time.Duration) {
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(d):
	}
}

// heartbeat echoes every message back to its sender. It is a ROUTER, as in
// ipykernel, so both REQ and DEALER peers work.
func (k *Kernel) heartbeat() {
	defer k.readers.Done()
	for {
		m, err := k.hb.Recv()
		if err != nil {
			if k.ctx.Err() != nil || isClosed(err) {
				return
			}
			continue
		}
		if len(m.Frames) < 1 {
			continue
		}
		if err := k.hb.Send(m); err != nil && k.ctx.Err() == nil {
			k.log.Debug("heartbeat echo failed", "err", err)
		}
	}
}

func isClosed(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, zmq4.ErrClosedConn) || errors.Is(err, net.ErrClosed)
}

func newUUID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("kernel: crypto/rand: " + err.Error())
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:], b[10:])
	return string(s[:])
}

func username() string {
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "methodic"
}
