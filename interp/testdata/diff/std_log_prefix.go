// log to a writer with a prefix and no time stamp; log.Logger methods.
package main

import (
	"bytes"
	"fmt"
	"log"
	"os"
)

func main() {
	l := log.New(os.Stdout, "app: ", 0)
	l.Println("started", 1)
	l.Printf("value=%d", 42)
	l.SetPrefix("[x] ")
	l.SetFlags(log.Lmsgprefix)
	l.Print("with msgprefix")
	var buf bytes.Buffer
	l2 := log.New(&buf, "", 0)
	l2.Print("no newline")
	l2.Print("has newline\n")
	fmt.Printf("%q\n", buf.String())
	log.SetOutput(os.Stdout)
	log.SetFlags(0)
	log.Println("standard logger")
	fmt.Println(l.Prefix(), l.Flags() == log.Lmsgprefix)
}
