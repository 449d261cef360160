package kernel

import (
	"context"
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
	handshakeTimeout = 200 * time.Millisecond
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
	t0 := time.Now()
	if err := dealer.Dial("tcp://" + addr); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(t0); d > 3*time.Second {
		t.Errorf("dial took %v behind a stalled peer", d)
	}
	// The stalled peer is cut off after the timeout.
	stall.SetReadDeadline(time.Now().Add(3 * time.Second))
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
	time.Sleep(3 * handshakeTimeout)
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
