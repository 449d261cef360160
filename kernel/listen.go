package kernel

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/go-zeromq/zmq4/transport"
)

// zmq4 performs the ZMTP handshake of each new connection on its accept
// goroutine, with no deadline: a peer that connects and says nothing (a
// port scanner, a health check, a stuck client) would stop every later
// peer from connecting. The kernel therefore listens through transports
// of its own that wrap zmq4's tcp and ipc ones: a connection reaches
// zmq4's accept only once the peer has sent its first byte, and its
// handshake must end within handshakeTimeout.

const (
	guardedTCP = "methodic-tcp"
	guardedIPC = "methodic-ipc"
)

// handshakeTimeout bounds a peer's ZMTP greeting and READY command;
// writeTimeout bounds each write to a peer. (Variables for tests.)
var (
	handshakeTimeout = 5 * time.Second
	writeTimeout     = 10 * time.Second
)

var registerOnce sync.Once

func registerTransports() {
	registerOnce.Do(func() {
		// Errors mean the names are taken already; Listen would then fail
		// with zmq4's "unknown transport", which is the honest outcome.
		_ = zmq4.RegisterTransport(guardedTCP, guardedTransport{transport.New("tcp")})
		_ = zmq4.RegisterTransport(guardedIPC, guardedTransport{transport.New("unix")})
	})
}

// guardedEndpoint turns tcp://... and ipc://... into the kernel's own
// transports.
func guardedEndpoint(ep string) string {
	switch {
	case strings.HasPrefix(ep, "tcp://"):
		return guardedTCP + ep[len("tcp"):]
	case strings.HasPrefix(ep, "ipc://"):
		return guardedIPC + ep[len("ipc"):]
	}
	return ep
}

type guardedTransport struct{ inner transport.Transport }

func (g guardedTransport) Dial(ctx context.Context, d transport.Dialer, addr string) (net.Conn, error) {
	c, err := g.inner.Dial(ctx, d, addr)
	if err != nil {
		return nil, err
	}
	// A client's connection gathers writes and buffers reads too; there
	// is no handshake deadline to lift.
	return newConn(c, nil, true), nil
}

func (g guardedTransport) Addr(ep string) (string, error) { return g.inner.Addr(ep) }

func (g guardedTransport) Listen(ctx context.Context, addr string) (net.Listener, error) {
	l, err := g.inner.Listen(ctx, addr)
	if err != nil {
		return nil, err
	}
	gl := &guardedListener{Listener: l, ready: make(chan net.Conn), closed: make(chan struct{})}
	go gl.acceptLoop()
	return gl, nil
}

// guardedListener hands out connections whose peer has spoken.
type guardedListener struct {
	net.Listener
	ready     chan net.Conn
	closed    chan struct{}
	closeOnce sync.Once
}

func (l *guardedListener) acceptLoop() {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			select {
			case <-l.closed:
				return
			default:
			}
			time.Sleep(5 * time.Millisecond) // e.g. out of file descriptors
			continue
		}
		go l.screen(c)
	}
}

// screen waits for the peer's first byte, then offers the connection to
// zmq4's accept, which gives it a deadline for the rest of the handshake.
func (l *guardedListener) screen(c net.Conn) {
	c.SetReadDeadline(time.Now().Add(handshakeTimeout))
	var first [1]byte
	if _, err := c.Read(first[:]); err != nil {
		c.Close()
		return
	}
	hc := newConn(c, first[:], false)
	select {
	case l.ready <- hc:
	case <-l.closed:
		c.Close()
	}
}

func (l *guardedListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.ready:
		// The handshake deadline runs from when zmq4 starts it.
		c.SetReadDeadline(time.Now().Add(handshakeTimeout))
		return c, nil
	case <-l.closed:
		return nil, net.ErrClosed
	}
}

func (l *guardedListener) Close() error {
	l.closeOnce.Do(func() { close(l.closed) })
	return l.Listener.Close()
}

// handshakeConn replays the byte screen read, lifts the read deadline as
// soon as the peer's handshake (64-byte greeting, then one command: READY
// under the NULL mechanism) has gone by, and refuses a frame whose header
// claims more than maxFrame bytes: zmq4 allocates a frame's body at the
// size its header claims, and a huge claim would crash the process.
//
// It also saves system calls, which dominate the cost of a small message:
// zmq4 reads each frame with two unbuffered reads and writes it with two
// writes, seven frames to a Jupyter message. Reads go through a buffer;
// writes are gathered and go out in one write when a message's last frame
// is complete (the ZMTP framing says where that is), or when the buffer
// is full.
type handshakeConn struct {
	net.Conn
	r       *bufio.Reader
	pending []byte
	in      zmtpScanner // what the peer sends
	done    bool        // the peer's handshake is over

	wmu  sync.Mutex
	out  zmtpScanner // what zmq4 writes
	wbuf []byte      // gathered output not yet written
}

