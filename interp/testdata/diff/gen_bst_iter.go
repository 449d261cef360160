// A generic binary search tree with an in-order iterator.
package main

import (
	"cmp"
	"fmt"
	"iter"
)

type Tree[K cmp.Ordered] struct {
	root *tnode[K]
	n    int
}

type tnode[K cmp.Ordered] struct {
	key         K
	left, right *tnode[K]
}

func (t *Tree[K]) Insert(k K) bool {
	p := &t.root
	for *p != nil {
		switch c := cmp.Compare(k, (*p).key); {
		case c < 0:
			p = &(*p).left
		case c > 0:
			p = &(*p).right
		default:
			return false
		}
	}
	*p = &tnode[K]{key: k}
	t.n++
	return true
}

func (t *Tree[K]) All() iter.Seq[K] {
	var walk func(n *tnode[K], yield func(K) bool) bool
	walk = func(n *tnode[K], yield func(K) bool) bool {
		if n == nil {
			return true
		}
		return walk(n.left, yield) && yield(n.key) && walk(n.right, yield)
	}
	return func(yield func(K) bool) { walk(t.root, yield) }
}

func main() {
	var t Tree[string]
	for _, w := range []string{"m", "c", "x", "a", "e", "c", "z"} {
		t.Insert(w)
	}
	for k := range t.All() {
		fmt.Print(k, " ")
	}
	fmt.Println(t.n)
	var nums Tree[float64]
	for _, f := range []float64{3.5, -1, 2} {
		nums.Insert(f)
	}
	for k := range nums.All() {
		if k > 2 {
			break
		}
		fmt.Print(k, " ")
	}
	fmt.Println()
}
