// Embedding a pointer and embedding an interface in a struct.
package main

import (
	"fmt"
	"strings"
)

type Logger struct {
	prefix string
	lines  []string
}

func (l *Logger) Log(s string) { l.lines = append(l.lines, l.prefix+s) }

type Service struct {
	*Logger
	Name string
}

type Writer interface{ Write(p []byte) (int, error) }

type countingWriter struct {
	Writer
	n int
}

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n += len(p)
	return c.Writer.Write(p)
}

func main() {
	lg := &Logger{prefix: "> "}
	a := Service{lg, "a"}
	b := Service{lg, "b"}
	a.Log("from a")
	b.Log("from b")
	fmt.Println(lg.lines, len(a.lines))
	var sb strings.Builder
	cw := &countingWriter{Writer: &sb}
	fmt.Fprintf(cw, "hello %s", "there")
	fmt.Println(cw.n, sb.String())
}
