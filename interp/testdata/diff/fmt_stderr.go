// Output to standard error and to standard output are separate streams.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Println("out 1")
	fmt.Fprintln(os.Stderr, "err 1")
	fmt.Fprintf(os.Stdout, "out %d\n", 2)
	fmt.Fprint(os.Stderr, "err", 2, "\n")
	os.Stdout.WriteString("out 3\n")
	os.Stderr.Write([]byte("err 3\n"))
}
