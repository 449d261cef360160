// A type declared over a basic type without methods has its underlying
// runtime type, and its values are held bare in an interface: assertions
// and type switches cannot tell it from its underlying type nor from
// another such type.
package main

import "fmt"

type ID int

type Count int

type Meters float64

func kind(v any) string {
	switch v.(type) {
	case ID:
		return "id"
	case Count:
		return "count"
	case int:
		return "int"
	}
	return "?"
}

func main() {
	var v any = Count(3)
	_, isID := v.(ID)
	fmt.Println(isID)
	fmt.Println(kind(ID(1)), kind(Count(2)), kind(3))
	var m any = Meters(2)
	switch m.(type) {
	case Meters:
		fmt.Println("meters")
	default:
		fmt.Println("default")
	}
	fmt.Printf("%T\n", v)
}

// Go prints:
// false
// id count int
// meters
// main.Count

// yaegi v0.16.1 prints:
// true
// int int int
// default
// int
