// Struct values: comparison, copies, anonymous structs, struct keys.
package main

import "fmt"

type V struct {
	X, Y int
	Tag  string
}

func main() {
	a := V{1, 2, "a"}
	b := a
	b.Tag = "b"
	fmt.Println(a == b, a == V{1, 2, "a"}, a, b)
	anon := struct {
		Name string
		Age  int
	}{"x", 3}
	fmt.Println(anon, anon.Name)
	list := []struct{ K, V string }{{"a", "1"}, {"b", "2"}}
	for _, kv := range list {
		fmt.Print(kv.K, "=", kv.V, " ")
	}
	fmt.Println()
	seen := map[V]int{a: 1}
	seen[V{1, 2, "a"}]++
	fmt.Println(seen[a], len(seen))
	pa := &a
	pa.X = 100
	fmt.Println(a.X, (*pa).Y)
	var zero V
	fmt.Printf("%+v %v\n", zero, zero == V{})
}
