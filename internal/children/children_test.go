//go:build linux

package children

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// startTree starts sh, which starts a sleep in the background and prints
// its pid; with wait, sh waits for it, else sh exits and orphans it. The
// sleep holds the returned pipe's write end: reading it to EOF waits for
// the sleep's end.
func startTree(t *testing.T, wait bool) (*exec.Cmd, int, io.Reader) {
	t.Helper()
	script := "sleep 1000 & echo $!"
	if wait {
		script += "; wait"
	}
	cmd := exec.Command("sh", "-c", script)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(out)
	line, err := r.ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stop(pid, true); stop(cmd.Process.Pid, true); cmd.Wait() })
	return cmd, pid, r
}

// ended fails the test unless r reaches EOF, which happens when every
// process holding the pipe has ended; the timer is a guard, not a wait.
func ended(t *testing.T, r io.Reader, what string) {
	t.Helper()
	done := make(chan struct{})
	go func() { io.Copy(io.Discard, r); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatalf("%s still runs", what)
	}
}

func TestListAndEnd(t *testing.T) {
	earlier, epid, _ := startTree(t, true)
	before := List()
	if !before[earlier.Process.Pid] || !before[epid] {
		t.Fatalf("List() = %v, want sh %d and its sleep %d", before.Sorted(), earlier.Process.Pid, epid)
	}
	cmd, pid, r := startTree(t, true)
	got := Since(before)
	if len(got) != 2 || !got[cmd.Process.Pid] || !got[pid] {
		t.Fatalf("Since = %v, want %d and %d", got.Sorted(), cmd.Process.Pid, pid)
	}
	if n := EndSince(before, time.Second); n < 2 {
		t.Errorf("EndSince ended %d processes, want 2", n)
	}
	cmd.Wait()
	ended(t, r, "the sleep of the tree started after before")
	if !running(epid) {
		t.Error("EndSince ended a process that was running before")
	}
}

// TestAdoptFindsOrphans: a sleep whose parent exited is reparented to an
// adopting process, and List finds it.
func TestAdoptFindsOrphans(t *testing.T) {
	if err := Adopt(); err != nil {
		t.Fatal(err)
	}
	before := List()
	cmd, pid, r := startTree(t, false)
	if err := cmd.Wait(); err != nil { // sh exits at once, orphaning the sleep
		t.Fatal(err)
	}
	if got := Since(before); !got[pid] {
		t.Fatalf("the orphaned sleep %d is not among %v", pid, got.Sorted())
	}
	EndSince(before, time.Second)
	ended(t, r, "the orphaned sleep")
}

// TestListByThreads: the list read from the threads' children files is
// the list read from every process's parent.
func TestListByThreads(t *testing.T) {
	cmd, pid, _ := startTree(t, true)
	got, want := List(), listByParent()
	if !got[cmd.Process.Pid] || !got[pid] {
		t.Fatalf("List() = %v, want sh %d and its sleep %d among them", got.Sorted(), cmd.Process.Pid, pid)
	}
	if len(got) != len(want) {
		t.Errorf("List() = %v, from the parents of every process %v", got.Sorted(), want.Sorted())
	}
	for p := range want {
		if !got[p] {
			t.Errorf("List() = %v lacks %d, a descendant by /proc/%d/stat", got.Sorted(), p, p)
		}
	}
}

// TestAdoptReapsOrphans: a grandchild that outlives its parent is
// adopted, and when it exits it is reaped, not left a zombie; the
// parent, a child this process started and waits for, keeps its exit
// status for exec.Cmd.Wait even though it was a zombie during the
// reaper's passes.
func TestAdoptReapsOrphans(t *testing.T) {
	if !osUsesPidfds() {
		t.Skip("the os package holds no pidfds here, so the reaper is off (see reap_linux.go)")
	}
	type pass struct{ took, left []int }
	passes := make(chan pass, 1000)
	hook := func(took, left []int) { passes <- pass{took, left} }
	reaped.Store(&hook)
	defer reaped.Store(nil)
	if err := Adopt(); err != nil {
		t.Fatal(err)
	}
	// sh starts a cat that reads fd 3 until EOF, prints its pid, then
	// waits for a line on its standard input and exits 7.
	cat, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	sh := exec.Command("sh", "-c", "cat <&3 >/dev/null & echo $!; read x; exit 7")
	sh.ExtraFiles = []*os.File{cat}
	in, err := sh.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := sh.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := sh.Start(); err != nil {
		t.Fatal(err)
	}
	cat.Close()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	gpid, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stop(gpid, true) })
	// sh must be gone before the cat ends: a cat that ended first would be
	// sh's to reap (dash reaps its background jobs), never an orphan. So
	// the cat's end waits until a reaper pass has seen sh as a zombie.
	in.Close() // sh exits 7, a zombie until sh.Wait; the cat is orphaned
	var tookCat, leftSh bool
	guard := time.After(30 * time.Second) // a guard, not a wait
	watch := func(until *bool) {
		for !*until {
			select {
			case p := <-passes:
				for _, q := range p.took {
					if q == sh.Process.Pid {
						t.Fatalf("the reaper took sh (%d), a child that exec.Cmd.Wait waits for", q)
					}
					tookCat = tookCat || q == gpid
				}
				for _, q := range p.left {
					if q == gpid {
						t.Errorf("the reaper left the orphaned cat (%d) to a waiter", q)
					}
					leftSh = leftSh || q == sh.Process.Pid
				}
			case <-guard:
				_, state, _ := stat(gpid)
				t.Fatalf("after 30 s: orphaned cat %d reaped: %v (state %q); sh %d seen as a zombie and left: %v", gpid, tookCat, state, sh.Process.Pid, leftSh)
			}
		}
	}
	watch(&leftSh)
	if tookCat {
		t.Fatalf("the reaper took the cat %d before it ended", gpid)
	}
	w.Close() // the cat, now ours, exits
	watch(&tookCat)
	if _, err := os.Stat("/proc/" + strconv.Itoa(gpid)); err == nil {
		if _, state, _ := stat(gpid); state == 'Z' { // a new process may reuse the pid, a zombie it is not
			t.Errorf("the orphaned cat %d is still a zombie", gpid)
		}
	}
	err = sh.Wait()
	if code := sh.ProcessState.ExitCode(); code != 7 {
		t.Errorf("sh.Wait() = %v, exit code %d; want exit status 7", err, code)
	}
}
