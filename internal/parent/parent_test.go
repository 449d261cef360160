package parent

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"
)

// child starts cat, which runs until its standard input is closed: a
// process whose exit the test decides.
func child(t *testing.T) (*exec.Cmd, func()) {
	t.Helper()
	cmd := exec.Command("cat")
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Skipf("cat: %v", err)
	}
	t.Cleanup(func() { in.Close(); cmd.Wait() })
	return cmd, func() { in.Close() }
}

// done waits for ctx to be done, failing the test after a minute.
func done(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	select {
	case <-ctx.Done():
	case <-time.After(time.Minute):
		t.Fatalf("%s: the context is not cancelled after a minute", what)
	}
}

// TestWatchExit: the context ends when the process exits, and says so.
func TestWatchExit(t *testing.T) {
	cmd, end := child(t)
	ctx, gone, stop := Watch(context.Background(), cmd.Process.Pid)
	defer stop()
	if ctx.Err() != nil || gone() {
		t.Fatalf("cancelled while the process runs: %v, gone %v", ctx.Err(), gone())
	}
	end()
	done(t, ctx, "after the process exited")
	if !gone() {
		t.Errorf("gone() = false after the process exited (cause %v)", context.Cause(ctx))
	}
}

// TestWatchExited: a process that has exited (and been reaped) before
// Watch cancels the context at once.
func TestWatchExited(t *testing.T) {
	cmd, end := child(t)
	end()
	cmd.Wait()
	ctx, gone, stop := Watch(context.Background(), cmd.Process.Pid)
	defer stop()
	done(t, ctx, "for a process gone before Watch")
	if !gone() {
		t.Errorf("gone() = false for a process gone before Watch")
	}
}

// TestWatchStop: stopping, or the parent context ending, is not the
// process's exit.
func TestWatchStop(t *testing.T) {
	cmd, _ := child(t)
	ctx, gone, stop := Watch(context.Background(), cmd.Process.Pid)
	stop()
	done(t, ctx, "after stop")
	if gone() {
		t.Errorf("gone() = true after stop, with the process running")
	}
	outer, cancel := context.WithCancel(context.Background())
	ctx, gone, stop = Watch(outer, cmd.Process.Pid)
	defer stop()
	cancel()
	done(t, ctx, "after the parent context ended")
	if gone() {
		t.Errorf("gone() = true after the parent context ended, with the process running")
	}
}

// TestExitedWithoutPidfd: the way of looking used where there is no
// pidfd tells a running process from one that has exited.
func TestExitedWithoutPidfd(t *testing.T) {
	cmd, end := child(t)
	w := &watch{pid: cmd.Process.Pid}
	if w.exited() {
		t.Fatal("a running process is reported exited")
	}
	end()
	cmd.Wait()
	if !w.exited() {
		t.Error("a process that exited and was reaped is reported running")
	}
	// This test's parent is running.
	p := &watch{pid: parentPid(), wasParent: true}
	if p.exited() {
		t.Error("this process's parent is reported exited")
	}
}

func TestFromEnv(t *testing.T) {
	for v, want := range map[string]int{"": 0, "x": 0, "1": 0, "-4": 0, "4242": 4242} {
		t.Setenv(Env, v)
		if got := FromEnv(); got != want {
			t.Errorf("FromEnv() with %s=%q = %d, want %d", Env, v, got, want)
		}
	}
}

func parentPid() int { return os.Getppid() }
