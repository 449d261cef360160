// The bytes package and bytes.Buffer.
package main

import (
	"bytes"
	"fmt"
)

func main() {
	b := []byte("Hello, Gophers")
	fmt.Println(bytes.Contains(b, []byte("Go")), bytes.Index(b, []byte("o")), bytes.Count(b, []byte("o")))
	fmt.Printf("%q\n", bytes.Split([]byte("a b c"), []byte(" ")))
	fmt.Printf("%s %s\n", bytes.ToUpper(b), bytes.TrimPrefix(b, []byte("Hello, ")))
	fmt.Println(bytes.Equal([]byte("x"), []byte("x")), bytes.Compare([]byte("a"), []byte("b")))
	var buf bytes.Buffer
	buf.Write([]byte("abc"))
	buf.WriteByte('-')
	fmt.Fprintf(&buf, "%03d", 7)
	fmt.Println(buf.String(), buf.Len())
	c, _ := buf.ReadByte()
	next := buf.Next(2)
	fmt.Println(string(c), string(next), buf.String())
	buf.Reset()
	fmt.Println(buf.Len(), bytes.Repeat([]byte("-"), 5), string(bytes.Join([][]byte{[]byte("p"), []byte("q")}, []byte("+"))))
	fields := bytes.Fields([]byte(" a  b "))
	fmt.Println(len(fields), string(bytes.Title([]byte("x"))))
}
