// A deferred method call evaluates its receiver at the defer statement.
package main

import "fmt"

type res struct{ name string }

func (r res) Close()   { fmt.Println("close", r.name) }
func (r *res) CloseP() { fmt.Println("closeP", r.name) }

func open() {
	for _, n := range []string{"a", "b", "c"} {
		r := res{n}
		defer r.Close()
	}
	p := &res{"p1"}
	defer p.CloseP()
	p = &res{"p2"}
	v := res{"v1"}
	defer v.Close()
	v.name = "v2"
}

func main() {
	open()
}
