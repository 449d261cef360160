package kernel_test

import (
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/methodic-go/methodic/kernel/kerneltest"
)

// A peer that connects and never speaks must not stop others from
// connecting.
func TestSilentPeerDoesNotBlockOthers(t *testing.T) {
	srv := kerneltest.Start(t, newFake())
	for _, port := range []int{srv.Info.ShellPort, srv.Info.ControlPort, srv.Info.IOPubPort, srv.Info.StdinPort, srv.Info.HBPort} {
		conn, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(port))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
	}
	time.Sleep(50 * time.Millisecond)
	c, err := kerneltest.NewClient(srv.Info)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Timeout = 3 * time.Second
	if err := c.WaitReady(); err != nil {
		t.Fatal(err)
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
	time.Sleep(200 * time.Millisecond)
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
	time.Sleep(50 * time.Millisecond)
	if a.HasReply(idB) {
		t.Error("b's reply was routed to a")
	}
	if b.HasReply(ea.MsgID) {
		t.Error("a's reply was routed to b")
	}
}
