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

	"github.com/methodic-go/methodic/display"
)

// Output capture is process-wide: while at least one Session is open, file
// descriptors 1 and 2 are pipes read by this package, so that every write
// reaches the running cell, from interpreted code, from compiled library
// code and from C alike (fix output-capture). Bytes written while no cell runs
// go to the process's original standard output and error, which
// RealStdout and RealStderr return; the kernel must write its own logs
// there, or they would show in the cell that happens to run.

const (
	flushInterval = 50 * time.Millisecond
	flushSize     = 64 << 10
	fenceToken    = "\x00\x01methodic-fence\x01\x00"
)

type stdio struct {
	mu      sync.Mutex
	refs    int
	realOut *os.File // the original fd 1 (a duplicate)
	realErr *os.File // the original fd 2 (a duplicate)
	streams [2]*pipeStream
	sink    atomic.Pointer[cellSink]
	restore func() error
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
		if i == 1 {
			growPipe(w) // room for a fatal error's report
		}
		real := s.realOut
		if i == 1 {
			real = s.realErr
		}
		ps := &pipeStream{name: name, r: r, w: w, real: real, seenCh: make(chan struct{})}
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

// fenceAll waits, up to timeout, until everything written to fds 1 and 2
// so far has been read and handed to the sink. A stream that is idle (its
// pipe empty and its reader holding nothing) costs one ioctl; otherwise a
// fence token goes into the pipe and the reader signals when it reaches
// it. Both streams are fenced at once.
func (s *stdio) fenceAll(timeout time.Duration) {
	var targets [2]uint64
	for i, ps := range s.streams {
		if ps != nil && !ps.idle() {
			targets[i] = ps.writeFence()
		}
	}
	var deadline time.Time
	for i, ps := range s.streams {
		if targets[i] == 0 {
			continue
		}
		if deadline.IsZero() {
			deadline = time.Now().Add(timeout)
		}
		ps.waitFence(targets[i], deadline)
	}
}

// pipeStream reads one redirected descriptor.
type pipeStream struct {
	name string
	r, w *os.File
	real *os.File

	// busy is set by the reader before each read of the pipe and cleared
	// once what it read has been handed on, so that an empty pipe and a
	// clear busy flag mean that nothing is on its way.
	busy atomic.Bool

	fenceMu sync.Mutex // serializes fence writes, guards sent
	sent    uint64     // fence tokens written
	seen    atomic.Uint64
	seenMu  sync.Mutex
	seenCh  chan struct{} // closed and replaced when seen grows
}

// idle reports whether every byte written so far has been handed on: the
// pipe is empty and the reader holds nothing. The reader sets busy before
// it reads, so a read that empties the pipe after the check of busy
// below is seen by the check after the ioctl.
func (ps *pipeStream) idle() bool {
	if ps.busy.Load() {
		return false
	}
	n, ok := pending(ps.r)
	return ok && n == 0 && !ps.busy.Load()
}

// writeFence writes a fence token into the pipe and returns its number,
// or 0 when it could not be written.
func (ps *pipeStream) writeFence() uint64 {
	ps.fenceMu.Lock()
	defer ps.fenceMu.Unlock()
	if _, err := ps.w.Write([]byte(fenceToken)); err != nil {
		return 0
	}
	ps.sent++
	return ps.sent
}

// waitFence waits until the reader has passed fence number n, or until
// the deadline.
func (ps *pipeStream) waitFence(n uint64, deadline time.Time) bool {
	var t *time.Timer
	defer func() {
		if t != nil {
			t.Stop()
		}
	}()
	for {
		ps.seenMu.Lock()
		ch := ps.seenCh
		ps.seenMu.Unlock()
		if ps.seen.Load() >= n {
			return true
		}
		if t == nil {
			d := time.Until(deadline)
			if d <= 0 {
				return false
			}
			t = time.NewTimer(d)
		}
		select {
		case <-ch:
		case <-t.C:
			return ps.seen.Load() >= n
		}
	}
}

// passFence records that the reader has handed on everything before one
// more fence token.
func (ps *pipeStream) passFence() {
	ps.seen.Add(1)
	ps.seenMu.Lock()
	close(ps.seenCh)
	ps.seenCh = make(chan struct{})
	ps.seenMu.Unlock()
}

func (ps *pipeStream) read(idx int) {
	buf := make([]byte, 64<<10)
	var carry []byte
	token := []byte(fenceToken)
	for {
		n, err := readPipe(ps, buf, len(carry) > 0)
		if n > 0 {
			data := buf[:n]
			if len(carry) > 0 {
				data = append(carry, data...)
				carry = nil
			}
			for {
				i := bytes.Index(data, token)
				if i < 0 {
					break
				}
				ps.deliver(idx, data[:i])
				data = data[i+len(token):]
				ps.passFence()
			}
			// Keep a possible beginning of a fence for the next read.
			if k := partialSuffix(data, fenceToken); k > 0 {
				carry = append([]byte(nil), data[len(data)-k:]...)
				data = data[:len(data)-k]
			}
			ps.deliver(idx, data)
		}
		ps.busy.Store(len(carry) > 0)
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
//
// Display messages of the cell go through the sink too (see publisher),
// so that they reach the Output after every byte written before them:
// Jupyter shows streams and display messages in the order they arrive,
// and a clear_output must clear what was printed before it.
type cellSink struct {
	out   Output
	limit int64

	mu      sync.Mutex // guards pending, total, dropped
	pending [2][]byte
	total   int64
	dropped int64

	// sendMu is held while a batch or a display message is handed to
	// out, so that they arrive in the order they were taken.
	sendMu sync.Mutex

	kick chan struct{} // asks the loop for a flush
	stop chan struct{}
	done chan struct{}
}

var streamNames = [2]string{"stdout", "stderr"}

func newCellSink(out Output, limit int64) *cellSink {
	c := &cellSink{out: out, limit: limit, kick: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
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
		case <-c.kick:
			c.flush(false)
		case <-c.stop:
			return
		}
	}
}

// write takes bytes from the pipe readers. It never waits for the Output:
// a reader that waited could fill the pipe and block the writers.
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
		select {
		case c.kick <- struct{}{}:
		default:
		}
	}
}

// flush sends what waits. Unless final, an incomplete UTF-8 sequence at
// the end stays for the next batch.
func (c *cellSink) flush(final bool) {
	c.sendMu.Lock()
	defer c.sendMu.Unlock()
	c.flushLocked(final)
}

func (c *cellSink) flushLocked(final bool) {
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

// sendAfterOutput streams everything the cell wrote before the call, then
// runs send (which publishes a display message) before any later batch.
func (c *cellSink) sendAfterOutput(send func()) {
	std.fenceAll(fenceTimeout)
	c.sendMu.Lock()
	defer c.sendMu.Unlock()
	c.flushLocked(false)
	send()
}

// fenceTimeout bounds the wait for the pipe readers before a display
// message; they are never blocked for long, so it is only a safeguard.
const fenceTimeout = time.Second

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

// publisher is the display.Publisher of a running cell: display messages
// follow the output written before them.
type publisher struct {
	out  Output
	sink *cellSink
}

func (p publisher) Display(b display.Bundle, id string, update bool) {
	p.sink.sendAfterOutput(func() { p.out.Display(b, id, update) })
}

func (p publisher) Clear(wait bool) {
	p.sink.sendAfterOutput(func() { p.out.Clear(wait) })
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
