package kerneltest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/methodic-go/methodic/kernel"
)

// Server is a kernel serving in process on 127.0.0.1.
type Server struct {
	// Kernel is the running kernel.
	Kernel *kernel.Kernel
	// Info is its connection info, with the ports it bound and its key.
	Info kernel.ConnectionInfo

	cancel  context.CancelFunc
	done    chan struct{}
	restart bool
	err     error
}

// NewServer starts a kernel for interp on free tcp ports of 127.0.0.1,
// signing with a random hmac-sha256 key. Close stops it.
func NewServer(interp kernel.Interpreter, opts kernel.Options) (*Server, error) {
	key, err := randomKey()
	if err != nil {
		return nil, err
	}
	info := kernel.ConnectionInfo{
		Transport:       "tcp",
		IP:              "127.0.0.1",
		SignatureScheme: "hmac-sha256",
		Key:             key,
	}
	return NewServerInfo(info, interp, opts)
}

// NewServerInfo starts a kernel for interp as info says (zero tcp ports
// become free ones). Use it for an unsigned kernel (empty key) or the ipc
// transport.
func NewServerInfo(info kernel.ConnectionInfo, interp kernel.Interpreter, opts kernel.Options) (*Server, error) {
	k, err := kernel.Listen(info, interp, opts)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{Kernel: k, Info: k.Connection(), cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(s.done)
		s.restart, s.err = k.Serve(ctx)
	}()
	return s, nil
}

// Start starts a server for a test: the kernel logs through t.Log, and it
// is closed when the test ends.
func Start(t testing.TB, interp kernel.Interpreter) *Server {
	t.Helper()
	return StartWith(t, interp, kernel.Options{})
}

// StartWith is Start with options. A nil opts.Logger logs through t.Log.
func StartWith(t testing.TB, interp kernel.Interpreter, opts kernel.Options) *Server {
	t.Helper()
	var tl *testLog
	if opts.Logger == nil {
		tl = &testLog{t: t}
		opts.Logger = slog.New(slog.NewTextHandler(tl, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	s, err := NewServer(interp, opts)
	if err != nil {
		t.Fatalf("kerneltest: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("kerneltest: %v", err)
		}
		if tl != nil {
			tl.stop()
		}
	})
	return s
}

// Client connects a new client to the server for a test and waits until
// it is ready (see Dial). It is closed when the test ends.
func (s *Server) Client(t testing.TB) *Client {
	t.Helper()
	return Dial(t, s.Info)
}

// Done is closed when the kernel has stopped, after a shutdown_request or
// Close.
func (s *Server) Done() <-chan struct{} { return s.done }

// Wait waits up to timeout for the kernel to stop by itself (after a
// shutdown_request) and reports whether a restart was asked for.
func (s *Server) Wait(timeout time.Duration) (restart bool, err error) {
	select {
	case <-s.done:
		return s.restart, s.err
	case <-time.After(timeout):
		return false, fmt.Errorf("kerneltest: kernel still running after %v", timeout)
	}
}

// Close stops the kernel, if it still runs, and waits for it.
func (s *Server) Close() error {
	s.cancel()
	select {
	case <-s.done:
		return s.err
	case <-time.After(10 * time.Second):
		return errors.New("kerneltest: kernel did not stop within 10 s")
	}
}

// NewConnectionInfo returns connection info for a kernel on 127.0.0.1
// with five free tcp ports and a random hmac-sha256 key, for starting a
// kernel process. The ports are free when chosen; another process could
// take one before the kernel binds it.
func NewConnectionInfo() (kernel.ConnectionInfo, error) {
	key, err := randomKey()
	if err != nil {
		return kernel.ConnectionInfo{}, err
	}
	info := kernel.ConnectionInfo{
		Transport: "tcp", IP: "127.0.0.1", SignatureScheme: "hmac-sha256", Key: key,
	}
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	for _, p := range []*int{&info.ShellPort, &info.ControlPort, &info.IOPubPort, &info.StdinPort, &info.HBPort} {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return info, fmt.Errorf("kerneltest: %w", err)
		}
		ls = append(ls, l)
		*p = l.Addr().(*net.TCPAddr).Port
	}
	return info, nil
}

func randomKey() (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("kerneltest: %w", err)
	}
	return hex.EncodeToString(b[:]), nil
}

// testLog writes log lines to t.Log until the test ends.
type testLog struct {
	mu      sync.Mutex
	t       testing.TB
	stopped bool
}

func (l *testLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.stopped {
		l.t.Log(strings.TrimRight(string(p), "\n"))
	}
	return len(p), nil
}

func (l *testLog) stop() {
	l.mu.Lock()
	l.stopped = true
	l.mu.Unlock()
}
