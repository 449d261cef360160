// GoString controls %#v.
package main

import "fmt"

type ID int

func (i ID) GoString() string { return fmt.Sprintf("ID(%d)", int(i)) }

type Rec struct {
	ID   ID
	Name string
}

func main() {
	fmt.Printf("%#v\n", ID(4))
	fmt.Printf("%#v\n", Rec{5, "x"})
	fmt.Printf("%#v\n", []ID{1, 2})
	fmt.Printf("%v %d\n", ID(4), ID(4))
}
