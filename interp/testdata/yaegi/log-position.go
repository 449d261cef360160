// With log.Lshortfile a log line names the file and line of the call;
// yaegi's names a frame of its own (its log.Logger wrapper's for a
// logger of log.New).
package main

import (
	"fmt"
	"log"
	"strings"
)

func main() {
	var buf strings.Builder
	log.SetOutput(&buf)
	log.SetFlags(log.Lshortfile)
	log.Println("x")
	l := log.New(&buf, "", log.Lshortfile)
	l.Println("y")
	fmt.Print(buf.String())
}

// Go prints:
// log-position.go:16: x
// log-position.go:18: y

// yaegi v0.16.1 prints:
// value.go:586: x
// restricted.go:52: y
