package interp

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
)

type fmtInner struct {
	D time.Duration
	e error
	n int
	s string
	B []byte
}

type fmtOuter struct {
	Name  string
	Inner fmtInner
	P     *fmtInner
	I     any
	L     []fmtInner
	M     map[string]int
	F     map[float64]bool
	N     []int
	A     [2]uint8
	C     chan int
	Fn    func()
	u     uint
	f     float64
	c     complex128
	hide  fmtInner
}

// TestCellPrinterMatchesFmt checks the kernel's printer for %+v and %#v
// against fmt on compiled values, which it must print as fmt does (it
// walks compiled values that hold cell values in interfaces).
func TestCellPrinterMatchesFmt(t *testing.T) {
	in := fmtInner{D: 1500 * time.Millisecond, e: errors.New("bad"), n: -3, s: "q\"s", B: []byte{1, 2}}
	vals := []any{
		fmtOuter{Name: "x", Inner: in, P: &in, I: 3.5, L: []fmtInner{in}, M: map[string]int{"b": 2, "a": 1},
			F: map[float64]bool{math.NaN(): true, 2: false, -1: true}, N: nil, A: [2]uint8{7, 255}, u: 9, f: 1e21, c: 1 + 2i, hide: in},
		&fmtOuter{},
		[]any{1, "a", nil, in, &in, []int{1}},
		map[any]int{"k": 1, 2: 2},
		map[[2]int]string{{2, 1}: "b", {1, 2}: "a"},
		struct{ X, y int }{1, 2},
		[]*fmtInner{nil, &in},
		map[string]*int(nil),
	}
	// Other verbs, on values they suit.
	words := struct {
		W  []string
		M  map[string][]byte
		I  any
		N  []int
		by [2]byte
	}{[]string{"a", "b c"}, map[string][]byte{"k": []byte("v")}, "i", []int{10, 255}, [2]byte{'o', 'k'}}
	// A table with one entry, so that the printer is in use; the type
	// is not among the values.
	m := cellTypeMap{reflect.TypeOf(struct{ Z complex64 }{}): {label: "main.Z", fields: []string{"z"}}}
	for _, v := range vals {
		for _, verb := range []string{"%+v", "%#v", "%v", "%10v", "%x"} {
			want := fmt.Sprintf(verb, v)
			got := fmt.Sprintf(verb, &cellValue{m: m, v: reflect.ValueOf(v)})
			// Addresses differ only where both print them.
			if got != want {
				t.Errorf("%s of %T:\ngot  %s\nwant %s", verb, v, got, want)
			}
		}
	}
	for _, verb := range []string{"%s", "%q", "%x", "%X", "%8s", "%-4q"} {
		want := fmt.Sprintf(verb, words)
		got := fmt.Sprintf(verb, &cellValue{m: m, v: reflect.ValueOf(words)})
		if got != want {
			t.Errorf("%s:\ngot  %s\nwant %s", verb, got, want)
		}
	}
}

func TestScanFormat(t *testing.T) {
	for _, c := range []struct {
		format string
		want   string // verb:arg ...
	}{
		{"%v %+v %#v %T", "v0 v1 v2 T3"},
		{"%d%% %s", "d0 s1"},
		{"%[2]T %[1]v %v", "T1 v0 v1"},
		{"%*d %.*f %-8.3T", "d1 f3 T4"},
		{"%[3]*.[2]*[1]f", "f0"},
		{"100%", ""},
	} {
		var got []string
		for _, d := range scanFormat(c.format, 10) {
			got = append(got, fmt.Sprintf("%c%d", d.verb, d.arg))
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("%q: %v, want %s", c.format, got, c.want)
		}
	}
}