const (
	greetingLen = 64
	readBuffer  = 64 << 10
	writeFlush  = 64 << 10
)

// maxFrame is the largest frame the kernel accepts from a peer: 256 MiB.
const maxFrame = 256 << 20

// ErrFrameTooLarge is the read error that ends a connection whose peer
// announced a frame larger than the kernel accepts.
var errFrameTooLarge = errors.New("kernel: peer announced a frame over 256 MiB")

func newConn(c net.Conn, pending []byte, handshakeDone bool) *handshakeConn {
	hc := &handshakeConn{Conn: c, r: bufio.NewReaderSize(c, readBuffer), pending: pending, done: handshakeDone}
	hc.in.greetLeft = greetingLen
	hc.out.greetLeft = greetingLen
	if len(pending) > 0 {
		hc.in.scan(pending, maxFrame)
	}
	return hc
}

func (c *handshakeConn) Read(p []byte) (int, error) {
	if len(c.pending) > 0 {
		n := copy(p, c.pending)
		c.pending = c.pending[n:]
		return n, nil
	}
	n, err := c.r.Read(p)
	if n > 0 {
		if _, serr := c.in.scan(p[:n], maxFrame); serr != nil {
			c.Conn.Close()
			return 0, serr
		}
		if !c.done && c.in.frames > 0 {
			c.done = true
			c.Conn.SetReadDeadline(time.Time{})
		}
	}
	if err != nil && !c.done {
		// zmq4 does not close a connection whose handshake failed.
		c.Conn.Close()
	}
	return n, err
}

func (c *handshakeConn) Write(p []byte) (int, error) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	start := len(c.wbuf)
	c.wbuf = append(c.wbuf, p...)
	end, _ := c.out.scan(c.wbuf[start:], 1<<62)
	flushTo := 0
	if end >= 0 {
		flushTo = start + end
	}
	if len(c.wbuf) >= writeFlush {
		flushTo = len(c.wbuf)
	}
	if flushTo > 0 {
		// A peer that stops reading must not stall the socket for every
		// other peer (zmq4 writes to them one after the other, and its
		// PUB queue has no bound): after writeTimeout the write fails and
		// zmq4 drops the connection, as libzmq drops at its high-water
		// mark. The peer may connect again.
		c.Conn.SetWriteDeadline(time.Now().Add(writeTimeout))
		_, err := c.Conn.Write(c.wbuf[:flushTo])
		rest := copy(c.wbuf, c.wbuf[flushTo:])
		c.wbuf = c.wbuf[:rest]
		if err != nil {
			// zmq4 keeps a connection whose write timed out; close it, so
			// that the next write fails for good and zmq4 lets it go.
			c.Conn.Close()
			return 0, err
		}
	}
	return len(p), nil
}

// ZMTP 3 frame flags.
const (
	flagMore    = 0x01
	flagLong    = 0x02
	flagCommand = 0x04
)

// zmtpScanner follows a ZMTP 3 byte stream: the greeting, then frames of
// a flags byte, a size of 1 or 8 bytes and a body.
type zmtpScanner struct {
	greetLeft int
	hdr       [9]byte
	hn        int    // header bytes collected
	left      uint64 // body bytes left in the current frame
	inBody    bool
	last      bool // the current frame ends a message, or is a command
	frames    int  // frames completed
}

// scan advances over b. It returns the offset in b just past the last
// point where a message (or the greeting) ended, or -1, and an error if
// a frame header claims more than limit bytes.
func (s *zmtpScanner) scan(b []byte, limit uint64) (end int, err error) {
	end = -1
	i := 0
	if s.greetLeft > 0 {
		n := min(s.greetLeft, len(b))
		s.greetLeft -= n
		i = n
		if s.greetLeft == 0 {
			end = i
		}
	}
	for i < len(b) {
		if s.inBody {
			n := uint64(len(b) - i)
			if n > s.left {
				n = s.left
			}
			i += int(n)
			s.left -= n
			if s.left > 0 {
				break
			}
			s.inBody = false
			s.frames++
			if s.last {
				end = i
			}
			continue
		}
		s.hdr[s.hn] = b[i]
		s.hn++
		i++
		hlen := 2
		if s.hdr[0]&flagLong != 0 {
			hlen = 9
		}
		if s.hn < hlen {
			continue
		}
		if hlen == 2 {
			s.left = uint64(s.hdr[1])
		} else {
			s.left = binary.BigEndian.Uint64(s.hdr[1:9])
		}
		if s.left > limit {
			return end, errFrameTooLarge
		}
		s.last = s.hdr[0]&flagCommand != 0 || s.hdr[0]&flagMore == 0
		s.hn = 0
		s.inBody = true
		if s.left == 0 {
			s.inBody = false
			s.frames++
			if s.last {
				end = i
			}
		}
	}
	return end, nil
}
