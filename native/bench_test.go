package native_test

import (
	"bufio"
	"context"
	"encoding/binary"
	"io"
	"math"
	"os"
	"os/exec"
	"reflect"
	"testing"

	"github.com/methodic-go/methodic/native"
)

// The figures behind the choice of plugins over a companion process (see
// the package documentation): the cost of one call from the kernel into
// compiled code, and of handing it a 1,000 x 64 matrix of float64.

const sumCell = "func sum(xs []float64) (s float64) {\n\tfor _, x := range xs {\n\t\ts += x\n\t}\n\treturn s\n}\n"

// BenchmarkCallPlugin calls a compiled cell's function as the interpreter
// does, through reflect.Value.Call, with a slice of n float64: the slice
// is passed as itself, whatever its length.
func BenchmarkCallPlugin(b *testing.B) {
	c := native.New(native.Options{})
	defer c.Close()
	if err := c.Check(context.Background()); err != nil {
		b.Skip(err)
	}
	cell, err := c.Compile(context.Background(), sumCell, 1, 1)
	if err != nil {
		b.Fatal(err)
	}
	f := cell.Symbols["sum"]
	for _, n := range []int{1, 64000} {
		xs := reflect.ValueOf(make([]float64, n))
		b.Run(sizeName(n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				f.Call([]reflect.Value{xs})
			}
		})
	}
}

// BenchmarkCallPipe calls the same function in a companion process over
// a pipe: the request carries the slice (8 bytes per element), the reply
// the sum. The companion is this test binary, started in helper mode.
func BenchmarkCallPipe(b *testing.B) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestCompanion$")
	cmd.Env = append(os.Environ(), "METHODIC_COMPANION=1")
	in, _ := cmd.StdinPipe()
	outp, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { in.Close(); cmd.Wait() }()
	out := bufio.NewReader(outp)
	for _, n := range []int{1, 64000} {
		xs := make([]float64, n)
		buf := make([]byte, 8+8*n)
		b.Run(sizeName(n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				binary.LittleEndian.PutUint64(buf, uint64(n))
				for j, x := range xs {
					binary.LittleEndian.PutUint64(buf[8+8*j:], math.Float64bits(x))
				}
				if _, err := in.Write(buf); err != nil {
					b.Fatal(err)
				}
				var reply [8]byte
				if _, err := io.ReadFull(out, reply[:]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestCompanion is the companion process of BenchmarkCallPipe: it reads
// slices from stdin and writes their sums.
func TestCompanion(t *testing.T) {
	if os.Getenv("METHODIC_COMPANION") != "1" {
		t.Skip("the companion of BenchmarkCallPipe")
	}
	in := bufio.NewReader(os.Stdin)
	for {
		var hdr [8]byte
		if _, err := io.ReadFull(in, hdr[:]); err != nil {
			return
		}
		n := binary.LittleEndian.Uint64(hdr[:])
		body := make([]byte, 8*n)
		if _, err := io.ReadFull(in, body); err != nil {
			return
		}
		s := 0.0
		for j := uint64(0); j < n; j++ {
			s += math.Float64frombits(binary.LittleEndian.Uint64(body[8*j:]))
		}
		var reply [8]byte
		binary.LittleEndian.PutUint64(reply[:], math.Float64bits(s))
		os.Stdout.Write(reply[:])
	}
}

func sizeName(n int) string {
	if n == 1 {
		return "1float"
	}
	return "64000floats"
}
