// A type with a Format method controls every verb.
package main

import (
	"fmt"
	"strings"
)

type Money int64

func (m Money) Format(f fmt.State, verb rune) {
	switch verb {
	case 'v', 's':
		if f.Flag('+') {
			fmt.Fprintf(f, "+$%d.%02d", m/100, m%100)
			return
		}
		fmt.Fprintf(f, "$%d.%02d", m/100, m%100)
	case 'd':
		w, ok := f.Width()
		if !ok {
			w = 0
		}
		fmt.Fprintf(f, "%s%d", strings.Repeat("_", w), int64(m))
	default:
		fmt.Fprintf(f, "%%!%c(Money)", verb)
	}
}

func main() {
	m := Money(12345)
	fmt.Printf("%v %+v %s %d %4d %x\n", m, m, m, m, m, m)
	fmt.Println(m, []Money{1, 250})
	fmt.Println(fmt.Sprintf("[%v]", m))
}
