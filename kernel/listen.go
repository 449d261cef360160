package kernel

import (
	"bufio"
	"context"
	"encoding/binary"
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

// handshakeTimeout bounds a peer's ZMTP greeting and READY command. (A
// variable for tests.)
var handshakeTimeout = 5 * time.Second

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
	return &handshakeConn{Conn: c, r: bufio.NewReaderSize(c, readBuffer), done: true, greetLeft: greetingLen}, nil
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
	hc := &handshakeConn{Conn: c, r: bufio.NewReaderSize(c, readBuffer), pending: first[:], seen: 1, greetLeft: greetingLen}
	hc.hdr[0] = first[0]
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

// handshakeConn replays the byte screen read, and lifts the read deadline
// as soon as the peer's handshake (64-byte greeting, then one command:
// READY under the NULL mechanism) has gone by.
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
	seen    int // handshake bytes read so far
	need    int // handshake length, once the command header is known
	hdr     [73]byte
	done    bool

	wmu       sync.Mutex
	greetLeft int    // greeting bytes still to write unbuffered
	wbuf      []byte // gathered output
	scanned   int    // bytes of wbuf parsed into frames
	frameLeft int    // body bytes of the current frame still to come
	lastFrame bool   // the current frame ends its message
	inBody    bool
}

const (
	greetingLen = 64
	readBuffer  = 64 << 10
	writeFlush  = 64 << 10
)

func (c *handshakeConn) Read(p []byte) (int, error) {
	if len(c.pending) > 0 {
		n := copy(p, c.pending)
		c.pending = c.pending[n:]
		return n, nil
	}
	n, err := c.r.Read(p)
	if !c.done {
		if n > 0 {
			c.track(p[:n])
		}
		if err != nil {
			// zmq4 does not close a connection whose handshake failed.
			c.Conn.Close()
		}
	}
	return n, err
}

func (c *handshakeConn) track(b []byte) {
	for _, x := range b {
		if c.seen < len(c.hdr) {
			c.hdr[c.seen] = x
		}
		c.seen++
		if c.need == 0 {
			switch {
			case c.seen == greetingLen+2 && c.hdr[greetingLen]&flagLong == 0:
				c.need = greetingLen + 2 + int(c.hdr[greetingLen+1])
			case c.seen == greetingLen+9:
				size := binary.BigEndian.Uint64(c.hdr[greetingLen+1 : greetingLen+9])
				if size > 1<<20 {
					size = 1 << 20 // no READY is that long; let the deadline judge
				}
				c.need = greetingLen + 9 + int(size)
			}
		}
		if c.need > 0 && c.seen >= c.need {
			c.done = true
			c.Conn.SetReadDeadline(time.Time{})
			return
		}
	}
}

// ZMTP 3 frame flags.
const (
	flagMore    = 0x01
	flagLong    = 0x02
	flagCommand = 0x04
)

func (c *handshakeConn) Write(p []byte) (int, error) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	written := 0
	if c.greetLeft > 0 {
		n := min(c.greetLeft, len(p))
		m, err := c.Conn.Write(p[:n])
		c.greetLeft -= m
		written += m
		if err != nil {
			return written, err
		}
		p = p[n:]
	}
	if len(p) == 0 {
		return written, nil
	}
	c.wbuf = append(c.wbuf, p...)
	flushTo := c.scan()
	if len(c.wbuf) >= writeFlush {
		flushTo = max(flushTo, c.scanned) // all but an incomplete frame header
	}
	if flushTo > 0 {
		if _, err := c.Conn.Write(c.wbuf[:flushTo]); err != nil {
			c.wbuf = c.wbuf[:0]
			c.scanned = 0
			return written, err
		}
		rest := copy(c.wbuf, c.wbuf[flushTo:])
		c.wbuf = c.wbuf[:rest]
		c.scanned -= flushTo
	}
	return written + len(p), nil
}

// scan parses the frames in wbuf from where it stopped and returns the end
// of the last complete message, or 0.
func (c *handshakeConn) scan() (end int) {
	b := c.wbuf
	i := c.scanned
	for i < len(b) {
		if c.inBody {
			n := min(c.frameLeft, len(b)-i)
			i += n
			c.frameLeft -= n
			if c.frameLeft > 0 {
				break
			}
			c.inBody = false
			if c.lastFrame {
				end = i
			}
			continue
		}
		// A frame header: flags, then a size of 1 or 8 bytes.
		flags := b[i]
		hlen := 2
		if flags&flagLong != 0 {
			hlen = 9
		}
		if len(b)-i < hlen {
			break
		}
		var size uint64
		if hlen == 2 {
			size = uint64(b[i+1])
		} else {
			size = binary.BigEndian.Uint64(b[i+1 : i+9])
		}
		i += hlen
		c.lastFrame = flags&flagCommand != 0 || flags&flagMore == 0
		c.frameLeft = int(min(size, 1<<62))
		c.inBody = true
		if c.frameLeft == 0 {
			c.inBody = false
			if c.lastFrame {
				end = i
			}
		}
	}
	c.scanned = i
	return end
}
