// Embedded structs print nested, with the type name as the field name.
package main

import "fmt"

type Base struct {
	ID int
}

type Named struct {
	Base
	Name string
}

type Deep struct {
	*Named
	Extra []int
}

func main() {
	n := Named{Base{1}, "n"}
	fmt.Printf("%v\n%+v\n%#v\n", n, n, n)
	d := Deep{&n, []int{2}}
	fmt.Printf("%+v\n", d.Named)
	fmt.Println(d.ID, d.Name, d.Base.ID)
}
