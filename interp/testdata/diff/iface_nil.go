// An interface holding a nil pointer is not nil.
package main

import "fmt"

type MyErr struct{}

func (*MyErr) Error() string { return "my error" }

func mayFail(fail bool) error {
	var p *MyErr
	if fail {
		p = &MyErr{}
	}
	return p
}

func realNil(fail bool) error {
	if fail {
		return &MyErr{}
	}
	return nil
}

func main() {
	e1 := mayFail(false)
	e2 := realNil(false)
	fmt.Println(e1 == nil, e2 == nil)
	fmt.Printf("%T %v\n", e1, e2)
	var a any
	var ip *int
	a = ip
	fmt.Println(a == nil, a.(*int) == nil)
}
