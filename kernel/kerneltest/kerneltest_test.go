package kerneltest_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/methodic-go/methodic/kernel"
	"github.com/methodic-go/methodic/kernel/kerneltest"
)

// The way a test drives a kernel in another process: connection info with
// free ports, a connection file, and a client that dials it.
func TestConnectionFileRoundTrip(t *testing.T) {
	info, err := kerneltest.NewConnectionInfo()
	if err != nil {
		t.Fatal(err)
	}
	ports := map[int]bool{}
	for _, p := range []int{info.ShellPort, info.ControlPort, info.IOPubPort, info.StdinPort, info.HBPort} {
		if p == 0 || ports[p] {
			t.Fatalf("ports %+v", info)
		}
		ports[p] = true
	}
	path := filepath.Join(t.TempDir(), "kernel.json")
	if err := info.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	read, err := kernel.ReadConnectionFile(path)
	if err != nil || read != info {
		t.Fatalf("%+v %v", read, err)
	}

	done := make(chan bool, 1)
	go func() {
		restart, err := kernel.Run(context.Background(), read, shout{}, kernel.Options{})
		if err != nil {
			t.Error(err)
		}
		done <- restart
	}()
	c := kerneltest.Dial(t, info)
	if e, err := c.Execute("abc"); err != nil || e.Stdout() != "ABC\n" {
		t.Fatalf("%v %+v", err, e)
	}
	if echo, err := c.Heartbeat([]byte("ping")); err != nil || string(echo) != "ping" {
		t.Errorf("heartbeat %q %v", echo, err)
	}
	rep, err := c.Request(kerneltest.Control, "shutdown_request", map[string]any{"restart": true})
	if err != nil || kerneltest.Content(rep)["restart"] != true {
		t.Fatalf("%v %v", rep, err)
	}
	select {
	case restart := <-done:
		if !restart {
			t.Error("restart flag lost")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after shutdown_request")
	}
}

func TestServerWaitAndClose(t *testing.T) {
	srv := kerneltest.Start(t, shout{})
	if _, err := srv.Wait(50 * time.Millisecond); err == nil {
		t.Error("Wait returned although the kernel runs")
	}
	c := srv.Client(t)
	if _, err := c.Request(kerneltest.Shell, "shutdown_request", map[string]any{"restart": false}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-srv.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("kernel still running after shutdown_request")
	}
	if err := srv.Close(); err != nil {
		t.Errorf("Close after shutdown: %v", err)
	}
	// The client notices nothing is answered any more.
	c.Timeout = 200 * time.Millisecond
	if _, err := c.Request(kerneltest.Shell, "kernel_info_request", struct{}{}); err == nil {
		t.Error("a stopped kernel answered")
	}
}
