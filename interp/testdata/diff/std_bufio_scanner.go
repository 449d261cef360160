// bufio.Scanner over a string: lines, words, a custom split; bufio.Writer.
package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

func main() {
	text := "first line\nsecond  line\n\nlast"
	sc := bufio.NewScanner(strings.NewReader(text))
	n := 0
	for sc.Scan() {
		n++
		fmt.Printf("%d:%q\n", n, sc.Text())
	}
	words := bufio.NewScanner(strings.NewReader(text))
	words.Split(bufio.ScanWords)
	count := 0
	for words.Scan() {
		count++
	}
	fmt.Println("words", count)
	runes := bufio.NewScanner(strings.NewReader("hé"))
	runes.Split(bufio.ScanRunes)
	for runes.Scan() {
		fmt.Print(runes.Text(), "|")
	}
	fmt.Println()
	w := bufio.NewWriter(os.Stdout)
	fmt.Fprintf(w, "buffered %d\n", w.Buffered())
	w.WriteString("flushed\n")
	w.Flush()
	r := bufio.NewReader(strings.NewReader("k1=v1;k2=v2"))
	for {
		tok, err := r.ReadString(';')
		fmt.Printf("%q ", tok)
		if err != nil {
			fmt.Println(err)
			break
		}
	}
}
