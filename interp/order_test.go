package interp

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/methodic-go/methodic/display"
)

// sequence is an Output that records every call in the order it arrives,
// merging consecutive writes to one stream as a front end would.
type sequence struct {
	recorder
	mu     sync.Mutex
	events []string
}

func (q *sequence) add(kind, text string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if n := len(q.events); n > 0 && kind != "clear" && kind != "display" && strings.HasPrefix(q.events[n-1], kind+":") {
		q.events[n-1] += text
		return
	}
	q.events = append(q.events, kind+":"+text)
}

func (q *sequence) Stream(name, text string) { q.add(name, text) }
func (q *sequence) Display(b display.Bundle, id string, update bool) {
	q.add("display", b.Text())
}
func (q *sequence) Clear(wait bool) { q.add("clear", fmt.Sprint(wait)) }

func (q *sequence) String() string {
	q.mu.Lock()
	defer q.mu.Unlock()
	return strings.Join(q.events, "|")
}

// TestOutputOrder checks that streams and display messages reach the
// Output in the order the cell made them: text printed before a
// display.Clear is cleared by it, as in IPython (print, clear_output,
// print shows only the second line).
func TestOutputOrder(t *testing.T) {
	s := newSession(t)
	for _, c := range []struct{ code, want string }{
		{`fmt.Println("gone")
display.Clear(false)
fmt.Println("kept")`, "stdout:gone\n|clear:false|stdout:kept\n"},
		{`fmt.Println("a"); display.Show(display.HTML("b")); fmt.Println("c")`,
			"stdout:a\n|display:b|stdout:c\n"},
		{`fmt.Fprintln(os.Stderr, "e1")
display.Clear(true)
fmt.Fprint(os.Stderr, "e2")`, "stderr:e1\n|clear:true|stderr:e2"},
		{`h := display.NewHandle("v1")
fmt.Println("between")
h.Update("v2")
fmt.Print("end")`, `display:"v1"|stdout:between` + "\n" + `|display:"v2"|stdout:end`},
		// Writes to the descriptor itself, from a child process.
		{`import "os/exec"
cmd := exec.Command("sh", "-c", "echo child; echo oops >&2")
cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
cmd.Run()
display.Show(1)
os.Stdout.WriteString("raw")`, "stdout:child\n|stderr:oops\n|display:1|stdout:raw"},
	} {
		q := &sequence{}
		res := s.Execute(context.Background(), c.code, q, ExecOptions{})
		if res.Err != nil {
			t.Fatalf("%s: %v", c.code, res.Err)
		}
		if got := q.String(); got != c.want {
			t.Errorf("%s:\ngot  %q\nwant %q", c.code, got, c.want)
		}
	}
}

// TestOutputAtEnd checks that everything a cell wrote is streamed before
// Execute returns, cell after cell, on both streams.
func TestOutputAtEnd(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `big := strings.Repeat("y", 100000)`)
	for i := 0; i < 300; i++ {
		code := fmt.Sprintf(`fmt.Print(%d); fmt.Fprint(os.Stderr, "e%d")`, i, i)
		want := fmt.Sprint(i)
		if i%50 == 0 {
			code += "; fmt.Print(big)"
			want += strings.Repeat("y", 100000)
		}
		rec := mustRun(t, s, code)
		if got := rec.stdout.String(); got != want {
			t.Fatalf("cell %d: stdout %.40q (%d bytes), want %.40q", i, got, len(got), want)
		}
		if got := rec.stderr.String(); got != fmt.Sprintf("e%d", i) {
			t.Fatalf("cell %d: stderr %q", i, got)
		}
	}
}

// TestOutputBetweenCells checks that what the process writes while no
// cell runs does not show in the next cell.
func TestOutputBetweenCells(t *testing.T) {
	s := newSession(t)
	for i := 0; i < 50; i++ {
		fmt.Fprint(os.Stdout, ".")
		rec := mustRun(t, s, `fmt.Print("cell")`)
		if got := rec.stdout.String(); got != "cell" {
			t.Fatalf("run %d: stdout %q", i, got)
		}
	}
}
