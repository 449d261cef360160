package kernel

import (
	"bytes"
	"context"
	"encoding/binary"
	"math/rand/v2"
	"net"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"
)

// With a short handshake timeout: a real ZeroMQ peer that completes its
// handshake and then stays idle longer than the timeout keeps its
// connection; a peer that stalls in the handshake is dropped, and does not
// hold up the next one.
func TestHandshakeDeadline(t *testing.T) {
	old := handshakeTimeout
	// Long enough that a loaded machine completes a handshake well
	// within it; the test idles for 1.5 times it.
	handshakeTimeout = time.Second
	defer func() { handshakeTimeout = old }()
	registerTransports()

	router := zmq4.NewRouter(context.Background())
	defer router.Close()
	if err := router.Listen(guardedEndpoint("tcp://127.0.0.1:0")); err != nil {
		t.Fatal(err)
	}
	addr := router.Addr().String()

	// A peer that sends one byte and stalls.
	stall, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer stall.Close()
	stall.Write([]byte{0xff})

	dealer := zmq4.NewDealer(context.Background(), zmq4.WithID(zmq4.SocketIdentity("d1")))
	defer dealer.Close()
	if err := dealer.Dial("tcp://" + addr); err != nil {
		t.Fatal(err)
	}
	// The dial completed while the stalled peer was still connected: it
	// did not wait for the stalled handshake to time out.
	stall.SetReadDeadline(time.Now())
	if _, err := stall.Read(make([]byte, 1)); err != nil && !isTimeout(err) {
		t.Errorf("the stalled peer was cut off (%v) before the dial completed: the dial waited behind it", err)
	}
	// The stalled peer is cut off after the timeout (the deadline is a
	// watchdog, far past it).
	stall.SetReadDeadline(time.Now().Add(time.Minute))
	buf := make([]byte, 256)
	for {
		if _, err := stall.Read(buf); err != nil {
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				t.Error("the stalled peer was not disconnected")
			}
			break
		}
	}

	// Idle for longer than the handshake timeout, then talk.
	time.Sleep(handshakeTimeout * 3 / 2)
	if err := dealer.Send(zmq4.NewMsgFrom([]byte("hello"))); err != nil {
		t.Fatal(err)
	}
	got := make(chan zmq4.Msg, 1)
	go func() {
		m, err := router.Recv()
		if err == nil {
			got <- m
		}
	}()
	select {
	case m := <-got:
		if len(m.Frames) != 2 || string(m.Frames[0]) != "d1" || string(m.Frames[1]) != "hello" {
			t.Errorf("router got %q", m.Frames)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("an idle peer lost its connection after the handshake")
	}
}

// recordConn is a net.Conn that records each Write.
type recordConn struct {
	net.Conn
	writes [][]byte
}

func (r *recordConn) Write(p []byte) (int, error) {
	r.writes = append(r.writes, append([]byte(nil), p...))
	return len(p), nil
}

func (r *recordConn) SetWriteDeadline(time.Time) error { return nil }
func (r *recordConn) Close() error                     { return nil }

func frame(flags byte, body []byte) []byte {
	if len(body) > 255 {
		hdr := make([]byte, 9)
		hdr[0] = flags | flagLong
		binary.BigEndian.PutUint64(hdr[1:], uint64(len(body)))
		return append(hdr, body...)
	}
	return append([]byte{flags, byte(len(body))}, body...)
}

