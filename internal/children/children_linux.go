package children

import (
	"bytes"
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// Adopt makes this process a child subreaper (prctl
// PR_SET_CHILD_SUBREAPER): a descendant whose parent dies is reparented
// to it, so that List still finds it. The orphans it adopts are reaped
// when they exit, rather than staying zombies until this process ends;
// children that this process started are left to whoever waits for them
// (exec.Cmd.Wait gets their exit status). See reap_linux.go.
func Adopt() error {
	if err := unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); err != nil {
		return err
	}
	reapOrphans()
	return nil
}

// List returns the processes descended from this one that are still
// running (zombies, which have exited, are left out). It reads the
// children of each thread from /proc/PID/task/TID/children, which costs
// in proportion to the descendants (a kernel takes the list before every
// cell); without those files (a kernel built without
// CONFIG_PROC_CHILDREN) it reads the parent of every process of /proc.
func List() Set {
	out := Set{}
	queue := []int{os.Getpid()}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		kids, ok := taskChildren(p)
		if !ok {
			if p == os.Getpid() {
				return listByParent()
			}
			continue // p has exited since its parent listed it
		}
		for _, c := range kids {
			if !out[c] && running(c) {
				out[c] = true
				queue = append(queue, c)
			}
		}
	}
	return out
}

// taskChildren returns the children of every thread of pid.
func taskChildren(pid int) ([]int, bool) {
	dir := "/proc/" + strconv.Itoa(pid) + "/task/"
	tasks, err := os.ReadDir(dir)
	if err != nil {
		return nil, false
	}
	var kids []int
	for _, t := range tasks {
		b, err := os.ReadFile(dir + t.Name() + "/children")
		if err != nil {
			if os.IsNotExist(err) && pid == os.Getpid() {
				return nil, false
			}
			continue // the thread has exited
		}
		for _, f := range bytes.Fields(b) {
			if c, err := strconv.Atoi(string(f)); err == nil {
				kids = append(kids, c)
			}
		}
	}
	return kids, true
}

// listByParent is List from the parent of every process of /proc.
func listByParent() Set {
	kids := map[int][]int{}
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return Set{}
	}
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		ppid, state, ok := stat(pid)
		if !ok || state == 'Z' || state == 'X' {
			continue
		}
		kids[ppid] = append(kids[ppid], pid)
	}
	out := Set{}
	queue := []int{os.Getpid()}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		for _, c := range kids[p] {
			if !out[c] {
				out[c] = true
				queue = append(queue, c)
			}
		}
	}
	return out
}

// running reports whether pid is a process that has not exited.
func running(pid int) bool {
	_, state, ok := stat(pid)
	return ok && state != 'Z' && state != 'X'
}

// stat reads a process's parent and state from /proc/PID/stat, whose
// second field, the command in parentheses, may itself hold spaces and
// parentheses.
func stat(pid int) (ppid int, state byte, ok bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, 0, false
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 || i+2 >= len(b) {
		return 0, 0, false
	}
	f := bytes.Fields(b[i+1:])
	if len(f) < 2 || len(f[0]) != 1 {
		return 0, 0, false
	}
	ppid, err = strconv.Atoi(string(f[1]))
	if err != nil {
		return 0, 0, false
	}
	return ppid, f[0][0], true
}
