// Generic types with two parameters, and a generic ordered map.
package main

import (
	"cmp"
	"fmt"
	"slices"
)

type Pair[K comparable, V any] struct {
	Key K
	Val V
}

func (p Pair[K, V]) String() string { return fmt.Sprintf("%v=%v", p.Key, p.Val) }

type OrderedMap[K cmp.Ordered, V any] struct {
	m map[K]V
}

func NewOrderedMap[K cmp.Ordered, V any]() *OrderedMap[K, V] {
	return &OrderedMap[K, V]{m: map[K]V{}}
}

func (o *OrderedMap[K, V]) Set(k K, v V) { o.m[k] = v }

func (o *OrderedMap[K, V]) Pairs() []Pair[K, V] {
	var ps []Pair[K, V]
	for k, v := range o.m {
		ps = append(ps, Pair[K, V]{k, v})
	}
	slices.SortFunc(ps, func(a, b Pair[K, V]) int { return cmp.Compare(a.Key, b.Key) })
	return ps
}

func main() {
	om := NewOrderedMap[string, int]()
	om.Set("b", 2)
	om.Set("a", 1)
	om.Set("c", 3)
	for _, p := range om.Pairs() {
		fmt.Print(p, " ")
	}
	fmt.Println()
	p := Pair[int, []string]{1, []string{"x"}}
	fmt.Println(p.Key, p.Val, p)
}
