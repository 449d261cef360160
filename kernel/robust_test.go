package kernel_test

import (
	"io"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/methodic-go/methodic/kernel/kerneltest"
)

// A peer that connects and never speaks must not stop others from
// connecting: the kernel accepts connections in the order they came (the
// listen queue is first in, first out), so it has the silent peers in
// hand before the client, and the client must be ready while they are
// still connected, before the kernel gives up on their handshakes.
func TestSilentPeerDoesNotBlockOthers(t *testing.T) {
	srv := kerneltest.Start(t, newFake())
	var silent []net.Conn
	for _, port := range []int{srv.Info.ShellPort, srv.Info.ControlPort, srv.Info.IOPubPort, srv.Info.StdinPort, srv.Info.HBPort} {
		conn, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(port))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		silent = append(silent, conn)
	}
	c, err := kerneltest.NewClient(srv.Info)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.WaitReady(); err != nil {
		t.Fatal(err)
	}
	for _, conn := range silent {
		conn.SetReadDeadline(time.Now())
		_, err := conn.Read(make([]byte, 1))
		if ne, ok := err.(net.Error); !ok || !ne.Timeout() {
			t.Errorf("the silent peer of %s was cut off (%v) before the client was ready: the client waited for it", conn.RemoteAddr(), err)
		}
	}
}

// zmq4 allocates a frame's body at the size its header claims: a peer
// must not be able to make the kernel allocate (and die on) a huge one.
func TestHugeFrameHeaderIsRefused(t *testing.T) {
	srv := kerneltest.Start(t, newFake())
	conn, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(srv.Info.ShellPort))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	greeting := make([]byte, 64)
	greeting[0], greeting[9], greeting[10] = 0xff, 0x7f, 3
	copy(greeting[12:], "NULL")
	conn.Write(greeting)
	ready := []byte("\x05READY\x0bSocket-Type\x00\x00\x00\x06DEALER")
	conn.Write(append([]byte{0x04, byte(len(ready))}, ready...))
	// A message frame that claims 2^61 bytes.
	conn.Write([]byte{0x02, 0x20, 0, 0, 0, 0, 0, 0, 0})
	// The kernel refuses the frame by closing the connection: read until
	// it does.
	conn.SetReadDeadline(time.Now().Add(time.Minute))
	if _, err := io.Copy(io.Discard, conn); err != nil {
		t.Fatalf("the connection that sent a huge frame header was not closed: %v", err)
	}
	c := srv.Client(t)
	if e, err := c.Execute("result alive"); err != nil || e.Result()["text/plain"] != "alive" {
		t.Fatalf("%v %+v", err, e)
	}
}

// Two front ends on one kernel (a notebook and a console): each gets its
// own replies, both see all of IOPub.
func TestTwoClients(t *testing.T) {
	srv := kerneltest.Start(t, newFake())
	a, b := srv.Client(t), srv.Client(t)
	ea, err := a.Execute("print from a")
	if err != nil {
		t.Fatal(err)
	}
	idB, _ := b.Send(kerneltest.Shell, "kernel_info_request", struct{}{})
	if _, err := b.Reply(idB); err != nil {
		t.Fatal(err)
	}
	// b saw a's output.
	if msgs, err := b.IOPub(ea.MsgID); err != nil || len(msgs) != len(ea.IOPub) {
		t.Errorf("b saw %d of a's %d iopub messages (%v)", len(msgs), len(ea.IOPub), err)
	}
	// Replies to a come in order: once a has the reply to a request it
	// sends now, a reply to b routed to a would be there too.
	idA, _ := a.Send(kerneltest.Shell, "kernel_info_request", struct{}{})
	if _, err := a.Reply(idA); err != nil {
		t.Fatal(err)
	}
	if a.HasReply(idB) {
		t.Error("b's reply was routed to a")
	}
	if b.HasReply(ea.MsgID) {
		t.Error("a's reply was routed to b")
	}
}
