// text/tabwriter aligns columns.
package main

import (
	"fmt"
	"os"
	"text/tabwriter"
)

func main() {
	w := tabwriter.NewWriter(os.Stdout, 0, 8, 2, ' ', tabwriter.AlignRight|tabwriter.Debug)
	fmt.Fprintln(w, "name\tscore\trank\t")
	fmt.Fprintln(w, "alice\t93.5\t1\t")
	fmt.Fprintln(w, "bob\t7\t12\t")
	w.Flush()
	w = tabwriter.NewWriter(os.Stdout, 4, 0, 1, '.', 0)
	fmt.Fprintf(w, "a\tbb\tccc\n%s\t%s\t%s\n", "dddd", "e", "f")
	w.Flush()
}
