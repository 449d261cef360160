package interp

import (
	"bytes"
	"fmt"
	"os"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"
)

// Output capture is process-wide: while at least one Session is open, file
// descriptors 1 and 2 are pipes read by this package, so that every write
// reaches the running cell, from interpreted code, from compiled library
// code and from C alike (YAEGI.md item 9). Bytes written while no cell runs
// go to the process's original standard output and error, which
// RealStdout and RealStderr return; the kernel must write its own logs
// there, or they would show in the cell that happens to run.

const (
	flushInterval = 50 * time.Millisecond
	flushSize     = 64 << 10
	fenceToken    = "\x00\x01methodic-fence\x01\x00"
)

type stdio struct {
	mu       sync.Mutex
	refs     int
	realOut  *os.File // the original fd 1 (a duplicate)
	realErr  *os.File // the original fd 2 (a duplicate)
	streams  [2]*pipeStream
	sink     atomic.Pointer[cellSink]
	restore  func() error
	redirect bool
}

var std stdio

// RealStdout returns the process's standard output as it was before any
// Session redirected it. Text written to it never shows in a cell.
func RealStdout() *os.File { std.init(); return std.realOut }

// RealStderr returns the process's standard error as it was before any
// Session redirected it: where the kernel's own log belongs.
func RealStderr() *os.File { std.init(); return std.realErr }

var stdInitOnce sync.Once

func (s *stdio) init() {
	stdInitOnce.Do(func() {
		out, err := dupFile(1, "stdout")
		if err != nil {
			out = os.Stdout
		}
		errf, err := dupFile(2, "stderr")
		if err != nil {
			errf = os.Stderr
		}
		s.realOut, s.realErr = out, errf
		// A crash of the process must stay readable even though fd 2 is
		// a pipe that dies with it.
		_ = debug.SetCrashOutput(errf, debug.CrashOptions{})
	})
}

// acquire starts the redirection when the first Session opens.
func (s *stdio) acquire() error {
	s.init()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refs++
	if s.refs > 1 {
		return nil
	}
	for i, name := range []string{"stdout", "stderr"} {
		r, w, err := os.Pipe()
		if err != nil {
			return fmt.Errorf("interp: capturing %s: %w", name, err)
		}
		real := s.realOut
		if i == 1 {
			real = s.realErr
		}
		ps := &pipeStream{name: name, r: r, w: w, real: real, fence: make(chan struct{}, 1)}
		s.streams[i] = ps
	}
	restore, err := redirectFDs(s.streams[0].w, s.streams[1].w, s.realOut, s.realErr)
	if err != nil {
		return fmt.Errorf("interp: redirecting standard output: %w", err)
	}
	s.restore = restore
	for i, ps := range s.streams {
		go ps.read(i)
	}
	return nil
}

// release stops the redirection when the last Session closes.
func (s *stdio) release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refs--
	if s.refs > 0 {
		return
	}
	s.fenceAll(time.Second)
	if s.restore != nil {
		_ = s.restore()
		s.restore = nil
	}
	for _, ps := range s.streams {
		ps.w.Close()
	}
}

// fenceAll waits until everything written to fds 1 and 2 so far has been
// read and handed on.
func (s *stdio) fenceAll(timeout time.Duration) {
	for _, ps := range s.streams {
		if ps == nil {
			continue
		}
		if ps.idle() {
			continue // nothing written and not yet handed on
		}
		select {
		case <-ps.fence:
		default:
		}
		if _, err := ps.w.Write([]byte(fenceToken)); err != nil {
			continue
		}
		select {
		case <-ps.fence:
		case <-time.After(timeout):
		}
	}
}

// pipeStream reads one redirected descriptor.
type pipeStream struct {
	name  string
	r, w  *os.File
	real  *os.File
	fence chan struct{}
	busy  atomic.Bool // bytes read and not yet handed on
}

// idle reports whether every byte written so far has been handed on: the
// pipe is empty and the reader holds nothing.
func (ps *pipeStream) idle() bool {
	if ps.busy.Load() {
		return false
	}
	n, ok := pending(ps.r)
	return ok && n == 0 && !ps.busy.Load()
}

