// Slices: append and capacity, aliasing, copy, three-index slices.
package main

import "fmt"

func main() {
	s := make([]int, 3, 5)
	t := append(s, 1)
	u := append(s, 2)
	fmt.Println(s, t, u, len(t), cap(t))
	base := []int{0, 1, 2, 3, 4, 5}
	v := base[1:3]
	v = append(v, 99)
	fmt.Println(base, v, len(v), cap(v))
	w := base[1:3:3]
	w = append(w, 77)
	fmt.Println(base, w)
	dst := make([]int, 2)
	b0 := make([]byte, 5)
	n := copy(dst, base)
	fmt.Println(n, dst, copy(b0, "xy"))
	var grow []int
	caps := map[int]bool{}
	for i := range 100 {
		grow = append(grow, i)
		caps[cap(grow)] = true
	}
	fmt.Println(len(grow), grow[99], len(caps) > 3)
	b := []byte("hello")
	copy(b[1:], "EY")
	fmt.Println(string(b))
	var nilS []int
	fmt.Println(nilS == nil, len(nilS[:0]), append(nilS, 1))
}
