// A constraint with a method, used by a generic function.
package main

import (
	"fmt"
	"strings"
)

type Stringer interface{ String() string }

type Celsius float64

func (c Celsius) String() string { return fmt.Sprintf("%.1fC", float64(c)) }

type Tag string

func (t Tag) String() string { return "#" + string(t) }

func JoinAll[T Stringer](xs []T, sep string) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = x.String()
	}
	return strings.Join(parts, sep)
}

type Numeric interface {
	~int | ~float64
	String() string
}

func Total[T Numeric](xs []T) (T, string) {
	var t T
	for _, x := range xs {
		t += x
	}
	return t, t.String()
}

func main() {
	fmt.Println(JoinAll([]Celsius{20, 21.5}, ", "))
	fmt.Println(JoinAll([]Tag{"go", "ml"}, " "))
	fmt.Println(Total([]Celsius{1, 2.5}))
}