func (ps *pipeStream) read(idx int) {
	buf := make([]byte, 64<<10)
	var carry []byte
	for {
		n, err := ps.r.Read(buf)
		if n > 0 {
			ps.busy.Store(true)
			data := buf[:n]
			if len(carry) > 0 {
				data = append(carry, data...)
				carry = nil
			}
			for {
				i := bytes.Index(data, []byte(fenceToken))
				if i < 0 {
					break
				}
				ps.deliver(idx, data[:i])
				data = data[i+len(fenceToken):]
				select {
				case ps.fence <- struct{}{}:
				default:
				}
			}
			// Keep a possible beginning of a fence for the next read.
			if k := partialSuffix(data, fenceToken); k > 0 {
				carry = append([]byte(nil), data[len(data)-k:]...)
				data = data[:len(data)-k]
			}
			ps.deliver(idx, data)
			ps.busy.Store(len(carry) > 0)
		}
		if err != nil {
			return
		}
	}
}

func (ps *pipeStream) deliver(idx int, p []byte) {
	if len(p) == 0 {
		return
	}
	if sk := std.sink.Load(); sk != nil {
		sk.write(idx, p)
		return
	}
	ps.real.Write(p)
}

// partialSuffix returns the length of the longest suffix of data that is a
// proper prefix of tok.
func partialSuffix(data []byte, tok string) int {
	for k := min(len(tok)-1, len(data)); k > 0; k-- {
		if string(data[len(data)-k:]) == tok[:k] {
			return k
		}
	}
	return 0
}

// cellSink collects the output of one running cell and hands it to the
// cell's Output in batches: every flushInterval, or as soon as flushSize
// bytes wait. Past limit bytes, output is counted and dropped.
type cellSink struct {
	out   Output
	limit int64

	mu      sync.Mutex
	pending [2][]byte
	total   int64
	dropped int64
	stop    chan struct{}
	done    chan struct{}
}

var streamNames = [2]string{"stdout", "stderr"}

func newCellSink(out Output, limit int64) *cellSink {
	c := &cellSink{out: out, limit: limit, stop: make(chan struct{}), done: make(chan struct{})}
	go c.loop()
	return c
}

func (c *cellSink) loop() {
	defer close(c.done)
	t := time.NewTicker(flushInterval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			c.flush(false)
		case <-c.stop:
			return
		}
	}
}

func (c *cellSink) write(idx int, p []byte) {
	c.mu.Lock()
	if c.limit > 0 && c.total+int64(len(p)) > c.limit {
		keep := c.limit - c.total
		if keep < 0 {
			keep = 0
		}
		c.dropped += int64(len(p)) - keep
		p = p[:keep]
	}
	c.total += int64(len(p))
	c.pending[idx] = append(c.pending[idx], p...)
	big := len(c.pending[idx]) >= flushSize
	c.mu.Unlock()
	if big {
		c.flush(false)
	}
}

// flush sends what waits. Unless final, an incomplete UTF-8 sequence at
// the end stays for the next batch.
func (c *cellSink) flush(final bool) {
	c.mu.Lock()
	var send [2]string
	for i, p := range c.pending {
		if len(p) == 0 {
			continue
		}
		n := len(p)
		if !final {
			n = completeUTF8(p)
		}
		send[i] = string(p[:n])
		c.pending[i] = append(c.pending[i][:0], p[n:]...)
	}
	c.mu.Unlock()
	for i, s := range send {
		if s != "" {
			c.out.Stream(streamNames[i], s)
		}
	}
}

// close stops the batching, sends what is left and, when output was
// dropped, says once how much.
func (c *cellSink) close() {
	close(c.stop)
	<-c.done
	c.flush(true)
	if c.dropped > 0 {
		c.out.Stream("stderr", fmt.Sprintf("\n[output limit of %s reached: %s of output dropped]\n",
			byteSize(c.limit), byteSize(c.dropped)))
	}
}

// completeUTF8 returns the length of the longest prefix of p that does not
// end inside a UTF-8 sequence.
func completeUTF8(p []byte) int {
	n := len(p)
	for i := 1; i <= utf8.UTFMax && i <= n; i++ {
		b := p[n-i]
		if b < 0x80 {
			return n
		}
		if utf8.RuneStart(b) {
			if utf8.FullRune(p[n-i:]) {
				return n
			}
			return n - i
		}
	}
	return n
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
