package interp

import (
	"errors"
	"strings"
	"testing"
)

// TestMixedMethodsFound compiles, in one piece and without the split that
// compile makes, two generic types sharing a method name and a type
// holding an instance of each: yaegi gives both instances one Get, which
// checkMethodInstances must report, naming both.
func TestMixedMethodsFound(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	g := s.gen
	f, err := parseFile(g, `package main
type A[T any] struct{ n int }
func (a A[T]) Get() int { return a.n + 100 }
type B[T any] struct{ n int }
func (b B[T]) Get() int { return b.n + 200 }
type C struct {
	a A[int]
	b B[int]
}
`)
	if err != nil {
		t.Fatal(err)
	}
	g.noteGenerics(genericMethods(f))
	_, err = g.compileMethods(f)
	var yp *yaegiPanic
	if !errors.As(err, &yp) {
		t.Fatalf("compiled in one piece: %v, want the mix-up reported", err)
	}
	if msg := yp.Error(); !strings.Contains(msg, "A[int]") || !strings.Contains(msg, "B[int]") || !strings.Contains(msg, "method Get") {
		t.Errorf("error %q does not name both instances and the method", msg)
	}
	// The other's method is gone from the wrong instance: code calling it
	// fails to compile rather than run it.
	f2, err := parseFile(g, "package main\nvar out = A[int]{1}.Get()*1000 + B[int]{2}.Get()\n")
	if err != nil {
		t.Fatal(err)
	}
	p, err := g.compile(f2)
	if err == nil {
		if _, err := g.i.Execute(p); err != nil {
			t.Fatal(err)
		}
		if v, ok := g.globalValue("out"); !ok || v.Int() != 101202 {
			t.Errorf("after the report, A[int]{1}.Get()*1000 + B[int]{2}.Get() = %v, want 101202 or an error", v)
		}
	}
}
