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
