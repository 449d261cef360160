// Methods on slice, map and function types.
package main

import (
	"fmt"
	"sort"
	"strings"
)

type Ints []int

func (s Ints) Sum() (t int) {
	for _, v := range s {
		t += v
	}
	return
}

func (s *Ints) Add(v int) { *s = append(*s, v) }

type Set map[string]struct{}

func (s Set) Add(k string)      { s[k] = struct{}{} }
func (s Set) Has(k string) bool { _, ok := s[k]; return ok }
func (s Set) Sorted() []string {
	out := make([]string, 0, len(s))
	for k := range s {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

type Transform func(string) string

func (t Transform) Then(u Transform) Transform { return func(s string) string { return u(t(s)) } }

func main() {
	var xs Ints
	xs.Add(3)
	xs.Add(4)
	fmt.Println(xs, xs.Sum(), len(xs))
	s := Set{}
	s.Add("b")
	s.Add("a")
	fmt.Println(s.Has("a"), s.Has("z"), s.Sorted(), len(s))
	shout := Transform(strings.ToUpper).Then(func(s string) string { return s + "!" })
	fmt.Println(shout("hey"))
}
