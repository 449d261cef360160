// io: Copy, MultiWriter, TeeReader, LimitReader, ReadAll, Pipe,
// SectionReader.
package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
)

type upperWriter struct{ w io.Writer }

func (u upperWriter) Write(p []byte) (int, error) {
	return u.w.Write(bytes.ToUpper(p))
}

func main() {
	var a, b bytes.Buffer
	mw := io.MultiWriter(&a, &b, upperWriter{os.Stdout})
	n, err := io.Copy(mw, strings.NewReader("copied text\n"))
	fmt.Println(n, err, a.String() == b.String())
	var tee bytes.Buffer
	data, _ := io.ReadAll(io.TeeReader(io.LimitReader(strings.NewReader("0123456789"), 4), &tee))
	fmt.Println(string(data), tee.String())
	pr, pw := io.Pipe()
	go func() {
		fmt.Fprint(pw, "through a pipe")
		pw.Close()
	}()
	all, _ := io.ReadAll(pr)
	fmt.Println(string(all))
	sr := io.NewSectionReader(strings.NewReader("abcdefgh"), 2, 3)
	part := make([]byte, 10)
	k, err := sr.Read(part)
	fmt.Println(string(part[:k]), err)
	_, err = sr.Read(part)
	fmt.Println(err == io.EOF, io.EOF)
	r := io.MultiReader(strings.NewReader("x"), strings.NewReader("y"))
	xy, _ := io.ReadAll(r)
	fmt.Println(string(xy))
}