// The write gatherer passes every byte through unchanged and in order, and
// writes once per message however zmq4 cuts its writes.
func TestWriteGathering(t *testing.T) {
	greeting := bytes.Repeat([]byte{0x7f}, greetingLen)
	var messages [][]byte
	messages = append(messages, frame(flagCommand, []byte("\x05READYsocket-typeROUTER")))
	messages = append(messages, bytes.Join([][]byte{
		frame(flagMore, []byte("id")), frame(flagMore, []byte("<IDS|MSG>")), frame(flagMore, nil),
		frame(flagMore, bytes.Repeat([]byte("h"), 300)), frame(0, []byte("{}")),
	}, nil))
	messages = append(messages, frame(0, nil))
	messages = append(messages, frame(0, bytes.Repeat([]byte("x"), 100_000))) // over the flush size
	messages = append(messages, frame(flagMore, []byte("a"))[:1])             // unfinished: stays
	var stream []byte
	stream = append(stream, greeting...)
	for _, m := range messages {
		stream = append(stream, m...)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 200; trial++ {
		rc := &recordConn{}
		c := newConn(rc, nil, true)
		for rest := stream; len(rest) > 0; {
			n := 1 + rng.IntN(min(len(rest), 1+rng.IntN(600)))
			if w, err := c.Write(rest[:n]); w != n || err != nil {
				t.Fatalf("Write = %d, %v", w, err)
			}
			rest = rest[n:]
		}
		got := bytes.Join(rc.writes, nil)
		if len(got) < len(stream)-1 || !bytes.Equal(got, stream[:len(got)]) {
			t.Fatalf("trial %d: wrote %d bytes, want the first %d (or all) of the stream", trial, len(got), len(stream)-1)
		}
		// Message boundaries are write boundaries (the long message may be
		// split by the flush size).
		end := 0
		ends := map[int]bool{}
		for _, m := range append([][]byte{greeting}, messages[:4]...) {
			end += len(m)
			ends[end] = true
		}
		pos := 0
		for _, w := range rc.writes {
			pos += len(w)
			if !ends[pos] && pos < greetingLen+len(messages[0])+len(messages[1])+len(messages[2]) && pos > greetingLen {
				t.Fatalf("trial %d: a write ends at %d, inside a message", trial, pos)
			}
		}
	}
}

// FuzzScan checks the ZMTP scanner's state machine: fed byte by byte, it
// finds the same last message end and the same oversized frame as fed in
// one piece, and it never panics.
func FuzzScan(f *testing.F) {
	greeting := bytes.Repeat([]byte{0}, greetingLen)
	f.Add(append(append([]byte(nil), greeting...), frame(flagCommand, []byte("READY"))...), uint64(1000))
	f.Add(append(append([]byte(nil), greeting...), bytes.Join([][]byte{frame(flagMore, []byte("a")), frame(0, bytes.Repeat([]byte("b"), 300))}, nil)...), uint64(100))
	f.Fuzz(func(t *testing.T, b []byte, limit uint64) {
		whole := zmtpScanner{greetLeft: greetingLen}
		wholeEnd, wholeErr := whole.scan(b, limit)

		bytewise := zmtpScanner{greetLeft: greetingLen}
		lastEnd, failed := -1, false
		for i := range b {
			end, err := bytewise.scan(b[i:i+1], limit)
			if err != nil {
				failed = true
				break
			}
			if end == 1 {
				lastEnd = i + 1
			}
		}
		if (wholeErr != nil) != failed {
			t.Fatalf("error in one piece %v, byte by byte %v", wholeErr, failed)
		}
		if !failed && wholeEnd != lastEnd {
			t.Fatalf("last message end: %d in one piece, %d byte by byte", wholeEnd, lastEnd)
		}
		if !failed && (whole.frames != bytewise.frames || whole.left != bytewise.left || whole.hn != bytewise.hn) {
			t.Fatalf("states differ: %+v vs %+v", whole, bytewise)
		}
	})
}

func isTimeout(err error) bool {
	ne, ok := err.(net.Error)
	return ok && ne.Timeout()
}

// A subscriber that stops reading is dropped after writeTimeout, and the
// others keep receiving.
func TestStuckSubscriberIsDropped(t *testing.T) {
	old := writeTimeout
	writeTimeout = 300 * time.Millisecond
	defer func() { writeTimeout = old }()
	registerTransports()

	pub := zmq4.NewPub(context.Background())
	defer pub.Close()
	if err := pub.Listen(guardedEndpoint("tcp://127.0.0.1:0")); err != nil {
		t.Fatal(err)
	}
	ep := "tcp://" + pub.Addr().String()
	// zmq4's SUB stops reading its connection once 10 messages wait in
	// its queue: a client that never calls Recv is a stuck client.
	stuck := zmq4.NewSub(context.Background())
	defer stuck.Close()
	stuck.SetOption(zmq4.OptionSubscribe, "")
	if err := stuck.Dial(ep); err != nil {
		t.Fatal(err)
	}
	good := zmq4.NewSub(context.Background())
	defer good.Close()
	good.SetOption(zmq4.OptionSubscribe, "")
	if err := good.Dial(ep); err != nil {
		t.Fatal(err)
	}
	// The subscriptions reach the publisher some time after the dials,
	// and what it sends before is lost: send probes until each subscriber
	// has one (the stuck one reads just that, and never again).
	for _, sub := range []zmq4.Socket{stuck, good} {
		got := make(chan struct{})
		go func() {
			for {
				m, err := sub.Recv()
				if err != nil {
					return
				}
				if string(m.Frames[0]) == "probe" {
					close(got)
					return
				}
			}
		}()
		deadline := time.After(time.Minute) // a watchdog, not a measure
	probing:
		for {
			pub.Send(zmq4.NewMsgFrom([]byte("probe")))
			select {
			case <-got:
				break probing
			case <-deadline:
				t.Fatal("a subscription never reached the publisher")
			case <-time.After(10 * time.Millisecond): // probe again
			}
		}
	}

	big := bytes.Repeat([]byte("x"), 256<<10)
	received := make(chan int, 1)
	go func() {
		n := 0
		for {
			m, err := good.Recv()
			if err != nil {
				return
			}
			switch string(m.Frames[0]) {
			case "last":
				received <- n
				return
			case "data":
				n++
			}
		}
	}()
	const count = 200 // 50 MB: far more than the stuck peer's buffers hold
	for i := 0; i < count; i++ {
		pub.Send(zmq4.NewMsgFrom([]byte("data"), big))
	}
	pub.Send(zmq4.NewMsgFrom([]byte("last")))
	select {
	case n := <-received:
		if n != count {
			t.Errorf("the reading subscriber got %d of %d messages", n, count)
		}
	case <-time.After(time.Minute): // a watchdog, far past writeTimeout
		t.Fatal("a stuck subscriber stalled the others")
	}
}
