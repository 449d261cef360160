// encoding/hex, encoding/base64, encoding/binary, encoding/csv, and
// hashes.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"hash/fnv"
	"os"
	"strings"
)

func main() {
	fmt.Println(hex.EncodeToString([]byte("hi!")), base64.StdEncoding.EncodeToString([]byte("hello?")), base64.URLEncoding.EncodeToString([]byte{250, 251}))
	d, err := hex.DecodeString("4a4b")
	fmt.Println(string(d), err)
	_, err = hex.DecodeString("zz")
	fmt.Println(err)
	fmt.Print(hex.Dump([]byte("0123456789abcdefXYZ")))
	fmt.Printf("%x\n", sha256.Sum256([]byte("abc")))
	fmt.Println(crc32.ChecksumIEEE([]byte("abc")))
	h := fnv.New32a()
	h.Write([]byte("key"))
	fmt.Println(h.Sum32())
	buf := make([]byte, 8)
	binary.BigEndian.PutUint32(buf, 0xdeadbeef)
	binary.LittleEndian.PutUint16(buf[4:], 0x1234)
	fmt.Println(buf, binary.BigEndian.Uint16(buf[4:]))
	var bb bytes.Buffer
	binary.Write(&bb, binary.LittleEndian, struct{ A, B int16 }{1, -1})
	fmt.Println(bb.Bytes())
	r := csv.NewReader(strings.NewReader("name,qty\n\"a, b\",3\nc,\"4\"\"\"\n"))
	recs, err := r.ReadAll()
	fmt.Printf("%q %v\n", recs, err)
	w := csv.NewWriter(os.Stdout)
	w.Write([]string{"x,y", `q"t`, "plain"})
	w.Flush()
}
