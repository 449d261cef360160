// Method values bind their receiver when they are made; method
// expressions take it as the first argument.
package main

import "fmt"

type Acc struct {
	name  string
	total int
}

func (a *Acc) Add(n int)   { a.total += n }
func (a Acc) Name() string { return a.name }

func main() {
	a := &Acc{name: "a"}
	add := a.Add
	add(3)
	add(4)
	fmt.Println(a.total)
	v := Acc{name: "before"}
	name := v.Name
	v.name = "after"
	fmt.Println(name(), v.Name())
	f := (*Acc).Add
	f(a, 10)
	g := Acc.Name
	fmt.Println(a.total, g(*a))
	fns := []func(int){a.Add, a.Add}
	for i, fn := range fns {
		fn(i + 1)
	}
	fmt.Println(a.total)
	var iface interface{ Name() string } = v
	h := iface.Name
	fmt.Println(h())
}
